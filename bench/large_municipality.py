"""Benchmark: the pages at a large municipality's size, as ratios against the login page measured in the same run.

    .venv/bin/python bench/large_municipality.py                 # SQLite (a fresh temporary database)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/arbeitskreis_bench .venv/bin/python bench/large_municipality.py

Not part of the test run. It builds its own database (created and dropped again): 100 municipalities with a
working group each, one of them with 300 participants (Turkish, Arabic, Cyrillic and German names, several
languages each), 60 meetings and 5,000 findings of which 2,500 are open. Each page is requested several times
through Django's test client; the table gives the median, the median as a multiple of the login page's (so that
figures from a busy shared machine stay comparable), the database queries and the size of the page.
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

MUNICIPALITIES = 100
PARTICIPANTS = 300
MEETINGS = 60
FINDINGS = 5000
ROUNDS = 7
STATES = ["BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"]
FAMILY = ["Öztürk", "Yılmaz", "Müller", "Haddad", "Шевченко", "Kovalenko", "Ahmadi", "Weiß", "Popescu", "İnce"]


def build():
    from django.utils import timezone

    from arbeitskreis.languages import LANGUAGES
    from arbeitskreis.models import GroupRole, Municipality, RoleKind, WorkingGroup
    from findings.models import ContentArea, Finding
    from meetings.models import Meeting
    from members.models import Organization, Participant
    from tests.factories import UserFactory

    municipalities = Municipality.objects.bulk_create(
        Municipality(name=f"Gemeinde {n:03d}", slug=f"gemeinde-{n:03d}", state=STATES[n % len(STATES)])
        for n in range(MUNICIPALITIES)
    )
    groups = WorkingGroup.objects.bulk_create(
        WorkingGroup(municipality=m, name=f"Arbeitskreis {m.name}", slug="arbeitskreis") for m in municipalities
    )
    group = groups[0]
    user = UserFactory(username="bench-coordinator")
    GroupRole.objects.create(user=user, working_group=group, role=RoleKind.COORDINATOR)
    organizations = Organization.objects.bulk_create(
        Organization(working_group=group, name=f"Organisation {n}") for n in range(30)
    )
    codes = [code for code, _name in LANGUAGES]
    participants = Participant.objects.bulk_create(
        Participant(
            working_group=group,
            given_name=f"Person {n}",
            family_name=FAMILY[n % len(FAMILY)],
            email=f"person{n}@example.org",
            organization=organizations[n % 30],
            languages=f",{codes[n % len(codes)]},{codes[(n * 7) % len(codes)]},{codes[(n * 3) % len(codes)]},",
        )
        for n in range(PARTICIPANTS)
    )
    now = timezone.now()
    meetings = Meeting.objects.bulk_create(
        Meeting(
            working_group=group,
            title=f"Treffen {n}",
            start=now - datetime.timedelta(days=30 * (MEETINGS - n) - 20),
            end=now - datetime.timedelta(days=30 * (MEETINGS - n) - 20) + datetime.timedelta(minutes=90),
            place="Rathaus",
            calendar_uid=f"bench-{n}@arbeitskreis",
            status="held" if n < MEETINGS - 1 else "planned",
        )
        for n in range(MEETINGS)
    )
    areas = list(ContentArea.objects.filter(working_group=None))
    statuses = ["open", "resolved", "in_progress", "rejected"]
    findings = []
    for i in range(FINDINGS):
        status = statuses[i % 4]
        created = now - datetime.timedelta(days=i % 1700, hours=i % 24)
        findings.append(
            Finding(
                working_group=group,
                title=f"Inhaltslücke {i}: Seite zur Wohnungssuche fehlt",
                description="Die Informationen zur Anmeldung in der Kita sind veraltet.",
                content_area=areas[i % len(areas)],
                languages=f",{codes[i % len(codes)]},{codes[(i * 7) % len(codes)]},",
                status=status,
                priority=1 + i % 3,
                raised_in_meeting=meetings[i % MEETINGS] if i % 2 else None,
                assignee_participant=participants[i % PARTICIPANTS] if i % 3 == 0 else None,
                assignee_organization=organizations[i % 30] if i % 3 == 1 else None,
                due_date=(now + datetime.timedelta(days=(i % 120) - 60)).date(),
                created_at=created,
                closed_at=created + datetime.timedelta(days=5 + i % 90) if status in ("resolved", "rejected") else None,
            )
        )
    Finding.objects.bulk_create(findings, batch_size=500)
    return group, user, meetings[-1]


def measure(client, url, params=None):
    times = []
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as context:
            start = time.perf_counter()
            response = client.get(url, params or {})
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), len(context), len(response.content)


def main():
    from django.test import Client
    from django.test.utils import get_runner
    from django.urls import reverse

    from tests.factories import UserFactory

    setup_test_environment()
    runner = get_runner(django.conf.settings)(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        group, user, meeting = build()
        client = Client()
        client.force_login(user)
        staff = Client()
        staff.force_login(UserFactory(username="bench-staff", is_staff=True))
        kwargs = group.url_kwargs()
        pages = [
            ("login page (baseline)", Client(), reverse("login"), {}),
            ("meeting page (follow-up)", client, meeting.get_absolute_url(), {}),
            ("register, first page", client, reverse("findings:list", kwargs=kwargs), {}),
            ("participant list", client, reverse("members:participant-list", kwargs=kwargs), {}),
            ("participant list, search", client, reverse("members:participant-list", kwargs=kwargs), {"q": "ÖZTÜRK"}),
            ("staff dashboard", staff, reverse("dashboard"), {}),
            ("Wirkung (group)", client, reverse("findings:impact", kwargs=kwargs), {}),
            ("Wirkung (staff, all)", staff, reverse("findings-overview:impact"), {}),
        ]
        print(
            f"{connection.vendor}: {MUNICIPALITIES} municipalities, {PARTICIPANTS} participants, {MEETINGS} meetings,"
            f" {FINDINGS} findings ({FINDINGS // 2} open); median of {ROUNDS} requests"
        )
        print(f"{'page':28} {'median ms':>10} {'× login':>8} {'queries':>8} {'KB':>7}")
        baseline = None
        for name, page_client, url, params in pages:
            median, queries, size = measure(page_client, url, params)
            baseline = baseline or median
            print(f"{name:28} {median:10.1f} {median / baseline:8.1f} {queries:8d} {size / 1024:7.0f}")
    finally:
        runner.teardown_databases(old_config)


if __name__ == "__main__":
    main()
