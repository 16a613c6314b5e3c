"""The account pages outside any group: the own name and email, and the team invitation link.

The invitation link ``accounts/invitation/<secret>/`` is exchanged for an entry in the session (the secret's digest)
and redirected to ``accounts/invitation/`` without the secret, so that nothing the page loads carries it and logging
in on the way keeps it (Django keeps the session's data when it renews the session key at login). A wrong, used,
withdrawn, replaced or expired link shows the invalid-link page.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from arbeitskreis import accounts, team
from arbeitskreis.access import private_headers
from arbeitskreis.history import person_name
from arbeitskreis.models import Handover
from arbeitskreis.team_forms import JoinForm
from networks import selectors as network_selectors

INVITATION_SESSION_KEY = "team_invitation"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request):
    """The own name and email (a new email needs the current password), and the handovers given or received."""
    form = accounts.ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        accounts.update_profile(user=request.user, data=form.cleaned_data)
        messages.success(request, _("Your details have been saved."))
        return redirect("account:profile")
    handovers = (
        Handover.objects.involving(request.user)
        .select_related("working_group__municipality")
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "registration/profile.html",
        {
            "form": form,
            "handovers": list(handovers),
            "network_memberships": network_selectors.memberships_of(request.user),
        },
    )


def _invalid(request):
    return private_headers(render(request, "registration/invitation_invalid.html", status=404))


@require_safe
def invitation_entry(request, token):
    """The link from the invitation mail: remembered in the session, then the page without the secret."""
    invitation = team.invitation_for_token(token)
    if invitation is None:
        return _invalid(request)
    request.session[INVITATION_SESSION_KEY] = invitation.token_digest
    return private_headers(redirect("account:invitation"), no_referrer=True)


@require_http_methods(["GET", "HEAD", "POST"])
def invitation_page(request):
    """Join the team: logged in, with one button; otherwise make an account here, or log in first and come back."""
    invitation = team.invitation_for_digest(request.session.get(INVITATION_SESSION_KEY))
    if invitation is None:
        return _invalid(request)
    group = invitation.working_group
    user = request.user if request.user.is_authenticated else None
    form = (
        None if user else JoinForm(request.POST or None, email=invitation.email, initial={"username": invitation.email})
    )
    if request.method == "POST":
        if user is None and not form.is_valid():
            return private_headers(render(request, "registration/invitation.html", _context(invitation, form)))
        try:
            if user is None:
                user = team.register_and_accept(invitation=invitation, data=form.cleaned_data)
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            else:
                team.accept(invitation=invitation, user=user)
        except team.InvitationInvalid:
            return _invalid(request)
        request.session.pop(INVITATION_SESSION_KEY, None)
        messages.success(request, _("Welcome to the team of %(group)s.") % {"group": group.name})
        return redirect(group)
    return private_headers(render(request, "registration/invitation.html", _context(invitation, form)))


def _context(invitation, form):
    return {
        "invitation": invitation,
        "group": invitation.working_group,
        "form": form,
        "inviter": person_name(invitation.invited_by) or _("The coordination"),
    }
