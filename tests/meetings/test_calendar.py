"""The calendar builders (meetings/calendar.py): every file is parsed back with icalendar and its properties asserted.

No test here touches the database (none asks for the ``db`` fixture, so pytest-django would refuse a query).
Reading answers (``parse_replies``) is tested with the mail it arrives in, in test_inbound.py.
"""

import datetime

import icalendar
import pytest
from dateutil.rrule import rrulestr

from meetings.calendar import (
    CANCELLED_MEETING_STATUS,
    Attendee,
    Event,
    Person,
    Reply,
    event_from_meeting,
    feed,
    invitation,
    parse_replies,
)
from meetings.models import Meeting, MeetingStatus
from meetings.scheduling import BERLIN
from tests.meetings.factories import at

UTC = datetime.UTC
ORGANIZER = Person("Koordination Arbeitskreis", "ak@kommune.example.org")
ANNA = Attendee("Anna Schmidt", "anna@traeger.example.org")
STAMP = datetime.datetime(2026, 6, 10, 8, 0, tzinfo=UTC)
UID = "0b6f-meeting@arbeitskreis"


def event(**overrides):
    values = {
        "uid": UID,
        "sequence": 0,
        "start": at("2026-07-01"),
        "end": at("2026-07-01", 17, 30),
        "summary": "Arbeitskreis Integration",
        "location": "Rathaus, Sitzungssaal 2",
        "url": "https://arbeitskreis.example.org/treffen/7",
        "description": "TOP 1 Begrüßung\nTOP 2 Rückblick",
    }
    values.update(overrides)
    return Event(**values)


def request(ev=None, attendees=(ANNA,), **kwargs):
    kwargs.setdefault("dtstamp", STAMP)
    return invitation(ev or event(), method="REQUEST", organizer=ORGANIZER, attendees=attendees, **kwargs)


def parse(data):
    assert isinstance(data, bytes)
    return icalendar.Calendar.from_ical(data)


def only_event(calendar):
    (vevent,) = calendar.walk("VEVENT")
    return vevent


def as_list(value):
    """A property that occurs once comes back alone, several times as a list: always a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def offsets(calendar):
    (timezone,) = calendar.walk("VTIMEZONE")
    return {sub["TZOFFSETTO"].td for sub in timezone.walk() if sub.name in ("STANDARD", "DAYLIGHT")}


# --- invitation: METHOD:REQUEST ---------------------------------------------------------------------------------


def test_an_invitation_carries_every_property_the_clients_need():
    calendar = parse(request())
    assert calendar["METHOD"] == "REQUEST"
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"].startswith("-//")
    vevent = only_event(calendar)
    assert vevent["UID"] == UID
    assert vevent["SEQUENCE"] == 0
    assert vevent["DTSTAMP"].dt == STAMP
    assert vevent["DTSTART"].dt == at("2026-07-01")
    assert vevent["DTEND"].dt == at("2026-07-01", 17, 30)
    assert vevent["SUMMARY"] == "Arbeitskreis Integration"
    assert vevent["LOCATION"] == "Rathaus, Sitzungssaal 2"
    assert vevent["URL"] == "https://arbeitskreis.example.org/treffen/7"
    assert vevent["DESCRIPTION"] == "TOP 1 Begrüßung\nTOP 2 Rückblick"
    assert vevent["STATUS"] == "CONFIRMED"
    assert vevent["ORGANIZER"] == "mailto:ak@kommune.example.org"
    assert vevent["ORGANIZER"].params["CN"] == "Koordination Arbeitskreis"


def test_each_attendee_is_an_attendee_with_partstat_and_rsvp_and_never_the_organizer():
    people = [ANNA, Attendee("Bernd Kaya", "bernd@verein.example.org", partstat="ACCEPTED", role="OPT-PARTICIPANT")]
    vevent = only_event(parse(request(attendees=people)))
    attendees = vevent["ATTENDEE"]
    assert [str(address) for address in attendees] == [
        "mailto:anna@traeger.example.org",
        "mailto:bernd@verein.example.org",
    ]
    anna, bernd = (address.params for address in attendees)
    assert (anna["CN"], anna["ROLE"], anna["PARTSTAT"], anna["RSVP"]) == (
        "Anna Schmidt",
        "REQ-PARTICIPANT",
        "NEEDS-ACTION",
        "TRUE",
    )
    assert (bernd["ROLE"], bernd["PARTSTAT"], bernd["RSVP"]) == ("OPT-PARTICIPANT", "ACCEPTED", "TRUE")
    assert str(vevent["ORGANIZER"]) not in [str(address) for address in attendees]


@pytest.mark.parametrize("email", ["ak@kommune.example.org", "AK@Kommune.Example.org", " ak@kommune.example.org "])
def test_an_attendee_with_the_organizers_address_is_refused(email):
    with pytest.raises(ValueError, match="organizer"):
        request(attendees=[ANNA, Attendee("Koordination", email.strip())])


@pytest.mark.parametrize(
    ("method", "ev", "attendees"),
    [
        ("PUBLISH", None, (ANNA,)),
        ("REQUEST", None, ()),
        ("REQUEST", None, (ANNA, Attendee("Anna again", "ANNA@traeger.example.org"))),
        ("REQUEST", event(status="CANCELLED"), (ANNA,)),
    ],
    ids=["other method", "no attendees", "attendee twice", "request for a cancelled event"],
)
def test_invitations_that_would_confuse_the_clients_are_refused(method, ev, attendees):
    with pytest.raises(ValueError):
        invitation(ev or event(), method=method, organizer=ORGANIZER, attendees=attendees)


def test_an_update_keeps_the_uid_raises_the_sequence_and_gets_a_fresh_dtstamp():
    first = only_event(parse(request(event(sequence=0), dtstamp=STAMP)))
    moved = event(sequence=1, start=at("2026-07-02"), end=at("2026-07-02", 17, 30))
    second = only_event(parse(request(moved, dtstamp=STAMP + datetime.timedelta(seconds=1))))
    assert second["UID"] == first["UID"]
    assert second["SEQUENCE"] > first["SEQUENCE"]
    assert second["DTSTAMP"].dt > first["DTSTAMP"].dt
    assert second["DTSTART"].dt == at("2026-07-02")


def test_without_a_dtstamp_argument_the_dtstamp_is_the_moment_of_building():
    before = datetime.datetime.now(UTC).replace(microsecond=0)
    vevent = only_event(parse(invitation(event(), method="REQUEST", organizer=ORGANIZER, attendees=[ANNA])))
    after = datetime.datetime.now(UTC)
    assert before <= vevent["DTSTAMP"].dt <= after
    assert vevent["DTSTAMP"].dt.utcoffset() == datetime.timedelta(0)


@pytest.mark.parametrize(
    ("start", "clock", "offset"),
    [
        (at("2026-07-01"), "20260701T160000", datetime.timedelta(hours=2)),
        (at("2026-12-03"), "20261203T160000", datetime.timedelta(hours=1)),
        # Django hands out UTC: written on the clock in Berlin all the same.
        (datetime.datetime(2026, 7, 1, 14, 0, tzinfo=UTC), "20260701T160000", datetime.timedelta(hours=2)),
        (datetime.datetime(2026, 12, 3, 15, 0, tzinfo=UTC), "20261203T160000", datetime.timedelta(hours=1)),
    ],
    ids=["summer", "winter", "summer given in UTC", "winter given in UTC"],
)
def test_times_carry_tzid_europe_berlin_defined_by_a_vtimezone_with_both_offsets(start, clock, offset):
    data = request(event(start=start, end=start + datetime.timedelta(minutes=90)))
    assert f"DTSTART;TZID=Europe/Berlin:{clock}".encode() in data
    calendar = parse(data)
    (timezone,) = calendar.walk("VTIMEZONE")
    assert timezone["TZID"] == "Europe/Berlin"
    assert {datetime.timedelta(hours=1), datetime.timedelta(hours=2)} <= offsets(calendar)
    vevent = only_event(calendar)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert vevent["DTEND"].params["TZID"] == "Europe/Berlin"
    assert vevent["DTSTART"].dt == start
    assert vevent["DTSTART"].dt.utcoffset() == offset


@pytest.mark.parametrize("kind", ["DAYLIGHT", "STANDARD"])
def test_the_vtimezone_rules_agree_with_the_zoneinfo_data_for_every_year(kind):
    """The VTIMEZONE's yearly rules give exactly the moments the zoneinfo data changes the clocks, 2000–2060."""
    (timezone,) = parse(request()).walk("VTIMEZONE")
    (component,) = [sub for sub in timezone.walk() if sub.name == kind]
    offset_from, offset_to = component["TZOFFSETFROM"].td, component["TZOFFSETTO"].td
    rule = rrulestr(component["RRULE"].to_ical().decode(), dtstart=component["DTSTART"].dt)
    onsets = rule.between(datetime.datetime(2000, 1, 1), datetime.datetime(2061, 1, 1))
    assert len(onsets) == 61
    for onset in onsets:
        moment = (onset - offset_from).replace(tzinfo=datetime.UTC)  # DTSTART is local time before the change
        assert moment.astimezone(BERLIN).utcoffset() == offset_to
        assert (moment - datetime.timedelta(minutes=1)).astimezone(BERLIN).utcoffset() == offset_from


# --- cancellation: METHOD:CANCEL ---------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["CONFIRMED", "CANCELLED"])
def test_a_cancellation_has_method_cancel_status_cancelled_and_the_same_uid(status):
    sent = only_event(parse(request(event(sequence=1))))
    cancelled = event(sequence=2, status=status)
    calendar = parse(invitation(cancelled, method="CANCEL", organizer=ORGANIZER, attendees=[ANNA], dtstamp=STAMP))
    assert calendar["METHOD"] == "CANCEL"
    vevent = only_event(calendar)
    assert vevent["STATUS"] == "CANCELLED"
    assert vevent["UID"] == sent["UID"]
    assert vevent["SEQUENCE"] == 2
    assert [str(address) for address in as_list(vevent["ATTENDEE"])] == ["mailto:anna@traeger.example.org"]
    assert calendar.walk("VTIMEZONE")


# --- languages and line folding ----------------------------------------------------------------------------------

SUMMARY = "Arbeitskreis Integration – Überprüfung der Inhalte für Neuzugewanderte: اجتماع مجموعة العمل للاندماج"
DESCRIPTION = "TOP 1 Begrüßung und Vorstellungsrunde\nTOP 2 مراجعة المحتوى باللغة العربية\nTOP 3 Größere Lücken; Ärger, Öffnungszeiten"  # noqa: E501
NAMES = ["Jörg Müller-Weiß", "فاطمة الزهراء", "Олена Коваленко", 'Anna "Ani" O\'Neill, Dr.']


def test_umlauts_and_arabic_round_trip_and_long_lines_are_folded_at_75_octets():
    people = [Attendee(name, f"person{n}@example.org") for n, name in enumerate(NAMES)]
    data = request(event(summary=SUMMARY, description=DESCRIPTION), attendees=people)
    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # the SUMMARY did not fit on one line
    for line in lines:
        line.decode("utf-8")  # folding never splits a character
    vevent = only_event(parse(data))
    assert vevent["SUMMARY"] == SUMMARY
    assert vevent["DESCRIPTION"] == DESCRIPTION
    # A double quote cannot stand in a quoted parameter; Outlook does not read RFC 6868's ^', so it becomes '.
    assert [address.params["CN"] for address in vevent["ATTENDEE"]] == NAMES[:3] + ["Anna 'Ani' O'Neill, Dr."]


# --- feeds: METHOD:PUBLISH ---------------------------------------------------------------------------------------


def feed_events():
    return [
        event(uid="summer@ak", start=at("2026-07-01"), end=at("2026-07-01", 17)),
        event(uid="cancelled@ak", start=at("2026-09-01"), end=at("2026-09-01", 17), status="CANCELLED", sequence=3),
        event(uid="winter@ak", start=at("2027-01-20"), end=at("2027-01-20", 17)),
    ]


def test_a_feed_is_published_with_name_refresh_interval_and_ttl_and_keeps_cancelled_meetings():
    data = feed(feed_events(), name="Arbeitskreis Integration Karlsruhe", description="Alle Treffen")
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in data
    assert b"X-PUBLISHED-TTL:PT1H\r\n" in data
    calendar = parse(data)
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == "Arbeitskreis Integration Karlsruhe"
    assert calendar["X-WR-CALDESC"] == "Alle Treffen"
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    statuses = {vevent["UID"]: vevent["STATUS"] for vevent in calendar.walk("VEVENT")}
    assert statuses == {"summer@ak": "CONFIRMED", "cancelled@ak": "CANCELLED", "winter@ak": "CONFIRMED"}
    assert len(calendar.walk("VTIMEZONE")) == 1
    assert {datetime.timedelta(hours=1), datetime.timedelta(hours=2)} <= offsets(calendar)
    assert all(vevent["DTSTART"].params["TZID"] == "Europe/Berlin" for vevent in calendar.walk("VEVENT"))


def test_a_feed_without_attendees_by_uid_has_no_attendee_addresses():
    data = feed(feed_events(), name="Gruppe", organizer=ORGANIZER)
    assert b"ATTENDEE" not in data
    assert b"anna@" not in data
    assert all(vevent["ORGANIZER"] == "mailto:ak@kommune.example.org" for vevent in parse(data).walk("VEVENT"))


def test_a_feed_lists_attendees_only_for_the_meetings_given():
    bernd = Attendee("Bernd Kaya", "bernd@verein.example.org", partstat="DECLINED")
    calendar = parse(feed(feed_events(), name="Persönlich", attendees_by_uid={"summer@ak": [ANNA, bernd]}))
    by_uid = {vevent["UID"]: vevent.get("ATTENDEE") for vevent in calendar.walk("VEVENT")}
    assert [(str(a), a.params["PARTSTAT"]) for a in by_uid["summer@ak"]] == [
        ("mailto:anna@traeger.example.org", "NEEDS-ACTION"),
        ("mailto:bernd@verein.example.org", "DECLINED"),
    ]
    assert by_uid["cancelled@ak"] is None
    assert by_uid["winter@ak"] is None


def test_a_feed_takes_its_ttl_and_an_empty_feed_is_a_valid_calendar():
    assert b"X-PUBLISHED-TTL:PT6H\r\n" in feed(feed_events(), name="x", ttl_hours=6)
    calendar = parse(feed([], name="Noch keine Treffen"))
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar.walk("VEVENT") == []
    with pytest.raises(ValueError):
        feed([], name="x", ttl_hours=0)


# --- events from meetings and their validation --------------------------------------------------------------------


def meeting(**overrides):
    values = {
        "title": "Herbsttreffen",
        "start": at("2026-10-08"),
        "end": at("2026-10-08", 17, 30),
        "place": "Rathaus, Raum 3",
        "online_link": "https://meet.example.org/ak",
        "calendar_uid": "c0ffee@arbeitskreis",
        "sequence": 4,
    }
    values.update(overrides)
    return Meeting(**values)


def test_an_event_is_read_from_the_meetings_own_fields_without_the_database():
    ev = event_from_meeting(meeting(), url="https://ak.example.org/m/1", description="TOP 1")
    assert ev == Event(
        uid="c0ffee@arbeitskreis",
        sequence=4,
        start=at("2026-10-08"),
        end=at("2026-10-08", 17, 30),
        summary="Herbsttreffen",
        location="Rathaus, Raum 3 / https://meet.example.org/ak",
        url="https://ak.example.org/m/1",
        description="TOP 1",
        status="CONFIRMED",
        last_modified=None,
    )
    assert event_from_meeting(meeting(online_link="")).location == "Rathaus, Raum 3"
    assert event_from_meeting(meeting(place="")).location == "https://meet.example.org/ak"


def test_a_cancelled_meeting_becomes_a_cancelled_event():
    assert CANCELLED_MEETING_STATUS == MeetingStatus.CANCELLED
    assert event_from_meeting(meeting(status=MeetingStatus.CANCELLED)).status == "CANCELLED"
    assert event_from_meeting(meeting(status=MeetingStatus.INVITED)).status == "CONFIRMED"


@pytest.mark.parametrize(
    "overrides",
    [
        {"start": datetime.datetime(2026, 7, 1, 16)},
        {"end": at("2026-07-01", 15)},
        {"status": "TENTATIVE"},
        {"sequence": -1},
        {"uid": " "},
    ],
    ids=["naive start", "ends before it starts", "unknown status", "negative sequence", "blank uid"],
)
def test_impossible_events_are_refused(overrides):
    with pytest.raises(ValueError):
        event(**overrides)


def test_impossible_people_are_refused():
    for make in (
        lambda: Person("x", "no-address"),
        lambda: Attendee("x", "a@b.de\r\nBCC:evil@example.org"),
        lambda: Attendee("x", "a@b.de", partstat="MAYBE"),
        lambda: Attendee("x", "a@b.de", role="BOSS"),
    ):
        with pytest.raises(ValueError):
            make()


# --- replies: the fields (the mail they come in, the clients' formats and hostile data: test_inbound.py) --------


def reply(*lines):
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "METHOD:REPLY", "BEGIN:VEVENT", *lines, "END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(body) + "\r\n").encode()


def test_a_reply_gives_uid_sequence_address_answer_and_comment():
    data = reply(
        f"UID:{UID}",
        "SEQUENCE:2",
        "ATTENDEE;PARTSTAT=TENTATIVE;CN=Anna:MAILTO:Anna.Schmidt@Traeger.Example.org",
        "COMMENT;LANGUAGE=de-DE:Ich komme später\\, ca. 16:15.\\n",
    )
    (answer,) = parse_replies(data)
    assert answer == Reply(UID, 2, "anna.schmidt@traeger.example.org", "TENTATIVE", "Ich komme später, ca. 16:15.")
    assert parse_replies(data.decode()) == parse_replies(data)


def test_gmails_comment_parameter_is_read_and_unescaped():
    data = reply(
        "UID:u@ak",
        'ATTENDEE;PARTSTAT=DECLINED;X-RESPONSE-COMMENT="Leider nicht&#39\\; Urlaub":mailto:b@example.org',
    )
    assert parse_replies(data) == [Reply("u@ak", 0, "b@example.org", "DECLINED", "Leider nicht' Urlaub")]


def test_answers_that_record_nothing_are_skipped():
    data = reply(
        "UID:u@ak",
        "SEQUENCE:nonsense",
        "ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:a@example.org",
        "ATTENDEE;PARTSTAT=accepted:mailto:b@example.org",
        "ATTENDEE;PARTSTAT=ACCEPTED:mailto:",
        "ATTENDEE:mailto:c@example.org",
    )
    assert parse_replies(data) == [Reply("u@ak", 0, "b@example.org", "ACCEPTED", "")]
    assert parse_replies(reply("ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@example.org")) == []  # no UID
