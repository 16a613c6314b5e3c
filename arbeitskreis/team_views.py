"""The team of a working group (``ak/<municipality>/<group>/team/…``): its coordinators and observers, invitations,
role changes, removal, and the group's history. Every write goes through arbeitskreis/team.py."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from arbeitskreis import history, selectors, team
from arbeitskreis.access import ACTION, FORM, group_view
from arbeitskreis.history import person_name
from arbeitskreis.models import RoleKind
from arbeitskreis.shortcuts import error_text, group_url
from arbeitskreis.team_forms import InviteForm, RoleForm

HISTORY_PAGE_SIZE = 50


def _team_url(group):
    return group_url("team:list", group)


@group_view
def team_page(request, group):
    """The team: everyone sees who coordinates and who observes; coordinators also see the addresses, the open
    invitations and the buttons."""
    can_write = request.group_access.can_write
    members = selectors.team_members(group)
    coordinators = sum(1 for member in members if member.role == RoleKind.COORDINATOR)
    for member in members:
        member.is_last_coordinator = member.role == RoleKind.COORDINATOR and coordinators == 1
    return render(
        request,
        "arbeitskreis/team/team.html",
        {
            "group": group,
            "members": members,
            "invitations": selectors.open_invitations(group) if can_write else [],
            "role_choices": RoleKind.choices,
        },
    )


@group_view(methods=FORM, write=True)
def invite(request, group):
    """Invite a colleague by email. ``?for=handover`` invites the successor of a handover (as coordinator) and goes
    back to the handover page."""
    for_handover = request.GET.get("for") == "handover"
    initial = {"role": RoleKind.COORDINATOR if for_handover else RoleKind.OBSERVER}
    form = InviteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = team.invite(group=group, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request,
                _("The invitation to %(email)s is on its way. The link is valid for %(days)s days.")
                % {"email": invitation.email, "days": settings.TEAM_INVITATION_DAYS},
            )
            return redirect(group_url("team:handover", group) if for_handover else _team_url(group))
    return render(
        request,
        "arbeitskreis/team/invite.html",
        {"group": group, "form": form, "for_handover": for_handover, "days": settings.TEAM_INVITATION_DAYS},
    )


@group_view(methods=ACTION)
def change_role(request, group, pk):
    role = get_object_or_404(group.roles.select_related("user"), pk=pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose a role."))
        return redirect(_team_url(group))
    try:
        role = team.change_role(role=role, to=form.cleaned_data["role"], by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("%(name)s is now %(role)s.") % {"name": person_name(role.user), "role": role.get_role_display()},
        )
    return redirect(_team_url(group))


@group_view(methods=ACTION)
def remove(request, group, pk):
    role = get_object_or_404(group.roles.select_related("user"), pk=pk)
    try:
        team.remove_member(role=role, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(_team_url(group))
    if role.user_id == request.user.pk:
        messages.success(request, _("You have left the team of %(group)s.") % {"group": group.name})
        return redirect("dashboard")
    messages.success(request, _("%(name)s is no longer on the team.") % {"name": person_name(role.user)})
    return redirect(_team_url(group))


def _invitation(group, pk):
    return get_object_or_404(group.team_invitations.filter(accepted_at=None, withdrawn_at=None), pk=pk)


@group_view(methods=ACTION)
def resend_invitation(request, group, pk):
    invitation = _invitation(group, pk)
    try:
        team.resend(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("The invitation to %(email)s has been sent again with a new link; the earlier link no longer works.")
            % {"email": invitation.email},
        )
    return redirect(_team_url(group))


@group_view(methods=ACTION)
def withdraw_invitation(request, group, pk):
    invitation = _invitation(group, pk)
    try:
        team.withdraw(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The invitation to %(email)s has been withdrawn.") % {"email": invitation.email})
    return redirect(_team_url(group))


@group_view(write=True)
def history_page(request, group):
    """The group's history, newest first, 50 to a page (coordinators and staff)."""
    page = Paginator(history.events_for_page(group), HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "arbeitskreis/team/history.html",
        {"group": group, "page": page, "events": history.describe(list(page.object_list))},
    )
