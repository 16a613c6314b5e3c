"""Writes around invitations: sending, updates, cancellation, answers (web, calendar, coordination), reminders.

A layer above ``meetings.services``: every function is keyword-only and atomic, its docstring names its side effects,
and every mail goes through the outbox in the same transaction as the change that causes it (a rolled-back change
sends nothing). The meeting row is locked while mails are queued, so two coordinators (or a double click) never send
twice; each mail also carries a dedupe key of the outbox.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings import calendar, inbound, mails, selectors, services
from meetings.models import Answer, AnswerSource, Invitation, Meeting, MeetingStatus
from outbox import services as outbox

logger = logging.getLogger(__name__)

# The meeting statuses in which invitations and updates go out.
SENDABLE = (MeetingStatus.PLANNED, MeetingStatus.INVITED)
# iCalendar PARTSTAT → answer.
PARTSTAT_ANSWERS = {"ACCEPTED": Answer.ACCEPTED, "TENTATIVE": Answer.TENTATIVE, "DECLINED": Answer.DECLINED}


def _locked(meeting):
    # Not the municipality: a regional network has none (PostgreSQL locks no row of an outer join's nullable side).
    meetings = Meeting.objects.select_for_update(of=("self", "working_group"))
    return meetings.select_related("working_group__municipality").get(pk=meeting.pk)


def _check_sendable(meeting):
    if meeting.status not in SENDABLE:
        raise ValidationError(
            _("Invitations can only be sent for a planned meeting (status: %(status)s).")
            % {"status": meeting.get_status_display()}
        )
    if meeting.start <= timezone.now():
        raise ValidationError(_("This meeting has already begun; invitations are no longer sent."))
    try:
        mails.organizer(meeting.working_group)
    except mails.CannotInvite as error:
        raise ValidationError(str(error)) from None


def _queue(*, kind, meeting, invitation, shared):
    rendered = mails.render(kind=kind, meeting=meeting, invitation=invitation, **shared)
    return outbox.queue_mail(
        to=invitation.participant.email,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        calendar=rendered.calendar,
        calendar_method=rendered.method,
        reply_to=rendered.reply_to,
        about=invitation,
        kind=kind,
        language=invitation.participant.preferred_language,
        dedupe_key=f"meeting-{meeting.pk}:invitation-{invitation.pk}:{kind}:{meeting.sequence}",
    )


def _shared_parts(meeting):
    """What every mail about the meeting shows alike, read once for all recipients."""
    return {
        "agenda": selectors.agenda(meeting),
        "focus_questions": list(meeting.focus_questions.all()),
        "follow_up": selectors.follow_up(meeting),
    }


@transaction.atomic
def send_invitations(*, meeting, participant_ids=None, sent_by=None) -> list[Invitation]:
    """Mail the invitation with its calendar data to the group's contactable participants (or those of them whose
    ids are in ``participant_ids``) who have not received this version of the meeting yet.

    Side effects: the meeting is locked; an :class:`Invitation` per recipient (created if needed) records
    ``sent_at`` and the SEQUENCE sent; one mail per recipient is queued in the outbox (kind "invitation", or
    "update" for someone who got an earlier version); a planned meeting becomes "invited". Participants without
    email or consent, and those already up to date, get nothing. Raises ValidationError (German) when the meeting
    is not planned or invited, has begun, or the group has no organiser address. Returns the invitations sent.
    """
    locked = _locked(meeting)
    _check_sendable(locked)
    recipients = locked.working_group.participants.contactable()
    if participant_ids is not None:
        recipients = recipients.filter(pk__in=participant_ids)
    shared = _shared_parts(locked)
    existing = {invitation.participant_id: invitation for invitation in locked.invitations.all()}
    now = timezone.now()
    sent = []
    for participant in recipients.order_by("family_name", "given_name", "pk"):
        invitation = existing.get(participant.pk) or Invitation.objects.create(meeting=locked, participant=participant)
        if invitation.sent_at and invitation.sequence_sent == locked.sequence:
            continue
        invitation.participant = participant
        kind = mails.UPDATE if invitation.sent_at else mails.INVITATION
        _queue(kind=kind, meeting=locked, invitation=invitation, shared=shared)
        invitation.sent_at, invitation.sequence_sent = now, locked.sequence
        sent.append(invitation)
    Invitation.objects.bulk_update(sent, ["sent_at", "sequence_sent", "updated_at"])
    if sent and locked.status == MeetingStatus.PLANNED:
        services.change_status(meeting=locked, to=MeetingStatus.INVITED, by=sent_by)
    return sent


@transaction.atomic
def send_update(*, meeting, sent_by=None) -> list[Invitation]:
    """Mail the changed meeting (a new SEQUENCE) to everyone who received an earlier version and can still be
    emailed.

    Side effects: the meeting is locked; one mail of kind "update" per such participant is queued; their invitations
    record the SEQUENCE sent. Raises ValidationError as :func:`send_invitations`. Returns the invitations sent.
    """
    locked = _locked(meeting)
    _check_sendable(locked)
    shared = _shared_parts(locked)
    pending = [
        invitation
        for invitation in selectors.invitations_of(locked)
        if invitation.has_update_pending and invitation.participant.can_be_emailed
    ]
    now = timezone.now()
    for invitation in pending:
        _queue(kind=mails.UPDATE, meeting=locked, invitation=invitation, shared=shared)
        invitation.sent_at, invitation.sequence_sent = now, locked.sequence
    Invitation.objects.bulk_update(pending, ["sent_at", "sequence_sent", "updated_at"])
    return pending


@transaction.atomic
def cancel_meeting(*, meeting, by=None) -> Meeting:
    """Cancel a meeting and tell everyone who was invited.

    Side effects: the status becomes "cancelled" and SEQUENCE is raised (:func:`meetings.services.change_status`);
    everyone who received an invitation and can still be emailed gets a cancellation (METHOD:CANCEL, kind
    "cancellation") through the outbox; their invitations record ``cancellation_sent_at``.
    """
    cancelled = services.change_status(meeting=meeting, to=MeetingStatus.CANCELLED, by=by)
    cancelled = _locked(cancelled)
    invitations = [
        invitation
        for invitation in selectors.invitations_of(cancelled)
        if invitation.sent_at and invitation.participant.can_be_emailed
    ]
    if invitations:
        try:
            mails.organizer(cancelled.working_group)
        except mails.CannotInvite:
            logger.warning("Meeting %s cancelled without an organiser address: no cancellation mailed", cancelled.pk)
            return cancelled
    shared = _shared_parts(cancelled)
    now = timezone.now()
    for invitation in invitations:
        _queue(
            kind=mails.CANCELLATION,
            meeting=cancelled,
            invitation=invitation,
            shared=shared,
        )
        invitation.cancellation_sent_at = now
    Invitation.objects.bulk_update(invitations, ["cancellation_sent_at", "updated_at"])
    return cancelled


@transaction.atomic
def record_answer(*, meeting, participant, answer, comment="", source=AnswerSource.WEB) -> Invitation:
    """Record a participant's answer to a meeting's invitation (the web page is the source of truth).

    Side effects: the invitation is locked (created for a participant without email who answers through the link of
    a printed letter) and stores the answer, its time, its source and the comment. Refused with a German
    ValidationError after the meeting has begun, for a cancelled meeting and for an unknown answer. Answering the
    same twice changes nothing but the time.
    """
    if answer not in (Answer.ACCEPTED, Answer.TENTATIVE, Answer.DECLINED):
        raise ValidationError(_("Please choose whether you will come."))
    Invitation.objects.get_or_create(meeting=meeting, participant=participant)
    invitation = (
        Invitation.objects.select_for_update().select_related("meeting").get(meeting=meeting, participant=participant)
    )
    if not invitation.can_answer:
        raise ValidationError(_("The meeting has begun or was cancelled; the answer can no longer be changed."))
    invitation.answer = answer
    invitation.comment = (comment or "").strip()[:500]
    invitation.answered_at = timezone.now()
    invitation.answer_source = source
    invitation.save(update_fields=["answer", "comment", "answered_at", "answer_source", "updated_at"])
    return invitation


def record_calendar_reply(*, reply, sender="", sent_at=None) -> str:
    """Record an answer that a calendar client mailed back (iTIP REPLY, ``meetings.calendar.Reply``).

    Side effects: when the UID is a meeting and the ATTENDEE an invited participant of that meeting's group whose
    answer may still change, the answer is recorded with source "calendar" (:func:`record_answer`) — unless the
    participant answered on the web after the message was written (the web answer stays the source of truth), or
    the same answer from the calendar is already recorded. Everything is logged; nothing is raised. Returns the
    outcome: "recorded", "unchanged", "superseded", "unknown meeting", "unknown attendee", "closed".
    """
    meeting = Meeting.objects.filter(calendar_uid=reply.uid).select_related("working_group").first()
    if meeting is None:
        logger.info("Calendar reply for unknown UID %r from %r ignored", reply.uid, sender)
        return "unknown meeting"
    invitation = (
        meeting.invitations.select_related("participant")
        .filter(participant__email__iexact=reply.email, participant__erased_at__isnull=True)
        .first()
    )
    if invitation is None:
        logger.info("Calendar reply to meeting %s from an address that is not invited ignored", meeting.pk)
        return "unknown attendee"
    answer = PARTSTAT_ANSWERS[reply.partstat]
    if (
        invitation.answer_source == AnswerSource.WEB
        and invitation.answered_at
        and sent_at is not None
        and invitation.answered_at > sent_at
    ):
        logger.info("Calendar reply for invitation %s is older than the answer on the web: ignored", invitation.pk)
        return "superseded"
    if invitation.answer == answer and invitation.answer_source == AnswerSource.CALENDAR and not reply.comment:
        logger.info("Calendar reply for invitation %s repeats the recorded answer", invitation.pk)
        return "unchanged"
    try:
        record_answer(
            meeting=meeting,
            participant=invitation.participant,
            answer=answer,
            comment=reply.comment or invitation.comment,
            source=AnswerSource.CALENDAR,
        )
    except ValidationError:
        logger.info("Calendar reply for invitation %s came after the meeting began: ignored", invitation.pk)
        return "closed"
    logger.info("Calendar reply recorded for invitation %s: %s", invitation.pk, answer)
    return "recorded"


@transaction.atomic
def send_reminders(*, days: int, now=None) -> int:
    """Remind the invited participants of meetings that begin within ``days`` days and who have not declined.

    Side effects: for every such invitation that was sent, is not reminded yet and whose participant can still be
    emailed, a reminder with the calendar data (kind "reminder") is queued and ``reminded_at`` is set — each once,
    never twice: the rows are locked (``skip_locked``: a second run at the same moment leaves them to the first)
    and the outbox's dedupe key holds too. Returns the number of reminders queued.
    """
    now = now or timezone.now()
    candidates = (
        Invitation.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            reminded_at__isnull=True,
            sent_at__isnull=False,
            meeting__status=MeetingStatus.INVITED,
            meeting__start__gt=now,
            meeting__start__lte=now + datetime.timedelta(days=days),
        )
        .exclude(answer=Answer.DECLINED)
        .select_related("meeting__working_group__municipality", "participant")
        .order_by("meeting", "pk")
    )
    reminded = []
    shared = {}
    for invitation in candidates:
        if not invitation.participant.can_be_emailed:
            continue
        meeting = invitation.meeting
        if meeting.pk not in shared:
            shared[meeting.pk] = _shared_parts(meeting)
        _queue(kind=mails.REMINDER, meeting=meeting, invitation=invitation, shared=shared[meeting.pk])
        invitation.reminded_at = now
        reminded.append(invitation)
    Invitation.objects.bulk_update(reminded, ["reminded_at", "updated_at"])
    return len(reminded)


@transaction.atomic
def resend_mail(*, mail):
    """Send a failed mail of an invitation again ("erneut senden"). Side effects: :func:`outbox.services.retry`."""
    return outbox.retry(mail=mail)


def receive_message(raw: bytes) -> list[str]:
    """Read one incoming mail and record the calendar answers in it (``manage.py receive_mail``).

    Side effects: :func:`record_calendar_reply` for each answer of each METHOD:REPLY in the message. A message that
    is no reply, cannot be read, is too large, names an unknown meeting or an address that is not invited is logged
    and ignored: nothing is raised. Returns the outcomes (for the log and the tests).
    """
    try:
        parts = inbound.calendar_parts(raw, max_bytes=settings.INBOUND_MAX_BYTES)
        sender, sent_at = inbound.sender(raw, max_bytes=settings.INBOUND_MAX_BYTES), inbound.written_at(raw)
    except inbound.InboundError as error:
        logger.info("Incoming mail ignored: %s", error)
        return ["unreadable"]
    if not parts:
        logger.info("Incoming mail without calendar data ignored")
        return ["no calendar"]
    outcomes = []
    for part in parts:
        try:
            replies = calendar.parse_replies(part)
        except calendar.CalendarError as error:
            logger.info("Calendar data in an incoming mail ignored: %s", error)
            outcomes.append("not a reply")
            continue
        for reply in replies:
            outcomes.append(record_calendar_reply(reply=reply, sender=sender, sent_at=sent_at))
    return outcomes
