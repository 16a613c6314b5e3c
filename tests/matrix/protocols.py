"""Matrix entries of the minutes (protocols) of a working group, the staff's yearly archive and the participant's
view of the minutes."""

from minutes.models import MinutesStatus
from tests.matrix import (
    LOGIN,
    READ,
    READ_ONLY_PAGE,
    WRITE_DONE,
    WRITE_PAGE,
    Case,
    group_kwargs,
)
from tests.minutes.factories import held_meeting, minutes_in

STAFF_ONLY = {"coordinator": 403, "observer": 403, "outsider": 403, "staff": 200, "anonymous": LOGIN}
STAFF_ONLY_POST = {"coordinator": 405, "observer": 405, "outsider": 405, "staff": 405, "anonymous": LOGIN}
EVERYONE = dict.fromkeys(READ)


def _all(status):
    return dict.fromkeys(EVERYONE, status)


def _minutes_kwargs(status, **extra):
    def kwargs(world, group, object_group):
        minutes = minutes_in(object_group, status)
        return {**group_kwargs(world, group, object_group), "pk": minutes.meeting.pk, **extra}

    return kwargs


def held_kwargs(world, group, object_group):
    return {**group_kwargs(world, group, object_group), "pk": held_meeting(object_group).pk}


def record_data(world):
    return {"revision": 0, "guests": "Ana Popescu; Rumänischer Kulturverein", "decisions": "Flyer drucken"}


def personal_kwargs(world, group, object_group):
    """Approved minutes of a meeting of ``object_group``: any participant of the group may read them."""
    return {"pk": minutes_in(object_group, MinutesStatus.APPROVED).meeting.pk}


ENTRIES = {
    "minutes:list": Case(kwargs=group_kwargs, get=READ, post=READ_ONLY_PAGE),
    "minutes:archive": Case(kwargs=group_kwargs, get=READ, post=READ_ONLY_PAGE),
    "minutes:detail": Case(kwargs=held_kwargs, get=READ, post=READ_ONLY_PAGE, cross_objects=True),
    "minutes:edit": Case(
        kwargs=held_kwargs, get=WRITE_PAGE, post=WRITE_DONE, post_data=record_data, cross_objects=True
    ),
    "minutes:review": Case(
        kwargs=_minutes_kwargs(MinutesStatus.DRAFT), get=READ_ONLY_PAGE, post=WRITE_DONE, cross_objects=True
    ),
    "minutes:approve": Case(
        kwargs=_minutes_kwargs(MinutesStatus.IN_REVIEW),
        get=READ_ONLY_PAGE,
        post=WRITE_DONE,
        post_data=lambda world: {"approved_in": "", "confirm_missing_notes": "on"},
        cross_objects=True,
    ),
    "minutes:correct": Case(
        kwargs=_minutes_kwargs(MinutesStatus.APPROVED),
        get=READ_ONLY_PAGE,
        post=WRITE_DONE,
        post_data=lambda world: {"reason": "Name falsch geschrieben"},
        cross_objects=True,
    ),
    "minutes:send": Case(
        kwargs=_minutes_kwargs(MinutesStatus.APPROVED),
        get=READ_ONLY_PAGE,
        post=WRITE_DONE,
        post_data=lambda world: {"recipients": "attendees"},
        cross_objects=True,
    ),
    "minutes:pdf": Case(kwargs=_minutes_kwargs(MinutesStatus.DRAFT), get=READ, post=READ_ONLY_PAGE, cross_objects=True),
    "minutes:version": Case(
        kwargs=_minutes_kwargs(MinutesStatus.APPROVED, number=1), get=READ, post=READ_ONLY_PAGE, cross_objects=True
    ),
    "minutes:version-pdf": Case(
        kwargs=_minutes_kwargs(MinutesStatus.APPROVED, number=1), get=READ, post=READ_ONLY_PAGE, cross_objects=True
    ),
    "minutes:diff": Case(
        kwargs=_minutes_kwargs(MinutesStatus.APPROVED, number=1), get=READ, post=READ_ONLY_PAGE, cross_objects=True
    ),
    "protocols:year": Case(
        kwargs=lambda world, group, object_group: {"year": 2026}, get=STAFF_ONLY, post=STAFF_ONLY_POST
    ),
    # The participant's view: approved minutes of their group (a draft under review only for those who attended).
    "personal:minutes": Case(kwargs=personal_kwargs, get=_all(200), post=_all(404), participant=True),
    "personal:minutes-pdf": Case(kwargs=personal_kwargs, get=_all(200), post=_all(405), participant=True),
}
