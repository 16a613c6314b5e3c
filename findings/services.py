"""Every write of the findings app: findings with their history, status changes, content areas, suggestions.

Each function is keyword-only and atomic; its docstring names every side effect.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from arbeitskreis import languages
from findings.models import (
    ContentArea,
    EventField,
    Finding,
    FindingEvent,
    FindingStatus,
    Suggestion,
    SuggestionKind,
    SuggestionStatus,
)
from meetings.models import AgendaItem
from meetings.services import add_agenda_item

# Allowed status changes: open → in progress; open / in progress → resolved / rejected; reopening.
TRANSITIONS = {
    FindingStatus.OPEN: (FindingStatus.IN_PROGRESS, FindingStatus.RESOLVED, FindingStatus.REJECTED),
    FindingStatus.IN_PROGRESS: (FindingStatus.RESOLVED, FindingStatus.REJECTED),
    FindingStatus.RESOLVED: (FindingStatus.OPEN,),
    FindingStatus.REJECTED: (FindingStatus.OPEN,),
}

# The fields a coordinator edits in the form; changes of the tracked ones are written to the history.
EDITABLE_FIELDS = (
    "title",
    "description",
    "content_area",
    "languages",
    "kind",
    "priority",
    "raised_in_meeting",
    "raised_by",
    "assignee_participant",
    "assignee_organization",
    "due_date",
    "integreat_url",
)


class TransitionError(ValidationError):
    """A status change that is not allowed; ``message`` is the text for the user."""


def allowed_transitions(finding: Finding) -> tuple[str, ...]:
    return TRANSITIONS[FindingStatus(finding.status)]


def _status_text(value):
    return str(FindingStatus(value).label) if value else ""


def _assignee_text(finding):
    assignee = finding.assignee_participant or finding.assignee_organization
    return str(assignee) if assignee is not None else ""


def _event(finding, by, field, old="", new="", actor_label="", actor_participant=None):
    return FindingEvent(
        finding=finding,
        actor=by if by is not None and by.is_authenticated else None,
        actor_label=actor_label[:200],
        actor_participant=actor_participant,
        field=field,
        old_value=old[:300],
        new_value=new[:300],
        created_at=timezone.now(),
    )


def _tracked(finding):
    """The tracked fields of the history: field → (value stored in the event, raw value to compare).

    Status, priority and due date are stored as codes (``FindingEvent.old_display`` shows them in the reader's
    language); an assignee is stored as its name, so the history keeps who it was when the row is gone.
    """
    assignee = (finding.assignee_participant_id, finding.assignee_organization_id)
    return {
        EventField.ASSIGNEE: (_assignee_text(finding), assignee),
        EventField.PRIORITY: (str(finding.priority or ""), finding.priority),
        EventField.DUE_DATE: (finding.due_date.isoformat() if finding.due_date else "", finding.due_date),
    }


def _locked(finding: Finding) -> Finding:
    return Finding.objects.select_for_update().get(pk=finding.pk)


@transaction.atomic
def create_finding(*, group, data: dict, by=None, actor_label: str = "", suggested_by=None) -> Finding:
    """Create a content gap of ``group`` from the form's data.

    Side effects: the finding (status "open"); one history entry "created" naming who recorded it.
    """
    finding = Finding(working_group=group, status=FindingStatus.OPEN)
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(finding, name, data[name])
    finding.full_clean()
    finding.save()
    _event(
        finding, by, EventField.CREATED, new=finding.title, actor_label=actor_label, actor_participant=suggested_by
    ).save()
    return finding


@transaction.atomic
def change_finding(*, finding: Finding, by, data: dict) -> list[FindingEvent]:
    """Apply the form's ``data`` to the finding (the :data:`EDITABLE_FIELDS` it holds; status changes go through
    :func:`transition_finding`).

    Side effects: the finding is saved (locked meanwhile); one history entry for each changed tracked field —
    assignee, priority, due date. Returns the entries.
    """
    locked = _locked(finding)
    before = _tracked(locked)
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(locked, name, data[name])
    locked.full_clean()
    locked.save()
    after = _tracked(locked)
    events = [
        _event(locked, by, field, before[field][0], after[field][0])
        for field in (EventField.ASSIGNEE, EventField.PRIORITY, EventField.DUE_DATE)
        if before[field][1] != after[field][1]
    ]
    FindingEvent.objects.bulk_create(events)
    for name in EDITABLE_FIELDS:
        setattr(finding, name, getattr(locked, name))
    finding.updated_at = locked.updated_at
    return events


@transaction.atomic
def transition_finding(*, finding: Finding, by, to: str, note: str = "") -> Finding:
    """Move the finding to status ``to``; raise :class:`TransitionError` when that change is not allowed.

    Side effects: status saved; ``closed_at`` set when it is resolved or rejected and cleared on reopening;
    ``note`` (if given) stored as the resolution note; one history entry "status" (from → to).
    """
    locked = _locked(finding)
    try:
        target = FindingStatus(to)
    except ValueError:
        raise TransitionError(_("This status does not exist.")) from None
    if target not in allowed_transitions(locked):
        raise TransitionError(
            _("A content gap that is %(from)s cannot be set to %(to)s.")
            % {"from": _status_text(locked.status), "to": _status_text(target)}
        )
    old = locked.status
    locked.status = target
    locked.closed_at = timezone.now() if target in (FindingStatus.RESOLVED, FindingStatus.REJECTED) else None
    if note.strip():
        locked.resolution_note = note.strip()
    locked.save(update_fields=["status", "closed_at", "resolution_note", "updated_at"])
    _event(locked, by, EventField.STATUS, old, target).save()
    finding.status, finding.closed_at, finding.resolution_note = locked.status, locked.closed_at, locked.resolution_note
    return finding


@transaction.atomic
def add_content_area(*, group, name: str) -> ContentArea:
    """Add a content area of the group's own.

    Side effects: the area is stored after the group's existing ones; a name the group already has (its own or
    a global one) is refused with a :class:`ValidationError`.
    """
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Please enter a name."))
    if ContentArea.objects.available_to(group).filter(name__iexact=name).exists():
        raise ValidationError(_("The content area “%(name)s” exists already.") % {"name": name})
    last = ContentArea.objects.filter(working_group=group).aggregate(last=Max("position"))["last"] or 100
    return ContentArea.objects.create(working_group=group, name=name, position=last + 1)


@transaction.atomic
def submit_suggestion(*, participant, data: dict) -> Suggestion:
    """Store a participant's suggestion (a content gap or an agenda topic) for the coordination to triage.

    Side effects: the suggestion with status "waiting for a decision", belonging to the participant's group.
    """
    suggestion = Suggestion(working_group=participant.working_group, participant=participant, **data)
    suggestion.full_clean()
    suggestion.save()
    return suggestion


def _pending(suggestion: Suggestion) -> Suggestion:
    locked = Suggestion.objects.select_for_update().select_related("participant").get(pk=suggestion.pk)
    if locked.status != SuggestionStatus.PENDING:
        raise ValidationError(_("This suggestion has already been decided."))
    return locked


@transaction.atomic
def accept_suggestion(*, suggestion: Suggestion, by, meeting=None) -> Suggestion:
    """Accept a suggestion.

    Side effects: a content gap becomes a finding (status "open", raised by the participant, language and area
    taken over; history entry "created" naming the participant); an agenda topic becomes an agenda item at the
    end of ``meeting``'s agenda (required then). The suggestion is marked accepted with who and when.
    """
    locked = _pending(suggestion)
    if locked.kind == SuggestionKind.GAP:
        finding = create_finding(
            group=locked.working_group,
            data={
                "title": locked.title,
                "description": locked.description,
                "content_area": locked.content_area,
                "languages": languages.pack([locked.language]),
                "raised_by": locked.participant,
                "integreat_url": locked.integreat_url,
            },
            by=by,
            suggested_by=locked.participant,
        )
        locked.finding = finding
    else:
        if meeting is None:
            raise ValidationError(_("Please choose the meeting whose agenda gets this topic."))
        if meeting.working_group_id != locked.working_group_id:
            raise ValidationError(_("Please choose a meeting of this working group."))
        locked.agenda_item = add_agenda_item(
            meeting=meeting,
            data={
                "title": locked.title[:200],
                "description": locked.description,
                "presenter": locked.participant.display_name[:200],
            },
        )
    locked.status = SuggestionStatus.ACCEPTED
    locked.decided_at = timezone.now()
    locked.decided_by = by
    locked.save()
    return locked


@transaction.atomic
def decline_suggestion(*, suggestion: Suggestion, by, note: str) -> Suggestion:
    """Decline a suggestion with a note the participant sees on their personal page.

    Side effects: status "declined", the note, who and when are stored. An empty note is refused.
    """
    if not note or not note.strip():
        raise ValidationError(_("Please tell the participant why the suggestion is declined."))
    locked = _pending(suggestion)
    locked.status = SuggestionStatus.DECLINED
    locked.decline_note = note.strip()
    locked.decided_at = timezone.now()
    locked.decided_by = by
    locked.save()
    return locked


@transaction.atomic
def forget_participant(*, participant) -> int:
    """Remove a participant's name from the texts this app copied it into (GDPR erasure).

    Called by ``members.services.erase_participant`` while the participant still has a name.
    Side effects: history entries of the group's findings whose from/to value is the participant's name
    (assignee changes) and the presenter of agenda items made from the participant's suggestions now read
    "Deleted person". Returns the number of changed rows. Findings and history entries that point at the
    participant row (raised by, assignee, suggested by) show its placeholder name once it is erased.
    """
    name = participant.display_name
    if not name or participant.is_erased:
        return 0
    placeholder = _("Deleted person")
    events = FindingEvent.objects.filter(finding__working_group_id=participant.working_group_id)
    changed = events.filter(field=EventField.ASSIGNEE, old_value=name).update(old_value=placeholder)
    changed += events.filter(field=EventField.ASSIGNEE, new_value=name).update(new_value=placeholder)
    suggested_items = Suggestion.objects.filter(participant=participant, agenda_item__isnull=False)
    changed += AgendaItem.objects.filter(pk__in=suggested_items.values("agenda_item"), presenter=name).update(
        presenter=placeholder
    )
    return changed
