"""The participant's meeting pages behind the personal link (``arbeitskreis.access.personal_link_view``): a
meeting with its agenda and the answer form, and the calendar subscription."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from arbeitskreis.access import FORM, personal_link_view
from arbeitskreis.shortcuts import error_text
from meetings import feeds, invitations, selectors
from meetings.forms import AnswerForm
from meetings.models import Answer, Meeting

# The answers a link may preselect (``?answer=accepted``); anything else preselects nothing.
PRESELECTABLE = {Answer.ACCEPTED, Answer.TENTATIVE, Answer.DECLINED}


@personal_link_view(methods=FORM)
def meeting(request, participant, pk):
    """A GET only shows the answer preselected (mail scanners open every link); the button's POST records it."""
    try:
        meeting = selectors.personal_meeting(participant, pk)
    except Meeting.DoesNotExist:
        raise Http404 from None
    invitation = meeting.invitation
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                invitations.record_answer(
                    meeting=meeting,
                    participant=participant,
                    answer=form.cleaned_data["answer"],
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(request, _("Thank you, your answer has been saved."))
                return redirect("personal:meeting", pk=meeting.pk)
    else:
        preselected = request.GET.get("answer")
        initial = {"answer": preselected if preselected in PRESELECTABLE else None, "comment": ""}
        if invitation is not None and invitation.answer != Answer.NEEDS_ACTION:
            initial = {"answer": initial["answer"] or invitation.answer, "comment": invitation.comment}
        form = AnswerForm(initial=initial)
    can_answer = invitation.can_answer if invitation else meeting.can_be_answered
    return render(
        request,
        "meetings/personal_meeting.html",
        {
            "participant": participant,
            "group": participant.working_group,
            "meeting": meeting,
            "invitation": invitation,
            "agenda": selectors.agenda(meeting),
            "form": form if can_answer else None,
            "preselected": request.method == "GET" and request.GET.get("answer") in PRESELECTABLE,
        },
    )


@personal_link_view(methods=FORM)
def calendar(request, participant):
    """The participant's calendar subscription: made, renewed or switched off with a button (a GET never writes)."""
    feed = getattr(participant, "calendar_feed", None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "revoke" and feed is not None:
            feeds.revoke_feed(feed=feed)
            messages.success(request, _("Your calendar subscription has been switched off."))
        elif action in ("create", "renew"):
            feeds.create_feed(group=participant.working_group, participant=participant)
            messages.success(request, _("Your calendar subscription link is ready."))
        return redirect("personal:calendar")
    return render(
        request,
        "meetings/personal_calendar.html",
        {
            "participant": participant,
            "group": participant.working_group,
            "feed": feed,
            "feed_url": feeds.feed_url(feed) if feed else None,
            "webcal_url": feeds.webcal_url(feed) if feed else None,
        },
    )
