"""Meetings with minutes in every state of their workflow, made through the services as the pages do; measures."""

import datetime

import factory
from django.utils import timezone

from meetings.models import MeetingStatus
from minutes import services
from minutes.models import Measure, MinutesStatus
from tests.factories import WorkingGroupFactory
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, at


def held_meeting(group, *, days_ago=30, title="Frühjahrstreffen", items=("Begrüßung", "Arbeit und Ausbildung")):
    meeting = MeetingFactory(
        working_group=group,
        title=title,
        start=at(timezone.localdate() - datetime.timedelta(days=days_ago)),
        status=MeetingStatus.HELD,
    )
    for position, title_ in enumerate(items, start=1):
        AgendaItemFactory(meeting=meeting, position=position, title=title_, planned_minutes=30)
    return meeting


def record(meeting, *, notes=None, decisions=(), attendance=None, guests=(), by=None):
    """Save the minutes as the recording page does; returns them."""
    minutes = services.minutes_for(meeting=meeting)
    items = list(meeting.agenda_items.order_by("position"))
    notes = notes if notes is not None else {item.pk: f"Besprochen: {item.title}" for item in items}
    return services.save(
        meeting=meeting,
        revision=minutes.revision,
        data={
            "attendance": attendance or {},
            "guests": list(guests),
            "notes": notes,
            "answers": {},
            "decisions": list(decisions),
        },
        by=by,
    )


def minutes_in(group, status, *, by=None):
    """A held meeting whose minutes are a draft, under review, or approved."""
    meeting = held_meeting(group)
    minutes = record(meeting, decisions=["Die Seite zur Kita-Anmeldung wird übersetzt."], by=by)
    if status in (MinutesStatus.IN_REVIEW, MinutesStatus.APPROVED):
        minutes = services.send_for_review(minutes=minutes, by=by)
    if status == MinutesStatus.APPROVED:
        minutes = services.approve(minutes=minutes, by=by)
    return minutes


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    working_group = factory.SubFactory(WorkingGroupFactory)
    title = factory.Sequence(lambda n: f"Maßnahme {n}")
    description = "Wer macht was bis wann."
    created_at = factory.LazyFunction(timezone.now)
