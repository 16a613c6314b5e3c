"""Reads across the tenant core."""

from importlib import import_module

from arbeitskreis.models import GroupRole, WorkingGroup

# Apps that add to the dashboard have ``<app>.selectors.add_dashboard_figures(groups)``: it sets
# ``group.next_meeting`` or appends ``{"label": …, "value": …}`` to ``group.figures``, in a fixed number of
# queries for all groups together (never one query per group).
DASHBOARD_MODULES = ["members.selectors", "meetings.selectors", "findings.selectors"]


def _dashboard_contributors():
    for module_name in DASHBOARD_MODULES:
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        if hasattr(module, "add_dashboard_figures"):
            yield module.add_dashboard_figures


def dashboard_groups(user):
    """The user's working groups for the dashboard, each with ``my_role`` and the group's figures.

    Later apps add their figures here as annotations, so the dashboard stays at a fixed number of queries.
    """
    groups = list(WorkingGroup.objects.visible_to(user).select_related("municipality"))
    roles = dict(GroupRole.objects.filter(user=user, working_group__in=groups).values_list("working_group_id", "role"))
    for group in groups:
        group.my_role = roles.get(group.pk, "staff" if user.is_staff else None)
        group.next_meeting = None
        group.figures = []
    if groups:
        for add_figures in _dashboard_contributors():
            add_figures(groups)
    return groups


def group_people(group):
    """Coordinators and observers of a group, coordinators first."""
    return list(group.roles.select_related("user").order_by("role", "user__last_name", "user__username"))
