"""Writes of the meetings app: keyword-only, atomic, each docstring names its side effects.

Status transitions happen only here (:func:`change_status`); views never set ``Meeting.status`` themselves.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import (
    MAX_FOCUS_QUESTIONS,
    AgendaItem,
    AgendaTemplate,
    AgendaTemplateItem,
    FocusQuestion,
    Meeting,
    MeetingStatus,
    TemplateKind,
)

# The allowed next steps of each status.
TRANSITIONS = {
    MeetingStatus.PLANNED: (MeetingStatus.INVITED, MeetingStatus.CANCELLED),
    MeetingStatus.INVITED: (MeetingStatus.HELD, MeetingStatus.CANCELLED),
    MeetingStatus.HELD: (MeetingStatus.MINUTES_APPROVED,),
    MeetingStatus.MINUTES_APPROVED: (),
    MeetingStatus.CANCELLED: (),
}

# Fields whose change calendars must learn about (SEQUENCE is raised; the calendar issue sends updates).
CALENDAR_FIELDS = ("title", "start", "end", "place", "online_link")

MEETING_FIELDS = ("title", "start", "end", "place", "online_link", "organiser_notes")


class TransitionError(ValidationError):
    """A status change that is not allowed; ``message`` is the German text for the user."""


def allowed_transitions(meeting: Meeting) -> tuple[str, ...]:
    return TRANSITIONS[MeetingStatus(meeting.status)]


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _touch(meeting: Meeting) -> None:
    """An agenda change is a change of the meeting: calendar feeds see it in ``updated_at``."""
    Meeting.objects.filter(pk=meeting.pk).update(updated_at=timezone.now())


def _ensure_editable(meeting: Meeting):
    if not meeting.is_editable:
        raise ValidationError(
            _("This meeting can no longer be changed (status: %(status)s).") % {"status": meeting.get_status_display()}
        )


def _check_focus_questions(group, questions):
    """At most two questions, each from the library or of ``group``; else ValidationError on focus_questions."""
    questions = list(questions or [])
    if len(questions) > MAX_FOCUS_QUESTIONS:
        raise ValidationError({"focus_questions": _("Please choose at most two focus questions.")})
    if any(question.working_group_id not in (None, group.pk) for question in questions):
        raise ValidationError({"focus_questions": _("Please choose focus questions of this working group.")})
    return questions


@transaction.atomic
def create_meeting(
    *, group, data: dict, template: AgendaTemplate | None = None, by=None, calendar_uid: str | None = None
) -> Meeting:
    """Create a meeting of ``group`` from the form's data, with its agenda copied from ``template``.

    Side effects: the meeting (status "planned", a new stable calendar UID unless ``calendar_uid`` gives the one
    it already has elsewhere — the demo data keeps theirs), its agenda items (one per template item, in the
    template's order) and its focus questions are stored. More than two focus questions, or one of another
    group, raise ValidationError and nothing is stored.
    """
    questions = _check_focus_questions(group, data.get("focus_questions"))
    meeting = Meeting(working_group=group, **{name: data[name] for name in MEETING_FIELDS if name in data})
    if calendar_uid:
        meeting.calendar_uid = calendar_uid
    meeting.full_clean()
    meeting.save()
    meeting.focus_questions.set(questions)
    if template is not None:
        copy_template(meeting=meeting, template=template)
    return meeting


def copy_template(*, meeting: Meeting, template: AgendaTemplate) -> list[AgendaItem]:
    """Give ``meeting`` the agenda of ``template`` (called inside :func:`create_meeting`'s transaction).

    Side effects: the meeting's agenda items are replaced by one per template item, in the template's order.
    """
    meeting.agenda_items.all().delete()
    return AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=index,
            title=item.title,
            description=item.description,
            planned_minutes=item.minutes,
        )
        for index, item in enumerate(template.items.all(), start=1)
    )


@transaction.atomic
def update_meeting(*, meeting: Meeting, data: dict, by=None) -> Meeting:
    """Store the changed details and focus questions of a meeting.

    Side effects: the calendar SEQUENCE is raised when title, time or place changed (so calendar clients
    replace the entry once invitations are sent). More than two focus questions, or one of another group, raise
    ValidationError and nothing changes.
    """
    locked = _locked(meeting)
    _ensure_editable(locked)
    if "focus_questions" in data:
        _check_focus_questions(locked.working_group, data["focus_questions"])
    changed = [name for name in MEETING_FIELDS if name in data and getattr(locked, name) != data[name]]
    for name in changed:
        setattr(locked, name, data[name])
    if any(name in CALENDAR_FIELDS for name in changed):
        locked.sequence += 1
    locked.full_clean()
    locked.save()
    if "focus_questions" in data:
        locked.focus_questions.set(data["focus_questions"])
    return locked


@transaction.atomic
def change_status(*, meeting: Meeting, to: str, by=None) -> Meeting:
    """Move a meeting to the status ``to`` if that is an allowed next step; else raise :class:`TransitionError`.

    Side effects: the status is stored; on cancellation the calendar SEQUENCE is raised (calendars will
    receive a cancellation once invitations exist).
    """
    locked = _locked(meeting)
    if to not in MeetingStatus.values:
        raise TransitionError(_("This status does not exist."))
    current = MeetingStatus(locked.status)
    target = MeetingStatus(to)
    if target not in TRANSITIONS[current]:
        raise TransitionError(
            _("A meeting with the status “%(current)s” cannot be marked as “%(target)s”.")
            % {"current": current.label, "target": target.label}
        )
    if target == MeetingStatus.HELD and locked.start > timezone.now():
        raise TransitionError(_("A meeting can only be marked as held once it has started."))
    locked.status = target
    if target == MeetingStatus.CANCELLED:
        locked.sequence += 1
    locked.save(update_fields=["status", "sequence", "updated_at"])
    return locked


@transaction.atomic
def add_agenda_item(*, meeting: Meeting, data: dict) -> AgendaItem:
    """Append an item to the meeting's agenda.

    Side effects: the item is stored at the end of the agenda.
    """
    locked = _locked(meeting)
    _ensure_editable(locked)
    last = locked.agenda_items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(meeting=locked, position=last + 1, **data)
    item.full_clean()
    item.save()
    _touch(locked)
    return item


@transaction.atomic
def update_agenda_item(*, item: AgendaItem, data: dict) -> AgendaItem:
    """Store the changed title, description, planned minutes and presenter of an agenda item.

    Side effects: none besides the saved item.
    """
    _ensure_editable(_locked(item.meeting))
    for name, value in data.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    _touch(item.meeting)
    return item


@transaction.atomic
def delete_agenda_item(*, item: AgendaItem) -> None:
    """Delete an agenda item.

    Side effects: the item is deleted and the following items are numbered without a gap.
    """
    meeting = _locked(item.meeting)
    _ensure_editable(meeting)
    item.delete()
    _renumber(meeting)
    _touch(meeting)


def _renumber(meeting: Meeting) -> list[AgendaItem]:
    items = list(meeting.agenda_items.order_by("position", "pk"))
    for index, item in enumerate(items, start=1):
        item.position = index
    AgendaItem.objects.bulk_update(items, ["position"])
    return items


@transaction.atomic
def move_agenda_item(*, item: AgendaItem, direction: str) -> bool:
    """Move an agenda item one place ``"up"`` or ``"down"``; return False when it is already first/last.

    Side effects: the positions of the meeting's items are rewritten (1, 2, 3 … in the new order).
    """
    if direction not in ("up", "down"):
        raise ValidationError(_("Unknown direction."))
    meeting = _locked(item.meeting)
    _ensure_editable(meeting)
    items = list(meeting.agenda_items.order_by("position", "pk"))
    index = next(i for i, candidate in enumerate(items) if candidate.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return False
    items[index], items[other] = items[other], items[index]
    for position, candidate in enumerate(items, start=1):
        candidate.position = position
    AgendaItem.objects.bulk_update(items, ["position"])
    _touch(meeting)
    return True


@transaction.atomic
def reorder_agenda(*, meeting: Meeting, order: list[int]) -> None:
    """Put the meeting's agenda items in the order of the ids in ``order`` (drag and drop).

    Side effects: the positions are rewritten; ids not of this meeting, or a list that is not a permutation
    of the meeting's items, raise ValidationError and change nothing.
    """
    locked = _locked(meeting)
    _ensure_editable(locked)
    items = {item.pk: item for item in locked.agenda_items.all()}
    if sorted(order) != sorted(items):
        raise ValidationError(_("The agenda has changed in the meantime. Please reload the page."))
    for position, pk in enumerate(order, start=1):
        items[pk].position = position
    AgendaItem.objects.bulk_update(items.values(), ["position"])
    _touch(locked)


@transaction.atomic
def save_agenda_as_template(*, meeting: Meeting, name: str, by=None) -> AgendaTemplate:
    """Save the meeting's agenda as a template of its working group.

    Side effects: a new group template with one item per agenda item (title, description, minutes).
    """
    items = list(meeting.agenda_items.all())
    if not items:
        raise ValidationError(_("The agenda is empty: there is nothing to save as a template."))
    template = AgendaTemplate(working_group=meeting.working_group, name=name, kind=TemplateKind.CUSTOM)
    template.full_clean()
    template.save()
    AgendaTemplateItem.objects.bulk_create(
        AgendaTemplateItem(
            template=template,
            position=index,
            title=item.title,
            description=item.description,
            minutes=item.planned_minutes,
        )
        for index, item in enumerate(items, start=1)
    )
    return template


@transaction.atomic
def delete_group_template(*, template: AgendaTemplate) -> None:
    """Delete a group's own template (global templates are only deleted by staff in the admin).

    Side effects: the template and its items are deleted; meetings created from it keep their agendas.
    """
    if template.is_global:
        raise ValidationError(_("Global templates can only be changed in the administration."))
    template.delete()


@transaction.atomic
def add_focus_question(*, group, data: dict) -> FocusQuestion:
    """Add a focus question of the group's own from the form's ``data`` (text, description).

    Side effects: the question is stored for ``group``.
    """
    question = FocusQuestion(working_group=group, text=data["text"], description=data.get("description", ""))
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def delete_focus_question(*, question) -> None:
    """Delete a group's own focus question, unless a meeting that took place used it.

    Side effects: the question is deleted and removed from the planned meetings that picked it. While a held
    meeting (or one whose minutes are approved) names the question, ValidationError is raised and nothing
    changes: the record of past meetings is never rewritten.
    """
    if question.is_global:
        raise ValidationError(_("Questions of the library can only be changed in the administration."))
    used = (
        question.meetings.filter(status__in=[MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED])
        .order_by("-start")
        .first()
    )
    if used is not None:
        raise ValidationError(
            _(
                "This focus question was discussed in the meeting “%(meeting)s” and stays part of its record; "
                "it cannot be deleted."
            )
            % {"meeting": str(used)}
        )
    question.delete()
