"""The mails of the team and the accounts, rendered in the active language: the invitation into a team, the handover
to the successor, the notice of a changed email address, the password reset link.

Pure rendering: no write, no sending. The services hand the result to the outbox.
"""

from dataclasses import dataclass
from email.utils import formataddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from arbeitskreis.history import person_name


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str = ""
    reply_to: tuple[str, ...] = ()


def one_line(text: str) -> str:
    """A subject on one line, whatever was typed into the names it is made of."""
    return " ".join(str(text).split())


def _reply_to(user) -> tuple[str, ...]:
    """The person who wrote the mail, as its Reply-To (when their address is a usable one)."""
    email = getattr(user, "email", "") or ""
    try:
        validate_email(email)
    except ValidationError:
        return ()
    return (formataddr((one_line(person_name(user)), email)),)


def _render(name: str, context: dict, subject: str) -> RenderedMail:
    subject = one_line(subject)
    return RenderedMail(
        subject=subject,
        text=render_to_string(f"arbeitskreis/mail/{name}.txt", context),
        html=render_to_string(f"arbeitskreis/mail/{name}.html", {**context, "subject": subject}),
        reply_to=_reply_to(context.get("sender")),
    )


def invitation_url(token: str) -> str:
    return settings.BASE_URL + reverse("account:invitation-entry", kwargs={"token": token})


def invitation(invitation, token: str) -> RenderedMail:
    """The invitation into a group's team, with the one-time link."""
    group = invitation.working_group
    context = {
        "group": group,
        "invitation": invitation,
        "sender": invitation.invited_by,
        "sender_name": person_name(invitation.invited_by) or _("The coordination"),
        "url": invitation_url(token),
        "valid_until": formats.date_format(timezone.localtime(invitation.expires_at), "SHORT_DATETIME_FORMAT"),
    }
    subject = _("Invitation to the team of %(group)s") % {"group": group.name}
    return _render("team_invitation", context, subject)


def handover(handover) -> RenderedMail:
    """To the successor: the group has been handed over to them, with the link to the handover and its report."""
    group = handover.working_group
    context = {
        "group": group,
        "handover": handover,
        "sender": handover.predecessor,
        "url": settings.BASE_URL + reverse("account:handover", kwargs={"pk": handover.pk}),
        "group_url": settings.BASE_URL + group.get_absolute_url(),
    }
    subject = _("Handover of %(group)s") % {"group": group.name}
    return _render("handover", context, subject)


def email_changed(user, old_email: str) -> RenderedMail:
    """To the old address of an account whose email was changed: so that a change nobody asked for is noticed."""
    context = {"user": user, "old_email": old_email, "new_email": user.email, "login_url": settings.BASE_URL + "/"}
    return _render("email_changed", context, _("Arbeitskreis: your email address has been changed"))
