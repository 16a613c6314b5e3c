"""Matrix entries of the meetings app: every URL, every role, and another group's object ids (404)."""

import datetime

from django.utils import timezone

from meetings.models import AgendaItem
from tests.matrix import GET_REFUSED, READ, READ_ONLY_PAGE, WRITE_DONE, WRITE_PAGE, Case, group_kwargs
from tests.meetings.factories import AgendaItemFactory, AgendaTemplateFactory, FocusQuestionFactory, MeetingFactory

assert GET_REFUSED  # POST-only URLs inside a group answer observers 403 before the method check: READ_ONLY_PAGE


def _meeting(object_group):
    meeting = MeetingFactory(working_group=object_group)
    AgendaItemFactory(meeting=meeting, title="Begrüßung")
    AgendaItemFactory(meeting=meeting, title="Leitfrage")
    return meeting


def meeting_kwargs(world, group, object_group):
    return {**group_kwargs(world, group, object_group), "pk": _meeting(object_group).pk}


def item_kwargs(world, group, object_group):
    meeting = _meeting(object_group)
    item = meeting.agenda_items.order_by("position").last()
    return {**group_kwargs(world, group, object_group), "pk": meeting.pk, "item_pk": item.pk}


def template_kwargs(world, group, object_group):
    template = AgendaTemplateFactory(working_group=object_group)
    return {**group_kwargs(world, group, object_group), "template_pk": template.pk}


def question_kwargs(world, group, object_group):
    question = FocusQuestionFactory(working_group=object_group)
    return {**group_kwargs(world, group, object_group), "question_pk": question.pk}


def meeting_data(world):
    day = timezone.localdate() + datetime.timedelta(days=40)
    return {
        "title": "Treffen im Frühjahr",
        "day": day.isoformat(),
        "start_time": "16:00",
        "end_time": "17:30",
        "place": "Rathaus",
        "online_link": "",
        "organiser_notes": "",
        "template": "",
    }


def item_data(world):
    return {"title": "Neuigkeiten", "planned_minutes": "10", "presenter": "", "description": ""}


def reorder_data(world):
    order = AgendaItem.objects.order_by("-position").values_list("pk", flat=True)
    return {"order": ",".join(str(pk) for pk in order)}


ENTRIES = {
    "meetings:list": Case(kwargs=group_kwargs, get=READ, post=READ_ONLY_PAGE),
    "meetings:create": Case(kwargs=group_kwargs, get=WRITE_PAGE, post=WRITE_DONE, post_data=meeting_data),
    "meetings:detail": Case(kwargs=meeting_kwargs, get=READ, post=READ_ONLY_PAGE, cross_objects=True),
    "meetings:edit": Case(
        kwargs=meeting_kwargs, get=WRITE_PAGE, post=WRITE_DONE, post_data=meeting_data, cross_objects=True
    ),
    "meetings:status": Case(
        kwargs=meeting_kwargs,
        get=READ_ONLY_PAGE,
        post=WRITE_DONE,
        post_data=lambda world: {"to": "invited"},
        cross_objects=True,
    ),
    "meetings:cancel": Case(kwargs=meeting_kwargs, get=READ_ONLY_PAGE, post=WRITE_DONE, cross_objects=True),
    "meetings:save-as-template": Case(
        kwargs=meeting_kwargs,
        get=READ_ONLY_PAGE,
        post=WRITE_DONE,
        post_data=lambda world: {"name": "Unsere Vorlage"},
        cross_objects=True,
    ),
    "meetings:agenda-item-add": Case(
        kwargs=meeting_kwargs, get=WRITE_PAGE, post=WRITE_DONE, post_data=item_data, cross_objects=True
    ),
    "meetings:agenda-item-edit": Case(
        kwargs=item_kwargs, get=WRITE_PAGE, post=WRITE_DONE, post_data=item_data, cross_objects=True
    ),
    "meetings:agenda-reorder": Case(
        kwargs=meeting_kwargs, get=READ_ONLY_PAGE, post=WRITE_DONE, post_data=reorder_data, cross_objects=True
    ),
    "meetings:agenda-item-delete": Case(kwargs=item_kwargs, get=READ_ONLY_PAGE, post=WRITE_DONE, cross_objects=True),
    "meetings:agenda-item-move": Case(
        kwargs=item_kwargs,
        get=READ_ONLY_PAGE,
        post=WRITE_DONE,
        post_data=lambda world: {"direction": "up"},
        cross_objects=True,
    ),
    "meetings:templates": Case(kwargs=group_kwargs, get=READ, post=READ_ONLY_PAGE),
    "meetings:template-delete": Case(kwargs=template_kwargs, get=READ_ONLY_PAGE, post=WRITE_DONE, cross_objects=True),
    "meetings:focus-questions": Case(
        kwargs=group_kwargs,
        get=READ,
        post=WRITE_DONE,
        post_data=lambda world: {"text": "Wie erreichen wir Familien?", "description": ""},
    ),
    "meetings:focus-question-delete": Case(
        kwargs=question_kwargs, get=READ_ONLY_PAGE, post=WRITE_DONE, cross_objects=True
    ),
}
