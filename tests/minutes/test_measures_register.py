"""The register: filters, search, sorting, exports with the same filters, the follow-up of a meeting, and the
query counts that stay flat with 5 and 200 measures."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from meetings import selectors as meeting_selectors
from minutes import measure_selectors, measures
from tests.meetings.factories import MeetingFactory, at
from tests.members.factories import OrganizationFactory, ParticipantFactory
from tests.minutes.factories import MeasureFactory

TODAY = timezone.localdate()


def register_url(world, name="measures"):
    return reverse(f"minutes:{name}", kwargs=world.group.url_kwargs())


def titles(response):
    return [measure.title for measure in response.context["page"].object_list]


@pytest.fixture
def register(world, participant, organization):
    yesterday = TODAY - datetime.timedelta(days=1)
    return {
        "overdue": MeasureFactory(
            working_group=world.group,
            title="Plakate aufhängen",
            due_date=yesterday,
            responsible_participant=participant,
        ),
        "done": MeasureFactory(
            working_group=world.group, title="Flyer drucken", status="done", responsible_organization=organization
        ),
        "progress": MeasureFactory(
            working_group=world.group,
            title="Übersetzung Kita-Seiten",
            status="in_progress",
            funding_source="Landesprogramm Integrationsmanagement",
            budget=2400,
        ),
        "foreign": MeasureFactory(working_group=world.other_group, title="Fremde Maßnahme"),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Plakate aufhängen", "Flyer drucken", "Übersetzung Kita-Seiten"]),
        ({"status": "active"}, ["Plakate aufhängen", "Übersetzung Kita-Seiten"]),
        ({"status": "done"}, ["Flyer drucken"]),
        ({"overdue": "on"}, ["Plakate aufhängen"]),
        ({"q": "ÜBERSETZUNG"}, ["Übersetzung Kita-Seiten"]),
        ({"q": "landesprogramm"}, ["Übersetzung Kita-Seiten"]),
        ({"responsible": "none"}, ["Übersetzung Kita-Seiten"]),
        ({"status": "nonsense", "sort": "title"}, ["Flyer drucken", "Plakate aufhängen", "Übersetzung Kita-Seiten"]),
    ],
)
def test_filters_and_search(coordinator_client, world, register, query, expected):
    response = coordinator_client.get(register_url(world), query)
    assert sorted(titles(response)) == sorted(expected)
    if query.get("sort") == "title":
        assert titles(response) == expected


def test_filter_by_responsible_participant_or_organisation(coordinator_client, world, register, participant):
    organization = register["done"].responsible_organization
    by_person = coordinator_client.get(register_url(world), {"responsible": f"p:{participant.pk}"})
    by_org = coordinator_client.get(register_url(world), {"responsible": f"o:{organization.pk}"})
    assert titles(by_person) == ["Plakate aufhängen"] and titles(by_org) == ["Flyer drucken"]
    # The filter offers only who is responsible for some measure of the group.
    choices = dict(by_person.context["form"].fields["responsible"].choices)
    assert [value for value, _label in choices["Teilnehmende"]] == [f"p:{participant.pk}"]
    assert [label for _value, label in choices["Organisationen"]] == ["Caritasverband Karlsruhe"]


def test_the_register_shows_overdue_budget_and_figures(coordinator_client, world, register):
    page = coordinator_client.get(register_url(world)).content.decode()
    assert 'class="measure-overdue"' in page and "überfällig" in page
    assert "2.400,00 €" in page and "Landesprogramm Integrationsmanagement" in page
    assert "Budget aller Maßnahmen:" in page and "Fremde Maßnahme" not in page


def test_the_exports_follow_the_filters(coordinator_client, world, register):
    query = {"status": "active"}
    response = coordinator_client.get(register_url(world, "measures-export-csv"), query)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Nr.", "Was", "Angaben", "Beschlossen im Treffen", "Verantwortlich"]
    by_title = {row[1]: row for row in rows[1:]}
    assert set(by_title) == {"Plakate aufhängen", "Übersetzung Kita-Seiten"}
    assert by_title["Übersetzung Kita-Seiten"][9] == "2400,00"
    assert by_title["Plakate aufhängen"][4] == "Ana Popescu" and by_title["Plakate aufhängen"][6] == "ja"
    xlsx = coordinator_client.get(register_url(world, "measures-export-xlsx"), query)
    workbook = load_workbook(io.BytesIO(xlsx.content))
    sheet = workbook.active
    assert sheet.title == "Maßnahmen"
    values = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["Übersetzung Kita-Seiten"][9] == 2400  # a number Excel can add up
    assert set(values) == {"Plakate aufhängen", "Übersetzung Kita-Seiten"}


# --- Follow-up of later meetings --------------------------------------------------------------------------------


def test_open_measures_stay_on_the_follow_up_of_every_later_meeting(world, past_meeting, next_meeting):
    decided = MeasureFactory(working_group=world.group, title="Offen aus dem Frühjahr", meeting=past_meeting)
    done = MeasureFactory(working_group=world.group, title="Erledigt", meeting=past_meeting, status="done")
    in_next = MeasureFactory(working_group=world.group, title="Im nächsten beschlossen", meeting=next_meeting)
    later = MeetingFactory(working_group=world.group, start=next_meeting.start + datetime.timedelta(days=180))
    items = meeting_selectors.follow_up(next_meeting)["action_items"]
    assert [row.title for row in items] == [decided.title]
    assert [row.title for row in meeting_selectors.follow_up(later)["action_items"]] == [decided.title, in_next.title]
    assert done.title not in [row.title for row in meeting_selectors.follow_up(later)["action_items"]]
    measures.transition_measure(measure=decided, by=world.coordinator, to="done")
    assert [row.title for row in meeting_selectors.follow_up(later)["action_items"]] == [in_next.title]


def test_a_held_meeting_keeps_what_was_open_when_it_started(world, past_meeting):
    earlier = MeetingFactory(
        working_group=world.group, start=past_meeting.start - datetime.timedelta(days=180), status="held"
    )
    measure = MeasureFactory(working_group=world.group, title="Damals offen", meeting=earlier)
    measures.transition_measure(measure=measure, by=world.coordinator, to="done")  # today, after past_meeting
    closed_before = MeasureFactory(working_group=world.group, title="Vorher erledigt", meeting=earlier, status="done")
    assert closed_before  # no status event after past_meeting started: not on its table
    assert [row.title for row in meeting_selectors.follow_up(past_meeting)["action_items"]] == ["Damals offen"]


def test_the_follow_up_is_bounded_most_urgent_first_with_a_link(coordinator_client, world, past_meeting, next_meeting):
    day = timezone.localtime(next_meeting.start).date()
    for index in range(20):
        MeasureFactory(
            working_group=world.group,
            title=f"Maßnahme {index:02d}",
            meeting=past_meeting,
            due_date=day + datetime.timedelta(days=index - 3),
        )
    items = meeting_selectors.follow_up(next_meeting)["action_items"]
    assert len(items) == measure_selectors.FOLLOW_UP_LIMIT and items.total == 20
    assert [row.overdue for row in items[:4]] == [True, True, True, False]
    assert items[0].title == "Maßnahme 00"
    page = coordinator_client.get(next_meeting.get_absolute_url()).content.decode()
    assert "Die 15 dringendsten von 20 offenen Aufgaben" in page
    assert "Alle 20 offenen Aufgaben im Register zeigen" in page
    response = coordinator_client.get(items.url)
    assert response.context["page"].paginator.count == 20
    assert titles(response)[0] == "Maßnahme 00"


def test_the_follow_up_shows_the_responsible_also_once_erased(world, past_meeting, next_meeting):
    from members import services as members_services

    person = ParticipantFactory(working_group=world.group, given_name="Олена", family_name="Шевченко")
    organization = OrganizationFactory(working_group=world.group, name="AWO Bielefeld")
    MeasureFactory(working_group=world.group, meeting=past_meeting, responsible_participant=person)
    MeasureFactory(working_group=world.group, meeting=past_meeting, responsible_organization=organization)
    assert {row.responsible for row in meeting_selectors.follow_up(next_meeting)["action_items"]} == {
        "Олена Шевченко",
        "AWO Bielefeld",
    }
    members_services.erase_participant(participant=person)
    assert "Gelöschte Person" in {row.responsible for row in meeting_selectors.follow_up(next_meeting)["action_items"]}


# --- Query counts -----------------------------------------------------------------------------------------------


def _fill(world, count):
    meeting = MeetingFactory(working_group=world.group, start=at(TODAY - datetime.timedelta(days=30)), status="held")
    people = [ParticipantFactory(working_group=world.group) for _ in range(3)]
    organizations = [OrganizationFactory(working_group=world.group) for _ in range(2)]
    for index in range(count):
        MeasureFactory(
            working_group=world.group,
            meeting=meeting if index % 2 else None,
            responsible_participant=people[index % 3] if index % 4 else None,
            responsible_organization=organizations[index % 2] if index % 4 == 0 else None,
            due_date=TODAY + datetime.timedelta(days=index - 10),
            budget=100 * index if index % 3 else None,
            status=["open", "in_progress", "done", "dropped"][index % 4],
        )


@pytest.mark.parametrize("count", [5, 200])
@pytest.mark.parametrize(
    "query", [{}, {"status": "active", "overdue": "on", "q": "Maßnahme", "sort": "budget"}], ids=["plain", "filtered"]
)
def test_register_queries_are_flat(coordinator_client, world, django_assert_num_queries, count, query):
    _fill(world, count)
    with django_assert_num_queries(9):
        response = coordinator_client.get(register_url(world), query)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [5, 200])
@pytest.mark.parametrize("name", ["measures-export-csv", "measures-export-xlsx"])
def test_export_queries_are_flat(coordinator_client, world, django_assert_num_queries, count, name):
    _fill(world, count)
    with django_assert_num_queries(7):
        response = coordinator_client.get(register_url(world, name))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [5, 200])
def test_meeting_page_follow_up_queries_are_flat(coordinator_client, world, django_assert_num_queries, count):
    _fill(world, count)
    meeting = MeetingFactory(working_group=world.group)
    # … and the municipality's Integreat region (integreat.checklist.agenda_sections: none here, so no checklist)
    with django_assert_num_queries(13):
        assert coordinator_client.get(meeting.get_absolute_url()).status_code == 200
