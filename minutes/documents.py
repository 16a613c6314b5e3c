"""The protocol as a PDF and in mails: rendered from the same content (``minutes.selectors.protocol``) and the same
template blocks as the minutes page (``templates/minutes/_protocol.html``)."""

from email.utils import formataddr

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from documents.cache import cached_pdf
from minutes import selectors


def protocol_context(minutes, *, content=None, version=None) -> dict:
    """What the protocol's templates need: the hydrated content (the live one, or a kept version's)."""
    meeting = minutes.meeting
    if content is None:
        content = selectors.protocol(meeting, minutes)
    return {"c": selectors.hydrate(content), "minutes": minutes, "meeting": meeting, "version": version}


def protocol_filename(minutes, version_number=None) -> str:
    day = timezone.localtime(minutes.meeting.start).date()
    number = version_number or minutes.version
    return _("Protokoll %(group)s %(date)s v%(version)s.pdf") % {
        "group": minutes.meeting.working_group.name,
        "date": day.isoformat(),
        "version": number,
    }


def protocol_pdf(minutes, *, version=None) -> tuple[bytes, str]:
    """The protocol as a PDF (rendered once per content: ``documents.cache``) and its file name. ``version``: a
    kept :class:`minutes.models.MinutesVersion` instead of the current content."""
    content = version.content if version is not None else None
    html = render_to_string("minutes/protocol_pdf.html", protocol_context(minutes, content=content, version=version))
    number = version.number if version is not None else None
    return cached_pdf(html), protocol_filename(minutes, number)


def reply_to(group) -> tuple[str, ...]:
    return (formataddr((group.organizer_name, group.organizer_email)),) if group.organizer_email else ()


def protocol_mail(minutes, participant, *, kind) -> tuple[str, str]:
    """Subject and text of a mail with the protocol (the draft for review, or the approved minutes)."""
    meeting = minutes.meeting
    day = formats.date_format(timezone.localtime(meeting.start).date(), "SHORT_DATE_FORMAT")
    values = {"title": meeting.title, "group": meeting.working_group.name, "date": day}
    if kind == "minutes-review":
        subject = _("Draft minutes for your review: %(title)s – %(group)s, %(date)s") % values
    else:
        subject = _("Minutes: %(title)s – %(group)s, %(date)s") % values
    personal = (
        settings.BASE_URL
        + reverse("personal:entry-path", kwargs={"token": participant.token, "rest": f"minutes/{meeting.pk}/"})
        if participant.token
        else ""
    )
    text = render_to_string(
        "minutes/mail/protocol.txt",
        {"kind": kind, "minutes": minutes, "meeting": meeting, "participant": participant, "personal_url": personal},
    )
    return subject, text
