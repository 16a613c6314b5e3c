"""The history of a working group: who joined, who left, role changes, invitations, handovers, settings changed.

``record`` is called by the services that change the team (arbeitskreis/team.py, arbeitskreis/handover.py) and the
group's settings (arbeitskreis/services.py), inside their transaction; the history page reads it through
:func:`events_for_page`, a fixed number of queries however long the history is.
"""

import datetime

from django.db.models import Model
from django.utils import timezone

from arbeitskreis.models import EventKind, GroupEvent, WorkingGroup


def person_name(user) -> str:
    """How the app names an account: the full name, else the user name."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def record(
    *,
    group,
    kind: EventKind,
    actor=None,
    user=None,
    email="",
    old_role="",
    new_role="",
    details=None,
    handover=None,
    at=None,
) -> GroupEvent:
    """Write one line of the group's history (call it inside the transaction of the change).

    Side effects: one :class:`GroupEvent`, with the names of ``actor`` and ``user`` copied.
    """
    actor = actor if actor is not None and actor.is_authenticated else None
    return GroupEvent.objects.create(
        working_group=group,
        kind=kind,
        created_at=at or timezone.now(),
        actor=actor,
        actor_name=person_name(actor)[:300],
        user=user,
        user_name=person_name(user)[:300],
        email=email,
        old_role=old_role,
        new_role=new_role,
        details=details or {},
        handover=handover,
    )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, Model):
        return str(value.pk)
    return str(value)


def settings_changes(group: WorkingGroup, data: dict) -> list[dict]:
    """``[{"field": name, "old": text, "new": text}, …]`` for each setting in ``data`` that differs from what is
    stored (read from the database: a model form has already put the new values on ``group``)."""
    stored = WorkingGroup.objects.filter(pk=group.pk).values(*data).first() or {}
    changes = []
    for name, value in data.items():
        old, new = _text(stored.get(name)), _text(value)
        if old != new:
            changes.append({"field": name, "old": old, "new": new})
    return changes


def _label(name: str) -> str:
    try:
        return str(WorkingGroup._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 — a field removed since the event was written keeps its name
        return name


def events_for_page(group):
    """The group's history, newest first, with the people and the handover joined (a queryset to paginate)."""
    return group.events.select_related("actor", "user", "handover").order_by("-created_at", "-pk")


def describe(events) -> list:
    """Set on each event what its line shows, without a query: ``actor_label`` and ``user_label`` (the account's
    current name, else the name copied when it was written) and, for changed settings, ``changes`` as
    ``(label, old, new)``."""
    for event in events:
        event.actor_label = person_name(event.actor) or event.actor_name
        event.user_label = person_name(event.user) or event.user_name
        event.changes = [
            (_label(change.get("field", "")), change.get("old", ""), change.get("new", ""))
            for change in event.details.get("changes", [])
        ]
    return events
