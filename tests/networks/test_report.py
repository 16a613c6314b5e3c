"""The network report: per municipality of the Bundesland what its working groups did in the half-year before the
network meeting, beside the state's totals; only counts — and a coordinator sees only their own municipality's row."""

import datetime
import io
import re

import pytest
import time_machine
from django.urls import reverse
from pdfminer.high_level import extract_text

from arbeitskreis.models import State
from findings.models import FindingStatus
from integreat.models import Page, Region
from meetings.models import MeetingStatus
from meetings.scheduling import BERLIN
from minutes.models import MeasureStatus
from networks import report
from tests.factories import GroupRoleFactory, MunicipalityFactory, WorkingGroupFactory
from tests.findings.factories import FindingFactory, area
from tests.meetings.factories import MeetingFactory, at
from tests.members.factories import ParticipantFactory
from tests.minutes.factories import MeasureFactory
from tests.networks.factories import NewcomerAnswerFactory, network_for

TODAY = datetime.date(2026, 3, 16)
NOW = datetime.datetime(2026, 3, 16, 10, 0, tzinfo=BERLIN)


def _day(days_ago):
    return at(TODAY - datetime.timedelta(days=days_ago))


def _activity(group, *, names, held=1, open_languages=(",ar,ro,", ",ro,"), answers=3):
    """A working group's half-year: participants, meetings, content gaps, an overdue measure, newcomers' answers."""
    for given, family in names:
        ParticipantFactory(working_group=group, given_name=given, family_name=family)
    ParticipantFactory(working_group=group, given_name="Ausgeschieden", left_on=TODAY - datetime.timedelta(days=3))
    for index in range(held):
        MeetingFactory(working_group=group, start=_day(40 + index), status=MeetingStatus.HELD)
    MeetingFactory(working_group=group, start=_day(300), status=MeetingStatus.MINUTES_APPROVED)  # before the period
    for languages in open_languages:
        FindingFactory(working_group=group, languages=languages, content_area=area("Gesundheit"), created_at=_day(20))
    FindingFactory(
        working_group=group,
        status=FindingStatus.RESOLVED,
        created_at=_day(60),
        closed_at=_day(10),
        content_area=area("Wohnen"),
    )
    MeasureFactory(working_group=group, status=MeasureStatus.OPEN, due_date=TODAY - datetime.timedelta(days=5))
    MeasureFactory(working_group=group, status=MeasureStatus.DONE, due_date=TODAY - datetime.timedelta(days=5))
    for index in range(answers):
        NewcomerAnswerFactory(
            working_group=group, found="no" if index % 2 == 0 else "yes", answered_on=TODAY - datetime.timedelta(days=2)
        )


@pytest.fixture
def state(world):
    """Baden-Württemberg: the world's Karlsruhe group and a Heidelberg group with a coordinator of its own."""
    heidelberg = WorkingGroupFactory(municipality=MunicipalityFactory(name="Stadt Heidelberg", state=State.BW))
    other = GroupRoleFactory(working_group=heidelberg, user__username="heidelberg").user
    _activity(world.group, names=[("Ayşe", "Yılmaz"), ("Jonas", "Becker")])
    _activity(heidelberg, names=[("Dmytro", "Kovalenko")], held=2, open_languages=(",uk,",), answers=1)
    _activity(world.other_group, names=[("Anna", "Schulte")])  # Nordrhein-Westfalen: not in the report
    return {"heidelberg": heidelberg, "heidelberg_coordinator": other, "network": network_for(world.group)}


def pdf_text(content):
    """The PDF's text on one line (a word broken after its hyphen joined again)."""
    return re.sub(r"-\s+", "-", " ".join(extract_text(io.BytesIO(content)).split()))


def _rows(result):
    return {row.name: row for row in result["rows"]}


@time_machine.travel(NOW, tick=False)
def test_the_report_counts_each_municipality_of_the_state_in_the_half_year(world, state):
    result = report.network_report(state["network"], day=TODAY)
    assert result["period"].start == datetime.date(2025, 9, 16)
    rows = _rows(result)
    assert list(rows) == ["Landkreis Karlsruhe", "Stadt Heidelberg"]
    karlsruhe = rows["Landkreis Karlsruhe"].values
    assert karlsruhe == {
        "meetings": 1,
        "participants": 2,
        "opened": 3,  # two open and the resolved one, all recorded in the period
        "closed": 1,
        "open": 2,
        "overdue_measures": 1,
        "answers": 3,
        "not_found": 2,
    }
    assert rows["Landkreis Karlsruhe"].languages == [("Rumänisch", 2), ("Arabisch", 1)]
    assert rows["Landkreis Karlsruhe"].areas == [("Gesundheit", 2)]
    assert rows["Stadt Heidelberg"].values["meetings"] == 2
    total = result["total"]
    assert total.values["participants"] == 3 and total.values["open"] == 3 and total.values["answers"] == 4
    assert total.languages[0] == ("Rumänisch", 2)
    assert result["hidden"] == 0


@time_machine.travel(NOW, tick=False)
def test_a_coordinator_sees_the_own_row_beside_the_totals_and_nobody_elses_participants(world, state, client):
    network = state["network"]
    client.force_login(world.coordinator)
    content = client.get(reverse("network:report", kwargs=network.url_kwargs())).content.decode()
    assert "Landkreis Karlsruhe" in content and "Alle Kommunen in Baden-Württemberg" in content
    assert "Stadt Heidelberg" not in content
    assert "die Zeile von 1 weiteren Kommune sieht nur das Integreat-Team" in content
    for name in ("Kovalenko", "Yılmaz", "Becker", "Schulte", "Ausgeschieden", "Bielefeld"):
        assert name not in content
    pdf = client.get(reverse("network:report-pdf", kwargs=network.url_kwargs()))
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Netzwerkbericht Baden-Württemberg" in text and "Landkreis Karlsruhe" in text
    for name in ("Heidelberg", "Kovalenko", "Yılmaz", "Becker", "Schulte", "Bielefeld"):
        assert name not in text


@time_machine.travel(NOW, tick=False)
def test_staff_see_every_municipality_and_still_no_participant(world, state, client):
    network = state["network"]
    client.force_login(world.staff)
    content = client.get(reverse("network:report", kwargs=network.url_kwargs())).content.decode()
    assert "Landkreis Karlsruhe" in content and "Stadt Heidelberg" in content
    for name in ("Kovalenko", "Yılmaz", "Becker", "Schulte", "Bielefeld"):
        assert name not in content
    pdf = client.get(reverse("network:report-pdf", kwargs=network.url_kwargs()))
    text = pdf_text(pdf.content)
    assert "Stadt Heidelberg" in text and "Alle Kommunen in Baden-Württemberg" in text
    assert "Offene Inhaltslücken des Bundeslandes nach Sprache" in text
    assert "Was Neuzugewanderte im Bundesland gesucht haben" in text and "Rumänisch 4 3" in text
    assert "Kovalenko" not in text


@time_machine.travel(NOW, tick=False)
def test_each_municipality_shows_how_much_of_its_integreat_app_is_translated(world, state, client):
    """The coverage of the municipality's Integreat pages per language (issue 15) — for those with a snapshot."""
    region = Region.objects.create(
        municipality=world.group.municipality,
        slug="landkreis-karlsruhe",
        taken_at=NOW,
        languages=[
            {"code": "de", "name": "Deutsch"},
            {"code": "ar", "name": "العربية"},
            {"code": "ro", "name": "Română"},
        ],
    )
    for position, codes in enumerate([",de,ar,ro,", ",de,ar,", ",de,ar,", ",de,"]):
        Page.objects.create(
            region=region,
            key=f"/p{position}/",
            top_key=f"/p{position}/",
            position=position,
            title="Seite",
            languages=codes,
        )
    rows = _rows(report.network_report(state["network"], day=TODAY))
    coverage = {row["code"]: row["percent"] for row in rows["Landkreis Karlsruhe"].coverage}
    assert coverage == {"ar": 75, "ro": 25} and rows["Stadt Heidelberg"].coverage == []
    client.force_login(world.staff)
    content = client.get(reverse("network:report", kwargs=state["network"].url_kwargs())).content.decode()
    assert "Arabisch (ar) 75&nbsp;%" in content and "Rumänisch (ro) 25&nbsp;%" in content


@time_machine.travel(NOW, tick=False)
def test_the_report_is_for_a_chosen_network_meeting_and_ignores_a_bad_choice(world, state, client):
    network = state["network"]
    meeting = MeetingFactory(
        working_group=network, title="Netzwerktreffen Herbst", start=_day(30), online_link="https://x.example"
    )
    client.force_login(world.staff)
    url = reverse("network:report", kwargs=network.url_kwargs())
    response = client.get(url, {"meeting": meeting.pk})
    assert response.context["report"]["period"].day == TODAY - datetime.timedelta(days=30)
    assert "Netzwerktreffen Herbst" in response.content.decode()
    for bad in ("abc", "-1", "99999999999999999999", "1 OR 1=1", ""):
        assert client.get(url, {"meeting": bad}).status_code == 200
        assert (
            client.get(reverse("network:report-pdf", kwargs=network.url_kwargs()), {"meeting": bad}).status_code == 200
        )


@time_machine.travel(NOW, tick=False)
def test_for_a_meeting_ahead_the_half_year_ends_today(world, state, client):
    network = state["network"]
    ahead = MeetingFactory(
        working_group=network, title="Netzwerktreffen Frühjahr", start=at(TODAY + datetime.timedelta(days=20))
    )
    client.force_login(world.coordinator)
    response = client.get(reverse("network:report", kwargs=network.url_kwargs()))  # the next meeting by default
    assert response.context["meeting"] == ahead
    assert response.context["report"]["period"].day == TODAY
    content = response.content.decode()
    assert "Für das Treffen „Netzwerktreffen Frühjahr“ am 05.04.2026." in content
    assert "Das Halbjahr vom 16.09.2025 bis zum Tag vor dem 16.03.2026." in content


def _municipalities(count):
    for index in range(count):
        group = WorkingGroupFactory(municipality=MunicipalityFactory(name=f"Gemeinde {index:03}", state=State.BW))
        ParticipantFactory(working_group=group)
        FindingFactory(working_group=group, languages=",ar,")
        NewcomerAnswerFactory(working_group=group)


@pytest.mark.parametrize("count", [10, 100])
@time_machine.travel(NOW, tick=False)
def test_the_report_takes_the_same_queries_for_10_and_100_municipalities(
    world, client, django_assert_num_queries, count
):
    network = network_for(world.group)
    _municipalities(count)
    client.force_login(world.staff)
    url = reverse("network:report", kwargs=network.url_kwargs())
    # session, user, network, meetings of the network (choice, reference), municipalities, meetings held,
    # participants, findings, measures, newcomers' answers, languages, content areas, and the newcomers' answers of
    # the state by topic and language (3), the municipalities' Integreat snapshots (none here: their pages not read)
    with django_assert_num_queries(17):
        response = client.get(url)
    assert len(response.context["report"]["rows"]) == count + 1
