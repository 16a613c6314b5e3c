"""Calendar data for meetings (RFC 5545, iTIP RFC 5546): pure builders and a reader, no database, no settings.

- ``invitation()``: METHOD:REQUEST (the invitation and every update) and METHOD:CANCEL (the cancellation).
- ``feed()``: METHOD:PUBLISH, a subscribable calendar of many meetings.
- ``parse_replies()``: the answers in a METHOD:REPLY that a calendar client mails back to the ORGANIZER.

The rules every builder keeps: the UID is the meeting's calendar UID and never changes; SEQUENCE is the meeting's
(the service raises it on every change that matters and on cancellation); DTSTAMP is the moment of building, in UTC;
DTSTART/DTEND carry TZID=Europe/Berlin, defined by one VTIMEZONE with the EU's yearly rules. Everything goes
through ``icalendar``; no text is concatenated here.
"""

import datetime
import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import icalendar

from meetings.scheduling import BERLIN

TZID = "Europe/Berlin"
PRODID = "-//Integreat//Arbeitskreis//DE"
# MeetingStatus.CANCELLED, spelled out so that this module imports without Django (a test pins the value).
CANCELLED_MEETING_STATUS = "cancelled"
STATUSES = ("CONFIRMED", "CANCELLED")
METHODS = ("REQUEST", "CANCEL")
PARTSTATS = ("NEEDS-ACTION", "ACCEPTED", "TENTATIVE", "DECLINED")
# The answers a REPLY can carry that the app records.
ANSWERS = ("ACCEPTED", "TENTATIVE", "DECLINED")
ROLES = ("REQ-PARTICIPANT", "OPT-PARTICIPANT", "NON-PARTICIPANT", "CHAIR")
# A reply is a few kilobytes; anything far larger is refused before the parser sees it.
MAX_REPLY_CHARS = 1_000_000


class CalendarError(Exception):
    """Calendar data that is not a readable METHOD:REPLY; the message says why (for the log)."""


def _check_email(email):
    if not isinstance(email, str) or "@" not in email or any(char.isspace() for char in email):
        raise ValueError(f"not an email address: {email!r}")


@dataclass(frozen=True)
class Person:
    """The ORGANIZER: a name (CN) and the address that replies go to."""

    name: str
    email: str

    def __post_init__(self):
        _check_email(self.email)


@dataclass(frozen=True)
class Attendee:
    """An ATTENDEE: PARTSTAT is their answer so far, RSVP asks their calendar for one."""

    name: str
    email: str
    partstat: str = "NEEDS-ACTION"
    role: str = "REQ-PARTICIPANT"
    rsvp: bool = True

    def __post_init__(self):
        _check_email(self.email)
        if self.partstat not in PARTSTATS:
            raise ValueError(f"unknown PARTSTAT {self.partstat!r}")
        if self.role not in ROLES:
            raise ValueError(f"unknown ROLE {self.role!r}")


@dataclass(frozen=True)
class Event:
    """One meeting as the calendar sees it; start and end are aware datetimes (any zone; written in Berlin time)."""

    uid: str
    sequence: int
    start: datetime.datetime
    end: datetime.datetime
    summary: str
    location: str = ""
    url: str = ""
    description: str = ""
    status: str = "CONFIRMED"
    last_modified: datetime.datetime | None = None

    def __post_init__(self):
        if not self.uid or not self.uid.strip():
            raise ValueError("an event needs a UID")
        if not isinstance(self.sequence, int) or self.sequence < 0:
            raise ValueError(f"SEQUENCE must be a non-negative integer, not {self.sequence!r}")
        for moment in (self.start, self.end, self.last_modified):
            if moment is not None and moment.utcoffset() is None:
                raise ValueError("start, end and last_modified must be aware datetimes")
        if self.end <= self.start:
            raise ValueError("an event must end after it starts")
        if self.status not in STATUSES:
            raise ValueError(f"unknown STATUS {self.status!r}")


@dataclass(frozen=True)
class Reply:
    """One attendee's answer read from a METHOD:REPLY; email is lower-case, partstat one of ANSWERS."""

    uid: str
    sequence: int
    email: str
    partstat: str
    comment: str


def event_from_meeting(meeting, *, url="", description="") -> Event:
    """The Event of a meeting, from the meeting's own fields only (no related objects, no queries).

    LOCATION is the place and the online link, whichever are set; a cancelled meeting gets STATUS:CANCELLED.
    ``url`` (the meeting's page) and ``description`` (the agenda) are rendered by the caller.
    """
    location = " / ".join(part for part in ((meeting.place or "").strip(), (meeting.online_link or "").strip()) if part)
    return Event(
        uid=meeting.calendar_uid,
        sequence=meeting.sequence,
        start=meeting.start,
        end=meeting.end,
        summary=meeting.title,
        location=location,
        url=url,
        description=description,
        status="CANCELLED" if meeting.status == CANCELLED_MEETING_STATUS else "CONFIRMED",
        last_modified=meeting.updated_at,
    )


def invitation(
    event: Event,
    *,
    method: str,
    organizer: Person,
    attendees: Iterable[Attendee],
    dtstamp: datetime.datetime | None = None,
) -> bytes:
    """An iTIP message for the event's attendees: METHOD:REQUEST (invitation, update) or METHOD:CANCEL.

    A cancellation always carries STATUS:CANCELLED; the caller raises SEQUENCE before sending it. Refused
    (ValueError): another method, no attendees (RFC 5546 requires at least one), an attendee twice, a REQUEST for a
    cancelled event, and an attendee with the organizer's address (Outlook would then take the reader for the
    organiser and show no answer buttons). DTSTAMP is now unless ``dtstamp`` is given.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    if method == "REQUEST" and event.status == "CANCELLED":
        raise ValueError("a cancelled event is sent with method CANCEL")
    attendees = list(attendees)
    if not attendees:
        raise ValueError("an invitation needs at least one attendee")
    organizer_email = organizer.email.strip().lower()
    seen = set()
    for attendee in attendees:
        email = attendee.email.strip().lower()
        if email == organizer_email:
            raise ValueError(f"the attendee {attendee.email} has the organizer's address")
        if email in seen:
            raise ValueError(f"the attendee {attendee.email} is listed twice")
        seen.add(email)
    calendar = _calendar(method)
    calendar.add_component(BERLIN_VTIMEZONE)
    vevent = _vevent(event, _utc(dtstamp), status="CANCELLED" if method == "CANCEL" else event.status)
    vevent.add("organizer", _organizer_address(organizer))
    for attendee in attendees:
        vevent.add("attendee", _attendee_address(attendee))
    calendar.add_component(vevent)
    return calendar.to_ical()


def feed(
    events: Iterable[Event],
    *,
    name: str,
    description: str = "",
    ttl_hours: float = 1,
    attendees_by_uid: Mapping[str, Iterable[Attendee]] | None = None,
    organizer: Person | None = None,
    dtstamp: datetime.datetime | None = None,
) -> bytes:
    """A subscription feed (METHOD:PUBLISH) of the events, cancelled ones kept with STATUS:CANCELLED.

    X-WR-CALNAME is ``name``; REFRESH-INTERVAL (RFC 7986) and X-PUBLISHED-TTL (Outlook) ask clients to poll every
    ``ttl_hours``. ATTENDEE lines only for the events that ``attendees_by_uid`` names: a feed that anyone with the
    link can read passes none. (RFC 5546 says a PUBLISH carries an ORGANIZER and no ATTENDEE; clients show feeds
    with attendees anyway, so this is for private feeds only.) One VTIMEZONE serves all events.
    """
    if ttl_hours <= 0:
        raise ValueError("ttl_hours must be positive")
    events = list(events)
    attendees_by_uid = attendees_by_uid or {}
    stamp = _utc(dtstamp)
    ttl = datetime.timedelta(hours=ttl_hours)
    calendar = _calendar("PUBLISH")
    calendar.add("x-wr-calname", name)
    if description:
        calendar.add("x-wr-caldesc", description)
    calendar.add("refresh-interval", ttl, parameters={"VALUE": "DURATION"})
    # add() would write a timedelta in an X- property as "1:00:00"; vDuration writes "PT1H".
    calendar.add("x-published-ttl", icalendar.vDuration(ttl))
    if events:
        calendar.add_component(BERLIN_VTIMEZONE)
    organizer_address = _organizer_address(organizer) if organizer else None
    addresses = {}  # one vCalAddress per distinct Attendee, shared by the events (serialising does not change it)
    for event in events:
        vevent = _vevent(event, stamp, status=event.status)
        if organizer_address is not None:
            vevent.add("organizer", organizer_address)
        for attendee in attendees_by_uid.get(event.uid, ()):
            address = addresses.get(attendee)
            if address is None:
                address = addresses[attendee] = _attendee_address(attendee)
            vevent.add("attendee", address)
        calendar.add_component(vevent)
    return calendar.to_ical()


def parse_replies(data: bytes | str) -> list[Reply]:
    """The answers in a METHOD:REPLY calendar, one Reply per ATTENDEE that accepted, tentatively accepted or declined.

    Reads what Outlook/Exchange (no ORGANIZER, the answer text in COMMENT), Gmail (the text in the ATTENDEE
    parameter X-RESPONSE-COMMENT, HTML-escaped), Thunderbird and Apple send; "mailto:" in any case. A missing or
    unreadable SEQUENCE counts as 0; events without UID and other PARTSTATs are skipped, so a REPLY may give [].
    Raises CalendarError, and no other exception, for data that is not a REPLY or cannot be parsed.
    """
    try:
        return _parse_replies(data)
    except CalendarError:
        raise
    except Exception as error:  # the parser's failures on hostile input are not a documented, closed set
        raise CalendarError(f"unreadable calendar data ({type(error).__name__}: {error})") from error


def _parse_replies(data):
    if isinstance(data, bytes):
        data = data.decode("utf-8-sig", errors="replace")
    if not isinstance(data, str):
        raise CalendarError(f"expected bytes or str, not {type(data).__name__}")
    if len(data) > MAX_REPLY_CHARS:
        raise CalendarError(f"calendar data of {len(data)} characters is too large for a reply")
    if "BEGIN:VCALENDAR" not in data.upper():
        raise CalendarError("no VCALENDAR in the data")
    calendars = icalendar.Calendar.from_ical(data, multiple=True)
    methods = [str(calendar.get("METHOD", "")).strip().upper() for calendar in calendars]
    if "REPLY" not in methods:
        raise CalendarError(f"not a REPLY (METHOD {', '.join(methods) or 'missing'})")
    replies = []
    for calendar, method in zip(calendars, methods, strict=True):
        if method != "REPLY":
            continue
        for vevent in calendar.walk("VEVENT"):
            uid = str(vevent.get("UID", "")).strip()
            if not uid:
                continue
            sequence = _sequence(vevent.get("SEQUENCE"))
            comment = "\n".join(str(text) for text in _as_list(vevent.get("COMMENT"))).strip()
            for address in _as_list(vevent.get("ATTENDEE")):
                params = getattr(address, "params", {})
                partstat = str(params.get("PARTSTAT", "")).strip().upper()
                email = _email(address)
                if partstat in ANSWERS and email:
                    text = comment or _response_comment(params.get("X-RESPONSE-COMMENT"))
                    replies.append(Reply(uid=uid, sequence=sequence, email=email, partstat=partstat, comment=text))
    return replies


def _as_list(value):
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _sequence(value):
    try:
        return max(int(str(value).strip()), 0) if value is not None else 0
    except ValueError:
        return 0


def _email(address):
    text = str(address).strip()
    if text[:7].lower() == "mailto:":
        text = text[7:].strip()
    text = text.lower()
    return text if "@" in text and not any(char.isspace() for char in text) else ""


def _response_comment(value):
    """Gmail's X-RESPONSE-COMMENT: HTML entities (&#39;) and, without quotes, split at commas."""
    if not value:
        return ""
    text = ", ".join(str(part) for part in value) if isinstance(value, list) else str(value)
    return html.unescape(text).strip()


def _calendar(method):
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


def _utc(moment):
    if moment is None:
        return datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    if moment.utcoffset() is None:
        raise ValueError("dtstamp must be an aware datetime")
    return moment.astimezone(datetime.UTC).replace(microsecond=0)


def _berlin_vtimezone():
    """The VTIMEZONE for Europe/Berlin as Outlook, Google and Thunderbird write it: the EU rule (since 1996) as two
    yearly RRULEs — summer time from 02:00 on the last Sunday of March, winter time from 03:00 on the last Sunday of
    October. Valid for every year of the rule (a test checks it against the zoneinfo data, 2000–2060), so one
    component serves every calendar; icalendar's zoneinfo export writes each year's change separately instead, with a
    "works only from … to …" comment and the summer onset in the new offset."""
    timezone = icalendar.Timezone()
    timezone.add("tzid", TZID)
    for component, start, offset_from, offset_to, name, month in (
        (icalendar.TimezoneDaylight(), datetime.datetime(1970, 3, 29, 2), 1, 2, "CEST", 3),
        (icalendar.TimezoneStandard(), datetime.datetime(1970, 10, 25, 3), 2, 1, "CET", 10),
    ):
        component.add("tzname", name)
        component.add("tzoffsetfrom", datetime.timedelta(hours=offset_from))
        component.add("tzoffsetto", datetime.timedelta(hours=offset_to))
        component.add("dtstart", start)
        component.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        timezone.add_component(component)
    return timezone


BERLIN_VTIMEZONE = _berlin_vtimezone()


def _vevent(event, dtstamp, *, status):
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", dtstamp)
    vevent.add("dtstart", event.start.astimezone(BERLIN))
    vevent.add("dtend", event.end.astimezone(BERLIN))
    vevent.add("summary", event.summary)
    if event.location:
        vevent.add("location", event.location)
    if event.url:
        vevent.add("url", event.url)
    if event.description:
        vevent.add("description", event.description)
    vevent.add("status", status)
    if event.last_modified is not None:
        vevent.add("last-modified", event.last_modified.astimezone(datetime.UTC))
    return vevent


def _common_name(name):
    """CN without double quotes (icalendar would write RFC 6868 ^' which Outlook shows as is) or line breaks."""
    return " ".join(name.replace('"', "'").split())


def _organizer_address(person):
    address = icalendar.vCalAddress(f"mailto:{person.email.strip()}")
    if _common_name(person.name):
        address.params["CN"] = _common_name(person.name)
    return address


def _attendee_address(attendee):
    address = icalendar.vCalAddress(f"mailto:{attendee.email.strip()}")
    if _common_name(attendee.name):
        address.params["CN"] = _common_name(attendee.name)
    address.params["ROLE"] = attendee.role
    address.params["PARTSTAT"] = attendee.partstat
    address.params["RSVP"] = "TRUE" if attendee.rsvp else "FALSE"
    return address
