"""The measures' services: creating, changing with history, status changes, erasure of a name from the history."""

import datetime
import decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from members import services as members_services
from minutes import measure_selectors, measures
from minutes.models import Measure, MeasureEvent, MeasureStatus
from tests.members.factories import OrganizationFactory, ParticipantFactory
from tests.minutes.factories import MeasureFactory

TODAY = datetime.date(2026, 3, 20)


def _events(measure):
    return list(MeasureEvent.objects.filter(measure=measure).values_list("field", "old_value", "new_value"))


def test_create_records_the_measure_and_who_created_it(world, past_meeting, participant):
    data = {
        "title": "Flyer drucken",
        "description": "3.000 Stück",
        "meeting": past_meeting,
        "responsible_participant": participant,
        "responsible_organization": None,
        "due_date": datetime.date(2026, 6, 30),
        "budget": decimal.Decimal("1500.50"),
        "funding_source": "Kommunaler Haushalt",
    }
    measure = measures.create_measure(group=world.group, data=data, by=world.coordinator)
    measure.refresh_from_db()
    assert (measure.status, measure.meeting, measure.responsible) == (MeasureStatus.OPEN, past_meeting, participant)
    assert measure.budget == decimal.Decimal("1500.50")
    event = MeasureEvent.objects.get(measure=measure)
    assert (event.field, event.new_value, event.actor) == ("created", "Flyer drucken", world.coordinator)


def test_create_without_a_meeting(world):
    measure = measures.create_measure(group=world.group, data={"title": "Plakate"}, by=world.coordinator)
    assert measure.meeting is None and measure.working_group == world.group


def test_a_meeting_of_another_group_is_refused(world):
    from tests.meetings.factories import MeetingFactory

    foreign = MeetingFactory(working_group=world.other_group)
    with pytest.raises(ValidationError):
        measures.create_measure(group=world.group, data={"title": "X", "meeting": foreign}, by=world.coordinator)
    assert not Measure.objects.exists()


def test_two_responsibles_are_refused_by_the_model(world, participant, organization):
    data = {"title": "X", "responsible_participant": participant, "responsible_organization": organization}
    with pytest.raises(ValidationError):
        measures.create_measure(group=world.group, data=data, by=world.coordinator)
    assert not Measure.objects.exists()


def test_change_writes_history_for_responsible_due_date_and_budget(world, participant, organization):
    measure = MeasureFactory(working_group=world.group, responsible_participant=participant, budget=100)
    events = measures.change_measure(
        measure=measure,
        by=world.coordinator,
        data={
            "title": "Neuer Titel",
            "responsible_participant": None,
            "responsible_organization": organization,
            "due_date": datetime.date(2026, 5, 1),
            "budget": decimal.Decimal("250"),
        },
    )
    assert [event.field for event in events] == ["responsible", "due_date", "budget"]
    assert sorted(_events(measure)) == [
        ("budget", "100.00", "250.00"),
        ("due_date", "", "2026-05-01"),
        ("responsible", "Ana Popescu", "Caritasverband Karlsruhe"),
    ]
    assert measure.title == "Neuer Titel"  # the caller's object is updated too


def test_a_change_of_the_title_alone_writes_no_history(world):
    measure = MeasureFactory(working_group=world.group)
    assert measures.change_measure(measure=measure, by=world.coordinator, data={"title": "Anders"}) == []
    assert _events(measure) == []


@pytest.mark.parametrize(
    ("steps", "done_on"),
    [
        (["in_progress", "done"], TODAY),
        (["done"], TODAY),
        (["dropped"], None),
        (["done", "open"], None),
        (["dropped", "open", "in_progress"], None),
    ],
)
def test_status_transitions(world, steps, done_on):
    measure = MeasureFactory(working_group=world.group)
    for step in steps:
        measures.transition_measure(measure=measure, by=world.coordinator, to=step, today=TODAY)
    measure.refresh_from_db()
    assert (measure.status, measure.done_on) == (steps[-1], done_on)
    assert [event[0] for event in _events(measure)] == ["status"] * len(steps)


@pytest.mark.parametrize(("start", "to"), [("done", "dropped"), ("dropped", "done"), ("in_progress", "open")])
def test_refused_transitions_change_nothing(world, start, to):
    measure = MeasureFactory(working_group=world.group, status=start)
    with pytest.raises(measures.TransitionError) as error:
        measures.transition_measure(measure=measure, by=world.coordinator, to=to)
    assert "kann nicht auf" in error.value.messages[0]
    measure.refresh_from_db()
    assert measure.status == start and _events(measure) == []


def test_an_unknown_status_is_refused(world):
    measure = MeasureFactory(working_group=world.group)
    with pytest.raises(measures.TransitionError):
        measures.transition_measure(measure=measure, by=world.coordinator, to="archived")


def test_history_is_shown_in_the_readers_language(world):
    measure = MeasureFactory(working_group=world.group, budget=decimal.Decimal("1500"))
    measures.transition_measure(measure=measure, by=world.coordinator, to="in_progress")
    measures.change_measure(
        measure=measure, by=world.coordinator, data={"due_date": datetime.date(2026, 5, 1), "budget": 2500}
    )
    page_measure = measure_selectors.measures_for_page(world.group).get(pk=measure.pk)
    german = [(e.label, e.old, e.new) for e in measure_selectors.history(page_measure)]
    assert ("Status", "offen", "in Arbeit") in german
    assert ("fällig am", "", "01.05.2026") in german
    assert ("Budget", "1.500,00 €", "2.500,00 €") in german
    with translation.override("en"):
        english = [(e.label, e.old, e.new) for e in measure_selectors.history(page_measure)]
    assert ("status", "open", "in progress") in english
    assert ("budget", "1,500.00 €", "2,500.00 €") in english


def test_erasure_removes_the_name_from_the_history(world, organization):
    person = ParticipantFactory(working_group=world.group, given_name="Olena", family_name="Шевченко")
    measure = MeasureFactory(working_group=world.group, responsible_participant=person)
    measures.change_measure(
        measure=measure,
        by=world.coordinator,
        data={"responsible_participant": None, "responsible_organization": organization},
    )
    other_group = MeasureFactory(working_group=world.other_group)
    MeasureEvent.objects.create(measure=other_group, field="responsible", old_value="Olena Шевченко")
    members_services.erase_participant(participant=person)
    assert _events(measure) == [("responsible", "Gelöschte Person", "Caritasverband Karlsruhe")]
    assert MeasureEvent.objects.get(measure=other_group).old_value == "Olena Шевченко"


def test_budget_by_status_is_one_query(world, django_assert_num_queries):
    for status, budget in [("open", 100), ("open", 50), ("done", 1000), ("dropped", None)]:
        MeasureFactory(working_group=world.group, status=status, budget=budget)
    MeasureFactory(working_group=world.other_group, budget=99999)
    OrganizationFactory(working_group=world.group)
    with django_assert_num_queries(1):
        figures, total = measure_selectors.budget_by_status(world.group)
    by_status = {figure.status: (figure.count, figure.budget_text) for figure in figures}
    assert by_status == {
        "open": (2, "150,00 €"),
        "in_progress": (0, ""),
        "done": (1, "1.000,00 €"),
        "dropped": (1, ""),
    }
    assert total == "1.150,00 €"
