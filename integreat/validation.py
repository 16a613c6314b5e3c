"""Writes of a meeting's validation checklist: picking areas and pages, removing a page, marking a page.

Each function is keyword-only and atomic; its docstring names every side effect. A meeting's checklist changes
until its minutes are approved or it is cancelled (``Meeting.is_editable``), like its agenda.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from arbeitskreis import languages
from findings.services import create_finding
from integreat import checklist, selectors
from integreat.models import CheckResult, PageCheck, ValidationItem
from integreat.snapshot import pack
from meetings.models import Meeting

FINDING_TITLES = {
    CheckResult.OUTDATED: lambda title: _("Outdated: %(title)s") % {"title": title},
    CheckResult.MISSING_CONTENT: lambda title: _("Content missing: %(title)s") % {"title": title},
    CheckResult.MISSING_TRANSLATION: lambda title: _("Translation missing: %(title)s") % {"title": title},
}


def _editable(meeting):
    locked = (
        # Only the meeting row: PostgreSQL locks no row of an outer join (a network group has no municipality).
        Meeting.objects.select_for_update(of=("self",)).select_related("working_group__municipality").get(pk=meeting.pk)
    )
    if not locked.is_editable:
        raise ValidationError(
            _("The checklist of this meeting can no longer be changed (status: %(status)s).")
            % {"status": locked.get_status_display()}
        )
    return locked


def _region(group):
    region = selectors.region_of(group)
    if region is None or not region.has_snapshot:
        raise ValidationError(_("There is no page tree of the municipality yet: please load it first."))
    return region


def _add(meeting, region, keys, area_of) -> int:
    existing = set(meeting.validation_items.values_list("page_key", flat=True))
    pages = {page.key: page for page in region.pages.filter(key__in=[k for k in keys if k not in existing])}
    position = meeting.validation_items.aggregate(last=Max("position"))["last"] or 0
    new = []
    for key in dict.fromkeys(keys):
        page = pages.get(key)
        if page is None:
            continue
        position += 1
        new.append(
            ValidationItem(
                meeting=meeting,
                page_key=page.key,
                title=page.title,
                url=page.url,
                content_area=area_of.get(page.top_key),
                position=position,
            )
        )
    ValidationItem.objects.bulk_create(new)
    return len(new)


# A meeting checks an area's pages in one sitting: at most this many are added per area at a time.
PAGES_PER_AREA = 30


@dataclass
class Added:
    count: int
    cut: list  # the areas with more pages not on the list than PAGES_PER_AREA: [(area, pages left out)]


@transaction.atomic
def add_areas(*, meeting, data: dict) -> Added:
    """Put the pages of the chosen content areas (``data["areas"]``) on the meeting's checklist, area by area: those
    not on it yet, due ones first (never checked, then checked longest ago), then in tree order — at most
    :data:`PAGES_PER_AREA` per area (the rest can be added another time, or one by one).

    Side effects: the meeting row is locked; a ValidationItem per page added, at the end of the list, with the
    page's title, address and area copied. Returns how many were added and which areas were cut short.
    """
    meeting = _editable(meeting)
    group = meeting.working_group
    region = _region(group)
    assigned = selectors.assignments(group, region)
    area_of = {assignment.page_key: assignment.area for assignment in assigned}
    by_area = selectors.keys_by_area(assigned)
    checks = checklist.last_checks(group)
    on_list = set(meeting.validation_items.values_list("page_key", flat=True))
    keys, cut = [], []
    for area in data["areas"]:
        pages = region.pages.filter(top_key__in=by_area.get(area.pk, [])).order_by("position")
        area_keys = [key for key in pages.values_list("key", flat=True) if key not in on_list]
        area_keys.sort(key=lambda key: checklist.due_order(checks.get(key)))
        if len(area_keys) > PAGES_PER_AREA:
            cut.append((area, len(area_keys) - PAGES_PER_AREA))
        keys += area_keys[:PAGES_PER_AREA]
    return Added(_add(meeting, region, keys, area_of), cut)


@transaction.atomic
def add_pages(*, meeting, data: dict) -> int:
    """Put the chosen pages (``data["pages"]``: page paths) on the meeting's checklist, in the order given.

    Side effects: as :func:`add_areas`; paths not in the current tree and pages already on the list are skipped.
    """
    meeting = _editable(meeting)
    region = _region(meeting.working_group)
    area_of = {a.page_key: a.area for a in selectors.assignments(meeting.working_group, region)}
    return _add(meeting, region, data["pages"], area_of)


@transaction.atomic
def remove_item(*, item) -> None:
    """Take an unchecked page off the checklist. Side effects: the item is deleted. A checked page stays (it is
    part of the meeting's record): ValidationError."""
    _editable(item.meeting)
    locked = _locked_item(item)
    if locked.result:
        raise ValidationError(_("A page that has been checked stays on the list: it is part of the meeting's record."))
    locked.delete()


def _locked_item(item) -> ValidationItem:
    return ValidationItem.objects.select_for_update().get(pk=item.pk)


@transaction.atomic
def mark_page(*, item, data: dict, by) -> ValidationItem:
    """Record the result of checking a page in the meeting: ``data`` holds result, note, languages (codes) and
    the responsible participant or organisation.

    Side effects: the meeting and the item are locked; result, note, languages, responsible, time and who are saved;
    the group's last check of the page (PageCheck) now names this meeting. Every result but "checked" creates a
    content gap (``findings.services.create_finding``: open, raised in the meeting, kind by the result, the page's
    area, languages and address, assigned to the responsible, a history entry). A page whose content gap exists
    already is not marked again (ValidationError: the gap is changed in the register).
    """
    meeting = _editable(item.meeting)
    locked = _locked_item(item)
    if locked.finding_id:
        raise ValidationError(
            _("A content gap has been recorded for this page already; please change it in the register.")
        )
    result = CheckResult(data["result"])
    codes = list(data.get("languages") or [])
    if result == CheckResult.MISSING_TRANSLATION and not codes:
        raise ValidationError({"languages": _("Please choose the languages the translation is missing in.")})
    locked.result, locked.note = result, (data.get("note") or "").strip()
    locked.languages = pack(codes)
    locked.responsible_participant = data.get("responsible_participant")
    locked.responsible_organization = data.get("responsible_organization")
    locked.checked_at, locked.checked_by = timezone.now(), by
    if result != CheckResult.CHECKED:
        locked.finding = create_finding(
            group=meeting.working_group,
            data={
                "title": FINDING_TITLES[result](locked.title)[:200],
                "description": locked.note,
                "content_area": locked.content_area,
                "languages": languages.pack(codes),
                "kind": checklist.FINDING_KIND[result],
                "raised_in_meeting": meeting,
                "assignee_participant": locked.responsible_participant,
                "assignee_organization": locked.responsible_organization,
                "integreat_url": locked.url,
            },
            by=by,
        )
    locked.save()
    PageCheck.objects.update_or_create(
        working_group=meeting.working_group,
        page_key=locked.page_key,
        defaults={"checked_at": locked.checked_at, "meeting": meeting, "result": result},
    )
    return locked
