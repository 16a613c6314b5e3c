"""Reads of the findings app: the register with its filters, the Wirkung figures, follow-up lists, dashboard.

Every function here runs a fixed number of queries, whatever the number of findings.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arbeitskreis import collation
from arbeitskreis.hooks import Hook
from findings.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Finding,
    FindingKind,
    FindingStatus,
    Priority,
    Suggestion,
    SuggestionStatus,
)
from meetings.models import MeetingStatus

# Status filter of the register: key → (label, statuses).
STATUS_FILTERS = {
    "active": (gettext_lazy("open or in progress"), OPEN_STATUSES),
    "open": (FindingStatus.OPEN.label, (FindingStatus.OPEN,)),
    "in_progress": (FindingStatus.IN_PROGRESS.label, (FindingStatus.IN_PROGRESS,)),
    "closed": (gettext_lazy("resolved or rejected"), CLOSED_STATUSES),
    "resolved": (FindingStatus.RESOLVED.label, (FindingStatus.RESOLVED,)),
    "rejected": (FindingStatus.REJECTED.label, (FindingStatus.REJECTED,)),
}

# Sort keys of the register: key → (label, ordering).
SORTS = {
    "newest": (gettext_lazy("newest first"), ("-created_at", "-pk")),
    "oldest": (gettext_lazy("oldest first"), ("created_at", "pk")),
    "due": (gettext_lazy("due date"), (F("due_date").asc(nulls_last=True), "-pk")),
    "priority": (gettext_lazy("priority"), ("-priority", "-created_at", "-pk")),
    "status": (gettext_lazy("status"), ("status", "-created_at", "-pk")),
    "title": (gettext_lazy("title"), ("title", "pk")),
    # Priority, overdue, oldest (the order of a meeting's follow-up); the ordering is built by ``urgency(day)``.
    "urgency": (gettext_lazy("urgency"), ()),
}

# What the later apps show next to content gaps and suggestions, and on the Wirkung page (wired in
# arbeitskreis/wiring.py). ``finding_sources`` and ``suggestion_sources``: each connected function takes the findings
# (or suggestions) of one page as a list and sets its attributes on them in one query — the networks app
# ``team_feedback``: what was passed on to the Integreat team about it, with the team's reply. ``impact_sources``: each
# takes the group and returns named parts for its Wirkung page — the networks app ``newcomers``: the newcomers'
# answers by topic and language.
finding_sources = Hook("findings shown")
suggestion_sources = Hook("suggestions shown")
impact_sources = Hook("Wirkung sections")

REGISTER_RELATED = ("content_area", "assignee_participant", "assignee_organization", "raised_in_meeting")


def search(queryset, text):
    """Full-text search (German) in title and description on PostgreSQL; a substring search elsewhere.

    Case is ignored for all letters, umlauts included (on SQLite through ``arbeitskreis.collation``).
    """
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        vector = SearchVector("title", weight="A", config="german") + SearchVector(
            "description", weight="B", config="german"
        )
        query = SearchQuery(text, config="german", search_type="websearch")
        return queryset.annotate(search_document=vector).filter(Q(search_document=query) | Q(title__icontains=text))
    return collation.matching(queryset, ("title", "description"), text, split=False)


def register(group, filters: dict, *, today=None):
    """The group's findings for the register: filtered, searched, sorted, with what a row shows joined in.

    ``filters`` holds the cleaned values of ``RegisterFilterForm``: q, status, area, language, priority,
    assignee ("p:<id>", "o:<id>" or "none"), meeting, overdue, sort.
    """
    today = today or timezone.localdate()
    queryset = group.findings.select_related(*REGISTER_RELATED)
    if status := filters.get("status"):
        queryset = queryset.filter(status__in=STATUS_FILTERS[status][1])
    if area := filters.get("area"):
        queryset = queryset.filter(content_area=area)
    if language := filters.get("language"):
        queryset = queryset.in_language(language)
    if priority := filters.get("priority"):
        queryset = queryset.filter(priority=priority)
    if assignee := filters.get("assignee"):
        if assignee == "none":
            queryset = queryset.filter(assignee_participant=None, assignee_organization=None)
        elif assignee.startswith("p:") and assignee[2:].isdigit():
            queryset = queryset.filter(assignee_participant_id=int(assignee[2:]))
        elif assignee.startswith("o:") and assignee[2:].isdigit():
            queryset = queryset.filter(assignee_organization_id=int(assignee[2:]))
    if meeting := filters.get("meeting"):
        queryset = queryset.filter(raised_in_meeting=meeting)
    if followup := filters.get("followup"):
        queryset = queryset.filter(pk__in=follow_up_findings(followup).values("pk"))
    if filters.get("overdue"):
        queryset = queryset.overdue(today)
    if text := filters.get("q"):
        queryset = search(queryset, text)
    if filters.get("sort") == "urgency":
        day = timezone.localtime(followup.start).date() if followup else today
        return queryset.order_by(*urgency(day))
    return queryset.order_by(*SORTS.get(filters.get("sort") or "newest", SORTS["newest"])[1])


def findings_for_page(group):
    """The group's findings with the relations and the history their page shows."""
    return group.findings.select_related(*REGISTER_RELATED, "raised_by", "suggestion__participant").prefetch_related(
        "events__actor", "events__actor_participant"
    )


def export_rows(queryset):
    """Header and rows of the register export (the same filters as the page)."""
    header = [
        _("No."),
        _("Title"),
        _("Description"),
        _("Content area"),
        _("Languages"),
        _("Kind"),
        _("Priority"),
        _("Status"),
        _("Raised in meeting"),
        _("Raised by"),
        _("Assigned to"),
        _("Due date"),
        _("Overdue"),
        _("Resolution note"),
        _("Integreat page"),
        _("Created at"),
        _("Closed at"),
    ]
    today = timezone.localdate()
    # Labels looked up once: get_FOO_display() per row and column costs more than the query itself.
    kinds = {key: str(label) for key, label in FindingKind.choices}
    priorities = {key: str(label) for key, label in Priority.choices}
    statuses = {key: str(label) for key, label in FindingStatus.choices}

    def rows():
        for finding in queryset.select_related("raised_by"):
            yield [
                finding.pk,
                finding.title,
                finding.description,
                finding.content_area.name if finding.content_area else "",
                ", ".join(finding.language_codes),
                kinds.get(finding.kind, finding.kind),
                priorities.get(finding.priority, finding.priority),
                statuses.get(finding.status, finding.status),
                str(finding.raised_in_meeting) if finding.raised_in_meeting else "",
                finding.raised_by.display_name if finding.raised_by else "",
                str(finding.assignee) if finding.assignee else "",
                finding.due_date,
                finding.is_overdue(today),
                finding.resolution_note,
                finding.integreat_url,
                timezone.localtime(finding.created_at).replace(tzinfo=None),
                timezone.localtime(finding.closed_at).replace(tzinfo=None) if finding.closed_at else None,
            ]

    return header, rows()


# --- Other apps' pages ----------------------------------------------------------------------------------


FOLLOW_UP_LIMIT = 15


def follow_up_findings(meeting):
    """The content gaps a meeting can follow up (a queryset): until the meeting is held, those open now and recorded
    before it starts; once it is held, those that were open when it started (recorded before it, and not closed by
    then), so the section of a past meeting keeps what was on its table. The register's ``?followup=<meeting>``
    filter shows the same set."""
    group = meeting.working_group
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED):
        candidates = group.findings.filter(Q(closed_at__isnull=True) | Q(closed_at__gt=meeting.start))
    else:
        candidates = group.findings.open()
    return candidates.filter(created_at__lt=meeting.start)


def urgency(day):
    """Most urgent first: higher priority, then overdue on ``day`` (due before it), then the oldest."""
    overdue = Case(When(due_date__lt=day, then=Value(0)), default=Value(1), output_field=IntegerField())
    return ("-priority", overdue, "created_at", "pk")


@dataclass(frozen=True)
class FollowUpRow:
    """One line of a meeting's follow-up: what it shows, the address computed once, no relation loaded."""

    title: str
    url: str
    status: str
    priority: int
    priority_label: str
    due_date: object
    overdue: bool


def open_findings_for_meeting(meeting, *, limit=FOLLOW_UP_LIMIT):
    """``(rows, total)``: the :data:`FOLLOW_UP_LIMIT` most urgent of :func:`follow_up_findings` as
    :class:`FollowUpRow` (overdue = due before the meeting's day) and how many there are in all (two queries)."""
    day = timezone.localtime(meeting.start).date()
    findings = follow_up_findings(meeting)
    total = findings.count()
    values = findings.order_by(*urgency(day)).values_list("pk", "title", "status", "priority", "due_date")[:limit]
    kwargs = meeting.working_group.url_kwargs()
    statuses = dict(FindingStatus.choices)
    priorities = dict(Priority.choices)
    rows = [
        FollowUpRow(
            title=title,
            url=reverse("findings:detail", kwargs={**kwargs, "pk": pk}),
            status=str(statuses.get(status, status)),
            priority=priority,
            priority_label=str(priorities.get(priority, priority)),
            due_date=due_date,
            overdue=due_date is not None and due_date < day,
        )
        for pk, title, status, priority, due_date in values
    ]
    return rows, total


def findings_raised_in(meeting):
    """The findings recorded in ``meeting`` (for its page and minutes), whatever their status now (one query)."""
    findings = list(
        meeting.findings_raised.select_related(
            "content_area", "assignee_participant", "assignee_organization"
        ).order_by("pk")
    )
    for finding in findings:
        finding.working_group = meeting.working_group  # through the meeting: Django does not know the group
    return findings


def meeting_follow_up(meeting):
    """For the meetings app's follow-up section (wired in arbeitskreis/wiring.py): the most urgent open content
    gaps, their total and the register filtered to the same set (most urgent first)."""
    rows, total = open_findings_for_meeting(meeting)
    register = reverse("findings:list", kwargs=meeting.working_group.url_kwargs())
    return {
        "findings": rows,
        "findings_total": total,
        "findings_url": f"{register}?{urlencode({'followup': meeting.pk, 'sort': 'urgency'})}",
    }


def meeting_records(meeting):
    """For the meetings app's meeting page (wired in arbeitskreis/wiring.py): the content gaps raised in it, and the
    address of the form that records one for it (the meeting preselected)."""
    create = reverse("findings:create", kwargs=meeting.working_group.url_kwargs())
    return {"raised_findings": findings_raised_in(meeting), "record_finding_url": f"{create}?meeting={meeting.pk}"}


def participant_activity(participant):
    """For the members app's participant page (wired in arbeitskreis/wiring.py): the content gaps a participant
    raised and those assigned to them (two queries), with the group known so that links cost nothing."""
    group = participant.working_group
    return {
        "findings_raised": list(group.findings.filter(raised_by=participant)),
        "findings_owned": list(group.findings.filter(assignee_participant=participant)),
    }


def suggestions_of_participant(participant):
    return list(participant.suggestions.select_related("content_area", "finding").order_by("-created_at"))


def pending_suggestion_count(group):
    return group.suggestions.filter(status=SuggestionStatus.PENDING).count()


def meetings_for_topics(group):
    """The group's meetings an accepted agenda topic can go to: not yet over, held or cancelled, soonest first."""
    return group.meetings.upcoming().exclude(
        status__in=[MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED, MeetingStatus.CANCELLED]
    )


def triage_lists(group, *, decided_limit=50):
    """Pending suggestions (oldest first) and the last ``decided_limit`` decided ones (two queries)."""
    base = group.suggestions.select_related(
        "participant", "content_area", "finding", "agenda_item__meeting", "decided_by"
    )
    pending = list(base.filter(status=SuggestionStatus.PENDING).order_by("created_at", "pk"))
    decided = list(
        base.exclude(status=SuggestionStatus.PENDING).order_by(
            F("decided_at").desc(nulls_last=True), "-created_at", "-pk"
        )[:decided_limit]
    )
    return pending, decided


def add_dashboard_figures(groups):
    """Append the number of open content gaps and of suggestions waiting for a decision to every group's
    figures, each with a link to the page that lists what it counts: two queries for all groups together."""
    group_ids = [group.pk for group in groups]
    counts = dict(
        Finding.objects.filter(working_group__in=group_ids, status__in=OPEN_STATUSES)
        .values("working_group_id")
        .annotate(n=Count("pk"))
        .values_list("working_group_id", "n")
    )
    waiting = dict(
        Suggestion.objects.filter(working_group__in=group_ids, status=SuggestionStatus.PENDING)
        .values("working_group_id")
        .annotate(n=Count("pk"))
        .values_list("working_group_id", "n")
    )
    for group in groups:
        kwargs = group.url_kwargs()
        group.figures.append(
            {
                "label": _("Open content gaps"),
                "value": counts.get(group.pk, 0),
                "url": reverse("findings:list", kwargs=kwargs) + "?status=active",
            }
        )
        group.figures.append(
            {
                "label": _("Suggestions waiting for a decision"),
                "value": waiting.get(group.pk, 0),
                "url": reverse("findings:suggestions", kwargs=kwargs),
            }
        )


# The most open content gaps a handover lists (the most urgent first; the report names the total and the register).
HANDOVER_LIMIT = 200


def handover_sections(group):
    """For the handover (wired in arbeitskreis/wiring.py): the open content gaps, most urgent first, with who takes
    care of them (one query; the total is counted only when the list is cut)."""
    today = timezone.localdate()
    findings = list(
        group.findings.open()
        .select_related("assignee_participant", "assignee_organization")
        .order_by(*urgency(today))[: HANDOVER_LIMIT + 1]
    )
    statuses, priorities = dict(FindingStatus.choices), dict(Priority.choices)
    register = reverse("findings:list", kwargs=group.url_kwargs())
    rows = [
        [
            finding.title,
            str(statuses.get(finding.status, finding.status)),
            str(priorities.get(finding.priority, finding.priority)),
            str(finding.assignee) if finding.assignee else _("nobody yet"),
            formats.date_format(finding.due_date, "SHORT_DATE_FORMAT") if finding.due_date else "",
        ]
        for finding in findings[:HANDOVER_LIMIT]
    ]
    return {
        "open_findings": {
            "columns": [_("Content gap"), _("Status"), _("Priority"), _("Taken care of by"), _("Due")],
            "rows": rows,
            "total": group.findings.open().count() if len(findings) > HANDOVER_LIMIT else len(findings),
            "url": f"{register}?{urlencode({'status': 'active', 'sort': 'urgency'})}",
        }
    }
