"""Writes of the tenant core."""

from django.db import transaction

from arbeitskreis import history
from arbeitskreis.models import EventKind, WorkingGroup


@transaction.atomic
def update_group_settings(*, group: WorkingGroup, data: dict, by=None) -> WorkingGroup:
    """Store the group's settings (defaults for new meetings, organiser).

    Side effects: the saved group; when something changed, a line in the group's history naming each changed
    setting with its value before and after (by ``by``).
    """
    changes = history.settings_changes(group, data)
    for field, value in data.items():
        setattr(group, field, value)
    group.full_clean()
    group.save(update_fields=list(data))
    if changes:
        history.record(group=group, kind=EventKind.SETTINGS_CHANGED, actor=by, details={"changes": changes})
    return group
