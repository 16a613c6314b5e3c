"""Benchmark: the group's calendar feed with 500 meetings, a calendar client's repeated poll, and 300 invitations.

    .venv/bin/python bench/invitations.py                    # SQLite (a fresh temporary database)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/arbeitskreis_bench .venv/bin/python bench/invitations.py

Not part of the test run. It builds its own database (the test runner's machinery), and measures in the same run:

- **feed**: the group feed (500 meetings with 5 agenda items and 20 invited participants each) through the view
  (test client: URL, token lookup, fingerprint, queries, building, response) against building the same calendar
  with bare ``icalendar`` from data already in memory — goal: the view adds at most 50 % (ratio ≤ 1.5);
- **poll**: the same request with ``If-None-Match`` (304, nothing built) against the full request — goal: at least
  20 times cheaper;
- **invitations**: ``send_invitations`` for a meeting with 300 participants (render text, HTML and calendar data
  per person, queue in the outbox), then ``send_due`` delivering them to a local SMTP server — time per mail.

Prints the figures and exits with 1 when a goal is missed.
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

import logging  # noqa: E402

import icalendar  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402

# Tasks are recorded, not run: only send_due sends.
override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}).enable()
logging.getLogger("mail.log").setLevel(logging.WARNING)

MEETINGS, ITEMS, ATTENDEES, INVITED = 500, 5, 20, 300
ROUNDS = 7


def build():
    from django.utils import timezone

    from meetings.feeds import create_feed
    from meetings.models import AgendaItem, Invitation, Meeting, MeetingStatus
    from members.models import Participant, new_token, token_digest
    from tests.factories import WorkingGroupFactory

    group = WorkingGroupFactory()
    people = Participant.objects.bulk_create(
        Participant(
            working_group=group,
            given_name="Person",
            family_name=f"Nr. {n}",
            email=f"person{n}@example.org",
            consent_given_at=datetime.date(2025, 1, 1),
            token=(token := new_token()),
            token_digest=token_digest(token),
        )
        for n in range(INVITED)
    )
    start = timezone.now().replace(hour=14, minute=0, second=0, microsecond=0)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            working_group=group,
            title=f"Treffen {n}",
            start=start + datetime.timedelta(days=7 * n - 1000),
            end=start + datetime.timedelta(days=7 * n - 1000, minutes=90),
            place="Landratsamt, Sitzungssaal 1.07",
            status=MeetingStatus.CANCELLED if n % 50 == 0 else MeetingStatus.HELD,
        )
        for n in range(MEETINGS)
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=p, title=f"Tagesordnungspunkt {p}", planned_minutes=15)
        for meeting in meetings
        for p in range(1, ITEMS + 1)
    )
    Invitation.objects.bulk_create(
        Invitation(meeting=meeting, participant=people[(index + n) % INVITED], sent_at=start)
        for index, meeting in enumerate(meetings)
        for n in range(ATTENDEES)
    )
    upcoming = Meeting.objects.create(
        working_group=group,
        title="Herbsttreffen",
        start=start + datetime.timedelta(days=30),
        end=start + datetime.timedelta(days=30, minutes=90),
        place="Rathaus",
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=upcoming, position=p, title=f"Punkt {p}", planned_minutes=15) for p in range(1, 6)
    )
    return group, create_feed(group=group, label="Bench"), upcoming


def bare_icalendar(rows):
    """The same calendar as the group feed, built with bare icalendar from rows already in memory."""
    from meetings.calendar import BERLIN_VTIMEZONE
    from meetings.scheduling import BERLIN

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//bench//")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Arbeitskreis")
    calendar.add_component(BERLIN_VTIMEZONE)
    stamp = datetime.datetime.now(datetime.UTC)
    for uid, sequence, start, end, title, place, url, description, status in rows:
        event = icalendar.Event()
        event.add("uid", uid)
        event.add("sequence", sequence)
        event.add("dtstamp", stamp)
        event.add("dtstart", start.astimezone(BERLIN))
        event.add("dtend", end.astimezone(BERLIN))
        event.add("summary", title)
        event.add("location", place)
        event.add("url", url)
        event.add("description", description)
        event.add("status", status)
        event.add("last-modified", stamp)
        calendar.add_component(event)
    return calendar.to_ical()


def median_ms(function, rounds=ROUNDS):
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    from django.test import Client
    from django.test.utils import get_runner
    from django.urls import reverse

    from meetings import feeds, invitations
    from outbox import services as outbox
    from tests.smtp import SMTPServer

    setup_test_environment()
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    server = SMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    failures = []
    try:
        group, feed, upcoming = build()
        client = Client()
        address = reverse("feeds:calendar", kwargs={"token": feed.token})
        first = client.get(address)
        assert first.status_code == 200 and first.content.count(b"BEGIN:VEVENT") == MEETINGS + 1

        meetings = group.meetings.order_by("start").prefetch_related("agenda_items")
        rows = [
            (
                m.calendar_uid,
                m.sequence,
                m.start,
                m.end,
                m.title,
                m.place,
                f"https://ak.example.org/m/{m.pk}/",
                feeds._description(m, [(i.title, i.planned_minutes) for i in m.agenda_items.all()]),
                "CANCELLED" if m.status == "cancelled" else "CONFIRMED",
            )
            for m in meetings
        ]
        baseline = median_ms(lambda: bare_icalendar(rows))
        view = median_ms(lambda: client.get(address))
        poll = median_ms(lambda: client.get(address, HTTP_IF_NONE_MATCH=first["ETag"]))
        assert client.get(address, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

        start = time.perf_counter()
        sent = invitations.send_invitations(meeting=upcoming)
        queue_ms = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        delivered = outbox.send_due()
        deliver_ms = (time.perf_counter() - start) * 1000
        assert len(sent) == delivered == INVITED and len(server.raw) == INVITED

        print(
            f"{connection.vendor}: feed of {MEETINGS + 1} meetings ({len(first.content) / 1e6:.1f} MB), "
            f"{ATTENDEES} invited each; median of {ROUNDS}"
        )
        print(f"{'':52} {'ms':>9} {'ratio':>7} {'goal':>9}")
        print(f"{'baseline: bare icalendar, same calendar':52} {baseline:9.1f} {1:7.2f}")
        ratio = view / baseline
        print(f"{'feed through the view (queries, build, response)':52} {view:9.1f} {ratio:7.2f} {'<= 1.5':>9}")
        cheaper = view / poll
        print(f"{'poll with If-None-Match (304)':52} {poll:9.2f} {cheaper:6.0f}x {'>= 20x':>9}")
        print(f"{'send_invitations: render + queue, per mail':52} {queue_ms / INVITED:9.2f}")
        print(f"{'send_due to a local SMTP server, per mail':52} {deliver_ms / INVITED:9.2f}")
        if ratio > 1.5:
            failures.append(f"the feed view takes {ratio:.2f} times bare icalendar (goal 1.5)")
        if cheaper < 20:
            failures.append(f"a conditional poll is only {cheaper:.0f} times cheaper (goal 20)")
    finally:
        server.stop()
        runner.teardown_databases(old_config)
    if failures:
        print("GOAL MISSED:", *failures, sep="\n  ")
        sys.exit(1)


if __name__ == "__main__":
    main()
