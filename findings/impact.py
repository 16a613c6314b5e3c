"""Wirkung (impact): the figures of a set of content gaps and the charts that show them, in one file.

Every function runs a fixed number of queries, whatever the number of findings.
"""

import statistics
from collections import Counter

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from arbeitskreis import languages
from arbeitskreis.collation import german, sort_key
from arbeitskreis.models import State
from findings import charts as bar_charts
from findings.models import CLOSED_STATUSES, OPEN_STATUSES, Finding, FindingStatus

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
        for code, n in sorted(language_counts.items(), key=lambda item: (-item[1], sort_key(languages.name(item[0]))))
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
        .order_by(*german("municipality__name", "name", "pk"))
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
    result = sorted(sections.values(), key=lambda section: sort_key(section["state_name"]))
    for section in result:
        section["total"]["median_days"] = median(section.pop("durations"))
    return result


def charts(figures, prefix):
    """The three bar charts of the Wirkung page for :func:`impact`'s ``figures`` (ids start with ``prefix``)."""
    half_years = figures["half_years"]
    return {
        "half_years": bar_charts.bar_chart(
            chart_id=f"{prefix}-half-years",
            title=_("Content gaps recorded and closed per half-year"),
            description=_("For each half-year two bars: recorded and closed content gaps."),
            categories=[row["label"] for row in half_years],
            series=[
                (_("recorded"), [row["opened"] for row in half_years]),
                (_("closed"), [row["closed"] for row in half_years]),
            ],
        ),
        "by_area": bar_charts.bar_chart(
            chart_id=f"{prefix}-areas",
            title=_("Open content gaps by content area"),
            description=_("One bar per content area with the number of open content gaps."),
            categories=[row["label"] for row in figures["by_area"]],
            series=[(_("open"), [row["value"] for row in figures["by_area"]])],
        ),
        "by_language": bar_charts.bar_chart(
            chart_id=f"{prefix}-languages",
            title=_("Open content gaps by language"),
            description=_("One bar per language with the number of open content gaps that affect it."),
            categories=[row["label"] for row in figures["by_language"]],
            series=[(_("open"), [row["value"] for row in figures["by_language"]])],
        ),
    }
