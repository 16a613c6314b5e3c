"""Writes of the minutes: recording, the workflow draft → sent for review → approved, corrections as new versions,
comments from participants, and sending the approved minutes.

Keyword-only and atomic; each docstring names its side effects; every mail goes through the outbox in the same
transaction, and the group's change log (``arbeitskreis.history``) names who did it. Two coordinators never overwrite
each other: :func:`save` takes the ``revision`` the form was made
from and refuses the save when someone saved in between (:class:`EditConflict`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from arbeitskreis import history
from arbeitskreis.models import EventKind
from meetings import services as meeting_services
from meetings.models import MeetingStatus
from minutes import documents, selectors
from minutes.models import (
    Attendance,
    AttendanceStatus,
    Decision,
    FocusAnswer,
    ItemNote,
    Minutes,
    MinutesComment,
    MinutesStatus,
    MinutesVersion,
)
from outbox import services as outbox

# The meeting statuses in which a protocol may be written (the meeting has begun: see :func:`check_recordable`).
RECORDABLE = (MeetingStatus.INVITED, MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED)


# The kinds of the protocol mails in the outbox: the draft for review, the approved minutes.
REVIEW_MAIL, MINUTES_MAIL = "minutes-review", "minutes"
MAIL_KINDS = (REVIEW_MAIL, MINUTES_MAIL)


class EditConflict(ValidationError):
    """Someone else saved the minutes since this form was opened; nothing was saved."""


def check_recordable(meeting):
    if meeting.status not in RECORDABLE or not meeting.has_begun:
        raise ValidationError(_("Minutes can be written once the meeting has begun."))


def _locked(minutes):
    return Minutes.objects.select_for_update().get(pk=minutes.pk)


@transaction.atomic
def minutes_for(*, meeting) -> Minutes:
    """The meeting's minutes, made (as a draft) on the first save. Side effects: may create :class:`Minutes`."""
    check_recordable(meeting)
    minutes, _created = Minutes.objects.get_or_create(meeting=meeting)
    return minutes


@transaction.atomic
def save(*, meeting, revision: int, data: dict, by=None) -> Minutes:
    """Store what the recording form holds: attendance, guests, notes per agenda item, answers to the focus
    questions and decisions (``data``: the form's cleaned data, see :class:`minutes.forms.RecordForm`).

    Side effects: the minutes are made if needed and their ``revision`` is raised — only if it still is
    ``revision`` (else :class:`EditConflict` and nothing changes); attendance rows of participants are written,
    the guests, notes, answers and decisions replaced; a line "minutes edited" in the group's change log. Approved
    minutes are locked (ValidationError): a correction starts a new version first (:func:`start_correction`).
    """
    minutes = minutes_for(meeting=meeting)
    if minutes.is_locked:
        raise ValidationError(_("The minutes are approved and locked. Start a correction to change them."))
    changed = Minutes.objects.filter(pk=minutes.pk, revision=revision).update(
        revision=F("revision") + 1,
        updated_by=by if by is not None and by.is_authenticated else None,
        updated_at=timezone.now(),
    )
    if not changed:
        raise EditConflict(
            _(
                "Someone else has saved these minutes in the meantime. Your text is still in the form below: please "
                "compare it with the current minutes (open them in a new tab), then save again."
            )
        )
    _write_attendance(meeting, data["attendance"], data["guests"])
    for item_id, text in data["notes"].items():
        ItemNote.objects.update_or_create(minutes=minutes, agenda_item_id=item_id, defaults={"text": text})
    for question_id, text in data["answers"].items():
        FocusAnswer.objects.update_or_create(minutes=minutes, question_id=question_id, defaults={"text": text})
    minutes.decisions.all().delete()
    Decision.objects.bulk_create(
        Decision(minutes=minutes, position=position, text=text) for position, text in enumerate(data["decisions"])
    )
    minutes.refresh_from_db()
    _log(minutes, EventKind.MINUTES_EDITED, by)
    return minutes


def _log(minutes, kind, by, **details):
    """One line of the group's change log about these minutes: who, which meeting, which version — no names of
    participants (an erasure leaves nothing behind there)."""
    meeting = minutes.meeting
    history.record(
        group=meeting.working_group,
        kind=kind,
        actor=by,
        details={"meeting": meeting.title, "meeting_id": meeting.pk, "version": minutes.version, **details},
    )


def _write_attendance(meeting, statuses: dict, guests: list):
    existing = {row.participant_id: row for row in meeting.attendances.filter(participant__isnull=False)}
    for participant_id, status in statuses.items():
        row = existing.get(participant_id)
        if row is None:
            Attendance.objects.create(meeting=meeting, participant_id=participant_id, status=status)
        elif row.status != status:
            row.status = status
            row.save(update_fields=["status"])
    meeting.attendances.filter(participant__isnull=True).delete()
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, guest_name=name, guest_organization=organization, status=AttendanceStatus.PRESENT)
        for name, organization in guests
    )


@transaction.atomic
def send_for_review(*, minutes, by=None) -> Minutes:
    """Send the draft to the participants who attended, for their review.

    Side effects: status "sent for review" and a line in the group's change log; every attendee who can be emailed
    gets a mail with the draft as PDF and the link to their page, where they can comment until the approval (through
    the outbox).
    """
    minutes = _locked(minutes)
    if minutes.status != MinutesStatus.DRAFT:
        raise ValidationError(_("Only a draft can be sent for review."))
    minutes.status = MinutesStatus.IN_REVIEW
    minutes.sent_for_review_at = timezone.now()
    minutes.save(update_fields=["status", "sent_for_review_at", "updated_at"])
    _log(minutes, EventKind.MINUTES_IN_REVIEW, by)
    meeting = minutes.meeting
    for participant in selectors.attendees(meeting):
        if participant.can_be_emailed:
            _queue_protocol(minutes, participant, kind=REVIEW_MAIL)
    return minutes


@transaction.atomic
def add_comment(*, minutes, participant, text: str) -> MinutesComment:
    """A participant's remark on the draft (from their personal page). Side effects: a :class:`MinutesComment`.
    Refused (ValidationError) when the minutes are not under review, or the participant was not at the meeting."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Please write your remark."))
    if minutes.status != MinutesStatus.IN_REVIEW:
        raise ValidationError(_("These minutes are no longer open for remarks."))
    return MinutesComment.objects.create(minutes=minutes, participant=participant, version=minutes.version, text=text)


@transaction.atomic
def approve(*, minutes, by, approved_in=None) -> Minutes:
    """Approve the minutes ("genehmigt in der Sitzung vom …" names ``approved_in``, usually the next meeting).

    Side effects: status "approved" with who and when, and a line in the group's change log; the content is kept as
    an approved version (:class:`MinutesVersion`) — from now on read-only; the meeting becomes "minutes approved"
    (marked "held" first if it was still "invited").
    """
    minutes = _locked(minutes)
    if minutes.status == MinutesStatus.APPROVED:
        raise ValidationError(_("These minutes are already approved."))
    if approved_in is not None and approved_in.working_group_id != minutes.meeting.working_group_id:
        raise ValidationError(_("Please choose a meeting of this working group."))
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_at = timezone.now()
    minutes.approved_by = by if by is not None and by.is_authenticated else None
    minutes.approved_in = approved_in
    minutes.save(update_fields=["status", "approved_at", "approved_by", "approved_in", "updated_at"])
    meeting = minutes.meeting
    MinutesVersion.objects.create(
        minutes=minutes,
        number=minutes.version,
        content=selectors.protocol(meeting, minutes),
        reason=minutes.correction_reason,
        approved_at=minutes.approved_at,
    )
    _log(minutes, EventKind.MINUTES_APPROVED, by)
    if meeting.status == MeetingStatus.INVITED:
        meeting = meeting_services.change_status(meeting=meeting, to=MeetingStatus.HELD, by=by)
    if meeting.status == MeetingStatus.HELD:
        meeting_services.change_status(meeting=meeting, to=MeetingStatus.MINUTES_APPROVED, by=by)
    return minutes


@transaction.atomic
def start_correction(*, minutes, reason: str, by=None) -> Minutes:
    """Unlock approved minutes for a correction: a new version (number + 1), a draft again, with the reason.

    Side effects: version raised, status "draft", approval cleared, the reason stored, a line in the group's change
    log; the approved versions stay
    unchanged and readable. An empty reason is refused (ValidationError).
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Please give the reason for the correction."))
    minutes = _locked(minutes)
    if minutes.status != MinutesStatus.APPROVED:
        raise ValidationError(_("Only approved minutes are corrected with a new version."))
    minutes.version += 1
    minutes.status = MinutesStatus.DRAFT
    minutes.correction_reason = reason
    minutes.approved_at = minutes.approved_by = minutes.approved_in = None
    minutes.sent_for_review_at = None
    minutes.save()
    _log(minutes, EventKind.MINUTES_CORRECTION, by)  # the reason stays on the minutes: free text
    return minutes


@transaction.atomic
def send_approved(*, minutes, attendees_only=False, by=None) -> int:
    """Send the approved minutes as PDF to the group's participants (or only those who attended).

    Side effects: one mail per participant who can be emailed, through the outbox (once per version and person);
    a line in the group's change log with their number.
    Returns the number of mails queued.
    """
    if minutes.status != MinutesStatus.APPROVED:
        raise ValidationError(_("Only approved minutes are sent to everyone."))
    meeting = minutes.meeting
    people = selectors.attendees(meeting) if attendees_only else list(meeting.working_group.participants.contactable())
    queued = [person for person in people if person.can_be_emailed]
    for participant in queued:
        _queue_protocol(minutes, participant, kind=MINUTES_MAIL)
    _log(minutes, EventKind.MINUTES_SENT, by, count=len(queued))
    return len(queued)


def _queue_protocol(minutes, participant, *, kind):
    meeting = minutes.meeting
    with override(participant.preferred_language):
        subject, text = documents.protocol_mail(minutes, participant, kind=kind)
        pdf, filename = documents.protocol_pdf(minutes)
    return outbox.queue_mail(
        to=participant.email,
        subject=subject,
        text=text,
        attachments=[(filename, pdf, "application/pdf")],
        reply_to=documents.reply_to(meeting.working_group),
        about=minutes,
        kind=kind,
        language=participant.preferred_language,
        dedupe_key=f"minutes-{minutes.pk}:{kind}:v{minutes.version}:participant-{participant.pk}",
    )


@transaction.atomic
def forget_participant(*, participant) -> int:
    """Remove a participant's name from the kept versions of the group's minutes and delete their remarks (GDPR
    erasure; wired to ``members.services.erasure_steps``, called while the participant still has a name).

    Side effects: in every kept version, the attendance rows and measures that name the participant read
    "Deleted person" (the organisation removed from their row); their remarks on drafts are deleted. The live
    minutes need nothing: they point at the participant row, which shows its placeholder once erased. Returns the
    number of versions changed.
    """
    name = participant.display_name
    MinutesComment.objects.filter(participant=participant).delete()
    if not name or participant.is_erased:
        return 0
    placeholder = str(_("Deleted person"))
    changed = 0
    versions = MinutesVersion.objects.select_for_update().filter(
        minutes__meeting__working_group_id=participant.working_group_id
    )
    for version in versions:
        content, touched = version.content, False
        for row in content.get("attendance", []):
            if not row.get("guest") and row.get("name") == name:
                row.update(name=placeholder, organization="")
                touched = True
        for row in content.get("measures", []):
            if row.get("responsible") == name:
                row["responsible"] = placeholder
                touched = True
        if touched:
            version.save(update_fields=["content"])
            changed += 1
    return changed
