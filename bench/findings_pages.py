"""Benchmark: the gap register and the Wirkung page of one working group with 5,000 findings.

    .venv/bin/python bench/findings_pages.py                 # SQLite (a fresh temporary database)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/arbeitskreis_bench .venv/bin/python bench/findings_pages.py

Not part of the test run. It builds its own database (the test runner's machinery: created and dropped again),
creates 5,000 findings spread over three years, all content areas, languages and statuses, and requests each
page several times through Django's test client as the group's coordinator. It prints the median and the
slowest time per page and the number of database queries.
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arbeitskreis.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

FINDINGS = 5000
ROUNDS = 7


def build(group_factory):
    from django.utils import timezone

    from arbeitskreis.languages import LANGUAGES
    from arbeitskreis.models import GroupRole, RoleKind
    from findings.models import ContentArea, Finding
    from members.models import Organization, Participant
    from tests.factories import UserFactory

    group = group_factory()
    user = UserFactory(username="bench-coordinator")
    GroupRole.objects.create(user=user, working_group=group, role=RoleKind.COORDINATOR)
    participants = Participant.objects.bulk_create(
        Participant(working_group=group, given_name="Person", family_name=f"Nr. {n}") for n in range(20)
    )
    organizations = Organization.objects.bulk_create(
        Organization(working_group=group, name=f"Organisation {n}") for n in range(10)
    )
    areas = list(ContentArea.objects.filter(working_group=None))
    codes = [code for code, _name in LANGUAGES]
    now = timezone.now()
    statuses = ["open", "in_progress", "resolved", "rejected", "resolved"]
    findings = []
    for i in range(FINDINGS):
        status = statuses[i % len(statuses)]
        created = now - datetime.timedelta(days=i % 1100, hours=i % 24)
        findings.append(
            Finding(
                working_group=group,
                title=f"Inhaltslücke {i}: Seite zur Wohnungssuche fehlt",
                description="Die Informationen zur Anmeldung in der Kita sind veraltet. " * 3,
                content_area=areas[i % len(areas)],
                languages=f",{codes[i % len(codes)]},{codes[(i * 7) % len(codes)]},",
                status=status,
                priority=1 + i % 3,
                assignee_participant=participants[i % 20] if i % 3 == 0 else None,
                assignee_organization=organizations[i % 10] if i % 3 == 1 else None,
                due_date=(now + datetime.timedelta(days=(i % 120) - 60)).date(),
                created_at=created,
                closed_at=created + datetime.timedelta(days=5 + i % 90) if status in ("resolved", "rejected") else None,
            )
        )
    Finding.objects.bulk_create(findings, batch_size=500)
    return group, user


def measure(client, url, params=None):
    times, queries = [], 0
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as context:
            start = time.perf_counter()
            response = client.get(url, params or {})
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
        queries = len(context)
    return statistics.median(times), max(times), queries


def main():
    from django.test import Client
    from django.test.utils import get_runner
    from django.urls import reverse

    from tests.factories import UserFactory, WorkingGroupFactory

    setup_test_environment()
    runner = get_runner(django.conf.settings)(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        group, user = build(WorkingGroupFactory)
        client = Client()
        client.force_login(user)
        kwargs = group.url_kwargs()
        pages = [
            ("register, first page", reverse("findings:list", kwargs=kwargs), {}),
            (
                "register, filtered + search",
                reverse("findings:list", kwargs=kwargs),
                {"status": "active", "language": "ar", "q": "Wohnungssuche", "sort": "due"},
            ),
            ("register, page 50", reverse("findings:list", kwargs=kwargs), {"page": "50"}),
            ("Wirkung (group)", reverse("findings:impact", kwargs=kwargs), {}),
            ("CSV export (all)", reverse("findings:export-csv", kwargs=kwargs), {}),
        ]
        staff = Client()
        staff.force_login(UserFactory(username="bench-staff", is_staff=True))
        print(f"{connection.vendor}, {FINDINGS} findings, {ROUNDS} rounds each")
        print(f"{'page':32} {'median ms':>10} {'max ms':>8} {'queries':>8}")
        for name, url, params in pages:
            median, worst, queries = measure(client, url, params)
            print(f"{name:32} {median:10.1f} {worst:8.1f} {queries:8d}")
        median, worst, queries = measure(staff, reverse("findings-overview:impact"), {"state": "BW"})
        print(f"{'Wirkung (staff, Bundesland)':32} {median:10.1f} {worst:8.1f} {queries:8d}")
    finally:
        runner.teardown_databases(old_config)


if __name__ == "__main__":
    main()
