"""Views of the Integreat content inside a working group: the tree, coverage, content areas, loading a snapshot,
and a meeting's validation checklist. Every view goes through ``@group_view``; objects are reached through the
group (``group.meetings``, ``meeting.validation_items``).
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from arbeitskreis.access import ACTION, FORM, group_view
from arbeitskreis.shortcuts import error_text, group_url
from findings.forms import assignee_choices
from findings.models import ContentArea
from integreat import checklist, selectors, services, validation
from integreat import coverage as coverage_figures
from integreat.forms import (
    AreaMappingForm,
    MarkForm,
    PickAreasForm,
    PickPagesForm,
    TreeFilterForm,
    UploadForm,
    area_of_group,
)
from integreat.models import AttemptStatus
from integreat.problems import SnapshotProblem, describe
from integreat.tree_html import tree_rows

REGION_PROBLEMS = {"region_unknown", "no_languages", "no_region_slug"}


def _page(request, group, template, context):
    region = context["region"]
    running = region is not None and services.attempt_is_running(region)
    message = selectors.attempt_message(region)
    if region is not None and region.attempt_status == AttemptStatus.RUNNING and not running:
        message = describe("abandoned", {})  # its worker was stopped
    return render(
        request,
        template,
        {
            "group": group,
            "region": region,
            "attempt_running": running,
            "attempt_message": message,
            "next_fetch_at": services.next_fetch_at(region) if region else None,
            **context,
        },
    )


@group_view
def tree(request, group):
    region = selectors.region_of(group)
    context = {"region": region}
    if region is not None and region.has_snapshot:
        assigned = selectors.assignments(group, region)
        form = TreeFilterForm(
            request.GET or None, areas=selectors.areas_in_use(assigned), languages=selectors.language_labels(region)
        )
        filters = form.filters() if request.GET else {}
        page_tree = selectors.page_tree(group, region, filters, assigned=assigned)
        context.update(form=form, tree=page_tree, tree_rows=tree_rows(page_tree), filters=filters)
    return _page(request, group, "integreat/tree.html", context)


@group_view(methods=ACTION)
def fetch(request, group):
    try:
        region = services.request_fetch(municipality=group.municipality, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(group_url("integreat:tree", group))
    region.refresh_from_db()
    if region.attempt_status == AttemptStatus.SUCCEEDED:
        messages.success(
            request,
            _("The page tree has been loaded from Integreat: %(pages)s pages in %(languages)s languages.")
            % {"pages": region.page_count, "languages": len(region.languages)},
        )
    elif region.attempt_status == AttemptStatus.FAILED:
        messages.error(
            request,
            _("The pages could not be loaded. %(reason)s The previous page tree stays in use.")
            % {"reason": selectors.attempt_message(region)},
        )
    else:
        messages.info(request, _("The pages are being loaded in the background. Please reload this page in a minute."))
    return redirect(group_url("integreat:tree", group))


@group_view(methods=FORM, write=True)
def upload(request, group):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            region = services.import_files(municipality=group.municipality, data=form.cleaned_data, by=request.user)
        except SnapshotProblem as problem:
            part = problem.details.get("part")
            field = "regions" if problem.code in REGION_PROBLEMS or part == "regions" else "pages"
            form.add_error(field, _("%(reason)s Nothing has been changed.") % {"reason": problem.message})
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The page tree has been imported: %(pages)s pages in %(languages)s languages.")
                % {"pages": region.page_count, "languages": len(region.languages)},
            )
            return redirect(group_url("integreat:tree", group))
    context = {"region": selectors.region_of(group), "form": form, "api_url": settings.INTEGREAT_API_URL}
    return _page(request, group, "integreat/upload.html", context)


@group_view(methods=FORM)
def areas(request, group):
    region = selectors.region_of(group)
    context = {"region": region}
    if region is not None and region.has_snapshot:
        assigned = selectors.assignments(group, region)
        form = AreaMappingForm(
            request.POST or None, assignments=assigned, areas=ContentArea.objects.available_to(group)
        )
        if request.method == "POST" and form.is_valid():
            changed = services.save_area_mapping(group=group, data=form.cleaned_data)
            messages.success(request, _("The content areas have been saved (%(count)s changed).") % {"count": changed})
            return redirect(group_url("integreat:areas", group))
        context.update(form=form, suggested=sum(1 for a in assigned if a.suggested))
    elif request.method == "POST":
        messages.error(request, _("There is no page tree of the municipality yet: please load it first."))
        return redirect(group_url("integreat:tree", group))
    return _page(request, group, "integreat/areas.html", context)


@group_view
def coverage(request, group):
    region = selectors.region_of(group)
    context = {"region": region}
    if region is not None and region.has_snapshot:
        months = request.GET.get("months", "")
        months = int(months) if months.isdigit() and 1 <= int(months) <= 120 else None
        figures = coverage_figures.coverage(group, region, months=months)
        context.update(coverage=figures, chart=coverage_figures.coverage_chart(figures, "coverage-languages"))
    return _page(request, group, "integreat/coverage.html", context)


# --- A meeting's checklist --------------------------------------------------------------------------------------


def _meeting(group, pk):
    return get_object_or_404(group.meetings, pk=pk)


def _back(meeting, anchor=""):
    return redirect(checklist.checklist_url(meeting) + anchor)


def _mark_form(group, labels, choices, item, data=None):
    initial = {
        "result": item.result,
        "languages": item.language_codes,
        "note": item.note,
        "responsible": f"p:{item.responsible_participant_id}"
        if item.responsible_participant_id
        else (f"o:{item.responsible_organization_id}" if item.responsible_organization_id else ""),
    }
    return MarkForm(
        data, prefix=f"item{item.pk}", group=group, languages=labels, responsible_choices=choices, initial=initial
    )


@group_view(methods=FORM)
def validation_page(request, group, pk):
    """The checklist of a meeting; a POST marks one page (``item``), errors shown next to its fields."""
    meeting = _meeting(group, pk)
    region = selectors.region_of(group)
    can_mark = request.group_access.can_write and meeting.is_editable
    labels = selectors.language_labels(region) if region else {}
    choices = assignee_choices(group, empty_label=_("nobody yet")) if can_mark else []
    posted = None
    if request.method == "POST":
        item_pk = request.POST.get("item", "")
        item = get_object_or_404(meeting.validation_items, pk=item_pk if item_pk.isdigit() else 0)
        form = _mark_form(group, labels, choices, item, request.POST)
        if form.is_valid():
            try:
                marked = validation.mark_page(item=item, data=form.cleaned_data, by=request.user)
            except ValidationError as error:
                if not hasattr(error, "error_dict"):  # about the page or the meeting, not a field
                    messages.error(request, error_text(error))
                    return _back(meeting, f"#item-{item.pk}")
                _add_errors(form, error)
            else:
                _marked_message(request, marked)
                return _back(meeting, f"#item-{item.pk}")
        posted = (item.pk, form)
    items = checklist.items_of(meeting)
    checks = checklist.last_checks(group, [item.page_key for item in items])
    for item in items:
        item.last_check = checks.get(item.page_key)
        item.language_labels = [labels.get(code, code) for code in item.language_codes]
        item.form = None
        if can_mark and not item.finding_id:
            item.form = posted[1] if posted and posted[0] == item.pk else _mark_form(group, labels, choices, item)
    area_rows = checklist.area_choices(group, region) if can_mark else []
    area = area_of_group(group, request.GET.get("area", ""))
    candidates = checklist.candidates(group, region, area, meeting) if can_mark and area else []
    context = {
        "region": region,
        "meeting": meeting,
        "items": items,
        "checked": sum(1 for item in items if item.result),
        "can_mark": can_mark,
        "languages": labels,
        "area_form": PickAreasForm(choices=area_rows) if area_rows else None,
        "area_rows": area_rows,
        "picked_area": area,
        "pages_form": PickPagesForm(candidates=candidates, initial={"area": area.pk}) if candidates else None,
    }
    return _page(request, group, "integreat/validation.html", context)


def _added(count):
    return ngettext(
        "%(count)s page has been added to the checklist.", "%(count)s pages have been added to the checklist.", count
    ) % {"count": count}


def _add_errors(form, error):
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _marked_message(request, item):
    if item.finding_id:
        messages.success(
            request,
            _("“%(page)s” is marked as %(result)s; the content gap “%(finding)s” has been recorded in the register.")
            % {"page": item.title, "result": item.get_result_display(), "finding": item.finding.title},
        )
    else:
        messages.success(
            request,
            _("“%(page)s” is marked as %(result)s.") % {"page": item.title, "result": item.get_result_display()},
        )


@group_view(methods=ACTION)
def validation_add_areas(request, group, pk):
    meeting = _meeting(group, pk)
    form = PickAreasForm(request.POST, choices=checklist.area_choices(group, selectors.region_of(group)))
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("areas", [])))
        return _back(meeting)
    try:
        added = validation.add_areas(meeting=meeting, data=form.cleaned_data)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _added(added.count))
        for area, left in added.cut:
            messages.info(
                request,
                ngettext(
                    "“%(area)s” has %(count)s more page; add it another time or on its own.",
                    "“%(area)s” has %(count)s more pages; add them another time or one by one.",
                    left,
                )
                % {"area": area.name, "count": left},
            )
    return _back(meeting)


@group_view(methods=ACTION)
def validation_add_pages(request, group, pk):
    meeting = _meeting(group, pk)
    area = area_of_group(group, request.POST.get("area", ""))
    candidates = checklist.candidates(group, selectors.region_of(group), area, meeting)
    form = PickPagesForm(request.POST, candidates=candidates)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("pages", [_("Please choose at least one page.")])))
        return _back(meeting)
    try:
        added = validation.add_pages(meeting=meeting, data=form.cleaned_data)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _added(added))
    return _back(meeting)


@group_view(methods=ACTION)
def validation_remove(request, group, pk, item_pk):
    meeting = _meeting(group, pk)
    item = get_object_or_404(meeting.validation_items, pk=item_pk)
    try:
        validation.remove_item(item=item)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("“%(page)s” has been taken off the checklist.") % {"page": item.title})
    return _back(meeting)
