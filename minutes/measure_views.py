"""The measures register of a working group (``ak/<municipality>/<group>/minutes/measures/``): the list with its
filters and exports, one measure with its history, the create and edit forms and the status change.

Pages go through ``@group_view``; measures are reached through the group. Writes go through ``minutes.measures``.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arbeitskreis.access import ACTION, FORM, group_view
from arbeitskreis.exports import csv_response, xlsx_response
from arbeitskreis.shortcuts import error_text, group_url
from minutes import measure_selectors as selectors
from minutes import measures
from minutes.measure_forms import MeasureFilterForm, MeasureForm, TransitionForm
from minutes.models import MeasureStatus

PAGE_SIZE = 50

# The label of the button for each status a measure can be moved to.
TRANSITION_LABELS = {
    MeasureStatus.OPEN: gettext_lazy("Reopen"),
    MeasureStatus.IN_PROGRESS: gettext_lazy("Start work"),
    MeasureStatus.DONE: gettext_lazy("Mark as done"),
    MeasureStatus.DROPPED: gettext_lazy("Drop"),
}


def _measure(group, pk):
    return get_object_or_404(selectors.measures_for_page(group), pk=pk)


def _filtered(request, group):
    form = MeasureFilterForm(request.GET or None, group=group)
    filters = form.filters() if request.GET else {}
    return form, filters, selectors.register(group, filters)


@group_view
def measure_list(request, group):
    form, filters, queryset = _filtered(request, group)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.add_row_facts(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    figures, total_budget = selectors.budget_by_status(group)
    return render(
        request,
        "minutes/measure_list.html",
        {
            "group": group,
            "form": form,
            "page": page,
            "filtered": bool(filters),
            "followup": filters.get("followup"),
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "figures": figures,
            "total_budget": total_budget,
        },
    )


def _export(request, group, response_class):
    _form, _filters, queryset = _filtered(request, group)
    header, rows = selectors.export_rows(queryset, typed_numbers=response_class is xlsx_response)
    # Translators: the start of the export's file name: lower case ASCII letters and hyphens only.
    prefix = _("measures")
    filename = f"{prefix}-{group.file_slug}-{timezone.localdate():%Y-%m-%d}"
    if response_class is xlsx_response:
        return xlsx_response(filename + ".xlsx", header, rows, sheet_title=_("Measures"))
    return csv_response(filename + ".csv", header, rows)


@group_view
def export_csv(request, group):
    return _export(request, group, csv_response)


@group_view
def export_xlsx(request, group):
    return _export(request, group, xlsx_response)


@group_view(methods=FORM, write=True)
def measure_create(request, group):
    form = MeasureForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            measure = measures.create_measure(group=group, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The measure has been recorded."))
            return redirect(group_url("minutes:measure-detail", group, pk=measure.pk))
    if request.method != "POST" and request.GET.get("meeting", "").isdigit():
        form.initial["meeting"] = request.GET["meeting"]
    return render(request, "minutes/measure_form.html", {"group": group, "form": form, "measure": None})


@group_view
def measure_detail(request, group, pk):
    measure = _measure(group, pk)
    transitions = [(status, TRANSITION_LABELS[status]) for status in measures.allowed_transitions(measure)]
    return render(
        request,
        "minutes/measure_detail.html",
        {
            "group": group,
            "measure": measure,
            "history": selectors.history(measure),
            "transitions": transitions,
            "overdue": measure.is_overdue(),
            "budget_text": selectors.euro(measure.budget),
        },
    )


@group_view(methods=FORM, write=True)
def measure_edit(request, group, pk):
    measure = _measure(group, pk)
    form = MeasureForm(request.POST or None, instance=measure, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            events = measures.change_measure(measure=measure, by=request.user, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The changes have been saved."))
            if events:
                labels = ", ".join(str(measures.EVENT_FIELDS[event.field]) for event in events)
                messages.info(request, _("Recorded in the history: %(fields)s.") % {"fields": labels})
            return redirect(group_url("minutes:measure-detail", group, pk=measure.pk))
    return render(request, "minutes/measure_form.html", {"group": group, "form": form, "measure": measure})


@group_view(methods=ACTION)
def measure_transition(request, group, pk):
    measure = _measure(group, pk)
    back = redirect(group_url("minutes:measure-detail", group, pk=measure.pk))
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This status does not exist."))
        return back
    try:
        measures.transition_measure(measure=measure, by=request.user, to=form.cleaned_data["to"])
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The measure is now %(status)s.") % {"status": measure.get_status_display()})
    return back
