"""Reads across the tenant core."""

from arbeitskreis.models import GroupRole, WorkingGroup


def dashboard_groups(user):
    """The user's working groups for the dashboard, each with ``my_role`` and the group's figures.

    Later apps add their figures here as annotations, so the dashboard stays at a fixed number of queries.
    """
    groups = list(WorkingGroup.objects.visible_to(user).select_related("municipality"))
    roles = dict(GroupRole.objects.filter(user=user, working_group__in=groups).values_list("working_group_id", "role"))
    for group in groups:
        group.my_role = roles.get(group.pk, "staff" if user.is_staff else None)
        group.next_meeting = None
        group.figures = []  # [{"label": …, "value": …}], filled by the apps below
    return groups


def group_people(group):
    """Coordinators and observers of a group, coordinators first."""
    return list(group.roles.select_related("user").order_by("role", "user__last_name", "user__username"))
