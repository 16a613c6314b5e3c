"""Factories of the findings app."""

import factory
from django.utils import timezone

from findings.models import ContentArea, Finding, FindingEvent, Suggestion
from tests.factories import WorkingGroupFactory
from tests.members.factories import ParticipantFactory


def area(name="Wohnen"):
    """A seeded global content area (the data migration created them)."""
    return ContentArea.objects.get(working_group=None, name=name)


class ContentAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContentArea

    working_group = factory.SubFactory(WorkingGroupFactory)
    name = factory.Sequence(lambda n: f"Eigener Bereich {n}")
    position = factory.Sequence(lambda n: 100 + n)


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    working_group = factory.SubFactory(WorkingGroupFactory)
    title = factory.Sequence(lambda n: f"Inhaltslücke {n}")
    description = "Die Seite fehlt in der App."
    content_area = factory.LazyFunction(lambda: area("Wohnen"))
    languages = ",de,ar,"
    created_at = factory.LazyFunction(timezone.now)


class FindingEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FindingEvent

    finding = factory.SubFactory(FindingFactory)
    field = "created"


class SuggestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Suggestion

    participant = factory.SubFactory(ParticipantFactory)
    working_group = factory.SelfAttribute("participant.working_group")
    kind = "gap"
    title = factory.Sequence(lambda n: f"Vorschlag {n}")
    description = "Bitte ergänzen."
    language = "ro"
