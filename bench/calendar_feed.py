"""Benchmark: a calendar feed of 500 meetings with 20 attendees each, ``meetings.calendar.feed`` against bare icalendar.

    .venv/bin/python bench/calendar_feed.py

Not part of the test run, and needs no database: both sides build the same calendar in memory (same properties,
one VTIMEZONE for Europe/Berlin, 500 VEVENTs with ORGANIZER and 20 ATTENDEEs) and serialise it. The bare side is
what one would write with icalendar directly. The rounds alternate between the two; the script prints the median
and fastest time of each, the ratio of the medians, and exits with status 1 when the builder needs more than
1.5 times the bare time.
"""

import datetime
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import icalendar  # noqa: E402

from meetings.calendar import PRODID, TZID, Attendee, Event, Person, feed  # noqa: E402
from meetings.scheduling import BERLIN  # noqa: E402

EVENTS = 500
ATTENDEES = 20
ROUNDS = 7
GOAL = 1.5
STAMP = datetime.datetime(2026, 1, 15, 9, 0, tzinfo=datetime.UTC)


def data():
    first = datetime.datetime(2026, 1, 5, 16, 0, tzinfo=BERLIN)
    events = []
    for n in range(EVENTS):
        start = first + datetime.timedelta(days=n)
        events.append(
            Event(
                uid=f"meeting-{n}@arbeitskreis",
                sequence=n % 4,
                start=start,
                end=start + datetime.timedelta(minutes=90),
                summary=f"Arbeitskreis Integration – Treffen {n}",
                location="Rathaus, Sitzungssaal 2 / https://meet.example.org/ak",
                url=f"https://arbeitskreis.example.org/treffen/{n}",
                description="TOP 1 Begrüßung\nTOP 2 Rückblick\nTOP 3 Inhaltslücken\nTOP 4 Verschiedenes",
                status="CANCELLED" if n % 25 == 0 else "CONFIRMED",
            )
        )
    people = [
        Attendee(
            f"Teilnehmende Person {n}",
            f"person{n}@traeger.example.org",
            partstat="ACCEPTED" if n % 3 else "NEEDS-ACTION",
        )
        for n in range(ATTENDEES)
    ]
    return events, {event.uid: people for event in events}, Person("Koordination", "ak@kommune.example.org")


def with_builder(events, attendees_by_uid, organizer):
    return feed(
        events, name="Arbeitskreis Integration", attendees_by_uid=attendees_by_uid, organizer=organizer, dtstamp=STAMP
    )


def bare(events, attendees_by_uid, organizer):
    """The same calendar written with icalendar alone."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Arbeitskreis Integration")
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(datetime.timedelta(hours=1)))
    calendar.add_component(
        icalendar.Timezone.from_tzinfo(
            BERLIN, TZID, first_date=datetime.date(2026, 1, 1), last_date=datetime.date(2028, 1, 1)
        )
    )
    for event in events:
        vevent = icalendar.Event()
        vevent.add("uid", event.uid)
        vevent.add("sequence", event.sequence)
        vevent.add("dtstamp", STAMP)
        vevent.add("dtstart", event.start)
        vevent.add("dtend", event.end)
        vevent.add("summary", event.summary)
        vevent.add("location", event.location)
        vevent.add("url", event.url)
        vevent.add("description", event.description)
        vevent.add("status", event.status)
        vevent.add("organizer", f"mailto:{organizer.email}", parameters={"CN": organizer.name})
        for person in attendees_by_uid[event.uid]:
            vevent.add(
                "attendee",
                f"mailto:{person.email}",
                parameters={"CN": person.name, "ROLE": person.role, "PARTSTAT": person.partstat, "RSVP": "TRUE"},
            )
        calendar.add_component(vevent)
    return calendar.to_ical()


def timed(function, arguments):
    started = time.perf_counter()
    output = function(*arguments)
    return time.perf_counter() - started, output


def main():
    arguments = data()
    builder_times, bare_times = [], []
    for _ in range(ROUNDS):
        seconds, built = timed(with_builder, arguments)
        builder_times.append(seconds)
        seconds, plain = timed(bare, arguments)
        bare_times.append(seconds)
    parsed = icalendar.Calendar.from_ical(built)
    assert len(parsed.walk("VEVENT")) == EVENTS and len(parsed.walk("VTIMEZONE")) == 1
    assert built.count(b"ATTENDEE;") == plain.count(b"ATTENDEE;") == EVENTS * ATTENDEES
    ratio = statistics.median(builder_times) / statistics.median(bare_times)
    print(f"feed of {EVENTS} events x {ATTENDEES} attendees ({len(built) / 1e6:.1f} MB), {ROUNDS} rounds each")
    for label, times in (("meetings.calendar.feed", builder_times), ("bare icalendar", bare_times)):
        print(f"  {label:24} median {statistics.median(times) * 1000:7.1f} ms   fastest {min(times) * 1000:7.1f} ms")
    print(f"  ratio builder / bare: {ratio:.2f} (goal <= {GOAL})")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
