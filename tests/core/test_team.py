"""The team page: who is on it, role changes and removal with the rule that a group keeps a coordinator, and the
group's history (invitations: test_team_invitations.py)."""

import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arbeitskreis import team
from arbeitskreis.log import MaskTokens, mask_tokens
from arbeitskreis.models import EventKind, GroupEvent, GroupRole, RoleKind
from tests.core.team_helpers import messages_of, url
from tests.factories import GroupRoleFactory, UserFactory, make_invitation
from tests.snapshot import database_rows

# --- The page -------------------------------------------------------------------------------------------------------


def test_coordinators_see_members_with_addresses_and_the_open_invitations(coordinator_client, world):
    make_invitation(world.group, email="offen@example.org")
    content = coordinator_client.get(url("team:list", world.group)).content.decode()
    assert "Team des Arbeitskreises" in content
    assert world.coordinator.get_full_name() in content and world.observer.get_full_name() in content
    assert world.coordinator.email in content
    assert "offen@example.org" in content and "Offene Einladungen" in content
    assert "Einzige Koordination" in content  # the only coordinator gets no demote/remove buttons
    assert f'action="{url("team:remove", world.group, pk=world.observer.group_roles.get().pk)}"' in content


def test_observers_see_who_is_on_the_team_and_nothing_else(observer_client, world):
    make_invitation(world.group, email="offen@example.org")
    content = observer_client.get(url("team:list", world.group)).content.decode()
    assert world.coordinator.get_full_name() in content
    assert world.coordinator.email not in content
    assert "offen@example.org" not in content
    assert "Rolle ändern" not in content and "Kolleg:in einladen" not in content


# --- Roles ----------------------------------------------------------------------------------------------------------


def test_a_coordinator_changes_roles_and_the_history_says_so(coordinator_client, world):
    role = world.observer.group_roles.get()
    response = coordinator_client.post(url("team:role", world.group, pk=role.pk), {"role": "coordinator"})
    assert messages_of(response) == [f"{world.observer.get_full_name()} hat jetzt die Rolle „Koordination“."]
    role.refresh_from_db()
    assert role.role == RoleKind.COORDINATOR
    event = GroupEvent.objects.get()
    assert (event.kind, event.actor, event.user, event.old_role, event.new_role) == (
        EventKind.ROLE_CHANGED,
        world.coordinator,
        world.observer,
        "observer",
        "coordinator",
    )


@pytest.mark.parametrize("who", ["coordinator", "staff"])
def test_the_last_coordinator_can_be_neither_demoted_nor_removed(client, world, who):
    client.force_login(world.user(who))
    role = world.coordinator.group_roles.get()
    before = database_rows()
    for response in (
        client.post(url("team:role", world.group, pk=role.pk), {"role": "observer"}, follow=True),
        client.post(url("team:remove", world.group, pk=role.pk), follow=True),
    ):
        assert [str(message) for message in response.context["messages"]] == [
            "Ein Arbeitskreis braucht mindestens eine Person in der Koordination. Bitte geben Sie zuerst einer anderen "
            "Person aus dem Team die Rolle Koordination oder übergeben Sie den Arbeitskreis."
        ]
    assert database_rows() == before


def test_with_a_second_coordinator_one_can_step_down_and_leave(coordinator_client, world):
    second = GroupRoleFactory(working_group=world.group, user__username="zweite")
    mine = world.coordinator.group_roles.get()
    coordinator_client.post(url("team:role", world.group, pk=mine.pk), {"role": "observer"})
    mine.refresh_from_db()
    assert mine.role == RoleKind.OBSERVER
    # Now an observer: no more changes (403), reading the team still works.
    assert coordinator_client.post(url("team:remove", world.group, pk=second.pk)).status_code == 403
    assert coordinator_client.get(url("team:list", world.group)).status_code == 200


def test_leaving_and_removing_are_told_apart(client, coordinator_client, world):
    second = GroupRoleFactory(working_group=world.group, user__username="zweite")
    response = coordinator_client.post(url("team:remove", world.group, pk=world.observer.group_roles.get().pk))
    assert messages_of(response) == [f"{world.observer.get_full_name()} gehört nicht mehr zum Team."]
    response = coordinator_client.post(url("team:remove", world.group, pk=world.coordinator.group_roles.get().pk))
    assert response["Location"] == reverse("dashboard")
    assert coordinator_client.get(url("team:list", world.group)).status_code == 404
    assert list(world.group.roles.all()) == [second]
    kinds = [(e.kind, e.user) for e in GroupEvent.objects.order_by("pk")]
    assert kinds == [(EventKind.REMOVED, world.observer), (EventKind.LEFT, world.coordinator)]


def test_a_coordinator_demoted_a_moment_ago_changes_nothing(world):
    """The service checks the actor's role after the lock, not only the view before it."""
    GroupRoleFactory(working_group=world.group, user__username="zweite")
    GroupRole.objects.filter(user=world.coordinator).update(role=RoleKind.OBSERVER)
    with pytest.raises(Exception, match="Nur die Koordination"):
        team.remove_member(role=world.observer.group_roles.get(), by=world.coordinator)


# --- History --------------------------------------------------------------------------------------------------------


def test_the_history_lists_team_changes_and_changed_settings(coordinator_client, world):
    coordinator_client.post(
        url("team:role", world.group, pk=world.observer.group_roles.get().pk), {"role": "coordinator"}
    )
    coordinator_client.post(
        url("groups:settings", world.group),
        {
            "name": "Arbeitskreis Karlsruhe",
            "cadence_months": 6,
            "default_start_time": "17:00",
            "default_duration_minutes": 90,
            "default_place": "Landratsamt, Saal 2",
            "default_online_link": "",
            "organizer_name": "Koordination",
            "organizer_email": "koordination@example.org",
        },
    )
    content = coordinator_client.get(url("team:history", world.group)).content.decode()
    name = world.coordinator.get_full_name()
    assert f"{name} hat die Rolle von {world.observer.get_full_name()} geändert: Beobachtung → Koordination." in content
    assert f"{name} hat die Einstellungen geändert:" in content
    assert "Übliche Anfangszeit: 16:00 → 17:00" in content or "16:00 → 17:00" in content
    assert "– → Landratsamt, Saal 2" in content
    event = GroupEvent.objects.get(kind=EventKind.SETTINGS_CHANGED)
    assert {change["field"] for change in event.details["changes"]} == {"default_start_time", "default_place"}


def test_saving_unchanged_settings_writes_no_history(coordinator_client, world):
    group = world.group
    data = {
        "name": group.name,
        "cadence_months": group.cadence_months,
        "default_start_time": "16:00",
        "default_duration_minutes": group.default_duration_minutes,
        "default_place": "",
        "default_online_link": "",
        "organizer_name": group.organizer_name,
        "organizer_email": group.organizer_email,
    }
    coordinator_client.post(url("groups:settings", group), data)
    assert not GroupEvent.objects.exists()


# --- Query counts ---------------------------------------------------------------------------------------------------


def _queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_the_team_page_does_not_grow_with_the_team(coordinator_client, world, django_assert_num_queries):
    address = url("team:list", world.group)
    make_invitation(world.group, invited_by=world.coordinator)
    few = _queries(coordinator_client, address)
    for number in range(25):
        GroupRoleFactory(working_group=world.group, role=RoleKind.OBSERVER if number % 2 else RoleKind.COORDINATOR)
        make_invitation(world.group, invited_by=world.observer)
    with django_assert_num_queries(few):
        content = coordinator_client.get(address).content.decode()
    assert content.count("Erneut senden") == 26
    assert few <= 8


def test_the_history_does_not_grow_with_its_length(coordinator_client, world, django_assert_num_queries):
    def events(count):
        for number in range(count):
            user = UserFactory()
            GroupEvent.objects.create(
                working_group=world.group,
                kind=EventKind.JOINED if number % 2 else EventKind.ROLE_CHANGED,
                actor=world.coordinator,
                user=user,
                old_role="observer",
                new_role="coordinator",
            )

    address = url("team:history", world.group)
    events(3)
    few = _queries(coordinator_client, address)
    events(120)
    with django_assert_num_queries(few):
        content = coordinator_client.get(address).content.decode()
    assert "Seite 1 von 3" in content
    assert few <= 8


def test_invitation_and_reset_secrets_never_reach_a_log_line(client, world, caplog):
    """A wrong invitation link is logged as "Not Found"; its secret is masked, like a reset link's token."""
    token = "B" * 43
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get(f"/accounts/invitation/{token}/")
    messages = []
    for record in caplog.records:
        MaskTokens().filter(record)
        messages.append(record.getMessage())
    assert any("/accounts/invitation/…" in message for message in messages)
    assert not any(token in message for message in messages)
    assert mask_tokens("GET /accounts/reset/MQ/cz4x2a-5f1b2c3d4e5f6a7b8c9d/ 302") == "GET /accounts/reset/MQ/…/ 302"
    assert mask_tokens("GET /accounts/reset/MQ/set-password/ 200") == "GET /accounts/reset/MQ/set-password/ 200"
