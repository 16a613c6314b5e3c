"""The handover: the guided page of the group (``ak/<municipality>/<group>/team/handover/``), its report for the
group's coordinators, and for the two people of a handover their own page and report under ``accounts/handovers/``
— reached through the account (a predecessor who left the team can no longer open the group's pages)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from arbeitskreis import handover, selectors
from arbeitskreis.access import FORM, group_view
from arbeitskreis.models import Handover, RoleKind
from arbeitskreis.team_forms import HandoverForm


@group_view(methods=FORM, write=True)
def handover_page(request, group):
    """Step 1: who takes over (a member of the team, or invite one); step 2: what is handed over; step 3: confirm."""
    candidates = handover.successor_candidates(group, request.user)
    my_role = request.group_access.role
    organiser_is_me = bool(group.organizer_email) and group.organizer_email.lower() == request.user.email.lower()
    form = HandoverForm(
        request.POST or None, candidates=candidates, initial={"update_organiser": organiser_is_me or None}
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = handover.hand_over(group=group, predecessor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The working group has been handed over to %(name)s.") % {"name": record.successor_name},
            )
            return redirect("account:handover", pk=record.pk)
    return render(
        request,
        "arbeitskreis/team/handover.html",
        {
            "group": group,
            "form": form,
            "can_hand_over": my_role == RoleKind.COORDINATOR,
            "has_candidates": form.fields["successor"].queryset.exists(),
            "invitations": [
                invitation
                for invitation in selectors.open_invitations(group)
                if invitation.role == RoleKind.COORDINATOR and not invitation.is_expired
            ],
            "sections": handover.compose(group),
        },
    )


@group_view(write=True)
def group_report(request, group, pk):
    """A handover of the group as PDF, for its coordinators (and staff)."""
    return handover.report_response(get_object_or_404(group.handovers.select_related("working_group"), pk=pk))


def _own_handover(user, pk):
    return get_object_or_404(Handover.objects.involving(user).select_related("working_group__municipality"), pk=pk)


@login_required
@require_safe
def account_handover(request, pk):
    """A handover the user gave or received: what happened, the notes, what was handed over, the report."""
    record = _own_handover(request.user, pk)
    return render(
        request,
        "arbeitskreis/team/handover_done.html",
        {"handover": record, "group": record.working_group, "is_successor": record.successor_id == request.user.pk},
    )


@login_required
@require_safe
def account_report(request, pk):
    """The report of a handover the user gave or received, whatever their role in the group is now."""
    return handover.report_response(_own_handover(request.user, pk))
