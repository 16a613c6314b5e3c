"""The MIME tree of a stored mail, parsed back as a mail client would: what Outlook, Gmail and Thunderbird need."""

from email import policy
from email.parser import BytesParser

import pytest
from icalendar import Calendar

from outbox import services
from outbox.mime import ICS_FILENAME
from tests.outbox.factories import PDF, calendar_data

pytestmark = pytest.mark.django_db

SUBJECT = "Einladung: Arbeitskreis Integreat Lörrach am 12. März – Größe, Übersicht, ß"


def parse(mail):
    raw = services.build_message(mail).message().as_bytes(linesep="\r\n")
    return BytesParser(policy=policy.default).parsebytes(raw)


def content(part):
    """A text part's content as the program that wrote it saw it (the wire has CRLF line ends)."""
    return part.get_content().replace("\r\n", "\n")


def structure(message):
    """The tree as nested content types, e.g. ("multipart/mixed", [("multipart/alternative", [...]), ...])."""
    if message.is_multipart():
        return (message.get_content_type(), [structure(part) for part in message.iter_parts()])
    return message.get_content_type()


def queue(**kwargs):
    values = {
        "to": "Ayşe Yılmaz <ayse@example.org>",
        "subject": SUBJECT,
        "text": "Guten Tag Frau Yılmaz,\nwir laden Sie herzlich ein.",
        "html": "<p>Guten Tag Frau Yılmaz,</p><p>wir laden Sie herzlich ein.</p>",
        "reply_to": ["Koordination Lörrach <koordination@loerrach.example.org>"],
        "kind": "invitation",
    }
    return services.queue_mail(**{**values, **kwargs})


@pytest.mark.parametrize("method", ["REQUEST", "CANCEL"])
def test_a_calendar_mail_has_the_tree_calendar_clients_expect(method):
    mail = queue(calendar=calendar_data(method), attachments=[("protokoll.pdf", PDF, "application/pdf")])

    message = parse(mail)

    assert structure(message) == (
        "multipart/mixed",
        [
            ("multipart/alternative", ["text/plain", "text/html", "text/calendar"]),
            "application/ics",
            "application/pdf",
        ],
    )
    alternative, ics, pdf = message.iter_parts()
    plain, html, calendar = alternative.iter_parts()
    assert content(plain) == "Guten Tag Frau Yılmaz,\nwir laden Sie herzlich ein."
    assert plain.get_content_charset() == "utf-8"
    assert "<p>Guten Tag Frau Yılmaz,</p>" in html.get_content()
    # The inline iTIP part: charset and method parameters, the method equal to the METHOD inside.
    assert calendar.get_param("charset") == "utf-8"
    assert calendar.get_param("method") == method
    assert calendar.get_content_disposition() is None
    assert str(Calendar.from_ical(calendar.get_content())["METHOD"]) == method
    assert "Frühjahrstreffen" in calendar.get_content()
    # The same data once more as a file for clients that only show attachments.
    assert ics.get_content_disposition() == "attachment"
    assert ics.get_filename() == ICS_FILENAME
    assert ics.get_content() == calendar_data_of(mail).encode()
    assert str(Calendar.from_ical(ics.get_content())["METHOD"]) == method
    # The stored attachment, byte for byte.
    assert pdf.get_filename() == "protokoll.pdf"
    assert pdf.get_content() == PDF


def calendar_data_of(mail):
    mail.refresh_from_db()
    return mail.calendar


def test_headers_subject_with_umlauts_reply_to_and_a_stable_message_id():
    mail = queue()

    first, second = parse(mail), parse(mail)

    # Django folds a long encoded subject onto the next line ("Subject:" CRLF SP "=?utf-8?b?…?="); unfolding leaves
    # one leading space, which mail clients drop.
    assert first["Subject"].strip() == SUBJECT
    assert first["To"] == "Ayşe Yılmaz <ayse@example.org>"
    assert first["To"].addresses[0].addr_spec == "ayse@example.org"
    assert first["From"] == "Arbeitskreis <arbeitskreis@localhost>"
    assert first["Reply-To"].addresses[0].addr_spec == "koordination@loerrach.example.org"
    assert first["Reply-To"].addresses[0].display_name == "Koordination Lörrach"
    assert first["Message-ID"] == second["Message-ID"] == mail.message_id
    assert mail.message_id.endswith("@localhost>")  # the sender's domain
    assert first["Content-Language"] == "de"
    assert first["Auto-Submitted"] is None
    assert first["Date"]
    # The raw header is encoded (RFC 2047): only ASCII on the wire.
    raw = services.build_message(mail).message().as_bytes()
    raw.split(b"\n\n", 1)[0].decode("ascii")


def test_a_mail_without_calendar_has_no_calendar_parts():
    message = parse(queue(html=""))

    assert structure(message) == ("multipart/mixed", [("multipart/alternative", ["text/plain"])])
    assert not [part for part in message.walk() if "calendar" in part.get_content_type()]


def test_long_html_lines_and_non_latin_scripts_survive_the_round_trip():
    text = "مرحبا بكم في مجموعة العمل\nЛаскаво просимо\n" + "Lange Zeile " * 200
    message = parse(queue(text=text, html=f"<p>{'ä' * 2000}</p>"))

    plain, html = next(message.iter_parts()).iter_parts()
    assert content(plain).rstrip("\n") == text
    assert content(html).strip() == f"<p>{'ä' * 2000}</p>"
    assert max(len(line) for line in message.as_bytes().splitlines()) <= 998  # RFC 5322 line limit
