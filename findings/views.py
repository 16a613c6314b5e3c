"""Views of the findings app.

Group pages go through ``@group_view``; objects are reached through the group. The staff overview checks
``is_staff``; the participant's suggestion page resolves the personal link with the members app's lookup.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from arbeitskreis.access import group_view
from arbeitskreis.exports import csv_response, xlsx_response
from arbeitskreis.models import State, WorkingGroup
from arbeitskreis.shortcuts import error_text, group_url, post_only
from findings import charts, selectors, services
from findings.forms import (
    AcceptTopicForm,
    ContentAreaForm,
    DeclineForm,
    FindingForm,
    RegisterFilterForm,
    SuggestionForm,
    TransitionForm,
)
from findings.models import ContentArea, Finding, FindingStatus, SuggestionKind
from members.views import personal_link_view

PAGE_SIZE = 50

# The label of the button for each status a finding can be moved to.
TRANSITION_LABELS = {
    FindingStatus.OPEN: gettext_lazy("Reopen"),
    FindingStatus.IN_PROGRESS: gettext_lazy("Start work"),
    FindingStatus.RESOLVED: gettext_lazy("Mark as resolved"),
    FindingStatus.REJECTED: gettext_lazy("Reject"),
}


def _finding(group, pk):
    try:
        return selectors.finding_for_page(group, pk)
    except Finding.DoesNotExist:
        raise Http404 from None


# --- The register ---------------------------------------------------------------------------------------


def _filtered(request, group):
    form = RegisterFilterForm(request.GET or None, group=group)
    filters = form.filters() if request.GET else {}
    return form, filters, selectors.register(group, filters)


@group_view
@require_safe
def finding_list(request, group):
    form, filters, queryset = _filtered(request, group)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    for finding in page.object_list:
        finding.working_group = group
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "findings/finding_list.html",
        {
            "group": group,
            "form": form,
            "page": page,
            "filtered": bool(filters),
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "pending_suggestions": selectors.pending_suggestion_count(group),
        },
    )


def _export(request, group, response_class):
    _form, _filters, queryset = _filtered(request, group)
    header, rows = selectors.export_rows(queryset)
    # Translators: the start of the export's file name: lower case ASCII letters and hyphens only.
    prefix = _("content-gaps")
    filename = f"{prefix}-{group.municipality.slug}-{timezone.localdate():%Y-%m-%d}"
    if response_class is xlsx_response:
        return xlsx_response(filename + ".xlsx", header, rows, sheet_title=_("Content gaps"))
    return csv_response(filename + ".csv", header, rows)


@group_view
@require_safe
def export_csv(request, group):
    return _export(request, group, csv_response)


@group_view
@require_safe
def export_xlsx(request, group):
    return _export(request, group, xlsx_response)


# --- One finding ----------------------------------------------------------------------------------------


def _show_warnings(request, form):
    for warning in form.warnings:
        messages.warning(request, warning)


@group_view(write=True)
def finding_create(request, group):
    form = FindingForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        finding = services.create_finding(group=group, data=form.changes(), by=request.user)
        messages.success(request, _("The content gap has been recorded."))
        _show_warnings(request, form)
        return redirect(finding)
    if request.method != "POST" and request.GET.get("meeting"):
        form.initial["raised_in_meeting"] = request.GET["meeting"]
    return render(request, "findings/finding_form.html", {"group": group, "form": form, "finding": None})


@group_view
def finding_detail(request, group, pk):
    finding = _finding(group, pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
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


@group_view(write=True)
def finding_edit(request, group, pk):
    finding = _finding(group, pk)
    form = FindingForm(request.POST or None, instance=finding, group=group)
    if request.method == "POST" and form.is_valid():
        events = services.change_finding(finding=finding, by=request.user, changes=form.changes())
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


@group_view(write=True)
def finding_transition(request, group, pk):
    finding = _finding(group, pk)
    if refused := post_only(request):
        return refused
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


@group_view
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
    areas = list(ContentArea.objects.filter(working_group=None)) + list(group.content_areas.all())
    return render(request, "findings/content_areas.html", {"group": group, "form": form, "areas": areas})


# --- Wirkung (impact) -----------------------------------------------------------------------------------


def _impact_charts(figures, prefix):
    half_years = figures["half_years"]
    return {
        "half_years": charts.bar_chart(
            chart_id=f"{prefix}-half-years",
            title=_("Content gaps recorded and closed per half-year"),
            description=_("For each half-year two bars: recorded and closed content gaps."),
            categories=[row["label"] for row in half_years],
            series=[
                (_("recorded"), [row["opened"] for row in half_years]),
                (_("closed"), [row["closed"] for row in half_years]),
            ],
        ),
        "by_area": charts.bar_chart(
            chart_id=f"{prefix}-areas",
            title=_("Open content gaps by content area"),
            description=_("One bar per content area with the number of open content gaps."),
            categories=[row["label"] for row in figures["by_area"]],
            series=[(_("open"), [row["value"] for row in figures["by_area"]])],
        ),
        "by_language": charts.bar_chart(
            chart_id=f"{prefix}-languages",
            title=_("Open content gaps by language"),
            description=_("One bar per language with the number of open content gaps that affect it."),
            categories=[row["label"] for row in figures["by_language"]],
            series=[(_("open"), [row["value"] for row in figures["by_language"]])],
        ),
    }


@group_view
@require_safe
def impact(request, group):
    figures = selectors.impact(group.findings.all())
    return render(
        request,
        "findings/impact.html",
        {"group": group, "figures": figures, "charts": _impact_charts(figures, "group")},
    )


@login_required
@require_safe
def impact_overview(request):
    """Staff only: the Wirkung figures across all municipalities, filterable by Bundesland."""
    if not request.user.is_staff:
        raise PermissionDenied
    state = request.GET.get("state", "")
    if state not in State.values:
        state = ""
    findings = Finding.objects.all()
    groups = WorkingGroup.objects.all()
    if state:
        findings = findings.filter(working_group__municipality__state=state)
        groups = groups.filter(municipality__state=state)
    figures = selectors.impact(findings)
    return render(
        request,
        "findings/impact_overview.html",
        {
            "figures": figures,
            "charts": _impact_charts(figures, "all"),
            "sections": selectors.municipalities_overview(groups),
            "states": State.choices,
            "state": state,
            "state_name": State(state).label if state else "",
        },
    )


# --- Suggestions: triage by the coordination ------------------------------------------------------------


@group_view
@require_safe
def suggestion_list(request, group):
    pending, decided = selectors.triage_lists(group)
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
    return render(
        request,
        "findings/suggestion_list.html",
        {
            "group": group,
            "pending": pending,
            "decided": decided,
            "meetings": meetings,
            "pending_suggestions": len(pending),
        },
    )


def _suggestion(group, pk):
    return get_object_or_404(group.suggestions.select_related("participant"), pk=pk)


@group_view(write=True)
def suggestion_accept(request, group, pk):
    suggestion = _suggestion(group, pk)
    if refused := post_only(request):
        return refused
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
        accepted.finding.working_group = group
        return redirect(accepted.finding)
    messages.success(
        request, _("The topic has been added to the agenda of “%(meeting)s”.") % {"meeting": meeting.title}
    )
    return back


@group_view(write=True)
def suggestion_decline(request, group, pk):
    suggestion = _suggestion(group, pk)
    if refused := post_only(request):
        return refused
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


# --- Suggestions: the participant's page under the personal link ----------------------------------------


@never_cache
@personal_link_view
def suggest(request, token):
    """A participant suggests a content gap or an agenda topic and sees what became of earlier suggestions."""
    from members.selectors import participant_by_token

    participant = participant_by_token(token)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    group = participant.working_group
    form = SuggestionForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        services.submit_suggestion(participant=participant, data=form.cleaned_data)
        messages.success(request, _("Thank you! Your suggestion has been passed on to the coordination."))
        return redirect(reverse("suggest:create", kwargs={"token": token}))
    response = render(
        request,
        "findings/suggest.html",
        {
            "participant": participant,
            "suggestion_group": group,
            "form": form,
            "suggestions": selectors.suggestions_of_participant(participant),
            "token": token,
        },
    )
    # The token is in the URL: never indexed, never sent to other sites ("no-referrer" would make browsers send
    # "Origin: null" with the form and fail the CSRF check).
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
