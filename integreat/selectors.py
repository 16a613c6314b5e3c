"""Reads of the Integreat content: the region, the content areas of the top-level pages, the tree with its
filters, and the pages a suggestion can name.

Every function runs a fixed number of queries, whatever the number of pages; the rows of the tree are built from
one ``values_list`` of the pages. Coverage (and the Wirkung section, the network report) is read in
``integreat/coverage.py``, the meeting's checklist in ``integreat/checklist.py``.
"""

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import formats, timezone

from findings.models import ContentArea
from integreat import areas as area_suggestions
from integreat.models import AreaMapping, CheckResult, PageCheck, Region
from integreat.problems import describe, language_label
from integreat.snapshot import pack

NO_AREA = "none"


def region_of(group):
    """The municipality's region row (None before the first attempt)."""
    return Region.objects.filter(municipality_id=group.municipality_id).select_related("taken_by").first()


def stale_cutoff(months=None, now=None):
    """Source texts last updated before this moment count as not updated for ``months`` months."""
    return (now or timezone.now()) - relativedelta(months=months or settings.INTEGREAT_STALE_MONTHS)


def recheck_cutoff(now=None):
    """Pages checked before this moment are due again (never checked ones too)."""
    return (now or timezone.now()) - relativedelta(months=settings.INTEGREAT_RECHECK_MONTHS)


def language_labels(region):
    """``{code: "Arabic (ar)"}`` for the region's languages, in the region's order."""
    names = {language["code"]: language["name"] for language in region.languages}
    return {code: language_label(code, names) for code in names}


def attempt_message(region):
    """Why the last attempt failed, in the active language ("" when it did not)."""
    if region is None or not region.attempt_problem:
        return ""
    names = {language["code"]: language["name"] for language in region.languages}
    return describe(region.attempt_problem, region.attempt_details, names)


# --- Content areas of the top-level pages ---------------------------------------------------------------------


@dataclass
class Assignment:
    page_key: str
    title: str
    area: object  # ContentArea or None
    suggested: bool  # not saved yet: taken from the title


def assignments(group, region) -> list[Assignment]:
    """Each top-level page with its content area: the group's saved choice, else the one its title suggests
    (three queries)."""
    if region is None:
        return []
    areas = list(ContentArea.objects.available_to(group))
    by_pk = {area.pk: area for area in areas}
    saved = dict(AreaMapping.objects.filter(working_group=group).values_list("page_key", "content_area_id"))
    result = []
    for key, title in region.pages.filter(depth=0).order_by("position").values_list("key", "title"):
        if key in saved:
            result.append(Assignment(key, title, by_pk.get(saved[key]), False))
        else:
            result.append(Assignment(key, title, area_suggestions.suggest(title, areas), True))
    return result


def keys_by_area(assigned):
    """``{area pk or NO_AREA: [top-level page keys]}``."""
    result = {}
    for assignment in assigned:
        result.setdefault(assignment.area.pk if assignment.area else NO_AREA, []).append(assignment.page_key)
    return result


def areas_in_use(assigned):
    """The content areas some top-level page belongs to, in their list order."""
    seen = {}
    for assignment in assigned:
        if assignment.area is not None:
            seen[assignment.area.pk] = assignment.area
    return sorted(seen.values(), key=lambda area: (area.working_group_id is not None, area.position, area.name))


# --- The tree -------------------------------------------------------------------------------------------------


@dataclass
class TreeRow:
    key: str
    title: str
    url: str
    depth: int
    last_updated: datetime.datetime | None
    outdated: bool
    missing: list
    stale: list
    translated: int
    top_title: str = ""
    area: str = ""
    checked_at: datetime.datetime | None = None
    check_result: str = ""
    check_url: str = ""
    open_gaps: int = 0
    due: bool = True
    # Formatted once here: the template renders thousands of rows without a filter per row.
    updated_text: str = ""
    checked_text: str = ""
    missing_text: str = ""
    stale_text: str = ""


@dataclass
class Tree:
    rows: list
    total: int
    languages: dict  # {code: label}
    translations_possible: int
    months: int
    filtered: bool
    areas: list = field(default_factory=list)


def filter_pages(region, filters, assigned, *, now=None):
    """The region's pages with the tree's filters: ``area`` (a ContentArea or ``NO_AREA``), ``language`` (a code),
    ``outdated`` (source text not updated for ``months``), ``untranslated`` (a translation missing or older than the
    source text — in ``language`` if given, else in any language)."""
    pages = region.pages.all()
    if area := filters.get("area"):
        keys = keys_by_area(assigned).get(NO_AREA if area == NO_AREA else area.pk, [])
        pages = pages.filter(top_key__in=keys)
    if filters.get("outdated"):
        pages = pages.filter(last_updated__lt=stale_cutoff(filters.get("months"), now))
    if filters.get("untranslated"):
        if language := filters.get("language"):
            pages = pages.filter(~Q(languages__contains=f",{language},") | Q(stale_languages__contains=f",{language},"))
        else:
            pages = pages.filter(~Q(languages=pack(region.language_codes)) | ~Q(stale_languages=""))
    return pages


def page_tree(group, region, filters, *, assigned=None, now=None) -> Tree:
    """The pages to show in tree order with their translations, age, last check and open content gaps (three
    queries, and three for ``assigned`` when not given — whatever the number of pages)."""
    now = now or timezone.now()
    months = filters.get("months") or settings.INTEGREAT_STALE_MONTHS
    assigned = assignments(group, region) if assigned is None else assigned
    area_of_top = {a.page_key: a.area.name if a.area else "" for a in assigned}
    title_of_top = {a.page_key: a.title for a in assigned}
    codes = region.language_codes
    others = codes[1:]
    cutoff, due_before = stale_cutoff(months, now), recheck_cutoff(now)
    checks = {check.page_key: check for check in PageCheck.objects.filter(working_group=group).order_by()}
    meeting_urls = {pk: _meeting_url(group, pk) for pk in {check.meeting_id for check in checks.values()} if pk}
    gaps = dict(
        group.findings.open()
        .exclude(integreat_url="")
        .values("integreat_url")
        .annotate(n=Count("pk"))
        .values_list("integreat_url", "n")
    )
    filtered = any(filters.get(name) for name in ("area", "outdated", "untranslated"))
    day = date_pattern()
    results = dict(CheckResult.choices)
    rows = []
    values = filter_pages(region, filters, assigned, now=now).order_by("position")
    fields = ("key", "title", "url", "depth", "last_updated", "languages", "stale_languages", "top_key")
    for key, title, url, depth, updated, packed, stale_packed, top in values.values_list(*fields):
        check = checks.get(key)
        missing = [code for code in others if f",{code}," not in packed]
        stale = [code for code in others if f",{code}," in stale_packed]
        rows.append(
            TreeRow(
                key=key,
                title=title,
                url=url,
                depth=depth,
                last_updated=updated,
                outdated=updated is not None and updated < cutoff,
                missing=missing,
                stale=stale,
                translated=len(others) - len(missing),
                top_title=title_of_top.get(top, "") if filtered and top != key else "",
                area=area_of_top.get(top, "") if filtered or top == key else "",
                checked_at=check.checked_at if check else None,
                check_result=str(results.get(check.result, "")) if check else "",
                check_url=meeting_urls.get(check.meeting_id, "") if check else "",
                open_gaps=gaps.get(url, 0) if url else 0,
                due=check is None or check.checked_at < due_before,
                updated_text=timezone.localtime(updated).strftime(day) if updated else "",
                checked_text=timezone.localtime(check.checked_at).strftime(day) if check else "",
                missing_text=", ".join(missing),
                stale_text=", ".join(stale),
            )
        )
    return Tree(
        rows=rows,
        total=region.page_count,
        languages=language_labels(region),
        translations_possible=len(others),
        months=months,
        filtered=filtered,
        areas=areas_in_use(assigned),
    )


def _meeting_url(group, meeting_id):
    return reverse("meetings:detail", kwargs={**group.url_kwargs(), "pk": meeting_id})


def date_pattern():
    """A ``strftime`` pattern for the active language's short date format ("d.m.Y" → "%d.%m.%Y")."""
    codes = {"d": "%d", "m": "%m", "Y": "%Y", "y": "%y"}
    django_format = formats.get_format("SHORT_DATE_FORMAT")
    if all(char in codes or not char.isalpha() for char in django_format):
        return "".join(codes.get(char, char.replace("%", "%%")) for char in django_format)
    return "%Y-%m-%d"


# --- For the other apps ---------------------------------------------------------------------------------------


def page_choices(group):
    """For the participant's suggestion form (wired in arbeitskreis/wiring.py): the pages of the tree as choices
    ``[(top-level title, [(address, title), …]), …]`` in tree order — pages without an address are left out (two
    queries; empty without a snapshot)."""
    region = region_of(group)
    if region is None or not region.has_snapshot:
        return []
    groups = {}
    for title, url, depth, top in region.pages.order_by("position").values_list("title", "url", "depth", "top_key"):
        choices = groups.setdefault(top, (title, []))[1]
        if url:
            choices.append((url, f"{'– ' * depth}{title}"))
    return [group for group in groups.values() if group[1]]
