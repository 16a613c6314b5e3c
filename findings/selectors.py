"""Reads of the findings app: the register with its filters, the Wirkung figures, follow-up lists, dashboard.

Every function here runs a fixed number of queries, whatever the number of findings.
"""

import statistics
from collections import Counter

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arbeitskreis import languages
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
from findings.search import contains_folded

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
}

REGISTER_RELATED = ("content_area", "assignee_participant", "assignee_organization", "raised_in_meeting")


def search(queryset, text):
    """Full-text search (German) in title and description on PostgreSQL; a substring search elsewhere.

    Case is ignored for all letters, umlauts included (on SQLite through ``findings.search``).
    """
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector("title", weight="A", config="german") + SearchVector(
            "description", weight="B", config="german"
        )
        query = SearchQuery(text, config="german", search_type="websearch")
        return queryset.annotate(search_document=vector).filter(Q(search_document=query) | Q(title__icontains=text))
    if connection.vendor == "sqlite":
        return contains_folded(queryset, ("title", "description"), text)
    return queryset.filter(Q(title__icontains=text) | Q(description__icontains=text))


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
    if filters.get("overdue"):
        queryset = queryset.overdue(today)
    if text := filters.get("q"):
        queryset = search(queryset, text)
    return queryset.order_by(*SORTS.get(filters.get("sort") or "newest", SORTS["newest"])[1])


def finding_for_page(group, pk):
    """The finding with its relations and its history; raises Finding.DoesNotExist outside the group."""
    finding = (
        group.findings.select_related(*REGISTER_RELATED, "raised_by", "suggestion__participant")
        .prefetch_related("events__actor", "events__actor_participant")
        .get(pk=pk)
    )
    finding.working_group = group
    return finding


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


# --- Wirkung (impact) -------------------------------------------------------------------------------------

MAX_HALF_YEARS = 8


def _half(field):
    return Case(When(**{f"{field}__month__lte": 6}, then=Value(1)), default=Value(2), output_field=IntegerField())


def _half_years(rows_opened, rows_closed, today):
    """Fill the half-years from the first with a finding to the current one (at most the last eight)."""
    counts = {}
    for key, value in rows_opened:
        counts.setdefault(key, [0, 0])[0] = value
    for key, value in rows_closed:
        counts.setdefault(key, [0, 0])[1] = value
    current = (today.year, 1 if today.month <= 6 else 2)
    first = min(counts) if counts else current
    periods, period = [], first
    while period <= current:
        periods.append(period)
        period = (period[0], 2) if period[1] == 1 else (period[0] + 1, 1)
    periods = periods[-MAX_HALF_YEARS:]
    return [
        {
            "label": _("H%(half)s %(year)s") % {"half": half, "year": year},
            "opened": counts.get((year, half), [0, 0])[0],
            "closed": counts.get((year, half), [0, 0])[1],
        }
        for year, half in periods
    ]


def impact(findings, *, today=None) -> dict:
    """The Wirkung figures of a set of findings, in six queries whatever their number.

    Returns totals (open, in progress, overdue, resolved, rejected), opened and closed per half-year, open
    findings by content area and by language, and the median days from recording to closing.
    """
    today = today or timezone.localdate()
    totals = findings.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status=FindingStatus.OPEN)),
        unresolved=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        in_progress=Count("pk", filter=Q(status=FindingStatus.IN_PROGRESS)),
        resolved=Count("pk", filter=Q(status=FindingStatus.RESOLVED)),
        rejected=Count("pk", filter=Q(status=FindingStatus.REJECTED)),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_date__lt=today)),
    )
    opened = (
        findings.annotate(year=ExtractYear("created_at"), half=_half("created_at"))
        .values("year", "half")
        .annotate(n=Count("pk"))
        .order_by()
    )
    closed = (
        findings.filter(status__in=CLOSED_STATUSES, closed_at__isnull=False)
        .annotate(year=ExtractYear("closed_at"), half=_half("closed_at"))
        .values("year", "half")
        .annotate(n=Count("pk"))
        .order_by()
    )
    half_years = _half_years(
        [((row["year"], row["half"]), row["n"]) for row in opened],
        [((row["year"], row["half"]), row["n"]) for row in closed],
        today,
    )
    by_area = [
        {"label": row["content_area__name"] or _("no content area"), "value": row["n"]}
        for row in findings.filter(status__in=OPEN_STATUSES)
        .values("content_area__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "content_area__name")
    ]
    language_counts = Counter()
    for packed in findings.filter(status__in=OPEN_STATUSES).values_list("languages", flat=True):
        language_counts.update(languages.unpack(packed))
    by_language = [
        {"label": languages.name(code), "code": code, "value": n}
        for code, n in sorted(language_counts.items(), key=lambda item: (-item[1], languages.name(item[0])))
    ]
    durations = [
        (closed_at - created_at).total_seconds() / 86400
        for created_at, closed_at in findings.filter(status__in=CLOSED_STATUSES, closed_at__isnull=False).values_list(
            "created_at", "closed_at"
        )
    ]
    median_days = round(statistics.median(durations)) if durations else None
    return {
        "totals": totals,
        "half_years": half_years,
        "by_area": by_area,
        "by_language": by_language,
        "median_days": median_days,
        "closed_count": len(durations),
    }


def municipalities_overview(groups, *, today=None) -> list[dict]:
    """The staff comparison: one section per Bundesland with a row per working group and a total row (2 queries).

    Starts from ``groups`` (a WorkingGroup queryset), so a group without findings shows zeros. Each section is
    ``{"state", "state_name", "rows", "total"}``; a row (and the total) holds municipality, group, open,
    overdue, resolved, total and median_days (from recording to closing). Sections are ordered by the name
    of the Bundesland, rows by municipality and group.
    """
    from arbeitskreis.models import State

    today = today or timezone.localdate()
    open_findings = Q(findings__status__in=OPEN_STATUSES)
    rows = list(
        groups.values("pk", "name", "municipality__name", "municipality__state")
        .annotate(
            total=Count("findings"),
            open=Count("findings", filter=open_findings),
            overdue=Count("findings", filter=open_findings & Q(findings__due_date__lt=today)),
            resolved=Count("findings", filter=Q(findings__status=FindingStatus.RESOLVED)),
        )
        .order_by("municipality__name", "name", "pk")
    )
    durations = {}
    for group_id, created_at, closed_at in Finding.objects.filter(
        working_group__in=groups.values("pk"), status__in=CLOSED_STATUSES, closed_at__isnull=False
    ).values_list("working_group_id", "created_at", "closed_at"):
        durations.setdefault(group_id, []).append((closed_at - created_at).total_seconds() / 86400)

    def median(values):
        return round(statistics.median(values)) if values else None

    state_names = dict(State.choices)
    sections = {}
    for row in rows:
        state = row["municipality__state"]
        values = durations.get(row["pk"], [])
        section = sections.setdefault(
            state,
            {
                "state": state,
                "state_name": str(state_names.get(state, state)),
                "rows": [],
                "durations": [],
                "total": {"open": 0, "overdue": 0, "resolved": 0, "total": 0},
            },
        )
        section["rows"].append(
            {
                "municipality": row["municipality__name"],
                "group": row["name"],
                "state_name": section["state_name"],
                "open": row["open"],
                "overdue": row["overdue"],
                "resolved": row["resolved"],
                "total": row["total"],
                "median_days": median(values),
            }
        )
        section["durations"].extend(values)
        for key in ("open", "overdue", "resolved", "total"):
            section["total"][key] += row[key]
    result = sorted(sections.values(), key=lambda section: section["state_name"])
    for section in result:
        section["total"]["median_days"] = median(section.pop("durations"))
    return result


# --- Other apps' pages ----------------------------------------------------------------------------------


def open_findings_for_meeting(meeting):
    """The findings of the meeting's follow-up section (one query): until the meeting is held, those open now and
    recorded before it starts; once it is held, those that were open when it started (recorded before it, and not
    closed by then), so the section of a past meeting keeps what was on its table.

    Most important first (priority, then due date); each finding knows its group, so links cost no query.
    """
    from meetings.models import MeetingStatus

    group = meeting.working_group
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED):
        candidates = group.findings.filter(Q(closed_at__isnull=True) | Q(closed_at__gt=meeting.start))
    else:
        candidates = group.findings.open()
    findings = list(
        candidates.filter(created_at__lt=meeting.start)
        .select_related("content_area", "assignee_participant", "assignee_organization")
        .order_by("-priority", F("due_date").asc(nulls_last=True), "pk")
    )
    for finding in findings:
        finding.working_group = group
    return findings


def findings_raised_in(meeting):
    """The findings recorded in ``meeting`` (for its minutes), whatever their status now (one query)."""
    findings = list(
        meeting.findings_raised.select_related(
            "content_area", "assignee_participant", "assignee_organization"
        ).order_by("pk")
    )
    for finding in findings:
        finding.working_group = meeting.working_group
    return findings


def findings_of_participant(participant):
    """The findings a participant raised or is assigned to (two lists, one query)."""
    findings = list(
        Finding.objects.filter(Q(raised_by=participant) | Q(assignee_participant=participant))
        .select_related("working_group__municipality", "content_area")
        .order_by("-created_at")
    )
    return {
        "raised": [f for f in findings if f.raised_by_id == participant.pk],
        "assigned": [f for f in findings if f.assignee_participant_id == participant.pk],
    }


def suggestions_of_participant(participant):
    return list(participant.suggestions.select_related("content_area", "finding").order_by("-created_at"))


def pending_suggestion_count(group):
    return group.suggestions.filter(status=SuggestionStatus.PENDING).count()


def meetings_for_topics(group):
    """The group's meetings an accepted agenda topic can go to: not yet over, held or cancelled, soonest first."""
    from meetings.models import MeetingStatus

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
    figures: two queries for all groups together."""
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
        group.figures.append({"label": _("Open content gaps"), "value": counts.get(group.pk, 0)})
        group.figures.append({"label": _("Suggestions waiting for a decision"), "value": waiting.get(group.pk, 0)})
