"""The participant's view of the minutes behind the personal link: read (and download) the minutes of their group's
meetings, and comment on a draft sent for review — as someone who attended."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from arbeitskreis.access import FORM, personal_link_view
from arbeitskreis.shortcuts import error_text
from documents.responses import PdfResponse
from minutes import documents, selectors, services
from minutes.forms import CommentForm
from minutes.models import AttendanceStatus, MinutesStatus


def _readable(participant, pk):
    """The minutes of a meeting of the participant's group that they may read: approved ones, and a draft under
    review if they attended. Anything else is not found."""
    meeting = get_object_or_404(participant.working_group.meetings.prefetch_related("focus_questions"), pk=pk)
    minutes = selectors.minutes_of(meeting)
    if minutes is None or minutes.status == MinutesStatus.DRAFT and not minutes.versions.exists():
        raise Http404
    attended = meeting.attendances.filter(participant=participant, status=AttendanceStatus.PRESENT).exists()
    if minutes.status == MinutesStatus.IN_REVIEW and not attended:
        raise Http404
    return meeting, minutes, attended


@personal_link_view(methods=FORM)
def minutes(request, participant, pk):
    meeting, minutes, attended = _readable(participant, pk)
    can_comment = attended and minutes.status == MinutesStatus.IN_REVIEW
    form = CommentForm(request.POST or None) if can_comment else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.add_comment(minutes=minutes, participant=participant, text=form.cleaned_data["text"])
            except ValidationError as error:
                form.add_error("text", error_text(error))
            else:
                messages.success(request, _("Thank you, your remark has been passed on to the coordination."))
                return redirect("personal:minutes", pk=meeting.pk)
    version = None
    if minutes.status == MinutesStatus.DRAFT:  # a correction in progress: show the last approved version
        version = minutes.versions.order_by("-number").first()
    content = version.content if version else selectors.protocol(meeting, minutes)
    return render(
        request,
        "minutes/personal_minutes.html",
        {
            "participant": participant,
            "group": participant.working_group,
            "meeting": meeting,
            "minutes": minutes,
            "version": version,
            "c": selectors.hydrate(content),
            "form": form,
            "comments": [c for c in selectors.comments_of(minutes) if c.participant_id == participant.pk],
        },
    )


@personal_link_view
def minutes_pdf(request, participant, pk):
    _meeting, minutes, _attended = _readable(participant, pk)
    version = minutes.versions.order_by("-number").first() if minutes.status == MinutesStatus.DRAFT else None
    pdf, filename = documents.protocol_pdf(minutes, version=version)
    return PdfResponse(pdf, filename=filename)
