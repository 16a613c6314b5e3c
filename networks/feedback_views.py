"""Feedback to the Integreat team: a coordinator passes something on (``ak/<municipality>/<group>/feedback/new/``
with ``?finding=``, ``?suggestion=`` or ``?minutes=<meeting>``), the group's list of what it passed on, and the
staff's inbox across all municipalities (``feedback/``) with the answer to one item."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from arbeitskreis.access import FORM, group_view
from arbeitskreis.models import State
from minutes.models import Minutes
from networks import feedback, feedback_selectors
from networks.forms import AnswerForm, FeedbackForm, InboxFilterForm
from networks.models import Feedback, FeedbackCategory, FeedbackStatus

SOURCES = ("finding", "suggestion", "minutes")


def _pk(value):
    if not value.isdigit() or len(value) > 12:
        raise Http404
    return int(value)


def _source(request, group):
    """The item the feedback is about, reached through the group (404 for another group's or a wrong id)."""
    for name in SOURCES:
        if value := request.GET.get(name):
            pk = _pk(value)
            if name == "finding":
                return name, get_object_or_404(group.findings, pk=pk)
            if name == "suggestion":
                return name, get_object_or_404(group.suggestions, pk=pk)
            minutes = Minutes.objects.select_related("meeting").filter(meeting__working_group=group)
            return name, get_object_or_404(minutes, meeting__pk=pk)
    return None, None


@group_view(methods=FORM, write=True)
def feedback_create(request, group):
    kind, item = _source(request, group)
    parts = feedback_selectors.minutes_parts(item) if kind == "minutes" else None
    form = FeedbackForm(request.POST or None, parts=parts, initial={"category": FeedbackCategory.APP_WISH})
    if request.method == "POST" and form.is_valid():
        try:
            objects = {kind: item} if kind else {}
            created = feedback.pass_on(group=group, data=form.cleaned_data, by=request.user, **objects)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your feedback has been passed on to the Integreat team."))
            return redirect(feedback_selectors.item_url(created))
    return render(
        request,
        "networks/feedback_form.html",
        {"group": group, "form": form, "kind": kind, "item": item, "parts": parts},
    )


@group_view
def feedback_list(request, group):
    return render(request, "networks/feedback_list.html", {"group": group, "items": feedback_selectors.of_group(group)})


def _staff_only(request):
    if not request.user.is_staff:
        raise PermissionDenied


@login_required
@require_safe
def inbox(request):
    """Staff: everything the coordinators passed on, across all municipalities, with filters and pages."""
    _staff_only(request)
    form = InboxFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    page = Paginator(feedback_selectors.inbox(**filters), feedback_selectors.INBOX_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "networks/inbox.html",
        {
            "form": form,
            "page": page,
            "items": feedback_selectors.prepared(page.object_list),
            "counts": feedback_selectors.status_counts(),
            "statuses": FeedbackStatus.choices,
            "states": State.choices,
            "filter_query": query.urlencode(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def inbox_item(request, pk):
    """Staff: one feedback with its item, and the answer (status and reply)."""
    _staff_only(request)
    item = get_object_or_404(Feedback.objects.for_inbox(), pk=pk)
    form = AnswerForm(request.POST or None, initial={"status": item.status, "reply": item.reply})
    if request.method == "POST" and form.is_valid():
        try:
            feedback.answer(feedback=item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The answer has been saved."))
            return redirect("networks:inbox")
    return render(request, "networks/inbox_item.html", {"item": feedback_selectors.prepared([item])[0], "form": form})
