"""The MIME tree of an outgoing mail, built from a stored :class:`OutboxMail`. Pure: no writes, no sending.

The shape is the one Google Calendar, Thunderbird and Exchange send and expect (RFC 6047, iMIP)::

    multipart/mixed
      multipart/alternative
        text/plain; charset=utf-8
        text/html; charset=utf-8                      (when there is HTML)
        text/calendar; charset=utf-8; method=REQUEST  (when there is calendar data; METHOD inside is the same)
      application/ics; einladung.ics                  (the same calendar data, for clients that show attachments only)
      application/pdf; …                              (the stored attachments)

Why not ``EmailMultiAlternatives.attach_alternative(data, "text/calendar; method=REQUEST")``: Django splits the
MIME type at the first "/" and hands ``calendar; method=REQUEST`` to ``MIMEText`` as the *subtype*. On Django 5.2
the header happens to come out parseable (checked: ``method="REQUEST"; charset="utf-8"``), but only because the
e-mail package writes the "subtype" through verbatim — undocumented, and a METHOD taken from stored data would go
into a header unchecked. The calendar part is built here with ``set_param("method", …)``, the documented way, and
``tests/outbox/test_mime.py`` parses the result back.

The parts are Django's ``SafeMIME*`` classes attached as ready-made MIME objects (``EmailMessage.attach(MIMEBase)``);
Django 6 moves its mail API to ``email.message.MIMEPart`` — revisit this module on that upgrade.
"""

from django.core.mail import EmailMessage
from django.core.mail.message import SafeMIMEMultipart, SafeMIMEText
from icalendar import Calendar

ICS_FILENAME = "einladung.ics"
# The attachment copy is application/ics, as Google Calendar sends it: Outlook and Gmail act on the inline
# text/calendar part (the iTIP message) and show application/ics as a plain file to open or save. A second
# text/calendar part with a method would make some clients (older Outlook, Apple Mail) process the invitation twice.
ICS_MIMETYPE = "application/ics"


def calendar_method_of(calendar):
    """The METHOD property of iCalendar data (upper case), or "" when it has none. Raises ValueError if unreadable."""
    parsed = Calendar.from_ical(calendar)
    return str(parsed.get("METHOD", "")).upper()


def build_message(mail, attachments=None):
    """The Django ``EmailMessage`` for ``mail``, ready for any mail backend.

    ``attachments`` defaults to the mail's stored attachments (one query). Headers: From, To, Reply-To, Subject
    (UTF-8, encoded by Django), the mail's stable Message-ID (the same on every attempt, so a receiving server or
    client can recognise a copy sent again after a worker was stopped mid-send), Content-Language and Django's Date.

    No ``Auto-Submitted: auto-generated`` (RFC 3834): these mails are sent because a coordinator pressed a button,
    calendar servers do not mark their invitations so, and the header makes some servers suppress the very replies
    the invitation asks for (iTIP REPLY, answers to the organiser); out-of-office notices to the organiser's
    Reply-To address are the smaller evil.
    """
    if attachments is None:
        attachments = list(mail.attachments.all())
    message = EmailMessage(
        subject=mail.subject,
        body="",  # the body lives in the multipart/alternative part attached below
        from_email=mail.from_address,
        to=[mail.to_address],
        reply_to=list(mail.reply_to),
        headers={"Message-ID": mail.message_id, "Content-Language": mail.language},
    )
    message.attach(_alternative(mail))
    if mail.calendar:
        message.attach(ICS_FILENAME, mail.calendar.encode(), ICS_MIMETYPE)
    for attachment in attachments:
        message.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    return message


def _alternative(mail):
    """multipart/alternative: plain text, HTML, then the calendar part (the last alternative is the preferred one)."""
    part = SafeMIMEMultipart(_subtype="alternative", encoding="utf-8")
    part.attach(SafeMIMEText(mail.text_body, "plain", "utf-8"))
    if mail.html_body:
        part.attach(SafeMIMEText(mail.html_body, "html", "utf-8"))
    if mail.calendar:
        calendar = SafeMIMEText(mail.calendar, "calendar", "utf-8")
        calendar.set_param("method", mail.calendar_method)
        part.attach(calendar)
    return part
