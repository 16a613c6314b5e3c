"""Coverage and staleness of the municipality's Integreat pages per content area and language, and what the other
apps show of it: the section of the Wirkung page, the coverage per language for the network report.

Every function runs a fixed number of queries, whatever the number of pages: one aggregate per top-level page with
conditional counts per language, folded into content areas in Python.
"""

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from findings import charts
from integreat.models import Page, PageCheck, Region
from integreat.selectors import (
    NO_AREA,
    areas_in_use,
    assignments,
    language_labels,
    recheck_cutoff,
    region_of,
    stale_cutoff,
)


def _aggregates(region, now, months):
    """One query: per top-level page the number of pages, those not updated for ``months``, and per language
    those translated and those whose translation is older than the source text."""
    codes = region.language_codes[1:]
    counts = {"total": Count("pk"), "outdated": Count("pk", filter=Q(last_updated__lt=stale_cutoff(months, now)))}
    for index, code in enumerate(codes):
        counts[f"has_{index}"] = Count("pk", filter=Q(languages__contains=f",{code},"))
        counts[f"stale_{index}"] = Count("pk", filter=Q(stale_languages__contains=f",{code},"))
    return codes, {row["top_key"]: row for row in region.pages.values("top_key").annotate(**counts).order_by()}


def _checked_recently(group, region, now):
    """Per top-level page the pages the group checked within ``INTEGREAT_RECHECK_MONTHS`` (one query)."""
    recent = PageCheck.objects.filter(working_group=group, checked_at__gte=recheck_cutoff(now)).values("page_key")
    return dict(
        region.pages.filter(key__in=recent)
        .values("top_key")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("top_key", "n")
    )


def _percent(part, whole):
    return round(100 * part / whole) if whole else 0


def coverage(group, region, *, months=None, now=None) -> dict:
    """Coverage and staleness per content area and language (five queries).

    Returns ``{"languages": [{code, label}], "areas": [row], "total": row, "by_language": [{code, label,
    translated, stale, percent}], "months": n}``; a row holds label, pages, outdated, checked (within
    ``INTEGREAT_RECHECK_MONTHS``) and ``cells`` per language (translated, stale, percent).
    """
    now = now or timezone.now()
    months = months or settings.INTEGREAT_STALE_MONTHS
    assigned = assignments(group, region)
    codes, by_top = _aggregates(region, now, months)
    checked = _checked_recently(group, region, now)
    labels = language_labels(region)

    def empty(label):
        return {
            "label": label,
            "pages": 0,
            "outdated": 0,
            "checked": 0,
            "has": [0] * len(codes),
            "stale": [0] * len(codes),
        }

    rows = {}
    for assignment in assigned:
        label = assignment.area.name if assignment.area else _("no content area")
        row = rows.setdefault(assignment.area.pk if assignment.area else NO_AREA, empty(label))
        values = by_top.get(assignment.page_key)
        if values is None:
            continue
        row["pages"] += values["total"]
        row["outdated"] += values["outdated"]
        row["checked"] += checked.get(assignment.page_key, 0)
        for index in range(len(codes)):
            row["has"][index] += values[f"has_{index}"]
            row["stale"][index] += values[f"stale_{index}"]
    total = empty(_("All pages"))
    for row in rows.values():
        for name in ("pages", "outdated", "checked"):
            total[name] += row[name]
        total["has"] = [a + b for a, b in zip(total["has"], row["has"], strict=True)]
        total["stale"] = [a + b for a, b in zip(total["stale"], row["stale"], strict=True)]
    order = [area.pk for area in areas_in_use(assigned)] + [NO_AREA]
    area_rows = [_with_cells(rows[key], codes) for key in order if key in rows]
    total = _with_cells(total, codes)
    return {
        "languages": [{"code": code, "label": labels.get(code, code)} for code in codes],
        "source_label": labels.get(region.source_language, region.source_language),
        "areas": area_rows,
        "total": total,
        "by_language": [
            {"code": code, "label": labels.get(code, code), **cell}
            for code, cell in zip(codes, total["cells"], strict=True)
        ],
        "months": months,
    }


def _with_cells(row, codes):
    row["cells"] = [
        {"translated": has, "stale": stale, "percent": _percent(has, row["pages"])}
        for has, stale in zip(row.pop("has"), row.pop("stale"), strict=True)
    ]
    row["checked_percent"] = _percent(row["checked"], row["pages"])
    return row


def coverage_chart(figures, chart_id):
    """A bar chart of the share of pages translated per language (the table beside it shows the counts)."""
    return charts.bar_chart(
        chart_id=chart_id,
        title=_("Pages translated per language, in per cent"),
        description=_("One bar per language with the share of pages that have a translation in it."),
        categories=[row["label"] for row in figures["by_language"]],
        series=[(_("translated (%)"), [row["percent"] for row in figures["by_language"]])],
    )


def impact_sections(group):
    """For the findings app's Wirkung page (wired in arbeitskreis/wiring.py): the translation coverage per
    language as a chart with its table, when the municipality has a snapshot (six queries)."""
    region = region_of(group)
    if region is None or not region.has_snapshot:
        return []
    figures = coverage(group, region)
    return [
        {
            "template": "integreat/_impact_coverage.html",
            "coverage": figures,
            "coverage_chart": coverage_chart(figures, "integreat-coverage"),
            "region": region,
            "coverage_url": reverse("integreat:coverage", kwargs=group.url_kwargs()),
        }
    ]


def coverage_by_municipality(municipalities) -> dict:
    """For the network report: per municipality with a snapshot, the share of its pages translated per language of
    its region (the source language left out), ``{municipality id: [{"code", "label", "translated", "stale",
    "percent"}]}`` — two queries, whatever the number of municipalities."""
    regions = [
        region
        for region in Region.objects.filter(municipality__in=municipalities, taken_at__isnull=False)
        if region.language_codes
    ]
    if not regions:
        return {}
    codes = sorted({code for region in regions for code in region.language_codes[1:]})
    counts = {"total": Count("pk")}
    for index, code in enumerate(codes):
        counts[f"has_{index}"] = Count("pk", filter=Q(languages__contains=f",{code},"))
        counts[f"stale_{index}"] = Count("pk", filter=Q(stale_languages__contains=f",{code},"))
    rows = {
        row["region_id"]: row
        for row in Page.objects.filter(region__in=regions).values("region_id").annotate(**counts).order_by()
    }
    result = {}
    for region in regions:
        row, labels = rows.get(region.pk), language_labels(region)
        if row is None:
            continue
        result[region.municipality_id] = [
            {
                "code": code,
                "label": labels[code],
                "translated": row[f"has_{codes.index(code)}"],
                "stale": row[f"stale_{codes.index(code)}"],
                "percent": _percent(row[f"has_{codes.index(code)}"], row["total"]),
            }
            for code in region.language_codes[1:]
        ]
    return result
