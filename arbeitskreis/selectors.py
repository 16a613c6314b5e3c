"""Reads across the tenant core."""

from arbeitskreis.collation import german, matching
from arbeitskreis.history import person_name
from arbeitskreis.models import GroupRole, WorkingGroup
from findings.selectors import add_dashboard_figures as add_findings_figures
from meetings.selectors import add_dashboard_figures as add_meetings_figures
from members.selectors import add_dashboard_figures as add_members_figures

# Groups by municipality, then by name, in German order.
GROUP_ORDER = german("municipality__name", "name", "pk")


def staff_groups(*, state="", query=""):
    """Every working group (no regional network) for the staff's compact overview, in German order (a queryset to
    paginate; the figures are added for one page with :func:`add_figures`). ``state`` filters by Bundesland,
    ``query`` searches the names of municipality and group (every word, any case)."""
    groups = WorkingGroup.objects.local().select_related("municipality")
    if state:
        groups = groups.filter(municipality__state=state)
    groups = matching(groups, ("municipality__name", "name"), query)
    return groups.order_by(*GROUP_ORDER)


def dashboard_groups(user):
    """The user's working groups for the dashboard, with ``my_role``, ``next_meeting`` and ``figures``.

    Each app adds its figures for all groups together in one query, so the dashboard has a fixed number of queries.
    """
    groups = list(WorkingGroup.objects.visible_to(user).local().select_related("municipality").order_by(*GROUP_ORDER))
    roles = dict(GroupRole.objects.filter(user=user, working_group__in=groups).values_list("working_group_id", "role"))
    for group in groups:
        group.my_role = roles.get(group.pk, "staff" if user.is_staff else None)
    return add_figures(groups)


def add_figures(groups):
    """Set ``next_meeting`` and ``figures`` on each group: one query per app for all groups together."""
    for group in groups:
        group.next_meeting = None
        group.figures = []
    if groups:
        add_meetings_figures(groups)
        add_members_figures(groups)
        add_findings_figures(groups)
    return groups


def team_members(group):
    """The group's team for the team page: coordinators first, then observers, each in German order (one query)."""
    return list(
        group.roles.select_related("user").order_by(
            "role", *german("user__last_name", "user__first_name", "user__username"), "pk"
        )
    )


def open_invitations(group):
    """The group's invitations neither accepted nor withdrawn (expired ones too: they can be sent again), newest
    first, with ``inviter_name`` (one query)."""
    invitations = list(
        group.team_invitations.filter(accepted_at=None, withdrawn_at=None)
        .select_related("invited_by")
        .order_by("-sent_at", "-pk")
    )
    for invitation in invitations:
        invitation.inviter_name = person_name(invitation.invited_by) or "–"
    return invitations


def group_people(group):
    """Coordinators and observers of a group, coordinators first."""
    return list(group.roles.select_related("user").order_by("role", "user__last_name", "user__username"))
