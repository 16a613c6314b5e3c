import datetime

import pytest
from django.utils import timezone, translation

from tests.meetings.factories import MeetingFactory, at
from tests.members.factories import OrganizationFactory, ParticipantFactory


@pytest.fixture(autouse=True)
def german():
    """The tests read German text; a request in another language must not leak into the next test."""
    with translation.override("de"):
        yield


@pytest.fixture
def participant(world):
    return ParticipantFactory(working_group=world.group, given_name="Ana", family_name="Popescu")


@pytest.fixture
def organization(world):
    return OrganizationFactory(working_group=world.group, name="Caritasverband Karlsruhe")


@pytest.fixture
def past_meeting(world):
    day = timezone.localdate() - datetime.timedelta(days=60)
    return MeetingFactory(working_group=world.group, title="Frühjahrstreffen", start=at(day), status="held")


@pytest.fixture
def next_meeting(world):
    return MeetingFactory(working_group=world.group, title="Herbsttreffen")
