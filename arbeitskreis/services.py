"""Writes of the tenant core."""

from django.db import transaction

from arbeitskreis.models import WorkingGroup


@transaction.atomic
def update_group_settings(*, group: WorkingGroup, data: dict) -> WorkingGroup:
    """Store the group's settings (defaults for new meetings, organiser).

    Side effects: none besides the saved group.
    """
    for field, value in data.items():
        setattr(group, field, value)
    group.full_clean()
    group.save(update_fields=list(data))
    return group
