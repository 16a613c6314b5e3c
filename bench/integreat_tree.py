"""Benchmark: the Integreat page tree and coverage of a municipality with 5,000 pages in six languages.

    .venv/bin/python bench/integreat_tree.py                 # SQLite (a fresh temporary database)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/arbeitskreis_bench .venv/bin/python bench/integreat_tree.py

Not part of the test run. It builds its own database (the test runner's machinery: created and dropped again),
imports a snapshot of 5,000 pages through the upload service (answers of the documented shape, built like the
tests' — nothing is fetched), checks every seventh page in an earlier meeting, records a content gap on every
eleventh, and requests each page several times through Django's test client as the group's coordinator, with the
login page measured in the same run as the yardstick. It prints the median and slowest time, the multiple of the
login page, the number of queries and the size of the HTML; and how long the import itself takes.
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

PAGES = 5000
LANGUAGES = ("de", "en", "ar", "fa", "uk", "ro")
ROUNDS = 7
SLUG = "landkreis-karlsruhe"


def build():
    from django.utils import timezone

    from arbeitskreis.models import GroupRole, RoleKind
    from findings.models import ContentArea, Finding
    from integreat import services, validation
    from integreat.models import Page, PageCheck
    from meetings.models import Meeting
    from tests.factories import MunicipalityFactory, UserFactory, WorkingGroupFactory
    from tests.integreat.api import generated_answers

    municipality = MunicipalityFactory(name="Landkreis Karlsruhe", slug=SLUG, integreat_region_slug=SLUG)
    group = WorkingGroupFactory(municipality=municipality)
    user = UserFactory(username="bench-coordinator")
    GroupRole.objects.create(user=user, working_group=group, role=RoleKind.COORDINATOR)
    regions, pages = generated_answers(SLUG, pages=PAGES, languages=LANGUAGES)
    files = [(f"pages-{code}.json", data) for code, data in pages.items()]
    start = time.perf_counter()
    services.import_files(municipality=municipality, data={"regions": regions, "pages": files}, by=user)
    imported = (time.perf_counter() - start) * 1000
    now = timezone.now()
    earlier = Meeting.objects.create(
        working_group=group,
        title="Frühjahr",
        start=now - datetime.timedelta(days=90),
        end=now - datetime.timedelta(days=90, hours=-2),
        status="held",
    )
    upcoming = Meeting.objects.create(
        working_group=group,
        title="Herbst",
        start=now + datetime.timedelta(days=30),
        end=now + datetime.timedelta(days=30, hours=2),
    )
    rows = list(Page.objects.order_by("position").values_list("key", "url"))
    PageCheck.objects.bulk_create(
        PageCheck(working_group=group, page_key=key, checked_at=earlier.start, meeting=earlier, result="checked")
        for key, _url in rows[::7]
    )
    Finding.objects.bulk_create(
        Finding(working_group=group, title=f"Lücke {n}", integreat_url=url) for n, (_key, url) in enumerate(rows[::11])
    )
    arbeit = ContentArea.objects.get(working_group=None, name="Arbeit")
    validation.add_areas(meeting=upcoming, data={"areas": [arbeit]})
    return group, user, upcoming, arbeit, imported


def measure(client, url, params=None):
    times, queries, size = [], 0, 0
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as context:
            start = time.perf_counter()
            response = client.get(url, params or {})
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
        queries, size = len(context), len(response.content)
    return statistics.median(times), max(times), queries, size


def main():
    from django.test import Client
    from django.test.utils import get_runner
    from django.urls import reverse

    setup_test_environment()
    runner = get_runner(django.conf.settings)(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        group, user, meeting, arbeit, imported = build()
        client = Client()
        client.force_login(user)
        kwargs = group.url_kwargs()
        tree = reverse("integreat:tree", kwargs=kwargs)
        pages = [
            ("tree, all 5,000 pages", tree, {}),
            ("tree, untranslated in ar", tree, {"language": "ar", "untranslated": "on"}),
            ("tree, outdated (12 months)", tree, {"outdated": "on"}),
            ("coverage", reverse("integreat:coverage", kwargs=kwargs), {}),
            ("Wirkung (with coverage)", reverse("findings:impact", kwargs=kwargs), {}),
            (
                "checklist, area picked",
                reverse("integreat:validation", kwargs={**kwargs, "pk": meeting.pk}),
                {"area": arbeit.pk},
            ),
        ]
        login_median, _worst, _queries, _size = measure(Client(), reverse("login"))
        print(f"{connection.vendor}, {PAGES} pages in {len(LANGUAGES)} languages, {ROUNDS} rounds each")
        print(f"import of the snapshot (upload service, 5,000 pages): {imported:.0f} ms")
        print(f"login page (yardstick): {login_median:.1f} ms")
        print(f"{'page':30} {'median ms':>10} {'max ms':>8} {'× login':>8} {'queries':>8} {'KB':>6}")
        for name, url, params in pages:
            median, worst, queries, size = measure(client, url, params)
            ratio = median / login_median
            print(f"{name:30} {median:10.1f} {worst:8.1f} {ratio:8.1f} {queries:8d} {size / 1024:6.0f}")
    finally:
        runner.teardown_databases(old_config)


if __name__ == "__main__":
    main()
