"""Status changes, the history every change writes, content areas, and the triage of suggestions."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from findings import services
from findings.models import Finding, FindingEvent, FindingStatus, Priority, SuggestionStatus
from meetings.models import AgendaItem
from tests.findings.factories import FindingFactory, SuggestionFactory, area

ALLOWED = [
    ("open", "in_progress"),
    ("open", "resolved"),
    ("open", "rejected"),
    ("in_progress", "resolved"),
    ("in_progress", "rejected"),
    ("resolved", "open"),
    ("rejected", "open"),
]
REFUSED = [
    ("open", "open"),
    ("in_progress", "open"),
    ("in_progress", "in_progress"),
    ("resolved", "in_progress"),
    ("resolved", "rejected"),
    ("rejected", "resolved"),
    ("rejected", "in_progress"),
]


@pytest.mark.parametrize(("start", "target"), ALLOWED)
def test_allowed_transition_changes_status_and_writes_one_event(world, start, target):
    finding = FindingFactory(working_group=world.group, status=start)
    services.transition_finding(finding=finding, by=world.coordinator, to=target)
    finding.refresh_from_db()
    assert finding.status == target
    event = finding.events.get()
    assert (event.field, event.actor) == ("status", world.coordinator)
    assert (event.old_value, event.new_value) == (start, target)  # codes: shown in the reader's language
    assert event.old_display == str(FindingStatus(start).label)
    assert event.new_display == str(FindingStatus(target).label)
    if target in ("resolved", "rejected"):
        assert finding.closed_at is not None
    else:
        assert finding.closed_at is None


@pytest.mark.parametrize(("start", "target"), REFUSED)
def test_refused_transition_raises_german_error_and_changes_nothing(world, start, target):
    finding = FindingFactory(working_group=world.group, status=start)
    with pytest.raises(services.TransitionError) as error:
        services.transition_finding(finding=finding, by=world.coordinator, to=target)
    assert "kann nicht" in error.value.messages[0]
    finding.refresh_from_db()
    assert finding.status == start
    assert not finding.events.exists()


def test_unknown_status_is_refused(world):
    finding = FindingFactory(working_group=world.group)
    with pytest.raises(services.TransitionError):
        services.transition_finding(finding=finding, by=world.coordinator, to="archived")


def test_resolving_stores_note_and_reopening_clears_closing_date(world):
    finding = FindingFactory(working_group=world.group)
    services.transition_finding(finding=finding, by=world.coordinator, to="resolved", note="Seite ergänzt.")
    finding.refresh_from_db()
    assert finding.resolution_note == "Seite ergänzt."
    assert finding.closed_at is not None
    services.transition_finding(finding=finding, by=world.coordinator, to="open")
    finding.refresh_from_db()
    assert finding.closed_at is None
    assert finding.resolution_note == "Seite ergänzt."
    assert [e.new_display for e in finding.events.all()] == ["gelöst", "offen"]


def test_create_writes_created_event(world):
    finding = services.create_finding(
        group=world.group, data={"title": "Wohnungssuche", "content_area": area("Wohnen")}, by=world.coordinator
    )
    assert finding.status == FindingStatus.OPEN
    event = finding.events.get()
    assert (event.field, event.new_value, event.actor) == ("created", "Wohnungssuche", world.coordinator)


def test_change_writes_one_event_per_tracked_field(world, participant, organization):
    finding = FindingFactory(working_group=world.group, priority=Priority.NORMAL)
    due = datetime.date(2030, 3, 31)
    events = services.change_finding(
        finding=finding,
        by=world.coordinator,
        data={"assignee_participant": participant, "priority": Priority.HIGH, "due_date": due, "title": "Neu"},
    )
    rows = {e.field: (e.old_display, e.new_display) for e in FindingEvent.objects.filter(finding=finding)}
    assert rows == {
        "assignee": ("", "Ana Popescu"),
        "priority": ("normal", "hoch"),
        "due_date": ("", "31.03.2030"),
    }
    assert len(events) == 3
    finding.refresh_from_db()
    assert finding.title == "Neu"

    services.change_finding(
        finding=finding,
        by=world.coordinator,
        data={"assignee_participant": None, "assignee_organization": organization},
    )
    last = FindingEvent.objects.filter(finding=finding).last()
    assert (last.field, last.old_value, last.new_value) == ("assignee", "Ana Popescu", "Caritasverband Karlsruhe")


def test_change_without_tracked_changes_writes_no_event(world):
    finding = FindingFactory(working_group=world.group)
    assert services.change_finding(finding=finding, by=world.coordinator, data={"title": "Anders"}) == []
    assert not finding.events.exists()


def test_two_assignees_are_refused(world, participant, organization):
    finding = FindingFactory(working_group=world.group)
    with pytest.raises(ValidationError):
        services.change_finding(
            finding=finding,
            by=world.coordinator,
            data={"assignee_participant": participant, "assignee_organization": organization},
        )
    finding.refresh_from_db()
    assert finding.assignee is None
    assert not finding.events.exists()


def test_group_can_add_content_area_but_not_twice(world):
    created = services.add_content_area(group=world.group, name="  Mobilität ")
    assert (created.name, created.working_group) == ("Mobilität", world.group)
    with pytest.raises(ValidationError):
        services.add_content_area(group=world.group, name="mobilität")
    with pytest.raises(ValidationError):
        services.add_content_area(group=world.group, name="Wohnen")  # a global area
    services.add_content_area(group=world.other_group, name="Mobilität")  # other groups are independent


def test_accepting_gap_creates_finding_raised_by_participant(world, participant):
    suggestion = SuggestionFactory(participant=participant, title="Arbeit auf Rumänisch", language="ro")
    accepted = services.accept_suggestion(suggestion=suggestion, by=world.coordinator)
    finding = Finding.objects.get()
    assert accepted.status == SuggestionStatus.ACCEPTED
    assert accepted.finding == finding
    assert (finding.title, finding.languages, finding.raised_by) == ("Arbeit auf Rumänisch", ",ro,", participant)
    event = finding.events.get()
    assert (event.actor_participant, event.actor_name) == (participant, "Vorschlag von Ana Popescu")
    assert accepted.decided_by == world.coordinator
    with pytest.raises(ValidationError):
        services.accept_suggestion(suggestion=suggestion, by=world.coordinator)


def test_accepting_topic_adds_agenda_item(world, participant, next_meeting):
    suggestion = SuggestionFactory(participant=participant, kind="agenda_topic", title="Treffen mit der Community")
    with pytest.raises(ValidationError):
        services.accept_suggestion(suggestion=suggestion, by=world.coordinator)
    accepted = services.accept_suggestion(suggestion=suggestion, by=world.coordinator, meeting=next_meeting)
    item = AgendaItem.objects.get(meeting=next_meeting, title="Treffen mit der Community")
    assert accepted.agenda_item == item
    assert item.presenter == "Ana Popescu"
    assert not Finding.objects.exists()


def test_declining_needs_a_note(world, participant):
    suggestion = SuggestionFactory(participant=participant)
    with pytest.raises(ValidationError):
        services.decline_suggestion(suggestion=suggestion, by=world.coordinator, note="  ")
    declined = services.decline_suggestion(suggestion=suggestion, by=world.coordinator, note="Gibt es schon.")
    assert (declined.status, declined.decline_note) == ("declined", "Gibt es schon.")
    assert declined.decided_at <= timezone.now()


def test_erasing_a_participant_removes_their_name_from_history_and_agenda(
    world, participant, organization, next_meeting
):
    from members.services import erase_participant

    suggestion = SuggestionFactory(participant=participant)
    finding = services.accept_suggestion(suggestion=suggestion, by=world.coordinator).finding
    topic = SuggestionFactory(participant=participant, kind="agenda_topic", title="Treffen mit der Community")
    item = services.accept_suggestion(suggestion=topic, by=world.coordinator, meeting=next_meeting).agenda_item
    services.change_finding(finding=finding, by=world.coordinator, data={"assignee_participant": participant})
    services.change_finding(
        finding=finding,
        by=world.coordinator,
        data={"assignee_participant": None, "assignee_organization": organization},
    )
    other_group_event = FindingFactory(working_group=world.other_group).events.create(
        field="assignee", new_value="Ana Popescu"
    )

    erase_participant(participant=participant)

    events = list(FindingEvent.objects.filter(finding=finding).select_related("actor_participant"))
    texts = [(event.actor_name, event.old_value, event.new_value) for event in events]
    assert not any("Popescu" in value for row in texts for value in row)
    assert texts[0][0] == "Vorschlag von Gelöschte Person"
    assert texts[1][2] == texts[2][1] == "Gelöschte Person"
    item.refresh_from_db()
    assert (item.title, item.presenter) == ("Treffen mit der Community", "Gelöschte Person")
    other_group_event.refresh_from_db()
    assert other_group_event.new_value == "Ana Popescu"  # another group's namesake is not touched


def test_forget_participant_does_nothing_for_an_erased_participant(world, participant):
    from members.services import erase_participant

    erase_participant(participant=participant)
    assert services.forget_participant(participant=participant) == 0


def test_history_is_shown_in_the_readers_language(world):
    from django.utils import translation

    finding = FindingFactory(working_group=world.group, priority=Priority.NORMAL, status="open")
    with translation.override("de"):  # written by a German-speaking coordinator …
        services.transition_finding(finding=finding, by=world.coordinator, to="in_progress")
        services.change_finding(
            finding=finding,
            by=world.coordinator,
            data={"priority": Priority.HIGH, "due_date": datetime.date(2031, 1, 15)},
        )
    events = list(FindingEvent.objects.filter(finding=finding))
    with translation.override("en"):  # … read by an English-speaking one
        assert [(e.old_display, e.new_display) for e in events] == [
            ("open", "in progress"),
            ("normal", "high"),
            ("", "01/15/2031"),
        ]
    legacy = FindingEvent(finding=finding, field="status", old_value="offen", new_value="gelöst")
    assert (legacy.old_display, legacy.new_display) == ("offen", "gelöst")  # text from before stays readable
