"""Reads of the measures: the register with its filters, the budget per status, the export, a meeting's follow-up.

Every function here runs a fixed number of queries, whatever the number of measures.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Sum, Value, When
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arbeitskreis import collation
from meetings.models import MeetingStatus
from minutes.measures import EVENT_FIELDS, STATUS, event_value, format_euro
from minutes.models import OPEN_MEASURE_STATUSES, MeasureEvent, MeasureStatus

CLOSED_MEASURE_STATUSES = (MeasureStatus.DONE, MeasureStatus.DROPPED)

# Status filter of the register: key → (label, statuses).
STATUS_FILTERS = {
    "active": (gettext_lazy("open or in progress"), OPEN_MEASURE_STATUSES),
    "open": (MeasureStatus.OPEN.label, (MeasureStatus.OPEN,)),
    "in_progress": (MeasureStatus.IN_PROGRESS.label, (MeasureStatus.IN_PROGRESS,)),
    "closed": (gettext_lazy("done or dropped"), CLOSED_MEASURE_STATUSES),
    "done": (MeasureStatus.DONE.label, (MeasureStatus.DONE,)),
    "dropped": (MeasureStatus.DROPPED.label, (MeasureStatus.DROPPED,)),
}

# Sort keys of the register: key → (label, ordering).
SORTS = {
    "due": (gettext_lazy("due date"), (F("due_date").asc(nulls_last=True), "-created_at", "-pk")),
    "newest": (gettext_lazy("newest first"), ("-created_at", "-pk")),
    "oldest": (gettext_lazy("oldest first"), ("created_at", "pk")),
    "status": (gettext_lazy("status"), ("status", F("due_date").asc(nulls_last=True), "-pk")),
    "budget": (gettext_lazy("budget, highest first"), (F("budget").desc(nulls_last=True), "-pk")),
    "title": (gettext_lazy("title"), ("title", "pk")),
    # Overdue first, then the earliest due date, then the oldest (the order of a meeting's follow-up).
    "urgency": (gettext_lazy("urgency"), ()),
}

REGISTER_RELATED = ("meeting", "responsible_participant", "responsible_organization")


def register(group, filters: dict, *, today=None):
    """The group's measures for the register: filtered, searched, sorted, with what a row shows joined in.

    ``filters`` holds the cleaned values of ``MeasureFilterForm``: q, status, responsible ("p:<id>", "o:<id>" or
    "none"), meeting, followup, overdue, sort.
    """
    today = today or timezone.localdate()
    queryset = group.measures.select_related(*REGISTER_RELATED)
    if status := filters.get("status"):
        queryset = queryset.filter(status__in=STATUS_FILTERS[status][1])
    if responsible := filters.get("responsible"):
        if responsible == "none":
            queryset = queryset.filter(responsible_participant=None, responsible_organization=None)
        elif responsible.startswith("p:") and responsible[2:].isdigit():
            queryset = queryset.filter(responsible_participant_id=int(responsible[2:]))
        elif responsible.startswith("o:") and responsible[2:].isdigit():
            queryset = queryset.filter(responsible_organization_id=int(responsible[2:]))
    if meeting := filters.get("meeting"):
        queryset = queryset.filter(meeting=meeting)
    if followup := filters.get("followup"):
        queryset = queryset.filter(pk__in=follow_up_measures(followup).values("pk"))
    if filters.get("overdue"):
        queryset = queryset.overdue(today)
    if text := filters.get("q"):
        queryset = collation.matching(queryset, ("title", "description", "funding_source"), text)
    if filters.get("sort") == "urgency":
        day = timezone.localtime(followup.start).date() if followup else today
        return queryset.order_by(*urgency(day))
    return queryset.order_by(*SORTS.get(filters.get("sort") or "due", SORTS["due"])[1])


def measures_for_page(group):
    """The group's measures with the relations and the history their page shows."""
    return group.measures.select_related(*REGISTER_RELATED, "responsible_participant__organization").prefetch_related(
        "events__actor"
    )


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a measure's history, in the reader's language."""

    created_at: object
    actor: str
    field: str
    label: str
    old: str
    new: str


def history(measure) -> list[HistoryEntry]:
    """The measure's history (prefetched by :func:`measures_for_page`): field names, status labels, dates and
    amounts shown in the reader's language, whatever language they were recorded in."""
    entries = []
    for event in measure.events.all():
        actor = event.actor.get_full_name() or event.actor.get_username() if event.actor else ""
        entries.append(
            HistoryEntry(
                created_at=event.created_at,
                actor=actor,
                field=event.field,
                label=str(EVENT_FIELDS.get(event.field, event.field)),
                old=event_value(event.field, event.old_value),
                new=event_value(event.field, event.new_value),
            )
        )
    return entries


@dataclass(frozen=True)
class StatusFigure:
    status: str
    label: str
    count: int
    budget: object  # Decimal or None
    budget_text: str  # "1.500,00 €", empty without a budget


def budget_by_status(group) -> tuple[list[StatusFigure], str]:
    """How many measures and how much budget per status, and the total budget as text: one aggregate query."""
    aggregates = {"total": Sum("budget")}
    for status in MeasureStatus:
        aggregates[f"{status}_count"] = Count("pk", filter=Q(status=status))
        aggregates[f"{status}_budget"] = Sum("budget", filter=Q(status=status))
    values = group.measures.aggregate(**aggregates)
    figures = [
        StatusFigure(
            status,
            str(status.label),
            values[f"{status}_count"],
            values[f"{status}_budget"],
            euro(values[f"{status}_budget"]),
        )
        for status in MeasureStatus
    ]
    return figures, euro(values["total"])


def euro(amount) -> str:
    return format_euro(amount) if amount is not None else ""


def add_row_facts(measures, *, today=None):
    """Set ``overdue`` and ``budget_text`` on each measure of a register page (no query)."""
    today = today or timezone.localdate()
    for measure in measures:
        measure.overdue = measure.is_overdue(today)
        measure.budget_text = euro(measure.budget)
    return measures


def export_rows(queryset, *, typed_numbers=False):
    """Header and rows of the register export (the same filters as the page). ``typed_numbers``: the budget as a
    number (XLSX, Excel can add it up), else as text in the local format (CSV: "1500,50" for German Excel)."""
    header = [
        _("No."),
        _("What"),
        _("Details"),
        _("Decided in the meeting"),
        _("Responsible"),
        _("Due date"),
        _("Overdue"),
        _("Status"),
        _("Done on"),
        _("Budget (EUR)"),
        _("Funding source"),
        _("Created at"),
    ]
    today = timezone.localdate()
    statuses = {key: str(label) for key, label in MeasureStatus.choices}

    def budget(value):
        if value is None:
            return None
        return float(value) if typed_numbers else formats.number_format(value, decimal_pos=2, use_l10n=True)

    def rows():
        for measure in queryset:
            yield [
                measure.pk,
                measure.title,
                measure.description,
                str(measure.meeting) if measure.meeting else "",
                str(measure.responsible) if measure.responsible else "",
                measure.due_date,
                measure.is_overdue(today),
                statuses.get(measure.status, measure.status),
                measure.done_on,
                budget(measure.budget),
                measure.funding_source,
                timezone.localtime(measure.created_at).replace(tzinfo=None),
            ]

    return header, rows()


# --- Other apps' pages ----------------------------------------------------------------------------------


FOLLOW_UP_LIMIT = 15


def follow_up_measures(meeting):
    """The measures a meeting follows up (a queryset): those decided before it — in an earlier meeting, or recorded
    before it without a meeting —; until the meeting is held, those open now; once it is held, those that were open
    when it started (open now, or closed after it started), so the section of a past meeting keeps what was on its
    table. The register's ``?followup=<meeting>`` filter shows the same set."""
    group = meeting.working_group
    decided_before = Q(meeting__start__lt=meeting.start) | Q(meeting__isnull=True, created_at__lt=meeting.start)
    candidates = group.measures.filter(decided_before)
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED):
        closed_later = MeasureEvent.objects.filter(
            measure=OuterRef("pk"), field=STATUS, old_value__in=OPEN_MEASURE_STATUSES, created_at__gt=meeting.start
        )
        return candidates.filter(Q(status__in=OPEN_MEASURE_STATUSES) | Exists(closed_later))
    return candidates.open()


def urgency(day):
    """Most urgent first: overdue on ``day`` (due before it), then the earliest due date, then the oldest."""
    overdue = Case(When(due_date__lt=day, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (overdue, F("due_date").asc(nulls_last=True), "created_at", "pk")


@dataclass(frozen=True)
class FollowUpRow:
    """One line of a meeting's follow-up: what it shows, the address computed once, no relation loaded."""

    title: str
    url: str
    status: str
    due_date: object
    overdue: bool
    responsible: str


class FollowUpList(list):
    """The most urgent rows, knowing how many there are in all (``total``) and where the register shows them
    (``url``): the meeting page passes the hook's ``action_items`` on as they are."""

    def __init__(self, rows, *, total, url):
        super().__init__(rows)
        self.total = total
        self.url = url


def responsible_name(given, family, erased_at, organization):
    if erased_at is not None:
        return _("Deleted person")
    if family or given:
        return " ".join(part for part in (given, family) if part)
    return organization or ""


def open_measures_for_meeting(meeting, *, limit=FOLLOW_UP_LIMIT) -> FollowUpList:
    """The :data:`FOLLOW_UP_LIMIT` most urgent of :func:`follow_up_measures` (overdue = due before the meeting's
    day), their total and the register filtered to the same set (two queries)."""
    day = timezone.localtime(meeting.start).date()
    measures = follow_up_measures(meeting)
    total = measures.count()
    values = measures.order_by(*urgency(day)).values_list(
        "pk",
        "title",
        "status",
        "due_date",
        "responsible_participant__given_name",
        "responsible_participant__family_name",
        "responsible_participant__erased_at",
        "responsible_organization__name",
    )[:limit]
    kwargs = meeting.working_group.url_kwargs()
    statuses = dict(MeasureStatus.choices)
    rows = [
        FollowUpRow(
            title=title,
            url=reverse("minutes:measure-detail", kwargs={**kwargs, "pk": pk}),
            status=str(statuses.get(status, status)),
            due_date=due_date,
            overdue=due_date is not None and due_date < day,
            responsible=responsible_name(given, family, erased_at, organization),
        )
        for pk, title, status, due_date, given, family, erased_at, organization in values
    ]
    register_url = reverse("minutes:measures", kwargs=kwargs)
    url = f"{register_url}?{urlencode({'followup': meeting.pk, 'sort': 'urgency'})}"
    return FollowUpList(rows, total=total, url=url)


def meeting_follow_up(meeting):
    """For the meetings app's follow-up section (the hook ``meetings.selectors.follow_up_sources``, wired in
    arbeitskreis/wiring.py): the most urgent open measures of earlier meetings as ``action_items``, a list that
    also carries their ``total`` and the ``url`` of the register filtered the same way."""
    return {"action_items": open_measures_for_meeting(meeting)}
