"""Accounts of coordinators and observers: the own name and email, the password reset through the outbox, and the
login throttling (django-axes: the German lock-out page and the client address it counts by).

Why in the core and not an app of its own: accounts are Django's ``User``, lock-outs are django-axes' rows, and the
team invitation (a core write) creates accounts with the same rules — there is no model an ``accounts`` app would own.
"""

import datetime

from axes.utils import reset as reset_login_failures
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arbeitskreis import team_mails
from arbeitskreis.hooks import Hook
from outbox import services as outbox

# Someone changed their own name or email (wired in arbeitskreis/wiring.py): each connected function is called as
# ``function(user=…)`` inside the change's transaction (the networks app updates the person in the networks).
profile_changes = Hook("profile changes")


class LoginForm(AuthenticationForm):
    """Django's login form, with the user name's length checked before anything is looked up: an overlong name
    would reach django-axes' counter of failed logins, whose column takes 255 characters (a 500 on PostgreSQL)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].validators.append(MaxLengthValidator(self.fields["username"].max_length or 254))


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's password reset form whose mail goes through the outbox (stored first, sent with retries)."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        """Side effects: the reset mail (subject and text from ``registration/``) queued through the outbox."""
        outbox.queue_mail(
            to=to_email,
            subject=team_mails.one_line(render_to_string(subject_template_name, context)),
            text=render_to_string(email_template_name, context),
            about=context["user"],
            kind="password-reset",
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )


class UnlockingSetPasswordForm(SetPasswordForm):
    """The new password of a reset link; it also ends a lock-out of the account (who can read its mail may log in)."""

    def save(self, commit=True):
        """Side effects: the new password saved (the reset link stops working); the account's failed logins are
        forgotten (django-axes)."""
        user = super().save(commit)
        reset_login_failures(username=user.get_username())
        return user


def email_taken(email: str, *, except_user=None) -> bool:
    """Another account uses this address already (invitations and password resets find people by it)."""
    accounts = get_user_model().objects.filter(email__iexact=email.strip())
    if except_user is not None:
        accounts = accounts.exclude(pk=except_user.pk)
    return accounts.exists()


class ProfileForm(forms.ModelForm):
    """The own name and email. A new email address needs the current password."""

    current_password = forms.CharField(
        label=gettext_lazy("Current password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=gettext_lazy("Only needed when you change your email address."),
    )

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.old_email = self.instance.email
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email_taken(email, except_user=self.instance):
            raise forms.ValidationError(_("Another account already uses this email address."))
        return email

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        changed = bool(email) and email.lower() != (self.old_email or "").lower()
        if changed and not self.instance.check_password(cleaned.get("current_password") or ""):
            self.add_error("current_password", _("Please enter your current password to change your email."))
        return cleaned


@transaction.atomic
def update_profile(*, user, data: dict):
    """Change the own name and email from :class:`ProfileForm`'s data.

    Side effects: the user saved; when the email changed, a notice to the *old* address through the outbox (so that
    a change nobody asked for is noticed); :data:`profile_changes` told.
    """
    # Read from the database: the model form has already put the new values on ``user``.
    old_email = get_user_model().objects.filter(pk=user.pk).values_list("email", flat=True).first() or ""
    for name in ("first_name", "last_name", "email"):
        if name in data:
            setattr(user, name, data[name])
    user.save(update_fields=["first_name", "last_name", "email"])
    if old_email and old_email.lower() != user.email.lower():
        mail = team_mails.email_changed(user, old_email)
        outbox.queue_mail(
            to=old_email, subject=mail.subject, text=mail.text, html=mail.html, about=user, kind="email-changed"
        )
    profile_changes(user=user)
    return user


# --- Login throttling (django-axes, see settings.AXES_*) -----------------------------------------------------------


def lockout_minutes() -> int:
    cool_off = settings.AXES_COOLOFF_TIME
    return int(cool_off.total_seconds() // 60) if isinstance(cool_off, datetime.timedelta) else 0


def locked_out(request, original_response=None, credentials=None):
    """The page of a login locked after too many failures (429): in German, with the time and the ways out."""
    return render(request, "registration/locked_out.html", {"minutes": lockout_minutes()}, status=429)


def client_ip(request) -> str:
    """The address failed logins are counted by: the connection's, or behind the reverse proxy (``BEHIND_PROXY``)
    the last address of X-Forwarded-For — the one the proxy itself added; the ones before it the client could
    have written."""
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")
