"""Reads of a meeting's validation checklist: the pages on it, the areas and pages that can be added (due ones
first), the section on the agenda and handout, and what the minutes list as validated.

Every function runs a fixed number of queries, whatever the number of pages or items.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from arbeitskreis import languages
from integreat import selectors
from integreat.models import CheckResult, PageCheck

# Results that become a content gap, and its kind.
FINDING_KIND = {
    CheckResult.OUTDATED: "outdated",
    CheckResult.MISSING_CONTENT: "missing_content",
    CheckResult.MISSING_TRANSLATION: "missing_translation",
}


def checklist_url(meeting):
    return reverse("integreat:validation", kwargs={**meeting.working_group.url_kwargs(), "pk": meeting.pk})


def items_of(meeting, *, findings=True) -> list:
    """The meeting's checklist in order, with area, responsible and (``findings``) content gap joined (one query).
    Each item has ``finding_url``, the address of its content gap ("" without one)."""
    related = ["content_area", "responsible_participant", "responsible_organization"]
    items = list(
        meeting.validation_items.select_related(*related, *(["finding"] if findings else [])).order_by("position", "pk")
    )
    kwargs = meeting.working_group.url_kwargs()
    for item in items:
        item.finding_url = (
            reverse("findings:detail", kwargs={**kwargs, "pk": item.finding_id}) if item.finding_id else ""
        )
    return items


def last_checks(group, keys=None) -> dict:
    """``{page key: PageCheck}`` of the group (with the meeting), optionally only for ``keys`` (one query)."""
    checks = PageCheck.objects.filter(working_group=group).select_related("meeting").order_by()
    if keys is not None:
        checks = checks.filter(page_key__in=list(keys))
    return {check.page_key: check for check in checks}


def due_order(check):
    """Never checked first, then the longest ago."""
    return (0, datetime.datetime.min) if check is None else (1, check.checked_at.replace(tzinfo=None))


@dataclass
class AreaChoice:
    area: object
    pages: int
    due: int


def area_choices(group, region) -> list[AreaChoice]:
    """The content areas with pages, each with the number of its pages and of those due for a check (never
    checked or not within ``INTEGREAT_RECHECK_MONTHS``) — four queries."""
    if region is None or not region.has_snapshot:
        return []
    assigned = selectors.assignments(group, region)
    recent = PageCheck.objects.filter(working_group=group, checked_at__gte=selectors.recheck_cutoff()).values(
        "page_key"
    )
    counts = {
        row["top_key"]: row
        for row in region.pages.values("top_key")
        .annotate(pages=Count("pk"), due=Count("pk", filter=~Q(key__in=recent)))
        .order_by()
    }
    by_area = selectors.keys_by_area(assigned)
    result = []
    for area in selectors.areas_in_use(assigned):
        rows = [counts[key] for key in by_area.get(area.pk, []) if key in counts]
        result.append(AreaChoice(area, sum(r["pages"] for r in rows), sum(r["due"] for r in rows)))
    return result


@dataclass
class Candidate:
    key: str
    title: str
    depth: int
    check: object  # PageCheck or None
    due: bool


def candidates(group, region, area, meeting, *, limit=300) -> list[Candidate]:
    """The pages of ``area`` not yet on the meeting's checklist, due ones first (never checked, then checked
    longest ago), then in tree order — at most ``limit`` (three queries after the assignments)."""
    if region is None or not region.has_snapshot or area is None:
        return []
    keys = selectors.keys_by_area(selectors.assignments(group, region)).get(area.pk, [])
    on_list = meeting.validation_items.values("page_key")
    pages = list(
        region.pages.filter(top_key__in=keys)
        .exclude(key__in=on_list)
        .order_by("position")
        .values_list("key", "title", "depth")
    )
    checks = last_checks(group)
    cutoff = selectors.recheck_cutoff()
    rows = [
        Candidate(key, title, depth, checks.get(key), key not in checks or checks[key].checked_at < cutoff)
        for key, title, depth in pages
    ]
    # Stable: the due pages (never checked first, then checked longest ago) before the others, each in tree order.
    rows.sort(key=lambda row: (0, *due_order(row.check)) if row.due else (1, 0, datetime.datetime.min))
    return rows[:limit]


@dataclass
class ValidatedPage:
    """One page validated in a meeting, as the minutes list it."""

    title: str
    url: str
    area: str
    result: str  # a CheckResult value
    result_label: str
    languages: list  # [(code, name)]
    note: str
    responsible: str
    finding_title: str
    finding_url: str
    checked_at: datetime.datetime


def validated_in(meeting) -> list[ValidatedPage]:
    """For the minutes (to be connected through a hook of the minutes app in arbeitskreis/wiring.py): the pages
    checked in ``meeting`` with their result, note, languages, who is responsible and the content gap recorded, in
    checklist order (one query). Pages picked but not checked are left out."""
    result = []
    for item in items_of(meeting):
        if not item.result:
            continue
        responsible = item.responsible
        result.append(
            ValidatedPage(
                title=item.title,
                url=item.url,
                area=item.content_area.name if item.content_area else "",
                result=item.result,
                result_label=str(item.get_result_display()),
                languages=[(code, languages.name(code)) for code in item.language_codes],
                note=item.note,
                responsible=responsible.display_name
                if hasattr(responsible, "display_name")
                else str(responsible or ""),
                finding_title=item.finding.title if item.finding else "",
                finding_url=item.finding_url,
                checked_at=item.checked_at,
            )
        )
    return result


def validated_for_protocol(meeting) -> dict:
    """For the minutes' protocol (wired in arbeitskreis/wiring.py to ``minutes.selectors.protocol_sources``, whose
    content is stored as JSON in the approved versions): :func:`validated_in` as plain JSON values,
    ``{"validated": [{title, url, area, result (the label), result_code, languages (codes), note, responsible,
    finding_title, finding_url, checked_at (ISO)}]}`` — nothing for a meeting without checked pages (one query)."""
    rows = [
        {
            "title": page.title,
            "url": page.url,
            "area": page.area,
            "result": page.result_label,
            "result_code": page.result,
            "languages": [code for code, _name in page.languages],
            "note": page.note,
            "responsible": page.responsible,
            "finding_title": page.finding_title,
            "finding_url": page.finding_url,
            "checked_at": timezone.localtime(page.checked_at).isoformat() if page.checked_at else None,
        }
        for page in validated_in(meeting)
    ]
    return {"validated": rows} if rows else {}


def agenda_sections(meeting):
    """For the meetings app's meeting page and handout (wired in arbeitskreis/wiring.py): the pages to validate,
    grouped by content area, with their result once checked — nothing while the municipality has no page tree (one
    query then, two otherwise)."""
    region = selectors.region_of(meeting.working_group)
    if region is None:
        return []  # a group that does not work with the Integreat pages sees nothing of them
    items = items_of(meeting, findings=False)
    if not items and not region.has_snapshot:
        return []
    groups = {}
    for item in items:
        groups.setdefault(item.content_area.name if item.content_area else "", []).append(item)
    return [
        {
            "template": "integreat/_agenda_validation.html",
            "validation_groups": list(groups.items()),
            "validation_count": len(items),
            "validation_checked": sum(1 for item in items if item.result),
            "validation_url": checklist_url(meeting),
            "validation_possible": region.has_snapshot,
        }
    ]
