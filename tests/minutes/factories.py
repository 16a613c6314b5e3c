"""Factories of the measures (minutes app)."""

import factory
from django.utils import timezone

from minutes.models import Measure
from tests.factories import WorkingGroupFactory


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    working_group = factory.SubFactory(WorkingGroupFactory)
    title = factory.Sequence(lambda n: f"Maßnahme {n}")
    description = "Wer macht was bis wann."
    created_at = factory.LazyFunction(timezone.now)
