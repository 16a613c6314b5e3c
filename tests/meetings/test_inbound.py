"""Answers from calendar clients: REPLY mails as Outlook, Thunderbird, Gmail and Apple send them, and hostile mail.

The messages are built here with the standard library from what the clients are documented to send (MIME tree,
content types, transfer encodings, and the calendar data's peculiarities), then read through
``meetings.inbound.calendar_parts`` and ``meetings.calendar.parse_replies``. No database.
"""

import contextlib
import random
import time
from email import policy
from email.message import EmailMessage

import pytest

from meetings.calendar import Attendee, CalendarError, Event, Person, Reply, invitation, parse_replies
from meetings.inbound import InboundError, calendar_parts, sender
from tests.meetings.factories import at

UID = "0b6f2c9e-4c1d-4c55-9a43-5d1e9c0a7f11@arbeitskreis"
ORGANIZER = "ak@kommune.example.org"


def ics(*lines):
    return "\r\n".join(lines) + "\r\n"


# Exchange/Outlook: no ORGANIZER, "MAILTO:" in capitals, the answer text in COMMENT (MS-OXCICAL 2.1.3.1.1.20.5),
# times in a Windows time zone with its own VTIMEZONE starting in 1601, and X-MICROSOFT properties.
OUTLOOK = ics(
    "BEGIN:VCALENDAR",
    "METHOD:REPLY",
    "PRODID:Microsoft Exchange Server 2010",
    "VERSION:2.0",
    "BEGIN:VTIMEZONE",
    "TZID:W. Europe Standard Time",
    "BEGIN:STANDARD",
    "DTSTART:16010101T030000",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:16010101T020000",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
    "BEGIN:VEVENT",
    "ATTENDEE;PARTSTAT=ACCEPTED;CN=Jörg Müller:MAILTO:Joerg.Mueller@Traeger.Example.org",
    "COMMENT;LANGUAGE=de-DE:Ich komme etwas später\\, gegen 16:15 Uhr.\\n",
    "SUMMARY;LANGUAGE=de-DE:Angenommen: Arbeitskreis Integration",
    "DTSTART;TZID=W. Europe Standard Time:20260701T160000",
    "DTEND;TZID=W. Europe Standard Time:20260701T173000",
    f"UID:{UID}",
    "DTSTAMP:20260610T081500Z",
    "SEQUENCE:2",
    "LOCATION;LANGUAGE=de-DE:Rathaus\\, Sitzungssaal 2",
    "X-MICROSOFT-CDO-APPT-SEQUENCE:2",
    "X-MICROSOFT-CDO-BUSYSTATUS:BUSY",
    "X-MICROSOFT-CDO-ALLDAYEVENT:FALSE",
    "X-MICROSOFT-DISALLOW-COUNTER:FALSE",
    "END:VEVENT",
    "END:VCALENDAR",
)
# Thunderbird: the replying attendee only, the ORGANIZER echoed, X-MOZ properties (its Olson VTIMEZONE left out).
THUNDERBIRD = ics(
    "BEGIN:VCALENDAR",
    "PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN",
    "VERSION:2.0",
    "METHOD:REPLY",
    "BEGIN:VEVENT",
    "DTSTAMP:20260610T090000Z",
    f"UID:{UID}",
    "SUMMARY:Arbeitskreis Integration",
    "ORGANIZER;CN=Koordination Arbeitskreis:mailto:ak@kommune.example.org",
    "ATTENDEE;CN=Fatma Yılmaz;PARTSTAT=DECLINED;ROLE=REQ-PARTICIPANT:mailto:fatma@",
    " verein.example.org",
    "DTSTART;TZID=Europe/Berlin:20260701T160000",
    "DTEND;TZID=Europe/Berlin:20260701T173000",
    "SEQUENCE:2",
    "X-MOZ-RECEIVED-SEQUENCE:2",
    "END:VEVENT",
    "END:VCALENDAR",
)
# Gmail: times in UTC, CUTYPE and X-NUM-GUESTS, the answer text in the X-RESPONSE-COMMENT parameter, HTML-escaped.
GMAIL = ics(
    "BEGIN:VCALENDAR",
    "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
    "VERSION:2.0",
    "CALSCALE:GREGORIAN",
    "METHOD:REPLY",
    "BEGIN:VEVENT",
    "DTSTART:20260701T140000Z",
    "DTEND:20260701T153000Z",
    "DTSTAMP:20260610T101500Z",
    "ORGANIZER;CN=Koordination Arbeitskreis:mailto:ak@kommune.example.org",
    f"UID:{UID}",
    "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=TENTATIVE;CN=Olena K",
    ' ovalenko;X-NUM-GUESTS=0;X-RESPONSE-COMMENT="Ich weiß noch nicht&#39\\;s Termin":',
    " mailto:olena.kovalenko@gmail.com",
    "LOCATION:Rathaus\\, Sitzungssaal 2",
    "SEQUENCE:2",
    "STATUS:CONFIRMED",
    "SUMMARY:Arbeitskreis Integration",
    "TRANSP:OPAQUE",
    "END:VEVENT",
    "END:VCALENDAR",
)
APPLE = ics(
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Apple Inc.//macOS 15.5//EN",
    "METHOD:REPLY",
    "CALSCALE:GREGORIAN",
    "BEGIN:VEVENT",
    "ATTENDEE;CN=Karim Haddad;CUTYPE=INDIVIDUAL;EMAIL=karim@icloud.com;PARTSTAT=ACC",
    " EPTED:mailto:karim@icloud.com",
    "DTEND;TZID=Europe/Berlin:20260701T173000",
    "DTSTAMP:20260610T110000Z",
    "DTSTART;TZID=Europe/Berlin:20260701T160000",
    "ORGANIZER;CN=Koordination Arbeitskreis:mailto:ak@kommune.example.org",
    "SEQUENCE:2",
    "SUMMARY:Arbeitskreis Integration",
    f"UID:{UID}",
    "END:VEVENT",
    "END:VCALENDAR",
)


def headers(message, sender_header, subject):
    message["From"] = sender_header
    message["To"] = ORGANIZER
    message["Subject"] = subject
    message["Date"] = "Wed, 10 Jun 2026 10:15:00 +0200"
    return message


def alternative(calendar, *, cte, html=True):
    """multipart/alternative: the text, maybe HTML, and the inline text/calendar; method=REPLY."""
    message = EmailMessage()
    message.set_content("Diese Antwort wurde von einem Kalenderprogramm erstellt.")
    if html:
        message.add_alternative("<p>Diese Antwort wurde von einem Kalenderprogramm erstellt.</p>", subtype="html")
    message.add_alternative(calendar, subtype="calendar", cte=cte, params={"method": "REPLY"})
    return message


def outlook_message():
    message = alternative(OUTLOOK, cte="base64")
    return headers(message, "=?utf-8?q?J=C3=B6rg_M=C3=BCller?= <Joerg.Mueller@Traeger.Example.org>", "Angenommen: AK")


def thunderbird_message():
    message = alternative(THUNDERBIRD, cte="quoted-printable", html=False)
    message.add_attachment(THUNDERBIRD.encode(), maintype="application", subtype="ics", filename="invite.ics")
    return headers(message, "Fatma Yılmaz <fatma@verein.example.org>", "Abgelehnt: Arbeitskreis Integration")


def gmail_message():
    message = alternative(GMAIL, cte="8bit")
    message.add_attachment(GMAIL.encode(), maintype="application", subtype="ics", filename="invite.ics")
    return headers(message, "Olena Kovalenko <olena.kovalenko@gmail.com>", "Mit Vorbehalt angenommen: AK")


def apple_message():
    message = EmailMessage()
    message.set_content("Karim Haddad hat die Einladung angenommen.")
    params = {"method": "REPLY"}
    message.add_attachment(APPLE, subtype="calendar", cte="quoted-printable", filename="iCal-1.ics", params=params)
    return headers(message, "Karim Haddad <karim@icloud.com>", "Einladung: Arbeitskreis Integration (Angenommen)")


def raw(message):
    return message.as_bytes(policy=policy.SMTP)


def mutate(rnd, data, fragments):
    """``data`` with a few random cuts, random bytes and meaningful fragments (fuzzing)."""
    data = bytearray(data)
    for _ in range(rnd.randint(1, 12)):
        position, choice = rnd.randrange(len(data) + 1), rnd.random()
        if choice < 0.35:
            del data[position : position + rnd.randint(1, 30)]
        elif choice < 0.7:
            data[position:position] = rnd.randbytes(rnd.randint(1, 8))
        else:
            data[position:position] = rnd.choice(fragments)
    return bytes(data)


CLIENTS = {
    "outlook": (outlook_message, "alternative: plain html calendar", "joerg.mueller@traeger.example.org", "ACCEPTED"),
    "thunderbird": (
        thunderbird_message,
        "mixed: alternative plain calendar ics",
        "fatma@verein.example.org",
        "DECLINED",
    ),
    "gmail": (gmail_message, "mixed: alternative plain html calendar ics", "olena.kovalenko@gmail.com", "TENTATIVE"),
    "apple": (apple_message, "mixed: plain calendar", "karim@icloud.com", "ACCEPTED"),
}
COMMENTS = {"outlook": "Ich komme etwas später, gegen 16:15 Uhr.", "gmail": "Ich weiß noch nicht's Termin"}


@pytest.mark.parametrize("client", CLIENTS)
def test_a_reply_from_each_client_gives_its_answer(client):
    build, tree, email, partstat = CLIENTS[client]
    message = build()
    assert " ".join(part.get_content_subtype() for part in message.walk()) == tree.replace(":", "")
    calendar_part = next(part for part in message.walk() if part.get_content_type() == "text/calendar")
    assert calendar_part.get_param("method") == "REPLY"
    # Thunderbird's and Gmail's attachment is the same data (with CRLF where the inline part has LF): one part.
    (part,) = calendar_parts(raw(message))
    assert part.startswith(b"BEGIN:VCALENDAR\r\n")
    assert parse_replies(part) == [Reply(UID, 2, email, partstat, COMMENTS.get(client, ""))]


def test_the_sender_is_the_from_address_in_lower_case():
    assert sender(raw(outlook_message())) == "joerg.mueller@traeger.example.org"
    assert sender(raw(thunderbird_message())) == "fatma@verein.example.org"
    assert sender(b"To: ak@kommune.example.org\r\n\r\nkein Absender") == ""
    assert sender(b"From: <<<@@>>>;;\r\n\r\n") == ""


def test_a_forwarded_reply_inside_a_message_rfc822_part_is_found():
    wrapper = EmailMessage()
    wrapper.set_content("Weitergeleitet:")
    wrapper.add_attachment(outlook_message())
    assert [part.get_content_type() for part in wrapper.walk()][1:3] == ["text/plain", "message/rfc822"]
    (part,) = calendar_parts(raw(wrapper))
    assert [reply.email for reply in parse_replies(part)] == ["joerg.mueller@traeger.example.org"]


LATIN1_REPLY = OUTLOOK.replace("Ich komme etwas später\\, gegen 16:15 Uhr.\\n", "Grüße aus Köln").encode("latin-1")


@pytest.mark.parametrize(
    ("charset", "comment"),
    [
        ("iso-8859-1", "Grüße aus Köln"),
        ("utf-8", "Gr\ufffd\ufffde aus K\ufffdln"),
        ("x-unknown-8bit", None),
        ("utf-16", None),
    ],
    ids=["declared", "wrong", "unknown", "impossible"],
)
def test_a_declared_charset_is_converted_to_utf8_and_a_wrong_one_still_gives_the_answer(charset, comment):
    head = f"From: j@example.org\r\nContent-Type: text/calendar; charset={charset}; method=REPLY\r\n\r\n"
    (part,) = calendar_parts(head.encode() + LATIN1_REPLY)
    (reply,) = parse_replies(part)
    assert (reply.email, reply.partstat) == ("joerg.mueller@traeger.example.org", "ACCEPTED")
    assert comment is None or reply.comment == comment


# --- hostile mail and data -------------------------------------------------------------------------------------------


def test_a_10_mb_message_and_a_message_that_is_not_bytes_are_refused_before_parsing():
    message = thunderbird_message()
    message.add_attachment(random.Random(1).randbytes(10_000_000), maintype="application", subtype="octet-stream")
    data = raw(message)
    assert len(data) > 10_000_000
    started = time.perf_counter()
    with pytest.raises(InboundError, match="larger than"):
        calendar_parts(data)
    with pytest.raises(InboundError):
        sender(data)
    assert time.perf_counter() - started < 1
    with pytest.raises(InboundError, match="expected bytes"):
        calendar_parts(data.decode("latin-1"))


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00\xff" * 500,
        b"Content-Type: multipart/mixed\r\n\r\n--x\r\nContent-Type: text/calendar\r\n\r\n",  # no boundary
        b'Content-Type: multipart/mixed; boundary="never"\r\n\r\nBEGIN:VCALENDAR\r\n',  # boundary never used
        b'Content-Type: multipart/alternative; boundary="b"\r\n\r\n--b\r\nContent-Type: text/calendar; method=REPLY\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!\r\n",  # no closing boundary, bad base64
        b"Content-Type: text/calendar; method=REPLY\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=ZZ=0\r\n",
        b'Content-Type: application/x; name="=?utf-8?b?!!!?="\r\nContent-Disposition: attachment; fi\r\n\r\nx',
        b'Content-Type: text/calendar; charset="\xff\xfe"; method=REPLY\r\n\r\nBEGIN:VCALENDAR\r\nMETHOD:REPLY\r\n',
    ],
    ids=["empty", "binary", "no boundary", "unused boundary", "bad base64", "bad qp", "bad names", "bad charset"],
)
def test_broken_mime_gives_parts_or_inbound_error_and_each_part_a_list_or_calendar_error(data):
    try:
        parts = calendar_parts(data)
    except InboundError:
        return
    for part in parts:
        with contextlib.suppress(CalendarError):
            assert isinstance(parse_replies(part), list)


def test_deeply_nested_multiparts_do_not_crash():
    data = b"From: a@example.org\r\nMIME-Version: 1.0\r\n"
    for level in range(2000):
        data += b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (level, level)
    data += b"Content-Type: text/calendar; method=REPLY\r\n\r\n" + OUTLOOK.encode()
    with contextlib.suppress(InboundError):
        assert calendar_parts(data) in ([], [OUTLOOK.encode()])


def our_invitation():
    meeting = Event(uid=UID, sequence=2, start=at("2026-07-01"), end=at("2026-07-01", 17, 30), summary="AK")
    person = Person("Koordination", ORGANIZER)
    return invitation(meeting, method="REQUEST", organizer=person, attendees=[Attendee("Anna", "anna@example.org")])


def test_an_invitation_sent_back_is_found_but_is_not_a_reply():
    message = EmailMessage()
    message.set_content("Weitergeleitete Einladung")
    message.add_alternative(our_invitation().decode(), subtype="calendar", params={"method": "REQUEST"})
    (part,) = calendar_parts(raw(message))
    with pytest.raises(CalendarError, match="not a REPLY"):
        parse_replies(part)


@pytest.mark.parametrize(
    "data",
    [
        OUTLOOK.replace("METHOD:REPLY", "METHOD:REQUEST"),
        GMAIL.replace("METHOD:REPLY", "METHOD:CANCEL").encode(),
        THUNDERBIRD.replace("METHOD:REPLY\r\n", ""),
        b"",
        b"\x00\xff\xfe garbage \x89PNG\r\n",
        OUTLOOK[: len(OUTLOOK) // 2],
        b"BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\n" + b"X-PAD:" + b"x" * 1_100_000 + b"\r\nEND:VCALENDAR\r\n",
        None,
        42,
    ],
    ids=["request", "cancel", "no method", "empty", "garbage", "truncated", "too large", "none", "int"],
)
def test_anything_but_a_readable_reply_raises_calendar_error(data):
    with pytest.raises(CalendarError):
        parse_replies(data)


CALENDAR_FRAGMENTS = [
    b":",
    b";",
    b"=",
    b'"',
    b"\\",
    b"\r\n",
    b"\r\n ",
    b"BEGIN:VEVENT\r\n",
    b"END:VCALENDAR\r\n",
    b"\xc3",
]
MAIL_FRAGMENTS = [
    b"\r\n",
    b"--",
    b'boundary="',
    b"Content-Type: text/calendar; method=REPLY\r\n",
    b"=?utf-8?b?",
    b"=\r\n",
]


def test_fuzzed_calendar_data_gives_replies_or_calendar_error_and_nothing_else():
    rnd = random.Random(5545)
    seeds = [OUTLOOK.encode(), THUNDERBIRD.encode(), GMAIL.encode(), APPLE.encode(), our_invitation()]
    outcomes = {"replies": 0, "error": 0}
    for n in range(600):
        data = mutate(rnd, seeds[n % len(seeds)], CALENDAR_FRAGMENTS) if n % 10 else rnd.randbytes(rnd.randint(0, 400))
        try:
            result = parse_replies(data)
        except CalendarError:
            outcomes["error"] += 1
        else:
            assert all(
                isinstance(item, Reply) and item.partstat in ("ACCEPTED", "TENTATIVE", "DECLINED") for item in result
            )
            outcomes["replies"] += 1
    assert outcomes["replies"] and outcomes["error"]  # the fuzzing reached both outcomes


def test_fuzzed_mail_gives_parts_or_inbound_error_and_nothing_else():
    rnd = random.Random(5322)
    seeds = [raw(build()) for build in (outlook_message, thunderbird_message, gmail_message, apple_message)]
    found = 0
    for n in range(300):
        data = mutate(rnd, seeds[n % len(seeds)], MAIL_FRAGMENTS)
        try:
            parts = calendar_parts(data)
            assert isinstance(sender(data), str)
        except InboundError:
            continue
        for part in parts:
            with contextlib.suppress(CalendarError):
                found += len(parse_replies(part))
    assert found  # some mutated messages still carried a readable answer
