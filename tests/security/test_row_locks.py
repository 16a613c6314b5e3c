"""Every row lock (``select_for_update``) tried with two requests or service calls at the same moment.

PostgreSQL only (tests/concurrency.py): skipped on SQLite, run in ``.ci/run``'s PostgreSQL pass. Each test holds the
callers right after the locked read (``meet_after``), so that without the lock both would go on with the same state.
"""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from findings import services as findings_services
from findings.models import EventField, Finding, FindingEvent, Suggestion
from meetings import invitations
from meetings import services as meetings_services
from meetings.models import AgendaItem, Meeting
from members.models import ImportBatch, Participant
from tests.concurrency import at_once, meet_after, row_lock_test
from tests.findings.factories import FindingFactory, SuggestionFactory
from tests.meetings.factories import MeetingFactory
from tests.members.factories import ImportBatchFactory, ParticipantFactory

pytestmark = row_lock_test


@pytest.fixture
def seeded(data_migration_rows):
    """The content areas, templates and questions of the data migrations (flushed by the previous test)."""


def _clients(world, count=2):
    clients = []
    for _ in range(count):
        client = Client()
        client.force_login(world.coordinator)
        clients.append(client)
    return clients


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def _errors(outcomes):
    return [outcome.error for outcome in outcomes if outcome.error is not None]


# --- members: the import confirmation ----------------------------------------------------------------------------


def test_an_import_confirmed_twice_at_once_imports_once(world):
    batch = ImportBatchFactory(
        working_group=world.group,
        created_by=world.coordinator,
        rows=[["Yılmaz", "Ayşe", "ayse@example.org"], ["Haddad", "Karim", "karim@example.org"]],
        lines=[2, 3],
    )
    url = reverse("members:import-confirm", kwargs={**world.group.url_kwargs(), "batch": batch.pk})
    first, second = _clients(world)
    with meet_after("members.selectors.import_lookup"):
        outcomes = at_once(*(lambda c=c: c.post(url, {"consent_method": ""}) for c in (first, second)))
    assert not _errors(outcomes)
    messages = sorted(_messages(outcome.value)[0] for outcome in outcomes)
    assert messages[0].startswith("2 Personen wurden hinzugefügt.")
    assert messages[1] == "Diese Datei wurde bereits importiert."
    assert sorted(Participant.objects.values_list("family_name", flat=True)) == ["Haddad", "Yılmaz"]
    assert ImportBatch.objects.get().imported_at is not None


# --- findings: status changes, edits, suggestion triage ------------------------------------------------------------


def test_two_status_changes_at_once_are_one_after_the_other(world, seeded):
    finding = FindingFactory(working_group=world.group)
    url = reverse("findings:transition", kwargs={**world.group.url_kwargs(), "pk": finding.pk})
    first, second = _clients(world)
    with meet_after("findings.services._locked"):
        outcomes = at_once(lambda: first.post(url, {"to": "resolved"}), lambda: second.post(url, {"to": "rejected"}))
    messages = sorted(_messages(outcome.value)[0] for outcome in outcomes)
    # The second sees the first one's status: a resolved gap cannot be rejected (and a rejected one not resolved).
    assert messages[0].startswith("Die Inhaltslücke ist jetzt ")
    assert messages[1].startswith("Eine Inhaltslücke, die ")
    events = list(FindingEvent.objects.filter(field=EventField.STATUS))
    assert [(event.old_value, event.new_value) for event in events] == [("open", Finding.objects.get().status)]


def test_two_edits_at_once_keep_the_history_a_chain(world, seeded):
    finding = FindingFactory(working_group=world.group, priority=1)
    with meet_after("findings.services._locked"):
        outcomes = at_once(
            *(
                lambda p=priority: findings_services.change_finding(
                    finding=Finding.objects.get(pk=finding.pk), by=world.coordinator, data={"priority": p}
                )
                for priority in (2, 3)
            )
        )
    assert not _errors(outcomes)
    history = [(e.old_value, e.new_value) for e in FindingEvent.objects.filter(field=EventField.PRIORITY)]
    # Each change starts where the other ended: 1 → 2 → 3 or 1 → 3 → 2, never twice from 1.
    assert history[0][0] == "1" and history[1][0] == history[0][1], history
    assert str(Finding.objects.get().priority) == history[1][1]


def test_a_suggestion_accepted_and_declined_at_once_is_decided_once(world, seeded):
    SuggestionFactory(participant=ParticipantFactory(working_group=world.group))
    kwargs = {"by": world.coordinator}
    with meet_after("findings.services._pending"):
        outcomes = at_once(
            lambda: findings_services.accept_suggestion(suggestion=Suggestion.objects.get(), **kwargs),
            lambda: findings_services.decline_suggestion(
                suggestion=Suggestion.objects.get(), note="Gibt es.", **kwargs
            ),
        )
    errors = _errors(outcomes)
    assert [error.message for error in errors] == ["Über diesen Vorschlag wurde bereits entschieden."]
    decided = Suggestion.objects.get()
    assert (decided.status == "accepted") == Finding.objects.exists()


# --- meetings: status, details, agenda --------------------------------------------------------------------------


def test_a_meeting_cancelled_twice_at_once_is_cancelled_once(world):
    meeting = MeetingFactory(working_group=world.group)
    with meet_after("meetings.services._locked"):
        outcomes = at_once(
            *(lambda: invitations.cancel_meeting(meeting=Meeting.objects.get(pk=meeting.pk)) for _ in range(2))
        )
    assert [type(error) for error in _errors(outcomes)] == [meetings_services.TransitionError]
    assert Meeting.objects.get().sequence == 1


def test_two_edits_of_a_meeting_at_once_raise_the_sequence_twice(world):
    """Calendar clients take an update only with a higher SEQUENCE: a lost raise loses the change for them."""
    meeting = MeetingFactory(working_group=world.group, title="Treffen")
    with meet_after("meetings.services._locked"):
        outcomes = at_once(
            *(
                lambda place=place: meetings_services.update_meeting(
                    meeting=Meeting.objects.get(pk=meeting.pk), data={"place": place}
                )
                for place in ("Rathaus", "Landratsamt")
            )
        )
    assert not _errors(outcomes)
    assert Meeting.objects.get().sequence == 2


def test_two_agenda_items_added_at_once_get_their_own_places(world):
    meeting = MeetingFactory(working_group=world.group)
    with meet_after("meetings.services._locked"):
        outcomes = at_once(
            *(
                lambda title=title: meetings_services.add_agenda_item(
                    meeting=Meeting.objects.get(pk=meeting.pk), data={"title": title, "planned_minutes": 10}
                )
                for title in ("Begrüßung", "Rückblick")
            )
        )
    assert not _errors(outcomes)
    assert sorted(AgendaItem.objects.values_list("position", flat=True)) == [1, 2]


def test_the_helper_reports_what_each_call_raised(world):
    def refuse():
        raise ValidationError("nein")

    outcomes = at_once(lambda: datetime.date(2026, 1, 1), refuse)
    assert outcomes[0].value == datetime.date(2026, 1, 1) and outcomes[0].error is None
    assert isinstance(outcomes[1].error, ValidationError)
