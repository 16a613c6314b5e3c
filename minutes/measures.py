"""Every write of the measures (Maßnahmen / Aufgaben: wer? was? bis wann?): creating, changing, status changes, and
the erasure of a participant's name from their history.

Each function is keyword-only and atomic; its docstring names every side effect. A change reads the measure with
``select_for_update`` first (:func:`_locked`), so that two coordinators changing it at once are applied one after the
other and every history entry records what really was before.
"""

import datetime
import decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minutes.models import Measure, MeasureEvent, MeasureStatus

# Allowed status changes: open → in progress; open / in progress → done / dropped; reopening.
TRANSITIONS = {
    MeasureStatus.OPEN: (MeasureStatus.IN_PROGRESS, MeasureStatus.DONE, MeasureStatus.DROPPED),
    MeasureStatus.IN_PROGRESS: (MeasureStatus.DONE, MeasureStatus.DROPPED),
    MeasureStatus.DONE: (MeasureStatus.OPEN,),
    MeasureStatus.DROPPED: (MeasureStatus.OPEN,),
}

# The fields a coordinator edits in the form; status changes go through transition_measure.
EDITABLE_FIELDS = (
    "title",
    "description",
    "meeting",
    "responsible_participant",
    "responsible_organization",
    "due_date",
    "budget",
    "funding_source",
)

# The history's field codes (MeasureEvent.field) and their names in the reader's language.
CREATED, STATUS, RESPONSIBLE, DUE_DATE, BUDGET = "created", "status", "responsible", "due_date", "budget"
EVENT_FIELDS = {
    CREATED: gettext_lazy("created"),
    STATUS: gettext_lazy("status"),
    RESPONSIBLE: gettext_lazy("responsible"),
    DUE_DATE: gettext_lazy("due date"),
    BUDGET: gettext_lazy("budget"),
}
TRACKED = (RESPONSIBLE, STATUS, DUE_DATE, BUDGET)


class TransitionError(ValidationError):
    """A status change that is not allowed; ``message`` is the text for the user."""


def allowed_transitions(measure: Measure) -> tuple[str, ...]:
    return TRANSITIONS[MeasureStatus(measure.status)]


def event_value(field: str, value: str) -> str:
    """A stored history value in the reader's language: status codes by their label, dates and amounts in the local
    format; a responsible is stored as the name it had."""
    if not value:
        return ""
    try:
        if field == STATUS:
            return str(MeasureStatus(value).label)
        if field == DUE_DATE:
            return formats.date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        if field == BUDGET:
            return format_euro(decimal.Decimal(value))
    except (ValueError, decimal.InvalidOperation):
        pass
    return value


def format_euro(amount) -> str:
    """``1.500,00 €`` in German, ``1,500.00 €`` in English."""
    return f"{formats.number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)} €"


def _responsible_text(measure):
    responsible = measure.responsible_participant or measure.responsible_organization
    return str(responsible) if responsible is not None else ""


def _tracked(measure):
    """field → (value stored in the event, raw value to compare). Codes for status, ISO dates, plain decimals; the
    responsible as the name, so the history keeps who it was when the row is gone (erasure: forget_participant)."""
    return {
        RESPONSIBLE: (
            _responsible_text(measure),
            (measure.responsible_participant_id, measure.responsible_organization_id),
        ),
        STATUS: (str(measure.status), measure.status),
        DUE_DATE: (measure.due_date.isoformat() if measure.due_date else "", measure.due_date),
        BUDGET: (f"{measure.budget:.2f}" if measure.budget is not None else "", measure.budget),
    }


def _event(measure, by, field, old="", new=""):
    return MeasureEvent(
        measure=measure,
        actor=by if by is not None and by.is_authenticated else None,
        field=field,
        old_value=old[:300],
        new_value=new[:300],
        created_at=timezone.now(),
    )


def _locked(measure: Measure) -> Measure:
    return Measure.objects.select_for_update().get(pk=measure.pk)


def _check_meeting(measure):
    if measure.meeting_id and measure.meeting.working_group_id != measure.working_group_id:
        raise ValidationError({"meeting": _("Please choose a meeting of this working group.")})


@transaction.atomic
def create_measure(*, group, data: dict, by=None) -> Measure:
    """Create a measure of ``group`` from the form's data (decided in a meeting or not).

    Side effects: the measure (status "open"); one history entry "created" naming who recorded it.
    """
    measure = Measure(working_group=group, status=MeasureStatus.OPEN)
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(measure, name, data[name])
    measure.full_clean()
    _check_meeting(measure)
    measure.save()
    _event(measure, by, CREATED, new=measure.title).save()
    return measure


@transaction.atomic
def change_measure(*, measure: Measure, by, data: dict) -> list[MeasureEvent]:
    """Apply the form's ``data`` (the :data:`EDITABLE_FIELDS` it holds) to the measure.

    Side effects: the measure is saved (locked meanwhile); one history entry for each changed tracked field —
    responsible, due date, budget. Returns the entries.
    """
    locked = _locked(measure)
    before = _tracked(locked)
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(locked, name, data[name])
    locked.full_clean()
    _check_meeting(locked)
    locked.save()
    after = _tracked(locked)
    events = [
        _event(locked, by, field, before[field][0], after[field][0])
        for field in (RESPONSIBLE, DUE_DATE, BUDGET)
        if before[field][1] != after[field][1]
    ]
    MeasureEvent.objects.bulk_create(events)
    for name in (*EDITABLE_FIELDS, "updated_at"):
        setattr(measure, name, getattr(locked, name))
    return events


@transaction.atomic
def transition_measure(*, measure: Measure, by, to: str, today=None) -> Measure:
    """Move the measure to status ``to``; raise :class:`TransitionError` when that change is not allowed (also when
    another coordinator changed the status a moment before).

    Side effects: status saved; ``done_on`` set to ``today`` when it is done and cleared otherwise; one history
    entry "status" (from → to).
    """
    locked = _locked(measure)
    try:
        target = MeasureStatus(to)
    except ValueError:
        raise TransitionError(_("This status does not exist.")) from None
    if target not in allowed_transitions(locked):
        raise TransitionError(
            _("A measure that is %(from)s cannot be set to %(to)s.")
            % {"from": MeasureStatus(locked.status).label, "to": target.label}
        )
    old = locked.status
    locked.status = target
    locked.done_on = (today or timezone.localdate()) if target == MeasureStatus.DONE else None
    locked.save(update_fields=["status", "done_on", "updated_at"])
    _event(locked, by, STATUS, old, target).save()
    measure.status, measure.done_on, measure.updated_at = locked.status, locked.done_on, locked.updated_at
    return measure


@transaction.atomic
def forget_participant(*, participant) -> int:
    """Remove a participant's name from the measures' history (GDPR erasure; wired to
    ``members.services.erasure_steps``, called while the participant still has a name).

    Side effects: history entries of the group's measures whose from/to value of "responsible" is the participant's
    name now read "Deleted person". Returns the number of changed rows. Measures that point at the participant row
    show its placeholder name once it is erased.
    """
    name = participant.display_name
    if not name or participant.is_erased:
        return 0
    placeholder = _("Deleted person")
    events = MeasureEvent.objects.filter(measure__working_group_id=participant.working_group_id, field=RESPONSIBLE)
    changed = events.filter(old_value=name).update(old_value=placeholder)
    changed += events.filter(new_value=name).update(new_value=placeholder)
    return changed
