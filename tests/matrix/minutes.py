"""Matrix entries of the minutes app: the measures register and its pages, the printed documents of a meeting."""

from tests.matrix import READ, READ_ONLY_PAGE, WRITE_DONE, WRITE_PAGE, Case, group_kwargs
from tests.meetings.factories import MeetingFactory
from tests.minutes.factories import MeasureFactory


def measure_kwargs(world, group, object_group):
    measure = MeasureFactory(working_group=object_group)
    return {**group_kwargs(world, group, object_group), "pk": measure.pk}


def meeting_kwargs(world, group, object_group):
    meeting = MeetingFactory(working_group=object_group)
    return {**group_kwargs(world, group, object_group), "pk": meeting.pk}


def measure_data(world):
    return {"title": "Flyer in sechs Sprachen drucken", "budget": "1.500", "funding_source": "Kommunaler Haushalt"}


ENTRIES = {
    "minutes:measures": Case(kwargs=group_kwargs, get=READ, post=READ_ONLY_PAGE),
    "minutes:measure-create": Case(kwargs=group_kwargs, get=WRITE_PAGE, post=WRITE_DONE, post_data=measure_data),
    "minutes:measures-export-csv": Case(kwargs=group_kwargs, get=READ, post=READ_ONLY_PAGE),
    "minutes:measures-export-xlsx": Case(kwargs=group_kwargs, get=READ, post=READ_ONLY_PAGE),
    "minutes:measure-detail": Case(kwargs=measure_kwargs, get=READ, post=READ_ONLY_PAGE, cross_objects=True),
    "minutes:measure-edit": Case(
        kwargs=measure_kwargs, get=WRITE_PAGE, post=WRITE_DONE, post_data=measure_data, cross_objects=True
    ),
    "minutes:measure-transition": Case(
        kwargs=measure_kwargs,
        get=READ_ONLY_PAGE,
        post=WRITE_DONE,
        post_data=lambda world: {"to": "in_progress"},
        cross_objects=True,
    ),
    "minutes:letters": Case(kwargs=meeting_kwargs, get=READ, post=READ_ONLY_PAGE, cross_objects=True),
    "minutes:attendance-sheet": Case(kwargs=meeting_kwargs, get=READ, post=READ_ONLY_PAGE, cross_objects=True),
}
