"""Views of the meetings app. Every view goes through ``@group_view``; objects are reached through the group."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arbeitskreis.access import ACTION, FORM, group_view
from arbeitskreis.shortcuts import error_text, group_url
from meetings import invitations, selectors, services
from meetings.forms import AgendaItemForm, FocusQuestionForm, MeetingCreateForm, MeetingForm, SaveAsTemplateForm
from meetings.models import FocusQuestion, MeetingStatus

# The label of the button for each status a meeting can be moved to by hand (cancelling has its own button;
# invitations are sent from the invitations page — marking as invited is for groups that invite outside the app;
# "minutes approved" is reached only through the minutes' workflow).
TRANSITION_LABELS = {
    MeetingStatus.INVITED: gettext_lazy("Mark as invited without sending mails"),
    MeetingStatus.HELD: gettext_lazy("Mark as held"),
}


def _meeting(group, pk):
    return get_object_or_404(selectors.meetings_for_page(group), pk=pk)


# Model fields a service may complain about → the form field shown next to it.
FORM_FIELD_OF = {"start": "start_time", "end": "end_time", "working_group": None}


def _add_service_error(form, error: ValidationError):
    """Show a service's ValidationError next to the form field it concerns (or above the form)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            field = FORM_FIELD_OF.get(name, name)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@group_view
def meeting_list(request, group):
    upcoming, past = selectors.meeting_lists(group)
    return render(request, "meetings/meeting_list.html", {"group": group, "upcoming": upcoming, "past": past})


@group_view(methods=FORM, write=True)
def meeting_create(request, group):
    form = MeetingCreateForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(
                group=group, data=form.cleaned_data, template=form.cleaned_data["template"], by=request.user
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("The meeting has been scheduled."))
            for warning in form.warnings:
                messages.warning(request, warning)
            return redirect(meeting)
    suggestion = None
    if request.method != "POST":
        suggestion = selectors.suggest_next_meeting(group)
        templates = selectors.available_templates(group)
        template = selectors.default_template(group, templates)
        form.initial.update(
            title=_("Meeting of the working group"),
            day=suggestion.start.date(),
            start_time=suggestion.start.time(),
            end_time=suggestion.end.time(),
            place=group.default_place,
            online_link=group.default_online_link,
            template=template.pk if template else None,
        )
    return render(
        request,
        "meetings/meeting_form.html",
        {"group": group, "form": form, "suggestion": suggestion, "meeting": None},
    )


@group_view
def meeting_detail(request, group, pk):
    meeting = _meeting(group, pk)
    follow_up = selectors.follow_up(meeting)
    can_write = request.group_access.can_write
    answers, update_pending = selectors.meeting_answer_summary(meeting)
    transitions = [
        (status, TRANSITION_LABELS[status])
        for status in services.allowed_transitions(meeting)
        if status in TRANSITION_LABELS  # cancelling has its own button; approving the minutes is their workflow
    ]
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "group": group,
            "meeting": meeting,
            "agenda": selectors.agenda(meeting),
            "focus_questions": list(meeting.focus_questions.all()),
            "follow_up_findings": follow_up["findings"],
            "follow_up_findings_total": follow_up["findings_total"],
            "follow_up_findings_url": follow_up["findings_url"],
            "follow_up_action_items": follow_up["action_items"],
            **selectors.meeting_records(meeting),
            "agenda_sections": selectors.agenda_sections(meeting),
            "answers": answers,
            "update_pending": update_pending,
            "transitions": transitions,
            "can_cancel": MeetingStatus.CANCELLED in services.allowed_transitions(meeting),
            "item_form": AgendaItemForm(meeting=meeting) if can_write and meeting.is_editable else None,
            "template_form": SaveAsTemplateForm(initial={"name": meeting.title}) if can_write else None,
        },
    )


@group_view(methods=FORM, write=True)
def meeting_edit(request, group, pk):
    meeting = _meeting(group, pk)
    if not meeting.is_editable:
        messages.error(
            request,
            _("This meeting can no longer be changed (status: %(status)s).") % {"status": meeting.get_status_display()},
        )
        return redirect(meeting)
    form = MeetingForm(request.POST or None, instance=meeting, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(meeting=meeting, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("The meeting has been saved."))
            for warning in form.warnings:
                messages.warning(request, warning)
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"group": group, "form": form, "meeting": meeting})


@group_view(methods=ACTION)
def meeting_status(request, group, pk):
    meeting = _meeting(group, pk)
    target = request.POST.get("to", "")
    if target == MeetingStatus.MINUTES_APPROVED:
        messages.error(request, _("The minutes are approved on their own page, once they are written."))
        return redirect(meeting)
    try:
        meeting = services.change_status(meeting=meeting, to=target, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("The meeting is now marked as %(status)s.") % {"status": meeting.get_status_display()}
        )
    return redirect(meeting)


@group_view(methods=ACTION)
def meeting_cancel(request, group, pk):
    meeting = _meeting(group, pk)
    try:
        invitations.cancel_meeting(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The meeting has been cancelled."))
    return redirect(meeting)


@group_view(methods=FORM, write=True)
def agenda_item_add(request, group, pk):
    meeting = _meeting(group, pk)
    form = AgendaItemForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.add_agenda_item(meeting=meeting, data=form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect(meeting)
        messages.success(request, _("The item “%(title)s” has been added to the agenda.") % {"title": item.title})
        return redirect(f"{meeting.get_absolute_url()}#agenda")
    return render(
        request, "meetings/agenda_item_form.html", {"group": group, "meeting": meeting, "form": form, "item": None}
    )


def _item(meeting, item_pk):
    return get_object_or_404(meeting.agenda_items, pk=item_pk)


@group_view(methods=FORM, write=True)
def agenda_item_edit(request, group, pk, item_pk):
    meeting = _meeting(group, pk)
    item = _item(meeting, item_pk)
    form = AgendaItemForm(request.POST or None, instance=item, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_agenda_item(item=item, data=form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The agenda item has been saved."))
        return redirect(f"{meeting.get_absolute_url()}#agenda")
    return render(
        request, "meetings/agenda_item_form.html", {"group": group, "meeting": meeting, "form": form, "item": item}
    )


@group_view(methods=ACTION)
def agenda_item_delete(request, group, pk, item_pk):
    meeting = _meeting(group, pk)
    item = _item(meeting, item_pk)
    try:
        services.delete_agenda_item(item=item)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The item “%(title)s” has been removed from the agenda.") % {"title": item.title})
    return redirect(f"{meeting.get_absolute_url()}#agenda")


@group_view(methods=ACTION)
def agenda_item_move(request, group, pk, item_pk):
    meeting = _meeting(group, pk)
    item = _item(meeting, item_pk)
    direction = request.POST.get("direction", "")
    try:
        moved = services.move_agenda_item(item=item, direction=direction)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        if moved:
            text = _("“%(title)s” has been moved up.") if direction == "up" else _("“%(title)s” has been moved down.")
            messages.success(request, text % {"title": item.title})
        else:
            messages.info(request, _("“%(title)s” is already at that end of the agenda.") % {"title": item.title})
    return redirect(f"{meeting.get_absolute_url()}#item-{item.pk}")


@group_view(methods=ACTION)
def agenda_reorder(request, group, pk):
    """The new order from drag and drop: ``order`` holds the item ids, comma-separated, first to last."""
    meeting = _meeting(group, pk)
    try:
        order = [int(value) for value in request.POST.get("order", "").split(",") if value.strip()]
        services.reorder_agenda(meeting=meeting, order=order)
    except ValueError:
        messages.error(request, _("The agenda has changed in the meantime. Please reload the page."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The new order of the agenda has been saved."))
    return redirect(f"{meeting.get_absolute_url()}#agenda")


@group_view(methods=ACTION)
def save_as_template(request, group, pk):
    meeting = _meeting(group, pk)
    form = SaveAsTemplateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give the template a name."))
        return redirect(meeting)
    try:
        template = services.save_agenda_as_template(meeting=meeting, name=form.cleaned_data["name"], by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(meeting)
    messages.success(
        request,
        _("The agenda has been saved as the template “%(name)s” of this working group.") % {"name": template.name},
    )
    return redirect(group_url("meetings:templates", group))


@group_view
def template_list(request, group):
    templates = selectors.available_templates(group)
    return render(
        request,
        "meetings/template_list.html",
        {
            "group": group,
            "global_templates": [t for t in templates if t.is_global],
            "group_templates": [t for t in templates if not t.is_global],
        },
    )


@group_view(methods=ACTION)
def template_delete(request, group, template_pk):
    template = get_object_or_404(group.agenda_templates, pk=template_pk)
    services.delete_group_template(template=template)
    messages.success(request, _("The template “%(name)s” has been deleted.") % {"name": template.name})
    return redirect(group_url("meetings:templates", group))


@group_view(methods=FORM)
def focus_question_list(request, group):
    form = FocusQuestionForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        services.add_focus_question(group=group, data=form.cleaned_data)
        messages.success(request, _("The focus question has been added."))
        return redirect(group_url("meetings:focus-questions", group))
    questions = list(FocusQuestion.objects.available_to(group))
    return render(
        request,
        "meetings/focus_question_list.html",
        {
            "group": group,
            "form": form if request.group_access.can_write else None,
            "library": [q for q in questions if q.is_global],
            "own": [q for q in questions if not q.is_global],
        },
    )


@group_view(methods=ACTION)
def focus_question_delete(request, group, question_pk):
    question = get_object_or_404(group.focus_questions, pk=question_pk)
    try:
        services.delete_focus_question(question=question)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The focus question has been deleted."))
    return redirect(group_url("meetings:focus-questions", group))
