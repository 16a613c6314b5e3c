"""Writes of the feedback to the Integreat team ("Feedback an das Integreat-Team").

A coordinator passes a content gap, a participant's suggestion, a part of the minutes (a decision, an item's notes)
or a thought of their own on to the team; staff answer across all municipalities with a status (neu, in Bearbeitung,
erledigt) and a reply, which the coordinator sees next to the item and gets by mail. Keyword-only and atomic; each
docstring names its side effects.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from networks import feedback_selectors
from networks.feedback_selectors import person_name
from networks.models import Feedback, FeedbackStatus
from outbox import services as outbox


def _excerpt(*, finding, suggestion, minutes, part):
    if finding is not None:
        return finding.title + (f"\n\n{finding.description}" if finding.description else "")
    if suggestion is not None:
        return suggestion.title + (f"\n\n{suggestion.description}" if suggestion.description else "")
    if minutes is not None:
        parts = {item.key: item for item in feedback_selectors.minutes_parts(minutes)}
        if part not in parts:
            raise ValidationError({"part": _("Please choose a decision or the notes of an agenda item.")})
        return f"{parts[part].label}\n\n{parts[part].text}"
    return ""


@transaction.atomic
def pass_on(*, group, data: dict, by, finding=None, suggestion=None, minutes=None) -> Feedback:
    """Pass feedback of ``group`` on to the Integreat team (``data``: category, text, and ``part`` for minutes).

    The objects belong to ``group`` (the view reaches them through it). Side effects: a :class:`Feedback` with
    status "new" and the marked text copied (a decision is written anew with every save of the minutes). Raises
    ValidationError (German) for more than one object, an empty text or a part the minutes do not have.
    """
    if sum(item is not None for item in (finding, suggestion, minutes)) > 1:
        raise ValidationError(_("Feedback is about one thing at a time."))
    text = (data.get("text") or "").strip()
    if not text:
        raise ValidationError({"text": _("Please write what the Integreat team should know.")})
    part = data.get("part", "") if minutes is not None else ""
    feedback = Feedback(
        working_group=group,
        category=data["category"],
        text=text,
        finding=finding,
        suggestion=suggestion,
        minutes=minutes,
        part=part,
        excerpt=_excerpt(finding=finding, suggestion=suggestion, minutes=minutes, part=part),
        created_by=by if by is not None and by.is_authenticated else None,
    )
    feedback.full_clean()
    feedback.save()
    return feedback


def _address(user):
    email = getattr(user, "email", "") or ""
    try:
        validate_email(email)
    except ValidationError:
        return ""
    return email


def _queue_reply(feedback):
    """The reply by mail to the coordinator who passed the feedback on (once per reply)."""
    email = _address(feedback.created_by)
    if not email:
        return None
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "feedback": feedback,
            "name": person_name(feedback.created_by),
            "group": feedback.working_group,
            "url": settings.BASE_URL + feedback_selectors.item_url(feedback),
        }
        subject = " ".join(
            (_("Reply of the Integreat team: %(group)s") % {"group": feedback.working_group.name}).split()
        )
        text = render_to_string("networks/mail/feedback_reply.txt", context)
        html = render_to_string("networks/mail/feedback_reply.html", {**context, "subject": subject})
    return outbox.queue_mail(
        to=email,
        subject=subject,
        text=text,
        html=html,
        about=feedback,
        kind="team-feedback-reply",
        language=language,
        dedupe_key=f"team-feedback-reply:{feedback.pk}:{feedback.replied_at.isoformat()}",
    )


@transaction.atomic
def answer(*, feedback: Feedback, status: str, reply: str, by) -> Feedback:
    """Staff answer a feedback: its status and a reply for the coordinator.

    Side effects: the row locked; status and reply saved; a reply that changed is dated and signed (``replied_at``,
    ``replied_by``) and mailed to the coordinator who passed the feedback on (through the outbox, once per reply).
    Raises ValidationError (German) for an unknown status.
    """
    if status not in FeedbackStatus.values:
        raise ValidationError({"status": _("Please choose a status.")})
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    reply = (reply or "").strip()
    replied = reply != feedback.reply and bool(reply)
    feedback.status, feedback.reply = status, reply
    if replied:
        feedback.replied_at, feedback.replied_by = timezone.now(), by
    feedback.save()
    if replied:
        feedback = Feedback.objects.for_inbox().get(pk=feedback.pk)
        _queue_reply(feedback)
    return feedback
