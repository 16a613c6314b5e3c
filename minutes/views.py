"""The minutes of a working group's meetings: the overview, the protocol page, the recording page, the workflow
(review, approval, correction, sending), the kept versions with their differences, the PDFs and the archive."""

import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_safe

from arbeitskreis.access import ACTION, FORM, group_view
from arbeitskreis.shortcuts import error_text
from documents.archive import zip_response
from documents.responses import PdfResponse
from meetings import selectors as meeting_selectors
from minutes import documents, selectors, services
from minutes.forms import ApproveForm, CorrectionForm, RecordForm, SendForm
from minutes.models import Minutes, MinutesVersion


def _meeting(group, pk):
    meeting = get_object_or_404(group.meetings.prefetch_related("focus_questions"), pk=pk)
    meeting.working_group = group  # resolved from the URL already (with its municipality)
    return meeting


def _minutes(meeting):
    minutes = selectors.minutes_of(meeting)
    if minutes is None:
        raise Http404
    return minutes


@group_view
def minutes_list(request, group):
    return render(request, "minutes/minutes_list.html", {"group": group, "meetings": selectors.minutes_overview(group)})


@group_view
def minutes_detail(request, group, pk):
    meeting = _meeting(group, pk)
    minutes = selectors.minutes_of(meeting)
    selectors.minutes_sources([minutes] if minutes else [])
    content = selectors.current_content(meeting, minutes)
    approval_meetings = selectors.approval_meetings(meeting)
    return render(
        request,
        "minutes/minutes_detail.html",
        {
            "group": group,
            "meeting": meeting,
            "minutes": minutes,
            "c": selectors.hydrate(content),
            "missing_notes": selectors.items_without_notes(content),
            "versions": selectors.versions_of(minutes),
            "comments": selectors.comments_of(minutes),
            "approve_form": ApproveForm(meetings=approval_meetings, initial={"approved_in": approval_meetings.first()}),
            "correction_form": CorrectionForm(),
            "send_form": SendForm(),
            "recordable": meeting.status in services.RECORDABLE and meeting.has_begun,
        },
    )


@group_view(methods=FORM, write=True)
def minutes_edit(request, group, pk):
    meeting = _meeting(group, pk)
    try:
        services.check_recordable(meeting)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(meeting)
    minutes = selectors.minutes_of(meeting)
    if minutes is not None and minutes.is_locked:
        messages.info(request, _("The minutes are approved and locked. Start a correction to change them."))
        return redirect("minutes:detail", pk=meeting.pk, **group.url_kwargs())
    agenda = meeting_selectors.agenda(meeting)
    questions = list(meeting.focus_questions.all())
    form = RecordForm(
        request.POST or None,
        attendance_rows=selectors.attendance_rows(meeting),
        agenda_rows=agenda.rows,
        questions=questions,
        notes={note.agenda_item_id: note.text for note in minutes.notes.all()} if minutes else {},
        answers={answer.question_id: answer.text for answer in minutes.answers.all()} if minutes else {},
        initial={
            "revision": minutes.revision if minutes else 0,
            "guests": selectors.guests_text(meeting),
            "decisions": "\n".join(d.text for d in minutes.decisions.all()) if minutes else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save(
                meeting=meeting, revision=form.cleaned_data["revision"], data=form.cleaned_data, by=request.user
            )
        except services.EditConflict as error:
            form.add_error(None, error)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect("minutes:detail", pk=meeting.pk, **group.url_kwargs())
        else:
            messages.success(request, _("The minutes have been saved."))
            return redirect("minutes:edit", pk=meeting.pk, **group.url_kwargs())
    return render(
        request,
        "minutes/minutes_edit.html",
        {"group": group, "meeting": meeting, "minutes": minutes, "form": form, "agenda": agenda},
    )


def _back(group, meeting):
    return redirect("minutes:detail", pk=meeting.pk, **group.url_kwargs())


@group_view(methods=ACTION)
def minutes_review(request, group, pk):
    meeting = _meeting(group, pk)
    try:
        services.send_for_review(minutes=_minutes(meeting), by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The draft has been sent to the participants who attended, for their review."))
    return _back(group, meeting)


@group_view(methods=ACTION)
def minutes_approve(request, group, pk):
    meeting = _meeting(group, pk)
    minutes = _minutes(meeting)
    form = ApproveForm(request.POST, meetings=selectors.approval_meetings(meeting))
    if not form.is_valid():
        messages.error(request, _("Please choose a meeting of this working group."))
        return _back(group, meeting)
    missing = selectors.items_without_notes(selectors.protocol(meeting, minutes))
    if missing and not form.cleaned_data["confirm_missing_notes"]:
        messages.warning(
            request,
            ngettext(
                "The agenda item %(items)s has no notes. Add them, or confirm that the minutes are approved without.",
                "The agenda items %(items)s have no notes. Add them, or confirm that the minutes are approved without.",
                len(missing),
            )
            % {"items": ", ".join(pgettext("a quoted title", "“%(title)s”") % {"title": title} for title in missing)},
        )
        return _back(group, meeting)
    try:
        services.approve(minutes=minutes, by=request.user, approved_in=form.cleaned_data["approved_in"])
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The minutes have been approved and are now locked."))
    return _back(group, meeting)


@group_view(methods=ACTION)
def minutes_correct(request, group, pk):
    meeting = _meeting(group, pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
        return _back(group, meeting)
    try:
        minutes = services.start_correction(
            minutes=_minutes(meeting), reason=form.cleaned_data["reason"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return _back(group, meeting)
    messages.success(
        request,
        _("Version %(version)s has been started; the approved versions stay readable.") % {"version": minutes.version},
    )
    return redirect("minutes:edit", pk=meeting.pk, **group.url_kwargs())


@group_view(methods=ACTION)
def minutes_send(request, group, pk):
    meeting = _meeting(group, pk)
    form = SendForm(request.POST)
    attendees_only = form.is_valid() and form.cleaned_data["recipients"] == "attendees"
    try:
        count = services.send_approved(minutes=_minutes(meeting), attendees_only=attendees_only, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            ngettext(
                "The minutes are on their way to %(count)s person.",
                "The minutes are on their way to %(count)s people.",
                count,
            )
            % {"count": count},
        )
    return _back(group, meeting)


@group_view
def minutes_pdf(request, group, pk):
    minutes = _minutes(_meeting(group, pk))
    pdf, filename = documents.protocol_pdf(minutes)
    return PdfResponse(pdf, filename=filename)


def _version(minutes, number):
    return get_object_or_404(MinutesVersion.objects.filter(minutes=minutes), number=number)


@group_view
def minutes_version(request, group, pk, number):
    meeting = _meeting(group, pk)
    minutes = _minutes(meeting)
    version = _version(minutes, number)
    return render(
        request,
        "minutes/minutes_version.html",
        {
            "group": group,
            "meeting": meeting,
            "minutes": minutes,
            "version": version,
            "c": selectors.hydrate(version.content),
        },
    )


@group_view
def minutes_version_pdf(request, group, pk, number):
    minutes = _minutes(_meeting(group, pk))
    pdf, filename = documents.protocol_pdf(minutes, version=_version(minutes, number))
    return PdfResponse(pdf, filename=filename)


def _text(minutes, content):
    return render_to_string("minutes/protocol.txt", documents.protocol_context(minutes, content=content)).splitlines()


@group_view
def minutes_diff(request, group, pk, number):
    """What changed from the kept version ``number`` to the next one (or to the current draft)."""
    meeting = _meeting(group, pk)
    minutes = _minutes(meeting)
    old = _version(minutes, number)
    new = MinutesVersion.objects.filter(minutes=minutes, number=number + 1).first()
    new_content = new.content if new else selectors.current_content(meeting, minutes)
    lines = []
    for line in difflib.ndiff(_text(minutes, old.content), _text(minutes, new_content)):
        marker, text = line[:1], line[2:]
        if marker in ("+", "-", " "):
            lines.append({"kind": {"+": "added", "-": "removed", " ": "same"}[marker], "text": text})
    return render(
        request,
        "minutes/minutes_diff.html",
        {
            "group": group,
            "meeting": meeting,
            "minutes": minutes,
            "old": old,
            "new": new,
            "lines": lines,
            "changed": any(line["kind"] != "same" for line in lines),
        },
    )


@group_view
def minutes_archive(request, group):
    """Every approved protocol of the group (its latest approved version) as one ZIP with readable file names."""
    files = [
        (documents.protocol_filename(minutes, version.number), documents.protocol_pdf(minutes, version=version)[0])
        for minutes, version in selectors.approved_versions(Minutes.objects.filter(meeting__working_group=group))
    ]
    return zip_response(files, filename=_("Protokolle %(group)s.zip") % {"group": group.name})


@login_required
@require_safe
def protocols_of_year(request, year):
    """Staff: the approved protocols of all groups of a year as one ZIP (a folder per municipality and group)."""
    if not request.user.is_staff:
        raise PermissionDenied
    minutes = Minutes.objects.filter(meeting__start__year=year)
    files = [
        (
            f"{m.meeting.working_group.scope_name} – {m.meeting.working_group.name}/"
            + documents.protocol_filename(m, version.number),
            documents.protocol_pdf(m, version=version)[0],
        )
        for m, version in selectors.approved_versions(minutes)
    ]
    return zip_response(files, filename=_("Protokolle %(year)s.zip") % {"year": year})
