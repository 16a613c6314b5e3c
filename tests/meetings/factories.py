"""Factories of the meetings app."""

import datetime

import factory
from django.utils import timezone

from meetings.models import AgendaItem, AgendaTemplate, AgendaTemplateItem, FocusQuestion, Invitation, Meeting
from meetings.scheduling import BERLIN
from tests.factories import WorkingGroupFactory


def at(day: datetime.date | str, hour=16, minute=0):
    """An aware Europe/Berlin datetime on ``day`` (a date or "YYYY-MM-DD")."""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BERLIN)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    working_group = factory.SubFactory(WorkingGroupFactory)
    title = factory.Sequence(lambda n: f"Treffen {n}")
    start = factory.LazyFunction(lambda: at(timezone.localdate() + datetime.timedelta(days=30)))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(minutes=90))
    place = "Rathaus, Sitzungssaal"

    @factory.post_generation
    def focus_questions(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.focus_questions.set(extracted)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Tagesordnungspunkt {n}")
    planned_minutes = 15


class AgendaTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaTemplate

    working_group = factory.SubFactory(WorkingGroupFactory)
    name = factory.Sequence(lambda n: f"Vorlage {n}")
    kind = "custom"


class AgendaTemplateItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaTemplateItem

    template = factory.SubFactory(AgendaTemplateFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Punkt {n}")
    minutes = 10


class FocusQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusQuestion

    working_group = factory.SubFactory(WorkingGroupFactory)
    text = factory.Sequence(lambda n: f"Eigene Leitfrage {n}?")


class InvitationFactory(factory.django.DjangoModelFactory):
    """An invitation that went out (sent now, with the meeting's SEQUENCE), not answered yet."""

    class Meta:
        model = Invitation

    meeting = factory.SubFactory(MeetingFactory)
    participant = factory.SubFactory(
        "tests.members.factories.ParticipantFactory",
        working_group=factory.SelfAttribute("..meeting.working_group"),
        consent_given_at=datetime.date(2025, 1, 15),
    )
    sent_at = factory.LazyFunction(timezone.now)
    sequence_sent = factory.LazyAttribute(lambda o: o.meeting.sequence)
