"""Reads of the meetings app that cross relations; ``select_related``/``prefetch_related`` are decided here.

A one-object lookup returns a queryset scoped to the group; the view calls ``get_object_or_404(…, pk=pk)``.
Rows fetched through ``group.meetings`` know their group without a query (Django sets it).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import get_language

from arbeitskreis.hooks import Hook
from meetings import scheduling
from meetings.models import (
    AgendaItem,
    AgendaTemplate,
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
        if meeting.end >= now and meeting.status != MeetingStatus.CANCELLED:
            upcoming.append(meeting)
        else:
            past.append(meeting)
    past.reverse()
    return upcoming, past


def meetings_for_page(group):
    """The group's meetings with the focus questions their page shows."""
    return group.meetings.prefetch_related("focus_questions")


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


# What is still open from earlier meetings, from the later apps (wired in arbeitskreis/wiring.py): each connected
# function takes the meeting and returns named parts — the findings app {"findings": [the most urgent rows],
# "findings_total": n, "findings_url": the register filtered the same way}, the minutes app {"action_items": […]} —
# in a fixed number of queries. A row has ``title``, ``url``, ``status`` and may have ``priority_label``,
# ``due_date`` and ``overdue``.
follow_up_sources = Hook("meeting follow-up")
# What the later apps recorded in a meeting, for its page (e.g. {"raised_findings": […]}).
meeting_record_sources = Hook("meeting records")


def follow_up(meeting: Meeting) -> dict:
    """What is still open from earlier meetings, shown as a generated section of the agenda.

    Returns ``{"findings": [...], "findings_total": n, "findings_url": …, "action_items": [...]}``, filled by
    :data:`follow_up_sources`: a bounded number of the most urgent rows, the total and where to see them all. The
    section stays current until the meeting is held; after that it keeps what was on the table. The template
    ``meetings/_follow_up.html`` renders both lists (on the page and on the printed handout).
    """
    defaults = {"findings": [], "findings_total": 0, "findings_url": None, "action_items": []}
    return follow_up_sources.merged(defaults, meeting)


def meeting_records(meeting: Meeting) -> dict:
    """What the later apps recorded in ``meeting`` (e.g. ``raised_findings`` and ``record_finding_url``, where to
    record another), from :data:`meeting_record_sources`."""
    return meeting_record_sources.merged({"raised_findings": [], "record_finding_url": None}, meeting)


def available_templates(group):
    """Global templates and the group's own, each with its items prefetched as ``item_list`` (two queries)."""
    return list(AgendaTemplate.objects.available_to(group).prefetch_related(Prefetch("items", to_attr="item_list")))


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
            meeting.working_group = group  # fetched for many groups at once: the link needs its group
            group.next_meeting = meeting
