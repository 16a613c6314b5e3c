"""Factories and sample data of the outbox tests."""

import datetime

import factory
from django.utils import timezone
from icalendar import Calendar, Event

from outbox.models import MailStatus, OutboxMail

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n\x00\xff\xfe binary"


def calendar_data(method="REQUEST", summary="Arbeitskreis Integreat Lörrach – Frühjahrstreffen"):
    """A small iCalendar object with the given METHOD, as bytes (what icalendar's builders return)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Arbeitskreis//Tests//DE")
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    event = Event()
    event.add("uid", "meeting-42@arbeitskreis.example.org")
    event.add("dtstamp", timezone.now())
    start = datetime.datetime(2026, 3, 12, 9, 0, tzinfo=datetime.UTC)
    event.add("dtstart", start)
    event.add("dtend", start + datetime.timedelta(minutes=90))
    event.add("summary", summary)
    event.add("sequence", 1 if method == "CANCEL" else 0)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()


class OutboxMailFactory(factory.django.DjangoModelFactory):
    """A stored mail as queue_mail leaves it (no task enqueued: for reads and for the log)."""

    class Meta:
        model = OutboxMail

    to_address = factory.Sequence(lambda n: f"teilnehmende{n}@example.org")
    from_address = "Arbeitskreis <arbeitskreis@example.org>"
    subject = factory.Sequence(lambda n: f"Einladung {n}")
    text_body = "Guten Tag"
    kind = "invitation"
    message_id = factory.Sequence(lambda n: f"<mail{n}@example.org>")
    status = MailStatus.QUEUED
    about = None
