"""Benchmark: every main page of a large installation in one table, against two baselines measured in the same run.

    .venv/bin/python bench/pages.py                 # SQLite (a fresh temporary database)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/arbeitskreis_bench .venv/bin/python bench/pages.py

``make bench`` runs it first. Its own database (created, dropped again) in two sizes; every page through Django's
test client with the whole middleware stack:

1. **small**: 10 municipalities; the measured group with 300 participants, 60 meetings (the next one invited: 300
   invitations), minutes with 20 agenda items, 500 measures, 1,000 Integreat pages — and 10 content gaps. The
   query count of every page is taken.
2. **large**: 90 more municipalities with a working group, coordinator, people, gaps and measures each, and 4,990
   more content gaps in the measured group (5,000). Every page timed (median of repeated requests), queries again.

Baselines of the same run: a trivial view (``HttpResponse("ok")``, same middleware) and the layout floor (the login
page). Goals (exit status 1 when one is missed): every page at most 5 times the floor, at most 12 queries, the same
queries in both sizes; the import preview of 2,000 rows under one second. README "Performance" has the figures.
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

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

ROUNDS = 9
GOAL_FLOOR_RATIO = 5
GOAL_QUERIES = 12
GOAL_PREVIEW_MS = 1000
STATES = ["BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"]
FAMILY = ["Öztürk", "Yılmaz", "Müller", "Haddad", "Шевченко", "Kovalenko", "Ahmadi", "Weiß", "Popescu", "İnce"]
SLUG = "gemeinde-000"


def _municipalities(start, stop):
    from arbeitskreis.models import GroupRole, Municipality, RoleKind, WorkingGroup
    from findings.models import Finding
    from members.models import Participant
    from minutes.models import Measure
    from tests.factories import UserFactory

    municipalities = Municipality.objects.bulk_create(
        Municipality(
            name=f"Gemeinde {n:03d}", slug=f"gemeinde-{n:03d}", state=STATES[n % len(STATES)], integreat_region_slug=""
        )
        for n in range(start, stop)
    )
    groups = WorkingGroup.objects.bulk_create(
        WorkingGroup(municipality=m, name=f"Arbeitskreis {m.name}", slug="arbeitskreis") for m in municipalities
    )
    for group in groups:
        user = UserFactory(username=f"coordination-{group.municipality.slug}")
        GroupRole.objects.create(user=user, working_group=group, role=RoleKind.COORDINATOR)
    Participant.objects.bulk_create(
        Participant(working_group=g, given_name=f"Person {n}", family_name=FAMILY[n % 10])
        for g in groups
        for n in range(5)
    )
    Finding.objects.bulk_create(
        Finding(working_group=g, title=f"Lücke {n}", status=("open", "resolved")[n % 2])
        for g in groups
        for n in range(8)
    )
    Measure.objects.bulk_create(Measure(working_group=g, title=f"Maßnahme {n}") for g in groups for n in range(3))
    return groups


def _findings(group, start, stop, meetings, participants, organizations):
    from django.utils import timezone

    from arbeitskreis.languages import LANGUAGES
    from findings.models import ContentArea, Finding

    now = timezone.now()
    codes = [code for code, _name in LANGUAGES]
    areas = list(ContentArea.objects.filter(working_group=None))
    statuses = ["open", "resolved", "in_progress", "rejected"]
    rows = []
    for i in range(start, stop):
        status = statuses[i % 4]
        created = now - datetime.timedelta(days=i % 1700, hours=i % 24)
        rows.append(
            Finding(
                working_group=group,
                title=f"Inhaltslücke {i}: Seite zur Wohnungssuche fehlt",
                description="Die Informationen zur Anmeldung in der Kita sind veraltet.",
                content_area=areas[i % len(areas)],
                languages=f",{codes[i % len(codes)]},{codes[(i * 7) % len(codes)]},",
                status=status,
                priority=1 + i % 3,
                raised_in_meeting=meetings[i % len(meetings)] if i % 2 else None,
                assignee_participant=participants[i % len(participants)] if i % 3 == 0 else None,
                assignee_organization=organizations[i % len(organizations)] if i % 3 == 1 else None,
                due_date=(now + datetime.timedelta(days=(i % 120) - 60)).date(),
                created_at=created,
                closed_at=created + datetime.timedelta(days=5 + i % 90) if status in ("resolved", "rejected") else None,
            )
        )
    Finding.objects.bulk_create(rows, batch_size=500)


def build():
    """The small installation; returns what the pages need."""
    from django.utils import timezone

    from arbeitskreis.languages import LANGUAGES
    from integreat import services as integreat_services
    from meetings import invitations
    from meetings.feeds import create_feed
    from meetings.models import AgendaItem, Meeting, MeetingStatus
    from members.models import Organization, Participant, new_token, token_digest
    from minutes import services as minutes_services
    from minutes.models import Measure
    from networks import newcomers
    from networks import services as networks_services
    from tests.factories import UserFactory
    from tests.integreat.api import generated_answers

    groups = _municipalities(0, 10)
    group = groups[0]
    group.municipality.integreat_region_slug = SLUG
    group.municipality.save()
    group.organizer_name, group.organizer_email = "Koordination", "koordination@gemeinde-000.example.de"
    group.save()
    coordinator = group.roles.get().user
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
            consent_given_at=datetime.date(2025, 1, 1),
            organization=organizations[n % 30],
            languages=f",{codes[n % len(codes)]},{codes[(n * 7) % len(codes)]},",
            token=(token := new_token()),
            token_digest=token_digest(token),
        )
        for n in range(300)
    )
    now = timezone.now()
    starts = [now - datetime.timedelta(days=30 * (59 - n) + 10) for n in range(59)] + [
        now + datetime.timedelta(days=21)
    ]
    meetings = Meeting.objects.bulk_create(
        Meeting(
            working_group=group,
            title=f"Treffen {n}",
            start=starts[n],
            end=starts[n] + datetime.timedelta(minutes=90),
            place="Rathaus",
            calendar_uid=f"bench-{n}@arbeitskreis",
            status=MeetingStatus.HELD if n < 59 else MeetingStatus.PLANNED,
        )
        for n in range(60)
    )
    upcoming, last_held = meetings[-1], meetings[-2]
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=m, position=p, title=f"Punkt {p}", planned_minutes=10)
        for m in meetings
        for p in range(1, 6 if m != last_held else 21)
    )
    invitations.send_invitations(meeting=upcoming)
    minutes = minutes_services.minutes_for(meeting=last_held)
    minutes_services.save(
        meeting=last_held,
        revision=minutes.revision,
        data={
            "attendance": {p.pk: "present" if i % 4 else "excused" for i, p in enumerate(participants[:40])},
            "guests": [("Svetlana Morozova", "Jugendmigrationsdienst")],
            "notes": {
                item.pk: f"Besprochen: **{item.title}**\n\n- eins\n- zwei" for item in last_held.agenda_items.all()
            },
            "answers": {},
            "decisions": [f"Beschluss {n}" for n in range(5)],
        },
        by=coordinator,
    )
    Measure.objects.bulk_create(
        Measure(
            working_group=group,
            meeting=meetings[n % 59],
            title=f"Maßnahme {n}: Flyer in weiteren Sprachen",
            responsible_participant=participants[n % 300] if n % 2 else None,
            responsible_organization=organizations[n % 30] if n % 2 == 0 else None,
            status=("open", "in_progress", "done", "dropped")[n % 4],
            due_date=(now + datetime.timedelta(days=(n % 200) - 100)).date(),
            budget=100 + n,
        )
        for n in range(500)
    )
    regions, pages = generated_answers(SLUG, pages=1000, languages=("de", "en", "ar"))
    integreat_services.import_files(
        municipality=group.municipality,
        data={"regions": regions, "pages": [(f"pages-{code}.json", data) for code, data in pages.items()]},
        by=coordinator,
    )
    _findings(group, 0, 10, meetings, participants, organizations)
    group_feed = create_feed(group=group, label="Büro", by=coordinator)
    person = participants[1]
    personal_feed = create_feed(group=group, participant=person)
    staff = UserFactory(username="bench-staff", is_staff=True)
    network = networks_services.create_network(
        state=group.municipality.state,
        data={"organizer_name": "Integreat-Team", "organizer_email": "netzwerk@integreat.example.org"},
    )
    newcomer_link = newcomers.open_link(group=group)
    return {
        "network": network,
        "newcomer_key": newcomer_link.key,
        "group": group,
        "coordinator": coordinator,
        "staff": staff,
        "person": person,
        "upcoming": upcoming,
        "last_held": last_held,
        "meetings": meetings,
        "participants": participants,
        "organizations": organizations,
        "group_feed": group_feed,
        "personal_feed": personal_feed,
    }


def grow(world):
    """From the small to the large installation."""
    from networks.services import sync_members

    _municipalities(10, 100)
    _findings(world["group"], 10, 5000, world["meetings"], world["participants"], world["organizations"])
    sync_members(network=world["network"])


def pages(world):
    """``(name, client, url)`` of every main page, the two baselines first."""
    from django.test import Client
    from django.urls import reverse

    from meetings.feeds import feed_url
    from tests.personal import open_personal_link

    kwargs = world["group"].url_kwargs()
    coordinator, staff, participant = Client(), Client(), Client()
    coordinator.force_login(world["coordinator"])
    staff.force_login(world["staff"])
    open_personal_link(participant, world["person"])
    held = {**kwargs, "pk": world["last_held"].pk}

    def group_url(name, **extra):
        return reverse(name, kwargs={**kwargs, **extra})

    return [
        ("trivial view (baseline)", Client(), "/bench/ok"),
        ("login page (layout floor)", Client(), reverse("login")),
        ("dashboard, coordinator", coordinator, reverse("dashboard")),
        ("dashboard, staff", staff, reverse("dashboard")),
        ("group page", coordinator, reverse("groups:detail", kwargs=kwargs)),
        ("participant list", coordinator, group_url("members:participant-list")),
        ("meeting list", coordinator, group_url("meetings:list")),
        ("meeting page", coordinator, world["upcoming"].get_absolute_url()),
        ("invitations of a meeting", coordinator, group_url("meetings:invitations", pk=world["upcoming"].pk)),
        ("minutes (20 items)", coordinator, reverse("minutes:detail", kwargs=held)),
        ("minutes, recording page", coordinator, reverse("minutes:edit", kwargs=held)),
        ("minutes PDF (cached)", coordinator, reverse("minutes:pdf", kwargs=held)),
        ("measures register", coordinator, group_url("minutes:measures")),
        ("content gaps register", coordinator, group_url("findings:list")),
        ("Wirkung, group", coordinator, group_url("findings:impact")),
        ("Wirkung, staff (all)", staff, reverse("findings-overview:impact")),
        ("Integreat page tree", coordinator, group_url("integreat:tree")),
        ("Integreat coverage", coordinator, group_url("integreat:coverage")),
        ("network report", staff, reverse("network:report", kwargs=world["network"].url_kwargs())),
        ("feedback inbox", staff, reverse("networks:inbox")),
        ("newcomers' form (public)", Client(), reverse("newcomer-form:form", kwargs={"key": world["newcomer_key"]})),
        ("personal page", participant, reverse("personal:page")),
        ("feed, group", Client(), feed_url(world["group_feed"])),
        ("feed, personal", Client(), feed_url(world["personal_feed"])),
    ]


def request(client, url):
    with CaptureQueriesContext(connection) as context:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(context)


def measure(client, url):
    request(client, url)  # warm: the first request fills caches (PDF, templates)
    results = [request(client, url) for _ in range(ROUNDS)]
    return statistics.median(elapsed for elapsed, _queries in results), results[-1][1]


def import_preview(world):
    """Upload a CSV of 2,000 people and open its preview (median of 3)."""
    import csv
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from members.models import ImportBatch

    client = Client()
    client.force_login(world["coordinator"])
    kwargs = world["group"].url_kwargs()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["Vorname", "Nachname", "E-Mail", "Organisation", "Sprachen"])
    for n in range(2000):
        writer.writerow([f"Neu {n}", FAMILY[n % 10], f"neu{n}@example.org", f"Verein {n % 40}", "Deutsch, Türkisch"])
    data = buffer.getvalue().encode("utf-8-sig")
    response = client.post(
        reverse("members:import-upload", kwargs=kwargs), {"file": SimpleUploadedFile("liste.csv", data)}
    )
    assert response.status_code == 302, response.status_code
    url = reverse("members:import-preview", kwargs={**kwargs, "batch": ImportBatch.objects.latest("pk").pk})
    times = []
    for _ in range(3):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return statistics.median(times)


def main() -> int:
    from django.test.utils import get_runner

    # Not setup_test_environment(): it instruments every template rendering for the test assertions, which a
    # production server does not do. The test client only needs its host name allowed.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.ROOT_URLCONF = "bench._urls"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        started = time.perf_counter()
        world = build()
        small = {name: measure(client, url)[1] for name, client, url in pages(world)}
        grow(world)
        built = time.perf_counter() - started
        rows = [(name, *measure(client, url)) for name, client, url in pages(world)]
        preview_ms = import_preview(world)
        vendor = connection.vendor
    finally:
        runner.teardown_databases(old_config)

    trivial, floor = rows[0][1], rows[1][1]
    print(
        f"{vendor}: 100 municipalities; the measured group with 300 participants, 60 meetings, 5,000 content gaps,"
        f" 500 measures, minutes with 20 items, 1,000 Integreat pages (built in {built:.0f} s); median of {ROUNDS}"
    )
    print(f"{'page':30} {'ms':>8} {'× trivial':>10} {'× floor':>8} {'queries':>8} {'at 10':>6}")
    missed = []
    for name, median, queries in rows:
        ratio = median / floor
        flags = []
        if name not in (rows[0][0], rows[1][0]):
            if ratio > GOAL_FLOOR_RATIO:
                flags.append(f"> {GOAL_FLOOR_RATIO}× floor")
            if queries > GOAL_QUERIES:
                flags.append(f"> {GOAL_QUERIES} queries")
            if queries != small[name]:
                flags.append("queries grow")
        missed += [f"{name}: {flag}" for flag in flags]
        print(
            f"{name:30} {median:8.1f} {median / trivial:10.1f} {ratio:8.1f} {queries:8d} {small[name]:6d}"
            + (f"   ← {', '.join(flags)}" if flags else "")
        )
    print(f"import preview of 2,000 rows: {preview_ms:.0f} ms (goal < {GOAL_PREVIEW_MS} ms)")
    if preview_ms >= GOAL_PREVIEW_MS:
        missed.append(f"import preview {preview_ms:.0f} ms")
    if missed:
        print("GOALS MISSED:\n  " + "\n  ".join(missed))
        return 1
    print("all goals met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
