"""Views of the findings app inside a working group, and the staff's Wirkung overview.

Group pages go through ``@group_view``; objects are reached through the group. The participant's suggestion page
is in ``findings/personal_views.py``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from arbeitskreis.access import ACTION, FORM, group_view
from arbeitskreis.exports import csv_response, xlsx_response
from arbeitskreis.models import GroupKind, State, WorkingGroup
from arbeitskreis.shortcuts import error_text, group_url
from findings import impact as wirkung
from findings import selectors, services
from findings.forms import (
    AcceptTopicForm,
    ContentAreaForm,
    DeclineForm,
    FindingForm,
    RegisterFilterForm,
    TransitionForm,
)
from findings.models import ContentArea, Finding, FindingStatus, SuggestionKind

PAGE_SIZE = 50

# The label of the button for each status a finding can be moved to.
TRANSITION_LABELS = {
    FindingStatus.OPEN: gettext_lazy("Reopen"),
    FindingStatus.IN_PROGRESS: gettext_lazy("Start work"),
    FindingStatus.RESOLVED: gettext_lazy("Mark as resolved"),
    FindingStatus.REJECTED: gettext_lazy("Reject"),
}


def _page(request, group, template, context):
    """Render a page of the findings tabs: the tab bar shows how many suggestions wait (``pending_suggestions``,
    counted here unless the view knows it)."""
    context.setdefault("pending_suggestions", selectors.pending_suggestion_count(group))
    return render(request, template, {"group": group, **context})


def _finding(group, pk):
    return get_object_or_404(selectors.findings_for_page(group), pk=pk)


# --- The register ---------------------------------------------------------------------------------------


def _filtered(request, group):
    form = RegisterFilterForm(request.GET or None, group=group)
    filters = form.filters() if request.GET else {}
    return form, filters, selectors.register(group, filters)


@group_view
def finding_list(request, group):
    form, filters, queryset = _filtered(request, group)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return _page(
        request,
        group,
        "findings/finding_list.html",
        {
            "form": form,
            "page": page,
            "filtered": bool(filters),
            "followup": filters.get("followup"),
            "query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


def _export(request, group, response_class):
    _form, _filters, queryset = _filtered(request, group)
    header, rows = selectors.export_rows(queryset)
    # Translators: the start of the export's file name: lower case ASCII letters and hyphens only.
    prefix = _("content-gaps")
    filename = f"{prefix}-{group.file_slug}-{timezone.localdate():%Y-%m-%d}"
    if response_class is xlsx_response:
        return xlsx_response(filename + ".xlsx", header, rows, sheet_title=_("Content gaps"))
    return csv_response(filename + ".csv", header, rows)


@group_view
def export_csv(request, group):
    return _export(request, group, csv_response)


@group_view
def export_xlsx(request, group):
    return _export(request, group, xlsx_response)


# --- One finding ----------------------------------------------------------------------------------------


def _show_warnings(request, form):
    for warning in form.warnings:
        messages.warning(request, warning)


@group_view(methods=FORM, write=True)
def finding_create(request, group):
    form = FindingForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        finding = services.create_finding(group=group, data=form.cleaned_data, by=request.user)
        messages.success(request, _("The content gap has been recorded."))
        _show_warnings(request, form)
        return redirect(finding)
    if request.method != "POST" and request.GET.get("meeting"):
        form.initial["raised_in_meeting"] = request.GET["meeting"]
    return render(request, "findings/finding_form.html", {"group": group, "form": form, "finding": None})


@group_view
def finding_detail(request, group, pk):
    finding = _finding(group, pk)
    selectors.finding_sources([finding])
    transitions = [(status, TRANSITION_LABELS[status]) for status in services.allowed_transitions(finding)]
    return render(
        request,
        "findings/finding_detail.html",
        {
            "group": group,
            "finding": finding,
            "events": list(finding.events.all()),
            "transitions": transitions,
            "transition_form": TransitionForm(),
        },
    )


@group_view(methods=FORM, write=True)
def finding_edit(request, group, pk):
    finding = _finding(group, pk)
    form = FindingForm(request.POST or None, instance=finding, group=group)
    if request.method == "POST" and form.is_valid():
        events = services.change_finding(finding=finding, by=request.user, data=form.cleaned_data)
        messages.success(request, _("The changes have been saved."))
        if events:
            messages.info(
                request,
                _("Recorded in the history: %(fields)s.")
                % {"fields": ", ".join(str(event.get_field_display()) for event in events)},
            )
        _show_warnings(request, form)
        return redirect(finding)
    return render(request, "findings/finding_form.html", {"group": group, "form": form, "finding": finding})


@group_view(methods=ACTION)
def finding_transition(request, group, pk):
    finding = _finding(group, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This status does not exist."))
        return redirect(finding)
    try:
        services.transition_finding(
            finding=finding, by=request.user, to=form.cleaned_data["to"], note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The content gap is now %(status)s.") % {"status": finding.get_status_display()})
    return redirect(finding)


# --- Content areas --------------------------------------------------------------------------------------


@group_view(methods=FORM)
def content_areas(request, group):
    form = ContentAreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            area = services.add_content_area(group=group, name=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error("name", error)
        else:
            messages.success(request, _("The content area “%(name)s” has been added.") % {"name": area.name})
            return redirect(group_url("findings:areas", group))
    areas = list(ContentArea.objects.available_to(group))
    return _page(request, group, "findings/content_areas.html", {"form": form, "areas": areas})


# --- Wirkung (impact) -----------------------------------------------------------------------------------


@group_view
def impact(request, group):
    figures = wirkung.impact(group.findings.all())
    charts = wirkung.charts(figures, "group")
    sections = wirkung.impact_sections(group)
    context = {"figures": figures, "charts": charts, "sections": sections, **selectors.impact_sources.merged({}, group)}
    return _page(request, group, "findings/impact.html", context)


@login_required
@require_safe
def impact_overview(request):
    """Staff only: the Wirkung figures across all municipalities, filterable by Bundesland."""
    if not request.user.is_staff:
        raise PermissionDenied
    state = request.GET.get("state", "")
    if state not in State.values:
        state = ""
    findings = Finding.objects.filter(working_group__kind=GroupKind.LOCAL)
    groups = WorkingGroup.objects.local()
    if state:
        findings = findings.filter(working_group__municipality__state=state)
        groups = groups.filter(municipality__state=state)
    sections, closing_days = wirkung.municipalities_overview(groups)
    figures = wirkung.impact(findings, closing_days=closing_days)
    return render(
        request,
        "findings/impact_overview.html",
        {
            "figures": figures,
            "charts": wirkung.charts(figures, "all"),
            "sections": sections,
            "states": State.choices,
            "state": state,
            "state_name": State(state).label if state else "",
        },
    )


# --- Suggestions: triage by the coordination ------------------------------------------------------------


@group_view
def suggestion_list(request, group):
    pending, decided = selectors.triage_lists(group)
    selectors.suggestion_sources([*pending, *decided])
    can_write = request.group_access.can_write
    # The meetings an agenda topic can go to: looked up once, shared by every suggestion's select.
    meetings = []
    if can_write and any(s.kind == SuggestionKind.AGENDA_TOPIC for s in pending):
        meetings = list(selectors.meetings_for_topics(group))
    for suggestion in pending:
        suggestion.decline_form = DeclineForm(prefix=f"s{suggestion.pk}") if can_write else None
        suggestion.accept_form = (
            AcceptTopicForm(group=group, prefix=f"s{suggestion.pk}", meetings=meetings)
            if can_write and suggestion.kind == SuggestionKind.AGENDA_TOPIC
            else None
        )
    return _page(
        request,
        group,
        "findings/suggestion_list.html",
        {
            "pending": pending,
            "decided": decided,
            "meetings": meetings,
            "pending_suggestions": len(pending),
        },
    )


def _suggestion(group, pk):
    return get_object_or_404(group.suggestions.select_related("participant"), pk=pk)


@group_view(methods=ACTION)
def suggestion_accept(request, group, pk):
    suggestion = _suggestion(group, pk)
    back = redirect(group_url("findings:suggestions", group))
    meeting = None
    if suggestion.kind == SuggestionKind.AGENDA_TOPIC:
        form = AcceptTopicForm(request.POST, group=group, prefix=f"s{suggestion.pk}")
        if not form.is_valid():
            messages.error(request, " ".join(form.errors.get("meeting", [_("Please choose a meeting.")])))
            return back
        meeting = form.cleaned_data["meeting"]
    try:
        accepted = services.accept_suggestion(suggestion=suggestion, by=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return back
    if accepted.finding is not None:
        messages.success(request, _("The suggestion is now a content gap in the register."))
        return redirect(accepted.finding)
    messages.success(
        request, _("The topic has been added to the agenda of “%(meeting)s”.") % {"meeting": meeting.title}
    )
    return back


@group_view(methods=ACTION)
def suggestion_decline(request, group, pk):
    suggestion = _suggestion(group, pk)
    form = DeclineForm(request.POST, prefix=f"s{suggestion.pk}")
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["note"])
        services.decline_suggestion(suggestion=suggestion, by=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The suggestion has been declined; the participant sees your note."))
    return redirect(group_url("findings:suggestions", group))
