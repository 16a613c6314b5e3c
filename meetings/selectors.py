"""Reads of the meetings app that cross relations; ``select_related``/``prefetch_related`` are decided here."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import get_language

from meetings import scheduling
from meetings.models import (
    AgendaItem,
    AgendaTemplate,
    FocusQuestion,
    Meeting,
    MeetingStatus,
    TemplateKind,
)


def meeting_lists(group, *, now=None):
    """The group's meetings split into (upcoming, past), in one query, each with ``item_count``."""
    now = now or timezone.now()
    meetings = list(group.meetings.annotate(item_count=Count("agenda_items")).order_by("start", "pk"))
    upcoming, past = [], []
    for meeting in meetings:
        meeting.working_group = group  # for get_absolute_url without another query
        if meeting.end >= now and meeting.status != MeetingStatus.CANCELLED:
            upcoming.append(meeting)
        else:
            past.append(meeting)
    past.reverse()
    return upcoming, past


def meeting_for_page(group, pk):
    """The meeting with its focus questions prefetched; raises Meeting.DoesNotExist outside the group."""
    meeting = group.meetings.prefetch_related("focus_questions").get(pk=pk)
    meeting.working_group = group
    return meeting


@dataclass(frozen=True)
class AgendaRow:
    item: AgendaItem
    number: int
    start: datetime.datetime
    end: datetime.datetime
    first: bool
    last: bool


@dataclass(frozen=True)
class Agenda:
    rows: list[AgendaRow]
    total_minutes: int
    duration_minutes: int

    @property
    def over_minutes(self):
        return max(self.total_minutes - self.duration_minutes, 0)

    @property
    def free_minutes(self):
        return max(self.duration_minutes - self.total_minutes, 0)


def agenda(meeting: Meeting) -> Agenda:
    """The meeting's agenda items with clock times computed from the start (one query).

    The minutes are added in UTC and only then shown on the clock in Berlin, so that an agenda running through
    the night the clocks change shows times that exist.
    """
    items = list(meeting.agenda_items.order_by("position", "pk"))
    rows, clock, total = [], meeting.start.astimezone(datetime.UTC), 0
    for index, item in enumerate(items):
        end = clock + datetime.timedelta(minutes=item.planned_minutes)
        rows.append(
            AgendaRow(
                item, index + 1, timezone.localtime(clock), timezone.localtime(end), index == 0, index == len(items) - 1
            )
        )
        clock, total = end, total + item.planned_minutes
    return Agenda(rows=rows, total_minutes=total, duration_minutes=meeting.duration_minutes)


def follow_up(meeting: Meeting) -> dict:
    """What is still open from earlier meetings, shown as a generated section of the agenda.

    Returns ``{"findings": [...], "action_items": [...]}``: ``findings`` are the open content gaps of the group
    (status open or in progress, recorded before this meeting; one query, ``findings.selectors``); the minutes
    issue fills ``action_items`` with the open action items of earlier meetings. The section stays current until
    the meeting is held; after that the minutes keep what was discussed. The template
    ``meetings/_follow_up.html`` renders both lists.
    """
    from findings.selectors import open_findings_for_meeting

    return {"findings": open_findings_for_meeting(meeting), "action_items": []}


def available_templates(group):
    """Global templates and the group's own, each with its items prefetched (two queries)."""
    return list(
        AgendaTemplate.objects.filter(Q(working_group=None) | Q(working_group=group)).prefetch_related(
            Prefetch("items", to_attr="item_list")
        )
    )


def available_questions(group):
    """The focus question library and the group's own questions."""
    return FocusQuestion.objects.filter(Q(working_group=None) | Q(working_group=group))


def default_template(group, templates):
    """The first-meeting template for a group without meetings, else the regular-meeting template."""
    has_meetings = group.meetings.exclude(status=MeetingStatus.CANCELLED).exists()
    wanted = TemplateKind.REGULAR if has_meetings else TemplateKind.FIRST
    return next((t for t in templates if t.kind == wanted and t.is_global), None)


def suggest_next_meeting(group, *, today=None) -> scheduling.Suggestion:
    """Suggest the next meeting of ``group`` from its last meeting that was not cancelled."""
    last = group.meetings.exclude(status=MeetingStatus.CANCELLED).order_by("-start").values_list("start", flat=True)
    return scheduling.suggest_meeting(
        last_start=last.first(),
        cadence_months=group.cadence_months,
        start_time=group.default_start_time,
        duration_minutes=group.default_duration_minutes,
        state=group.municipality.state,
        today=today or timezone.localdate(),
        language=get_language() or "de",
    )


def add_dashboard_figures(groups):
    """Set ``group.next_meeting`` on every group: one query for all groups together."""
    by_pk = {group.pk: group for group in groups}
    for meeting in (
        Meeting.objects.filter(working_group__in=list(by_pk))
        .upcoming()
        .only("pk", "title", "start", "end", "status", "working_group_id")
    ):
        group = by_pk[meeting.working_group_id]
        if group.next_meeting is None:
            meeting.working_group = group
            group.next_meeting = meeting


def available_templates_queryset(group):
    """Global templates and the group's own, as a queryset (for form choices)."""
    return AgendaTemplate.objects.filter(Q(working_group=None) | Q(working_group=group))
