"""Wirkung (impact): the figures of a set of content gaps and the charts that show them, in one file.

Every function runs a fixed number of queries, whatever the number of findings.
"""

import datetime
import hashlib
import statistics

from django.core.cache import cache
from django.db import connection
from django.db.models import Aggregate, Count, F, FloatField, Func, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from arbeitskreis import languages
from arbeitskreis.collation import german, sort_key
from arbeitskreis.hooks import Hook
from arbeitskreis.models import State
from findings import charts as bar_charts
from findings.models import CLOSED_STATUSES, OPEN_STATUSES, Finding, FindingStatus

MAX_HALF_YEARS = 8
# How long computed Wirkung counts stay in the cache (they are keyed on the findings' state; this only frees memory).
CACHE_SECONDS = 24 * 60 * 60

# Sections the later apps add to a group's Wirkung page (e.g. the translation coverage of the municipality's
# Integreat pages): each connected function takes the group and returns a list of dicts, each naming the
# ``template`` that renders it (a chart with its table) and holding its values — in a fixed number of queries.
impact_section_sources = Hook("Wirkung sections")


def impact_sections(group) -> list:
    """The later apps' sections of the group's Wirkung page (:data:`impact_section_sources`)."""
    return [section for sections in impact_section_sources(group) for section in sections]


CLOSED = Q(status__in=CLOSED_STATUSES, closed_at__isnull=False)


class ClosingDays(Func):
    """Days from recording to closing (a float), computed by the database: ``julianday`` on SQLite (no Python per
    row), the epoch of the interval on PostgreSQL. ``prefix`` reaches the findings of a group (``"findings__"``)."""

    output_field = FloatField()

    def __init__(self, prefix=""):
        super().__init__(F(f"{prefix}closed_at"), F(f"{prefix}created_at"))

    def as_sql(self, compiler, connection, **extra_context):
        return self.as_sqlite(compiler, connection)

    def as_sqlite(self, compiler, connection, **extra_context):
        (closed, closed_params), (created, created_params) = (compiler.compile(e) for e in self.source_expressions)
        return f"(julianday({closed}) - julianday({created}))", (*closed_params, *created_params)

    def as_postgresql(self, compiler, connection, **extra_context):
        (closed, closed_params), (created, created_params) = (compiler.compile(e) for e in self.source_expressions)
        return f"(EXTRACT(EPOCH FROM ({closed} - {created})) / 86400.0)", (*closed_params, *created_params)


class Median(Aggregate):
    """The median (PostgreSQL's ``percentile_cont(0.5)``); SQLite has none: there it comes from one fetch."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _median_in_database():
    return connection.vendor == "postgresql"


def _rounded_median(values):
    return round(statistics.median(values)) if values else None


def half_year_starts(today, count=MAX_HALF_YEARS):
    """The last ``count`` half-years up to ``today``'s as ``(year, 1 or 2)``, oldest first, and their ``count + 1``
    boundaries: midnight in Berlin (aware) of each first day, and of the first day of the next half-year."""
    current = today.year * 2 + (0 if today.month <= 6 else 1)
    numbers = range(current - count + 1, current + 2)
    starts = [timezone.make_aware(datetime.datetime(n // 2, 1 if n % 2 == 0 else 7, 1)) for n in numbers]
    return [(n // 2, n % 2 + 1) for n in numbers[:-1]], starts


def _half_year_counts(today):
    """Conditional counts (one aggregate) of the findings recorded and closed in each of the last half-years and
    before the first of them: compares with fixed moments, so no date function runs per row."""
    periods, starts = half_year_starts(today)
    counts = {
        "opened_before": Count("pk", filter=Q(created_at__lt=starts[0])),
        "closed_before": Count("pk", filter=CLOSED & Q(closed_at__lt=starts[0])),
    }
    for index in range(MAX_HALF_YEARS):
        lower, upper = starts[index], starts[index + 1]
        counts[f"opened_{index}"] = Count("pk", filter=Q(created_at__gte=lower, created_at__lt=upper))
        counts[f"closed_{index}"] = Count("pk", filter=CLOSED & Q(closed_at__gte=lower, closed_at__lt=upper))
    return periods, counts


def _half_years(periods, values):
    """From the first half-year with a finding (all eight when older ones exist) to the current one."""
    first = 0
    if not (values["opened_before"] or values["closed_before"]):
        used = [i for i in range(len(periods)) if values[f"opened_{i}"] or values[f"closed_{i}"]]
        first = used[0] if used else len(periods) - 1
    return [
        {
            "label": _("H%(half)s %(year)s") % {"half": half, "year": year},
            "opened": values[f"opened_{index}"],
            "closed": values[f"closed_{index}"],
        }
        for index, (year, half) in enumerate(periods)
        if index >= first
    ]


def impact(findings, *, today=None, closing_days=None) -> dict:
    """The Wirkung figures of a set of findings: totals, the half-years and the languages in one aggregate (plus
    the median on PostgreSQL), the areas in a second query; on SQLite the median from one fetch of the closing
    times, or from ``closing_days`` when the caller has them already (the staff overview).

    Returns totals (open, in progress, overdue, resolved, rejected), opened and closed per half-year, open
    findings by content area and by language, and the median days from recording to closing.
    """
    today = today or timezone.localdate()
    open_ = Q(status__in=OPEN_STATUSES)
    periods, half_year_counts = _half_year_counts(today)
    language_counts = {
        f"language_{code}": Count("pk", filter=open_ & Q(languages__contains=f",{code},")) for code in languages.CODES
    }
    values = _figures(findings, today, closing_days, half_year_counts, language_counts, open_)
    totals = {key: values[key] for key in ("total", "open", "unresolved", "in_progress", "resolved", "rejected")}
    totals["overdue"] = values["overdue"]
    median_days = values["median_days"] if closing_days is None else _rounded_median(closing_days)
    by_area = [
        {"label": row["content_area__name"] or _("no content area"), "value": row["n"]}
        for row in findings.filter(open_)
        .values("content_area__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "content_area__name")
    ]
    counted = [(code, values[f"language_{code}"]) for code in languages.CODES if values[f"language_{code}"]]
    by_language = [
        {"label": languages.name(code), "code": code, "value": n}
        for code, n in sorted(counted, key=lambda item: (-item[1], sort_key(languages.name(item[0]))))
    ]
    return {
        "totals": totals,
        "half_years": _half_years(periods, values),
        "by_area": by_area,
        "by_language": by_language,
        "median_days": median_days,
        "closed_count": values["closed_count"],
    }


def _figures(findings, today, closing_days, half_year_counts, language_counts, open_) -> dict:
    """The counts of :func:`impact` (one aggregate of some fifty conditional counts over every finding, and on
    SQLite the closing times for the median), kept in the cache under what they were computed from: the findings'
    query, the day, and the number and latest change of the findings (one small query). Every change of a finding
    saves it (``updated_at``), every new or deleted one changes the number: the next page computes afresh."""
    stamp = findings.aggregate(n=Count("pk"), changed=Max("updated_at"))
    sql, params = findings.query.sql_with_params()
    source = repr((sql, params, today.isoformat(), stamp["n"], stamp["changed"], closing_days is None))
    key = "wirkung:" + hashlib.sha256(source.encode()).hexdigest()
    values = cache.get(key)
    if values is not None:
        return values
    extra = {"median": Median(ClosingDays(), filter=CLOSED)} if _median_in_database() else {}
    values = findings.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status=FindingStatus.OPEN)),
        unresolved=Count("pk", filter=open_),
        in_progress=Count("pk", filter=Q(status=FindingStatus.IN_PROGRESS)),
        resolved=Count("pk", filter=Q(status=FindingStatus.RESOLVED)),
        rejected=Count("pk", filter=Q(status=FindingStatus.REJECTED)),
        overdue=Count("pk", filter=open_ & Q(due_date__lt=today)),
        closed_count=Count("pk", filter=CLOSED),
        **half_year_counts,
        **language_counts,
        **extra,
    )
    if _median_in_database():
        values["median_days"] = round(values["median"]) if values["median"] is not None else None
    elif closing_days is None:
        values["median_days"] = _rounded_median(list(findings.filter(CLOSED).values_list(ClosingDays(), flat=True)))
    cache.set(key, values, CACHE_SECONDS)
    return values


def municipalities_overview(groups, *, today=None):
    """The staff comparison: one section per Bundesland with a row per working group and a total row.

    Returns ``(sections, closing_days)``. Starts from ``groups`` (a WorkingGroup queryset), so a group without
    findings shows zeros. Each section is ``{"state", "state_name", "rows", "total"}``; a row (and the total) holds
    municipality, group, open, overdue, resolved, total and median_days (from recording to closing). Sections are
    ordered by the name of the Bundesland, rows by municipality and group (German order). The medians come from the
    database on PostgreSQL (``closing_days`` is then None); on SQLite from one fetch of the closing times, which
    ``closing_days`` hands on to :func:`impact` for the overall median.
    """
    today = today or timezone.localdate()
    open_findings = Q(findings__status__in=OPEN_STATUSES)
    closed_findings = Q(findings__status__in=CLOSED_STATUSES, findings__closed_at__isnull=False)
    in_database = _median_in_database()
    medians = {"median": Median(ClosingDays("findings__"), filter=closed_findings)} if in_database else {}
    rows = list(
        groups.values("pk", "name", "municipality__name", "municipality__state")
        .annotate(
            total=Count("findings"),
            open=Count("findings", filter=open_findings),
            overdue=Count("findings", filter=open_findings & Q(findings__due_date__lt=today)),
            resolved=Count("findings", filter=Q(findings__status=FindingStatus.RESOLVED)),
            **medians,
        )
        .order_by(*german("municipality__name", "name", "pk"))
    )
    closing_days, by_group, state_medians = None, {}, {}
    if in_database:
        state_medians = {
            row["municipality__state"]: row["median"]
            for row in groups.values("municipality__state").annotate(**medians).order_by()
        }
    else:
        closing_days = []
        for group_id, days in Finding.objects.filter(CLOSED, working_group__in=groups.values("pk")).values_list(
            "working_group_id", ClosingDays()
        ):
            by_group.setdefault(group_id, []).append(days)
            closing_days.append(days)

    state_names = dict(State.choices)
    sections = {}
    for row in rows:
        state = row["municipality__state"]
        values = by_group.get(row["pk"], [])
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
        median = (round(row["median"]) if row["median"] is not None else None) if in_database else None
        section["rows"].append(
            {
                "municipality": row["municipality__name"],
                "group": row["name"],
                "state_name": section["state_name"],
                "open": row["open"],
                "overdue": row["overdue"],
                "resolved": row["resolved"],
                "total": row["total"],
                "median_days": median if in_database else _rounded_median(values),
            }
        )
        section["durations"].extend(values)
        for key in ("open", "overdue", "resolved", "total"):
            section["total"][key] += row[key]
    result = sorted(sections.values(), key=lambda section: sort_key(section["state_name"]))
    for section in result:
        durations = section.pop("durations")
        if in_database:
            median = state_medians.get(section["state"])
            section["total"]["median_days"] = round(median) if median is not None else None
        else:
            section["total"]["median_days"] = _rounded_median(durations)
    return result, closing_days


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
