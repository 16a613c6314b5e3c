"""The network report for a network meeting: per municipality of the Bundesland what its working groups did in the
half-year before the meeting, beside the state's totals — as a page with charts and tables and as a PDF.

Per municipality: meetings held, active participants, content gaps recorded and closed in the period and open now,
the languages and content areas with the most open gaps, overdue measures, and the newcomers' answers (and those
that did not find what they looked for). Only counts: the report names no participant. Staff see every
municipality; a coordinator sees the rows of their own municipalities beside the state's totals.

A fixed number of queries whatever the number of municipalities (one aggregate per source, grouped by municipality).
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from arbeitskreis import languages
from arbeitskreis.collation import german, sort_key
from arbeitskreis.models import GroupKind, GroupRole, Municipality, RoleKind
from findings import charts as bar_charts
from findings.models import CLOSED_STATUSES, OPEN_STATUSES, Finding
from integreat.coverage import coverage_by_municipality
from meetings.models import Meeting, MeetingStatus
from members.models import Participant
from minutes.models import OPEN_MEASURE_STATUSES, Measure
from networks import newcomer_selectors
from networks.models import NewcomerAnswer
from networks.newcomer_selectors import NOT_FOUND

MUNICIPALITY = "working_group__municipality"
TOP = 3  # languages and content areas named per municipality
FIGURES = ("meetings", "participants", "opened", "closed", "open", "overdue_measures", "answers", "not_found")


def months_before(day: datetime.date, months: int) -> datetime.date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Period:
    """The half-year before ``day``: from ``start`` (inclusive) to ``day`` (exclusive)."""

    start: datetime.date
    day: datetime.date

    @property
    def moments(self):
        """Midnight in Berlin of both days (aware): the bounds compared in the database."""
        return tuple(timezone.make_aware(datetime.datetime.combine(d, datetime.time())) for d in (self.start, self.day))


def period_before(day: datetime.date) -> Period:
    return Period(months_before(day, 6), day)


@dataclass
class Row:
    municipality_id: int | None
    name: str
    values: dict = field(default_factory=lambda: dict.fromkeys(FIGURES, 0))
    languages: list = field(default_factory=list)  # [(name, n)] the most open gaps
    areas: list = field(default_factory=list)
    coverage: list = field(default_factory=list)  # the municipality's Integreat pages translated, per language


def _grouped(queryset, **aggregates) -> dict:
    return {row[MUNICIPALITY]: row for row in queryset.values(MUNICIPALITY).annotate(**aggregates).order_by()}


def _language_counts(open_findings) -> dict:
    counts = {f"l_{code}": Count("pk", filter=Q(languages__contains=f",{code},")) for code in languages.CODES}
    return _grouped(open_findings, **counts)


def _top(counts: dict, limit=TOP) -> list:
    ranked = sorted(((label, n) for label, n in counts.items() if n), key=lambda item: (-item[1], sort_key(item[0])))
    return ranked[:limit]


def visible_municipalities(user, state):
    """The municipalities whose rows ``user`` sees: all (None) for staff, else those where they coordinate."""
    if user.is_staff:
        return None
    return set(
        GroupRole.objects.filter(
            user=user,
            role=RoleKind.COORDINATOR,
            working_group__kind=GroupKind.LOCAL,
            working_group__municipality__state=state,
        ).values_list("working_group__municipality_id", flat=True)
    )


def network_report(network, *, day=None, visible=None) -> dict:
    """The report of ``network`` for the half-year before ``day`` (today by default).

    Returns ``period``, ``rows`` (one per municipality of the state with a working group, in German order — only
    those in ``visible`` unless it is None), ``total`` (the whole state, always), ``hidden`` (how many municipalities
    are left out), the state's ``languages`` and ``areas`` with the most open gaps, the ``charts``, and the
    newcomers' answers of the whole state in the period by topic and language (``newcomers``, ``newcomer_charts``).
    """
    day = day or timezone.localdate()
    period = period_before(day)
    lower, upper = period.moments
    municipalities = list(
        Municipality.objects.filter(state=network.state, working_groups__kind=GroupKind.LOCAL)
        .distinct()
        .order_by(*german("name", "pk"))
    )
    rows = {m.pk: Row(m.pk, m.name) for m in municipalities}
    in_state = Q(working_group__kind=GroupKind.LOCAL, working_group__municipality__state=network.state)
    answers = NewcomerAnswer.objects.filter(in_state, answered_on__gte=period.start, answered_on__lt=day)
    findings = Finding.objects.filter(in_state)
    open_findings = findings.filter(status__in=OPEN_STATUSES)
    sources = [
        _grouped(
            Meeting.objects.filter(
                in_state,
                status__in=(MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED),
                start__gte=lower,
                start__lt=upper,
            ),
            meetings=Count("pk"),
        ),
        _grouped(Participant.objects.active().filter(in_state), participants=Count("pk")),
        _grouped(
            findings,
            opened=Count("pk", filter=Q(created_at__gte=lower, created_at__lt=upper)),
            closed=Count("pk", filter=Q(status__in=CLOSED_STATUSES, closed_at__gte=lower, closed_at__lt=upper)),
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        ),
        _grouped(
            Measure.objects.filter(in_state, status__in=OPEN_MEASURE_STATUSES, due_date__lt=day),
            overdue_measures=Count("pk"),
        ),
        _grouped(answers, answers=Count("pk"), not_found=Count("pk", filter=NOT_FOUND)),
    ]
    for source in sources:
        for municipality_id, values in source.items():
            if municipality_id in rows:
                rows[municipality_id].values.update({k: v for k, v in values.items() if k in FIGURES})
    state_languages, state_areas = {}, {}
    for municipality_id, values in _language_counts(open_findings).items():
        counts = {languages.name(code): values[f"l_{code}"] for code in languages.CODES}
        if municipality_id in rows:
            rows[municipality_id].languages = _top(counts)
        for label, n in counts.items():
            state_languages[label] = state_languages.get(label, 0) + n
    area_rows = open_findings.values(MUNICIPALITY, "content_area__name").annotate(n=Count("pk")).order_by()
    by_municipality = {}
    for row in area_rows:
        label = row["content_area__name"] or _("no content area")
        by_municipality.setdefault(row[MUNICIPALITY], {})[label] = row["n"]
        state_areas[label] = state_areas.get(label, 0) + row["n"]
    for municipality_id, counts in by_municipality.items():
        if municipality_id in rows:
            rows[municipality_id].areas = _top(counts)
    total = Row(None, _("All municipalities of %(state)s") % {"state": network.federal_state_name})
    for row in rows.values():
        for key in FIGURES:
            total.values[key] += row.values[key]
    total.languages, total.areas = _top(state_languages, 5), _top(state_areas, 5)
    shown = [row for row in rows.values() if visible is None or row.municipality_id in visible]
    for municipality_id, languages_covered in coverage_by_municipality([row.municipality_id for row in shown]).items():
        rows[municipality_id].coverage = languages_covered
    newcomers = newcomer_selectors.figures(answers)
    return {
        "period": period,
        "rows": shown,
        "total": total,
        "hidden": len(rows) - len(shown),
        "languages": _top(state_languages, 10),
        "areas": _top(state_areas, 10),
        "charts": _charts(_top(state_languages, 10), _top(state_areas, 10)),
        "newcomers": newcomers,
        "newcomer_charts": newcomer_selectors.charts(newcomers, "report-newcomers"),
    }


def _charts(state_languages, state_areas):
    def chart(chart_id, title, description, ranked):
        return bar_charts.bar_chart(
            chart_id=chart_id,
            title=title,
            description=description,
            categories=[label for label, _n in ranked],
            series=[(_("open"), [n for _label, n in ranked])],
        )

    return {
        "languages": chart(
            "report-languages",
            _("Open content gaps of the federal state by language"),
            _("One bar per language with the number of open content gaps that affect it, all municipalities together."),
            state_languages,
        ),
        "areas": chart(
            "report-areas",
            _("Open content gaps of the federal state by content area"),
            _("One bar per content area with the number of open content gaps, all municipalities together."),
            state_areas,
        ),
    }


def reference_meeting(network, pk):
    """The network meeting the report is for (``?meeting=``), or None: then the next one, else today."""
    meetings = network.meetings.exclude(status=MeetingStatus.CANCELLED)
    if pk:
        return meetings.filter(pk=pk).first()
    return meetings.upcoming().first()
