"""The coordination's side of invitations: who is invited and what they answered, sending, updates, failed mails,
answers entered by hand, and the group's calendar subscription links."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from arbeitskreis.access import ACTION, FORM, group_view
from arbeitskreis.shortcuts import error_text, group_url
from meetings import feeds, invitations, selectors
from meetings.forms import CoordinatorAnswerForm, FeedForm, InvitationRecipientsForm
from meetings.models import AnswerSource
from outbox.models import OutboxMail


def _meeting(group, pk):
    return get_object_or_404(selectors.meetings_for_page(group), pk=pk)


def _invitations_url(meeting):
    return group_url("meetings:invitations", meeting.working_group, pk=meeting.pk)


@group_view
def invitation_list(request, group, pk):
    meeting = _meeting(group, pk)
    overview = selectors.invitation_overview(meeting)
    can_write = request.group_access.can_write
    form = None
    if can_write and overview.not_invited:
        ids = [person.pk for person in overview.not_invited]
        not_invited = group.participants.contactable().filter(pk__in=ids).select_related("organization")
        form = InvitationRecipientsForm(participants=not_invited, ticked=ids)
    return render(
        request,
        "meetings/invitations.html",
        {
            "group": group,
            "meeting": meeting,
            "overview": overview,
            "form": form,
            "answer_form": CoordinatorAnswerForm() if can_write else None,
            "can_send": meeting.status in invitations.SENDABLE and meeting.start > timezone.now(),
        },
    )


@group_view(methods=ACTION)
def invitation_send(request, group, pk):
    meeting = _meeting(group, pk)
    form = InvitationRecipientsForm(request.POST, participants=group.participants.contactable())
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["participants"]))
        return redirect(_invitations_url(meeting))
    try:
        chosen = [person.pk for person in form.cleaned_data["participants"]]
        sent = invitations.send_invitations(meeting=meeting, participant_ids=chosen, sent_by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(_invitations_url(meeting))
    if sent:
        messages.success(
            request,
            ngettext(
                "The invitation to %(count)s person is on its way.",
                "The invitations to %(count)s people are on their way.",
                len(sent),
            )
            % {"count": len(sent)},
        )
    else:
        messages.info(request, _("Everyone chosen already has the current invitation; nothing was sent again."))
    return redirect(_invitations_url(meeting))


@group_view(methods=ACTION)
def invitation_update(request, group, pk):
    meeting = _meeting(group, pk)
    try:
        sent = invitations.send_update(meeting=meeting, sent_by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(_invitations_url(meeting))
    if sent:
        messages.success(
            request,
            ngettext(
                "The change has been sent to %(count)s person.",
                "The change has been sent to %(count)s people.",
                len(sent),
            )
            % {"count": len(sent)},
        )
    else:
        messages.info(request, _("Everyone invited already has the current version; nothing was sent."))
    return redirect(_invitations_url(meeting))


@group_view(methods=ACTION)
def invitation_mail_retry(request, group, pk, mail_pk):
    meeting = _meeting(group, pk)
    mail = get_object_or_404(OutboxMail.objects.about_any(list(meeting.invitations.all())), pk=mail_pk)
    try:
        invitations.resend_mail(mail=mail)
    except ValueError:
        messages.info(request, _("This mail has already been sent or is being sent right now."))
    else:
        messages.success(request, _("The mail will be sent again."))
    return redirect(_invitations_url(meeting) + "#answers")


@group_view(methods=ACTION)
def invitation_answer(request, group, pk, invitation_pk):
    """The coordination enters an answer it received otherwise (a phone call, a note at the door)."""
    meeting = _meeting(group, pk)
    invitation = get_object_or_404(meeting.invitations.select_related("participant"), pk=invitation_pk)
    form = CoordinatorAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
        return redirect(_invitations_url(meeting) + "#answers")
    try:
        invitations.record_answer(
            meeting=meeting,
            participant=invitation.participant,
            answer=form.cleaned_data["answer"],
            comment=form.cleaned_data["comment"],
            source=AnswerSource.COORDINATION,
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("The answer of %(name)s has been saved.") % {"name": invitation.participant.display_name}
        )
    return redirect(_invitations_url(meeting) + "#answers")


# --- The group's calendar subscription links ------------------------------------------------------------------


def _feeds_url(group):
    return group_url("meetings:feeds", group)


@group_view(methods=FORM, write=True)
def feed_list(request, group):
    form = FeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        feeds.create_feed(group=group, label=form.cleaned_data["label"], by=request.user)
        messages.success(request, _("The new subscription link is ready."))
        return redirect(_feeds_url(group))
    group_feeds = feeds.group_feeds(group)
    for feed in group_feeds:
        feed.url, feed.webcal = feeds.feed_url(feed), feeds.webcal_url(feed)
    return render(request, "meetings/feeds.html", {"group": group, "form": form, "feeds": group_feeds})


@group_view(methods=ACTION)
def feed_renew(request, group, feed_pk):
    feed = get_object_or_404(group.calendar_feeds.filter(participant=None), pk=feed_pk)
    feeds.renew_feed(feed=feed)
    messages.success(request, _("The link has been renewed. The old address no longer works."))
    return redirect(_feeds_url(group))


@group_view(methods=ACTION)
def feed_revoke(request, group, feed_pk):
    feed = get_object_or_404(group.calendar_feeds.filter(participant=None), pk=feed_pk)
    feeds.revoke_feed(feed=feed)
    messages.success(request, _("The link has been switched off."))
    return redirect(_feeds_url(group))
