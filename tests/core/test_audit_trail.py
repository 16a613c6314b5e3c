"""The audit trail ("Änderungsprotokoll", team:history): every change of roles, settings and minutes leaves a line
naming the account that made it; findings and measures keep theirs in their own histories (tests/findings,
tests/minutes). Staff read it in the admin, read-only. An erased participant's name is not in it."""

import json

import pytest
from django.core import serializers
from django.urls import reverse
from django.utils import translation

from arbeitskreis import team
from arbeitskreis.models import EventKind, GroupEvent, RoleKind
from members import services as members_services
from minutes import services as minutes_services
from tests.core.team_helpers import url
from tests.factories import UserFactory
from tests.members.factories import ParticipantFactory
from tests.minutes.factories import held_meeting, record


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


@pytest.fixture
def coordinator(world):
    world.coordinator.first_name, world.coordinator.last_name = "Kim", "Koordinatorin"
    world.coordinator.save()
    return world.coordinator


def _lines(client, group, page=1):
    content = client.get(url("team:history", group), {"page": page}).content.decode()
    return " ".join(content.split())


def test_each_change_of_the_minutes_leaves_a_line_naming_the_user(client, world, coordinator):
    ana = ParticipantFactory(
        working_group=world.group, given_name="Ana", family_name="Popescu", consent_given_at="2025-01-15"
    )
    meeting = held_meeting(world.group, title="Frühjahrstreffen")
    minutes = record(meeting, attendance={ana.pk: "present"}, by=coordinator)
    minutes = minutes_services.send_for_review(minutes=minutes, by=coordinator)
    minutes = minutes_services.approve(minutes=minutes, by=coordinator)
    minutes = minutes_services.start_correction(minutes=minutes, reason="Tippfehler", by=coordinator)
    minutes = record(meeting, attendance={ana.pk: "present"}, by=coordinator)
    minutes = minutes_services.approve(minutes=minutes, by=coordinator)
    minutes_services.send_approved(minutes=minutes, by=coordinator)

    entries = list(world.group.events.order_by("pk").values_list("kind", "actor", "actor_name", "details"))
    assert [(kind, actor, name) for kind, actor, name, _ in entries] == [
        (kind, coordinator.pk, "Kim Koordinatorin")
        for kind in (
            EventKind.MINUTES_EDITED,
            EventKind.MINUTES_IN_REVIEW,
            EventKind.MINUTES_APPROVED,
            EventKind.MINUTES_CORRECTION,
            EventKind.MINUTES_EDITED,
            EventKind.MINUTES_APPROVED,
            EventKind.MINUTES_SENT,
        )
    ]
    assert [details["version"] for *_, details in entries] == [1, 1, 1, 2, 2, 2, 2]
    assert {details["meeting_id"] for *_, details in entries} == {meeting.pk}

    client.force_login(coordinator)
    page = _lines(client, world.group)
    assert '<h1 class="h2 mb-1">Änderungsprotokoll des Arbeitskreises</h1>' in page
    for line in (
        "Kim Koordinatorin hat das Protokoll von „Frühjahrstreffen“ bearbeitet (Version 1).",
        "Kim Koordinatorin hat das Protokoll von „Frühjahrstreffen“ zur Durchsicht verschickt (Version 1).",
        "Kim Koordinatorin hat das Protokoll von „Frühjahrstreffen“ genehmigt (Version 1).",
        "Kim Koordinatorin hat eine Korrektur des Protokolls von „Frühjahrstreffen“ begonnen (Version 2).",
        "Kim Koordinatorin hat das genehmigte Protokoll von „Frühjahrstreffen“ an 1 Person verschickt.",
    ):
        assert line in page


def test_a_refused_change_of_the_minutes_leaves_no_line(world, coordinator):
    minutes = record(held_meeting(world.group), by=coordinator)
    minutes_services.approve(minutes=minutes, by=coordinator)
    before = GroupEvent.objects.count()
    with pytest.raises(Exception, match="bereits genehmigt"):
        minutes_services.approve(minutes=minutes, by=coordinator)
    assert GroupEvent.objects.count() == before


def test_role_grant_change_revoke_handover_and_settings_name_the_user(coordinator_client, world, coordinator):
    invitation, _token = team.invite(
        group=world.group, data={"email": "neu@example.org", "role": RoleKind.OBSERVER}, by=coordinator
    )
    newcomer = UserFactory(username="neu", first_name="Nele", last_name="Neu", email="neu@example.org")
    role = team.accept(invitation=invitation, user=newcomer)
    team.change_role(role=role, to=RoleKind.COORDINATOR, by=coordinator)
    team.remove_member(role=world.observer.group_roles.get(), by=coordinator)
    data = {
        "name": "Arbeitskreis Karlsruhe",
        "cadence_months": 6,
        "default_start_time": "17:00",
        "default_duration_minutes": 90,
        "default_place": "Landratsamt",
        "default_online_link": "",
        "organizer_name": "Koordination",
        "organizer_email": "koordination@example.org",
    }
    coordinator_client.post(url("groups:settings", world.group), data)
    coordinator_client.post(
        url("team:handover", world.group), {"successor": role.pk, "stay": "0", "note": "Alles Gute"}
    )

    kinds = dict(world.group.events.values_list("kind", "actor_name"))
    for kind in ("invited", "role_changed", "removed", "settings_changed", "handover"):
        assert kinds.get(kind) == "Kim Koordinatorin", kind


def test_the_change_log_is_paginated(coordinator_client, world, coordinator):
    meeting = held_meeting(world.group, title="Langes Treffen")
    for _ in range(55):
        record(meeting, by=coordinator)
    first, second = _lines(coordinator_client, world.group), _lines(coordinator_client, world.group, page=2)
    assert first.count("bearbeitet (Version 1)") == 50 and second.count("bearbeitet (Version 1)") == 5
    assert "Seite 1 von 2" in first and "Seite 2 von 2" in second


def test_an_erased_participant_leaves_no_name_in_the_change_log(coordinator_client, world, coordinator):
    olga = ParticipantFactory(working_group=world.group, given_name="Olga", family_name="Petrenko")
    meeting = held_meeting(world.group, title="Herbst")
    minutes = record(meeting, attendance={olga.pk: "present"}, decisions=["Olga Petrenko prüft"], by=coordinator)
    minutes = minutes_services.send_for_review(minutes=minutes, by=coordinator)
    minutes = minutes_services.approve(minutes=minutes, by=coordinator)
    minutes_services.send_approved(minutes=minutes, by=coordinator)

    members_services.erase_participant(participant=olga)

    stored = serializers.serialize("json", GroupEvent.objects.all())
    assert json.loads(stored) and "Petrenko" not in stored and "Olga" not in stored
    assert "Petrenko" not in _lines(coordinator_client, world.group)


def test_staff_read_the_change_log_in_the_admin_and_cannot_change_it(client, world, coordinator):
    record(held_meeting(world.group, title="Admin-Treffen"), by=coordinator)
    event = GroupEvent.objects.get()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    listing = client.get(reverse("admin:arbeitskreis_groupevent_changelist")).content.decode()
    assert "Kim Koordinatorin" in listing and "Protokoll bearbeitet" in listing
    detail = client.get(reverse("admin:arbeitskreis_groupevent_change", args=[event.pk])).content.decode()
    assert "Kim Koordinatorin" in detail and 'name="actor_name"' not in detail
    assert client.get(reverse("admin:arbeitskreis_groupevent_add")).status_code == 403
    assert (
        client.post(reverse("admin:arbeitskreis_groupevent_delete", args=[event.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert GroupEvent.objects.filter(pk=event.pk, actor_name="Kim Koordinatorin").exists()
