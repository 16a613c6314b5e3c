"""Dashboard, group page and group settings: who sees what, what is stored."""

from django.urls import reverse

from arbeitskreis.models import RoleKind, WorkingGroup
from tests.factories import GroupRoleFactory


def group_url(group, name="groups:detail"):
    return reverse(name, kwargs=group.url_kwargs())


def test_dashboard_shows_only_the_users_groups(coordinator_client, world):
    response = coordinator_client.get(reverse("dashboard"))
    content = response.content.decode()
    assert "Arbeitskreis Karlsruhe" in content
    assert "Arbeitskreis Bielefeld" not in content
    assert "Sie koordinieren diesen Arbeitskreis." in content
    assert "noch nicht geplant" in content


def test_dashboard_tells_observers_they_only_read(observer_client, world):
    content = observer_client.get(reverse("dashboard")).content.decode()
    assert "als Beobachtung" in content


def test_staff_see_every_group(client, world):
    client.force_login(world.staff)
    content = client.get(reverse("dashboard")).content.decode()
    assert "Arbeitskreis Karlsruhe" in content and "Arbeitskreis Bielefeld" in content
    assert f'href="{reverse("findings-overview:impact")}">Wirkung (alle Kommunen)</a>' in content


def test_only_staff_see_the_link_to_the_overview(coordinator_client, world):
    assert "Wirkung (alle Kommunen)" not in coordinator_client.get(reverse("dashboard")).content.decode()


def test_dashboard_query_count_does_not_grow_with_groups(client, world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import WorkingGroupFactory

    client.force_login(world.staff)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("dashboard"))
    # session, user, groups, roles, plus the apps' figures (members, meetings, findings: gaps and suggestions)
    assert len(few.captured_queries) <= 8
    WorkingGroupFactory.create_batch(10)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("dashboard"))
    assert response.content.decode().count('<td data-label="Bundesland">') == 12


def test_outsider_gets_404_for_the_other_group(outsider_client, world):
    assert outsider_client.get(group_url(world.group)).status_code == 404
    assert outsider_client.get(group_url(world.group, "groups:settings")).status_code == 404


def test_unknown_group_and_hidden_group_look_the_same(outsider_client, world):
    hidden = outsider_client.get(group_url(world.group))
    unknown = outsider_client.get(reverse("groups:detail", kwargs={"municipality": "nirgendwo", "group": "x"}))
    assert hidden.status_code == unknown.status_code == 404
    assert "Seite nicht gefunden" in hidden.content.decode()


def _grow_what_the_group_page_shows(group, count):
    """More of everything the group page counts or lists: people, meetings, open gaps, suggestions, roles."""
    from tests.findings.factories import FindingFactory, SuggestionFactory
    from tests.meetings.factories import MeetingFactory
    from tests.members.factories import ParticipantFactory

    people = ParticipantFactory.create_batch(count, working_group=group)
    MeetingFactory.create_batch(count, working_group=group)
    FindingFactory.create_batch(count, working_group=group)
    for person in people:
        SuggestionFactory(participant=person)
        GroupRoleFactory(working_group=group, role=RoleKind.OBSERVER, user__last_name=f"Beobachtung {person.pk}")


def test_group_page_shows_the_figures_in_constant_queries(coordinator_client, world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = group_url(world.group)
    _grow_what_the_group_page_shows(world.group, 1)
    with CaptureQueriesContext(connection) as first:
        content = coordinator_client.get(url).content.decode()
    assert "Auf einen Blick" in content and "Nächstes Treffen" in content
    _grow_what_the_group_page_shows(world.group, 12)
    with django_assert_num_queries(len(first.captured_queries)):
        response = coordinator_client.get(url)
    figures = {figure["label"]: figure["value"] for figure in response.context["group"].figures}
    assert (figures["Aktive Teilnehmende"], figures["Offene Inhaltslücken"]) == (13, 13)
    assert figures["Vorschläge warten auf Entscheidung"] == 13
    assert response.content.decode().count("– Beobachtung") == 14  # 13 observers and the world's


def test_observer_sees_the_group_without_edit_button(observer_client, world):
    content = observer_client.get(group_url(world.group)).content.decode()
    assert "Arbeitskreis Karlsruhe" in content
    assert "Einstellungen bearbeiten" not in content


def test_observer_may_not_change_settings(observer_client, world):
    response = observer_client.post(group_url(world.group, "groups:settings"), {"name": "Gekapert"})
    assert response.status_code == 403
    assert "nur das Lesen" in response.content.decode()
    world.group.refresh_from_db()
    assert world.group.name == "Arbeitskreis Karlsruhe"


def test_coordinator_changes_settings(coordinator_client, world):
    response = coordinator_client.post(
        group_url(world.group, "groups:settings"),
        {
            "name": "AK Integreat Karlsruhe",
            "cadence_months": "4",
            "default_start_time": "17:30",
            "default_duration_minutes": "100",
            "default_place": "Landratsamt, Saal 1",
            "default_online_link": "meet.example.org/ak",
            "organizer_name": "Sabine Keller",
            "organizer_email": "s.keller@example.org",
        },
        follow=True,
    )
    assert "Die Einstellungen des Arbeitskreises wurden gespeichert." in response.content.decode()
    group = WorkingGroup.objects.get(pk=world.group.pk)
    assert (group.name, group.cadence_months, group.default_duration_minutes) == (
        "AK Integreat Karlsruhe",
        4,
        100,
    )
    assert group.default_start_time.strftime("%H:%M") == "17:30"
    assert group.default_online_link == "https://meet.example.org/ak"


def test_bad_settings_show_german_errors_and_store_nothing(coordinator_client, world):
    response = coordinator_client.post(
        group_url(world.group, "groups:settings"),
        {
            "name": "",
            "cadence_months": "0",
            "default_start_time": "25:00",
            "default_duration_minutes": "abc",
            "organizer_email": "keine-adresse",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in content
    assert "Bitte gültige E-Mail-Adresse eingeben." in content
    assert "Bitte korrigieren Sie die markierten Felder." in content
    world.group.refresh_from_db()
    assert world.group.name == "Arbeitskreis Karlsruhe"
