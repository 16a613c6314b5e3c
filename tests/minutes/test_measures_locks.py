"""The measures' row locks with two requests or service calls at the same moment (PostgreSQL; tests/concurrency.py).

Each test holds the callers right after the locked read (``meet_after("minutes.measures._locked")``): without
``select_for_update`` both would go on with the same state — two "done" entries, or a history that records a
"before" that no longer was.
"""

import decimal

from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from minutes import measures
from minutes.models import Measure, MeasureEvent
from tests.concurrency import at_once, meet_after, row_lock_test
from tests.members.factories import OrganizationFactory
from tests.minutes.factories import MeasureFactory

pytestmark = row_lock_test


def _client(world):
    client = Client()
    client.force_login(world.coordinator)
    return client


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_two_status_changes_at_once_are_one_after_the_other(world):
    measure = MeasureFactory(working_group=world.group)
    url = reverse("minutes:measure-transition", kwargs={**world.group.url_kwargs(), "pk": measure.pk})
    first, second = _client(world), _client(world)
    with meet_after("minutes.measures._locked"):
        outcomes = at_once(lambda: first.post(url, {"to": "done"}), lambda: second.post(url, {"to": "dropped"}))
    assert all(outcome.error is None and outcome.value.status_code == 302 for outcome in outcomes)
    messages = sorted(_messages(outcome.value)[0] for outcome in outcomes)
    measure.refresh_from_db()
    # The second one finds the measure closed already and is refused with the reason.
    assert len([m for m in messages if m.startswith("Die Maßnahme ist jetzt")]) == 1
    assert len([m for m in messages if "kann nicht auf" in m]) == 1
    events = list(MeasureEvent.objects.filter(measure=measure).values_list("old_value", "new_value"))
    assert events == [("open", measure.status)]


def test_two_done_calls_at_once_record_one_change(world):
    measure = MeasureFactory(working_group=world.group, status="in_progress")

    def done():
        return measures.transition_measure(measure=Measure.objects.get(pk=measure.pk), by=world.coordinator, to="done")

    with meet_after("minutes.measures._locked"):
        outcomes = at_once(done, done)
    errors = [outcome.error for outcome in outcomes if outcome.error is not None]
    assert len(errors) == 1 and isinstance(errors[0], measures.TransitionError)
    assert MeasureEvent.objects.filter(measure=measure, field="status").count() == 1


def test_two_edits_at_once_keep_a_true_history(world):
    organization = OrganizationFactory(working_group=world.group, name="AWO")
    measure = MeasureFactory(working_group=world.group, budget=100)

    def change(data):
        return lambda: measures.change_measure(
            measure=Measure.objects.get(pk=measure.pk), by=world.coordinator, data=data
        )

    with meet_after("minutes.measures._locked"):
        outcomes = at_once(
            change({"budget": decimal.Decimal("200")}),
            change({"responsible_organization": organization, "budget": decimal.Decimal("300")}),
        )
    assert all(outcome.error is None for outcome in outcomes)
    budget = MeasureEvent.objects.filter(measure=measure, field="budget").order_by("pk")
    budget_events = list(budget.values_list("old_value", "new_value"))
    # Whichever went first, the second one's "before" is what the first one wrote.
    assert budget_events in (
        [("100.00", "200.00"), ("200.00", "300.00")],
        [("100.00", "300.00"), ("300.00", "200.00")],
    )
