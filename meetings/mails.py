"""The mails about a meeting, rendered for one participant in their language: invitation, update, reminder and
cancellation — subject, text, HTML and the calendar data (``meetings.calendar``).

Pure rendering: no write, no sending. ``meetings.invitations`` hands the result to the outbox.
"""

from dataclasses import dataclass
from email.utils import formataddr
from urllib.parse import urlencode

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from meetings import calendar, selectors
from meetings.models import Answer, Meeting

INVITATION = "invitation"
UPDATE = "update"
REMINDER = "reminder"
CANCELLATION = "cancellation"
KINDS = (INVITATION, UPDATE, REMINDER, CANCELLATION)

# The answers a mail offers as one-click links, in this order.
ANSWER_LINKS = (Answer.ACCEPTED, Answer.TENTATIVE, Answer.DECLINED)


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str
    calendar: bytes
    method: str  # REQUEST, CANCEL or PUBLISH (to the organiser themselves)
    reply_to: tuple[str, ...]


class CannotInvite(ValueError):
    """The group has no organiser address: calendar invitations need one (the answers go there)."""


def organizer(group) -> calendar.Person:
    """The ORGANIZER of the group's calendar data: ``INVITATION_ORGANIZER_EMAIL`` if set (the mailbox that
    ``manage.py receive_mail`` reads), else the group's organiser address; never a participant's."""
    email = settings.INVITATION_ORGANIZER_EMAIL or group.organizer_email
    if not email:
        raise CannotInvite(_("Please enter the organiser's email address in the settings of the working group first."))
    return calendar.Person(name=group.organizer_name or group.name, email=email)


def personal_meeting_url(participant, meeting, answer=None) -> str:
    """The participant's personal link to the meeting's answer page (``?answer=`` preselects an answer)."""
    url = settings.BASE_URL + reverse(
        "personal:entry-path", kwargs={"token": participant.token, "rest": f"meetings/{meeting.pk}/"}
    )
    return f"{url}?{urlencode({'answer': answer})}" if answer else url


def personal_page_url(participant) -> str:
    return settings.BASE_URL + reverse("personal:entry", kwargs={"token": participant.token})


def agenda_text(meeting: Meeting, rows) -> str:
    """The agenda with clock times as plain text, for the calendar entry's DESCRIPTION."""
    lines = [
        f"{row.start:%H:%M}–{row.end:%H:%M}  {row.number}. {row.item.title}"
        + (f" ({row.item.presenter})" if row.item.presenter else "")
        for row in rows
    ]
    return "\n".join(lines)


def _subject(kind, meeting, group):
    day = formats.date_format(timezone.localtime(meeting.start).date(), "SHORT_DATE_FORMAT")
    values = {"title": meeting.title, "group": group.name, "date": day}
    return {
        INVITATION: _("Invitation: %(title)s – %(group)s, %(date)s"),
        UPDATE: _("Changed: %(title)s – %(group)s, %(date)s"),
        REMINDER: _("Reminder: %(title)s – %(group)s, %(date)s"),
        CANCELLATION: _("Cancelled: %(title)s – %(group)s, %(date)s"),
    }[kind] % values


def render(
    *, kind: str, meeting: Meeting, invitation, agenda=None, focus_questions=None, follow_up=None
) -> RenderedMail:
    """The mail of ``kind`` about ``meeting`` for the invited participant, in their preferred language.

    ``agenda``, ``focus_questions`` and ``follow_up`` (the open content gaps of earlier meetings, bounded) may be
    passed in when many mails of one meeting are rendered (they are the same for everyone). The calendar data names
    the recipient as the only ATTENDEE — the other participants' addresses are nobody else's business (the mailing
    list uses BCC for the same reason) — with their answer as PARTSTAT; to the organiser themselves (a coordinator
    on their own list) it goes as METHOD:PUBLISH.
    """
    if kind not in KINDS:
        raise ValueError(kind)
    group = meeting.working_group
    participant = invitation.participant
    agenda = agenda if agenda is not None else selectors.agenda(meeting)
    focus_questions = focus_questions if focus_questions is not None else list(meeting.focus_questions.all())
    follow_up = follow_up if follow_up is not None else selectors.follow_up(meeting)
    organiser = organizer(group)
    with translation.override(participant.preferred_language):
        context = {
            "kind": kind,
            "meeting": meeting,
            "group": group,
            "participant": participant,
            "invitation": invitation,
            "agenda": agenda,
            "focus_questions": focus_questions,
            "follow_up_findings": follow_up["findings"],
            "follow_up_total": follow_up.get("findings_total", len(follow_up["findings"])),
            "answer_links": [
                (answer, Answer(answer).label, personal_meeting_url(participant, meeting, answer))
                for answer in ANSWER_LINKS
            ],
            "meeting_url": personal_meeting_url(participant, meeting),
            "personal_url": personal_page_url(participant),
            "organiser": organiser,
        }
        subject = _subject(kind, meeting, group)
        text = render_to_string("meetings/mail/meeting.txt", context)
        html = render_to_string("meetings/mail/meeting.html", {**context, "subject": subject})
    event = calendar.event_from_meeting(
        meeting, url=context["meeting_url"], description=agenda_text(meeting, agenda.rows)
    )
    method = "CANCEL" if kind == CANCELLATION else "REQUEST"
    if participant.email.strip().lower() == organiser.email.strip().lower():
        data, method = calendar.feed([event], name=meeting.title, organizer=organiser), "PUBLISH"
    else:
        attendee = calendar.Attendee(
            name=participant.display_name,
            email=participant.email,
            partstat=invitation.answer.upper().replace("_", "-"),
        )
        data = calendar.invitation(event, method=method, organizer=organiser, attendees=[attendee])
    reply_to = (formataddr((group.organizer_name, group.organizer_email)),) if group.organizer_email else ()
    return RenderedMail(subject=subject, text=text, html=html, calendar=data, method=method, reply_to=reply_to)
