"""Wirkung at a large municipality's size: the figures are aggregated in the database (no Python per row for the
half-years on SQLite, medians by percentile_cont on PostgreSQL) and the closing times are fetched at most once."""

import datetime
import statistics

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from findings.impact import half_year_starts, impact
from tests.findings.factories import FindingFactory


def berlin(*args):
    return timezone.make_aware(datetime.datetime(*args))


def test_half_year_boundaries_are_midnight_in_berlin(world):
    # 00:30 on 1 July in Berlin is still 30 June in UTC: it belongs to the second half-year.
    FindingFactory(working_group=world.group, created_at=berlin(2025, 7, 1, 0, 30))
    FindingFactory(working_group=world.group, created_at=berlin(2025, 6, 30, 23, 30))
    figures = impact(world.group.findings.all(), today=datetime.date(2025, 12, 1))
    assert [(row["label"], row["opened"]) for row in figures["half_years"]] == [("1. Hj. 2025", 1), ("2. Hj. 2025", 1)]
    periods, starts = half_year_starts(datetime.date(2025, 12, 1), count=2)
    assert periods == [(2025, 1), (2025, 2)]
    assert starts == [berlin(2025, 1, 1), berlin(2025, 7, 1), berlin(2026, 1, 1)]


def test_medians_come_from_the_database_and_match_python(world):
    start = berlin(2025, 3, 1, 12)
    days = [3, 10, 11, 40]
    for n in days:
        FindingFactory(
            working_group=world.group, status="resolved", created_at=start, closed_at=start + datetime.timedelta(days=n)
        )
    FindingFactory(working_group=world.group, status="open", created_at=start)
    figures = impact(world.group.findings.all(), today=datetime.date(2025, 12, 1))
    assert figures["median_days"] == round(statistics.median(days)) == 10  # 10.5, rounded half to even
    assert figures["closed_count"] == 4


def test_staff_overview_runs_no_python_per_row_and_fetches_closing_times_once(client, world):
    start = berlin(2025, 3, 1, 12)
    for n in range(30):
        FindingFactory(
            working_group=world.group if n % 2 else world.other_group,
            status="resolved" if n % 3 else "open",
            created_at=start - datetime.timedelta(days=n * 20),
            closed_at=start + datetime.timedelta(days=n) if n % 3 else None,
        )
    client.force_login(world.staff)
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("findings-overview:impact"))
    sql = [query["sql"] for query in context.captured_queries]
    # No per-row date extraction in Python (Django's SQLite functions django_date_extract / django_datetime_*).
    assert not [query for query in sql if "django_date" in query or "django_datetime" in query]
    finding_queries = [query for query in sql if '"findings_finding"' in query]
    # groups with figures, the cache's stamp, figures and half-years, areas, closing times (SQLite)
    assert len(finding_queries) <= 5
    figures = response.context["figures"]
    assert figures["totals"]["total"] == 30 and figures["closed_count"] == 20
    assert sum(row["opened"] for row in figures["half_years"]) <= 30
