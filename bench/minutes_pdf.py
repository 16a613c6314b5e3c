"""Benchmark: a 6-page protocol downloaded through the app against WeasyPrint rendering the same HTML directly.

    .venv/bin/python bench/minutes_pdf.py                   # SQLite (a fresh temporary database)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/arbeitskreis_bench .venv/bin/python bench/minutes_pdf.py

Not part of the test run. It builds its own database (the test runner's machinery): a held meeting with twelve agenda
items with Markdown notes, forty people with names in Latin, Turkish, Cyrillic, Arabic and Persian script, decisions
and measures — six A4 pages. In the same run and interleaved, so that both see the same machine load, it times

- **app**: ``GET …/minutes/<id>/pdf/`` with the test client (session, permission, the protocol's queries, the
  template, rendering, storing in the cache), the minutes changed before every round so that the cache misses;
- **direct**: ``weasyprint.HTML(string=html).write_pdf()`` of the HTML the app rendered in that round (with the
  static-only URL fetcher, so it reads the same style sheet and fonts) — and, for information, with
  ``pdf_variant="pdf/ua-1"`` as the app writes it (the difference is what tagging costs);
- **cached**: the same download again, unchanged (served from the cache: no rendering).

Goals (exit status 1 when one is missed): the app at most 1.3 times the direct rendering, a cached download at least
50 times faster than one that renders.
"""

import datetime
import io
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

ITEMS, PEOPLE = 8, 40
ROUNDS = 7
HITS = 50
GOAL_RENDER_RATIO = 1.3
GOAL_CACHE_SPEEDUP = 50
NAMES = [
    ("Jürgen", "Weiß"),
    ("Ayşe", "Yılmaz"),
    ("İbrahim", "Öztürk"),
    ("Олена", "Шевченко"),
    ("محمد", "الأحمد"),
    ("فاطمه", "احمدی"),
    ("Zoë", "Łukasiewicz"),
]
NOTE = (
    "Die Teilnehmenden berichten aus ihrer Arbeit. **Wichtig:** die Seiten zur Anmeldung werden aktualisiert.\n\n"
    "- Beratungsstellen verteilen die neuen Flyer\n- die Volkshochschule nennt die App in jedem Kurs\n"
    "- Rückmeldungen aus der Zielgruppe sammelt die Migrationsberatung\n\n"
    "Weitere Informationen unter [integreat.app](https://integreat.app). " * 2
)


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def build():
    from django.utils import timezone

    from meetings.models import AgendaItem, Meeting, MeetingStatus
    from members.models import Participant
    from minutes import services
    from minutes.models import Measure
    from tests.factories import GroupRoleFactory, WorkingGroupFactory

    group = WorkingGroupFactory()
    coordinator = GroupRoleFactory(working_group=group).user
    start = timezone.now() - datetime.timedelta(days=3)
    meeting = Meeting.objects.create(
        working_group=group,
        title="Halbjährliches Treffen",
        start=start,
        end=start + datetime.timedelta(minutes=120),
        place="Landratsamt, Sitzungssaal 1.07",
        status=MeetingStatus.HELD,
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=n, title=f"Tagesordnungspunkt {n}", planned_minutes=10)
        for n in range(1, ITEMS + 1)
    )
    people = Participant.objects.bulk_create(
        Participant(working_group=group, given_name=NAMES[n % 7][0], family_name=f"{NAMES[n % 7][1]} {n}")
        for n in range(PEOPLE)
    )
    Measure.objects.bulk_create(
        Measure(working_group=group, meeting=meeting, title=f"Maßnahme {n}: Flyer in weiteren Sprachen", budget=500)
        for n in range(8)
    )
    data = {
        "attendance": {person.pk: "present" if n % 4 else "excused" for n, person in enumerate(people)},
        "guests": [("Svetlana Morozova", "Jugendmigrationsdienst")],
        "notes": {item.pk: NOTE for item in items},
        "answers": {},
        "decisions": [f"Beschluss {n}: Die Seite wird übersetzt." for n in range(8)],
    }
    services.save(meeting=meeting, revision=0, data=data, by=coordinator)
    return meeting, coordinator, data


def main() -> int:
    from django.conf import settings
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test import Client
    from django.test.utils import get_runner
    from django.urls import reverse
    from pypdf import PdfReader
    from weasyprint import HTML

    from documents.pdf import default_base_url, static_fetcher
    from minutes import documents, selectors, services

    # Not setup_test_environment(): it instruments every template rendering for the test assertions, which a
    # production server does not do. The test client only needs its host name allowed; mails stay in memory.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        meeting, coordinator, data = build()
        client = Client()
        client.force_login(coordinator)
        url = reverse("minutes:pdf", kwargs={**meeting.working_group.url_kwargs(), "pk": meeting.pk})

        def change(round_number):
            minutes = selectors.minutes_of(meeting)
            decisions = [*data["decisions"], f"Runde {round_number}"]
            services.save(meeting=meeting, revision=minutes.revision, data={**data, "decisions": decisions})

        def html_of_the_app():
            return render_to_string(
                "minutes/protocol_pdf.html", documents.protocol_context(selectors.minutes_of(meeting))
            )

        def direct(html, **options):
            HTML(string=html, base_url=default_base_url(), url_fetcher=static_fetcher()).write_pdf(**options)

        response = client.get(url)  # warm-up of both paths
        pages = len(PdfReader(io.BytesIO(response.content)).pages)
        direct(html_of_the_app())

        app, plain, tagged, rendered_once = [], [], [], []
        for round_number in range(ROUNDS):
            change(round_number)
            app.append(timed(lambda: client.get(url)))
            html = html_of_the_app()
            plain.append(timed(lambda html=html: direct(html)))
            tagged.append(timed(lambda html=html: direct(html, pdf_variant="pdf/ua-1")))
            rendered_once.append(html)
        hits = [timed(lambda: client.get(url)) for _ in range(HITS)]
        minutes = selectors.minutes_of(meeting)
        services.send_for_review(minutes=minutes)
        services.approve(minutes=selectors.minutes_of(meeting), by=coordinator)
        client.get(url)  # renders the approved minutes once
        approved_hits = [timed(lambda: client.get(url)) for _ in range(HITS)]
        vendor = connection.vendor
    finally:
        runner.teardown_databases(old_config)

    app_ms, plain_ms, tagged_ms, hit_ms, approved_ms = (
        statistics.median(values) for values in (app, plain, tagged, hits, approved_hits)
    )
    render_ratio = app_ms / plain_ms
    cache_speedup = app_ms / approved_ms
    print(f"protocol of {pages} pages ({ITEMS} items, {PEOPLE} people, {len(rendered_once[0]) // 1024} KB of HTML)")
    print(f"medians of {ROUNDS} downloads that render and {HITS} cached ones ({vendor})")
    print(f"{'app: the PDF view, rendering':44} {app_ms:9.1f} ms")
    print(f"{'WeasyPrint directly, write_pdf()':44} {plain_ms:9.1f} ms")
    print(f"{'WeasyPrint directly, pdf/ua-1':44} {tagged_ms:9.1f} ms   (what tagging costs, for information)")
    print(f"{'app: the PDF view, approved minutes, cached':44} {approved_ms:9.2f} ms")
    print(f"{'app: the PDF view, a draft, cached':44} {hit_ms:9.2f} ms   ({app_ms / hit_ms:.0f}x, for information)")
    print(f"app / direct:            {render_ratio:5.2f}   (goal <= {GOAL_RENDER_RATIO})")
    print(f"app / direct with tags:  {app_ms / tagged_ms:5.2f}   (the app's own overhead)")
    print(f"rendering / cached:      {cache_speedup:5.0f}x  (approved minutes; goal >= {GOAL_CACHE_SPEEDUP}x)")
    missed = []
    if pages != 6:
        print(f"note: the protocol has {pages} pages, not 6")
    if render_ratio > GOAL_RENDER_RATIO:
        missed.append(f"render ratio {render_ratio:.2f} > {GOAL_RENDER_RATIO}")
    if cache_speedup < GOAL_CACHE_SPEEDUP:
        missed.append(f"cache speed-up {cache_speedup:.0f}x < {GOAL_CACHE_SPEEDUP}x")
    if missed:
        print("GOAL MISSED: " + "; ".join(missed))
        return 1
    print("all goals met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
