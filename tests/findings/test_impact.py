"""The Wirkung page of a group, the staff overview by Bundesland, the chart geometry, the dashboard figure."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from arbeitskreis.models import State
from findings import charts
from findings.impact import impact
from tests.factories import MunicipalityFactory, WorkingGroupFactory
from tests.findings.factories import FindingFactory, area

BERLIN_NOW = timezone.localtime()


def moment(year, month, day=10):
    return timezone.make_aware(datetime.datetime(year, month, day, 12, 0))


@pytest.fixture
def history(world):
    """Findings over two half-years: closed after 10, 20 and 40 days; two open, one of them overdue."""
    FindingFactory(
        working_group=world.group,
        created_at=moment(2025, 2, 1),
        closed_at=moment(2025, 2, 11),
        status="resolved",
        content_area=area("Arbeit"),
        languages=",ro,",
    )
    FindingFactory(
        working_group=world.group,
        created_at=moment(2025, 3, 1),
        closed_at=moment(2025, 3, 21),
        status="rejected",
        content_area=area("Arbeit"),
    )
    FindingFactory(
        working_group=world.group,
        created_at=moment(2025, 6, 1),
        closed_at=moment(2025, 7, 11),
        status="resolved",
        content_area=area("Wohnen"),
    )
    FindingFactory(
        working_group=world.group,
        created_at=moment(2025, 8, 1),
        content_area=area("Gesundheit"),
        languages=",ar,ro,",
        due_date=datetime.date(2026, 2, 16),
    )
    FindingFactory(
        working_group=world.group,
        created_at=moment(2025, 9, 1),
        status="in_progress",
        content_area=area("Gesundheit"),
        languages=",ar,",
    )
    FindingFactory(working_group=world.other_group, created_at=moment(2025, 9, 1))


def test_impact_figures(world, history):
    figures = impact(world.group.findings.all(), today=datetime.date(2026, 3, 1))
    assert figures["totals"] == {
        "total": 5,
        "open": 1,
        "unresolved": 2,
        "in_progress": 1,
        "resolved": 2,
        "rejected": 1,
        "overdue": 1,  # due on 16 February 2026
    }
    # Due that day is not overdue yet; the day after it is.
    assert impact(world.group.findings.all(), today=datetime.date(2026, 2, 16))["totals"]["overdue"] == 0
    assert impact(world.group.findings.all(), today=datetime.date(2026, 2, 17))["totals"]["overdue"] == 1
    assert figures["median_days"] == 20
    assert [(row["label"], row["opened"], row["closed"]) for row in figures["half_years"]] == [
        ("1. Hj. 2025", 3, 2),
        ("2. Hj. 2025", 2, 1),
        ("1. Hj. 2026", 0, 0),
    ]
    assert figures["by_area"] == [{"label": "Gesundheit", "value": 2}]
    assert [(row["code"], row["value"]) for row in figures["by_language"]] == [("ar", 2), ("ro", 1)]


def test_impact_page_shows_charts_and_tables(coordinator_client, world, history):
    response = coordinator_client.get(reverse("findings:impact", kwargs=world.group.url_kwargs()))
    page = response.content.decode()
    assert page.count('role="img"') == 3
    # SVG coordinates are never localised ("12,5" would break the drawing in German).
    assert not re.search(r'<(rect|text)[^>]*="\d+,\d', page)
    assert re.search(r'<rect x="200" y="\d+(\.\d+)?" width="\d+(\.\d+)?"', page)
    assert "Offene Inhaltslücken nach Themenbereich" in page
    assert "<caption>Offene Inhaltslücken nach Sprache</caption>" in page
    assert "Arabisch (ar)" in page
    assert "Mittlere Dauer bis zum Abschluss (Median, Tage)" in page


def test_impact_page_without_findings(coordinator_client, world):
    response = coordinator_client.get(reverse("findings:impact", kwargs=world.group.url_kwargs()))
    assert response.status_code == 200
    assert "Noch keine Daten." in response.content.decode()


def overview_rows(response):
    return [
        (row["municipality"], row["state_name"]) for section in response.context["sections"] for row in section["rows"]
    ]


def test_staff_overview_filters_by_state(client, world, history):
    bavarian = WorkingGroupFactory(municipality=MunicipalityFactory(name="Stadt Augsburg", state=State.BY))
    FindingFactory(working_group=bavarian, title="Augsburger Lücke")
    client.force_login(world.staff)
    response = client.get(reverse("findings-overview:impact"))
    # One section per Bundesland, ordered by its name; the name is shown, not the code.
    assert [row[0] for row in overview_rows(response)] == ["Landkreis Karlsruhe", "Stadt Augsburg", "Stadt Bielefeld"]
    page = response.content.decode()
    assert "<td>Baden-Württemberg</td>" in page and "<td>Bayern</td>" in page
    assert "<td>BW</td>" not in page and "<td>BY</td>" not in page
    response = client.get(reverse("findings-overview:impact"), {"state": "BY"})
    assert overview_rows(response) == [("Stadt Augsburg", "Bayern")]
    assert response.context["figures"]["totals"]["total"] == 1
    assert "Arbeitskreise in Bayern" in response.content.decode()
    response = client.get(reverse("findings-overview:impact"), {"state": "XX"})
    assert len(overview_rows(response)) == 3


def test_staff_overview_shows_groups_without_findings_and_a_total_per_state(client, world):
    """A group without findings appears with zeros; every Bundesland has a total row."""
    second = WorkingGroupFactory(municipality=MunicipalityFactory(name="Stadt Mannheim", state=State.BW))
    FindingFactory(working_group=world.group, status="open")
    FindingFactory(working_group=world.group, status="open", due_date=timezone.localdate() - datetime.timedelta(days=3))
    FindingFactory(working_group=second, status="resolved", closed_at=timezone.now())
    client.force_login(world.staff)
    response = client.get(reverse("findings-overview:impact"), {"state": "BW"})
    [section] = response.context["sections"]
    assert section["state_name"] == "Baden-Württemberg"
    by_name = {row["municipality"]: row for row in section["rows"]}
    assert (by_name["Landkreis Karlsruhe"]["open"], by_name["Landkreis Karlsruhe"]["overdue"]) == (2, 1)
    assert (by_name["Stadt Mannheim"]["resolved"], by_name["Stadt Mannheim"]["open"]) == (1, 0)
    assert {key: section["total"][key] for key in ("open", "overdue", "resolved", "total")} == {
        "open": 2,
        "overdue": 1,
        "resolved": 1,
        "total": 3,
    }
    response = client.get(reverse("findings-overview:impact"))
    bielefeld = [row for section in response.context["sections"] for row in section["rows"]]
    assert any(row["municipality"] == "Stadt Bielefeld" and row["total"] == 0 for row in bielefeld)
    assert "Summe Baden-Württemberg" in response.content.decode()


def test_staff_overview_is_refused_to_coordinators(coordinator_client):
    assert coordinator_client.get(reverse("findings-overview:impact")).status_code == 403


def test_bar_chart_scales_to_largest_value():
    chart = charts.bar_chart(chart_id="c", title="T", description="D", categories=["A", "B"], series=[("n", [10, 5])])
    first, second = (row.bars[0] for row in chart.rows)
    assert first.width == charts.WIDTH - charts.LABEL_WIDTH - charts.VALUE_WIDTH - charts.VALUE_GAP
    assert second.width == pytest.approx(first.width / 2, abs=0.1)
    assert not chart.empty and not chart.legend
    empty = charts.bar_chart(chart_id="e", title="T", description="D", categories=["A"], series=[("n", [0])])
    assert empty.empty
    two = charts.bar_chart(chart_id="t", title="T", description="D", categories=["A"], series=[("x", [1]), ("y", [2])])
    assert [entry["name"] for entry in two.legend] == ["x", "y"]
    assert two.rows[0].bars[0].colour != two.rows[0].bars[1].colour


def test_dashboard_shows_open_findings(coordinator_client, world, history):
    page = coordinator_client.get(reverse("dashboard")).content.decode()
    assert "Offene Inhaltslücken" in page
    figures = coordinator_client.get(reverse("dashboard")).context["groups"][0].figures
    register = reverse("findings:list", kwargs=world.group.url_kwargs())
    assert {"label": "Offene Inhaltslücken", "value": 2, "url": f"{register}?status=active"} in figures
    # The figure is a link to the register filtered to what it counts.
    assert (
        f'<a href="{register}?status=active">2<span class="visually-hidden"> – Offene Inhaltslücken</span></a>' in page
    )
    listed = coordinator_client.get(f"{register}?status=active")
    assert listed.context["page"].paginator.count == 2


def test_dashboard_shows_suggestions_waiting_for_a_decision(coordinator_client, world):
    from tests.findings.factories import SuggestionFactory
    from tests.members.factories import ParticipantFactory

    participant = ParticipantFactory(working_group=world.group)
    SuggestionFactory.create_batch(2, participant=participant)
    SuggestionFactory(participant=participant, status="declined", decline_note="Gibt es schon.")
    SuggestionFactory(participant=ParticipantFactory(working_group=world.other_group))
    figures = coordinator_client.get(reverse("dashboard")).context["groups"][0].figures
    triage = reverse("findings:suggestions", kwargs=world.group.url_kwargs())
    assert {"label": "Vorschläge warten auf Entscheidung", "value": 2, "url": triage} in figures
    assert len(coordinator_client.get(triage).context["pending"]) == 2


def test_impact_counts_come_from_the_cache_until_a_finding_changes(world, history, django_assert_num_queries):
    """The big aggregate runs once; the next page asks only how many findings there are and when one last changed
    (and the areas); a status change, a new finding and a deleted one each show at once."""
    findings = world.group.findings.all()
    today = datetime.date(2026, 3, 1)
    first = impact(findings, today=today)
    with django_assert_num_queries(2):  # the stamp and the areas: no aggregate, no closing times
        assert impact(findings, today=today) == first

    gap = world.group.findings.get(status="in_progress")
    gap.status = "resolved"
    gap.closed_at = moment(2025, 10, 1)
    gap.save()
    assert impact(findings, today=today)["totals"]["resolved"] == 3

    FindingFactory(working_group=world.group, created_at=moment(2025, 10, 1))
    assert impact(findings, today=today)["totals"]["total"] == 6
    world.group.findings.filter(status="rejected").delete()
    assert impact(findings, today=today)["totals"]["rejected"] == 0
    assert impact(findings, today=datetime.date(2026, 2, 16))["totals"]["overdue"] == 0  # another day: afresh
