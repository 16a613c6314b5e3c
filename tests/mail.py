"""Helpers for tests that read the mails the app sent (Django's locmem outbox): parsed back with ``email.parser``."""

import re
from email import policy
from email.parser import BytesParser

import icalendar


def parsed(message):
    """The sent Django message as the recipient's mail client reads it."""
    return BytesParser(policy=policy.default).parsebytes(message.message().as_bytes())


def part(message, content_type):
    """The first part of ``content_type`` (e.g. "text/plain"), or None."""
    for candidate in parsed(message).walk():
        if candidate.get_content_type() == content_type and not candidate.is_multipart():
            return candidate
    return None


def text(message) -> str:
    return part(message, "text/plain").get_content()


def html(message) -> str:
    found = part(message, "text/html")
    return found.get_content() if found else ""


def calendar(message) -> icalendar.Calendar:
    """The inline calendar part (the iTIP message), parsed."""
    return icalendar.Calendar.from_ical(part(message, "text/calendar").get_content())


def links(body: str) -> list[str]:
    return re.findall(r"https?://[^\s<>\"]+", body)
