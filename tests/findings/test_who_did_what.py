"""Who did what, through the views: every change a coordinator makes records that coordinator, not someone else or
nobody — the status change, the edit, the new gap, the triage of a suggestion, and the import of a list."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from findings.models import EventField, Finding, FindingEvent, Suggestion
from members.models import ImportBatch
from tests.factories import GroupRoleFactory
from tests.findings.factories import FindingFactory, SuggestionFactory
from tests.findings.test_views import form_data


@pytest.fixture
def acting(world):
    """A second coordinator of the group, so that a recorded user cannot be the first one by accident."""
    user = GroupRoleFactory(
        working_group=world.group, user__username="zweite", user__first_name="Zeynep", user__last_name="Kaya"
    ).user
    client = Client()
    client.force_login(user)
    return user, client


def url(name, group, **kwargs):
    return reverse(name, kwargs={**group.url_kwargs(), **kwargs})


def test_a_status_change_records_who_made_it(world, acting):
    user, client = acting
    finding = FindingFactory(working_group=world.group)
    client.post(url("findings:transition", world.group, pk=finding.pk), {"to": "in_progress"})
    event = FindingEvent.objects.get(field=EventField.STATUS)
    assert (event.actor, event.old_value, event.new_value) == (user, "open", "in_progress")
    page = client.get(finding.get_absolute_url()).content.decode()
    assert "Zeynep Kaya" in page


def test_an_edit_records_who_made_it(world, acting, participant):
    user, client = acting
    finding = FindingFactory(working_group=world.group, title="Kita-Anmeldung fehlt", priority=3)
    response = client.post(
        url("findings:edit", world.group, pk=finding.pk),
        form_data(title="Kita-Anmeldung fehlt", priority="1", assignee=f"p:{participant.pk}"),
    )
    assert response.status_code == 302
    events = {event.field: event for event in FindingEvent.objects.all()}
    assert set(events) == {EventField.PRIORITY, EventField.ASSIGNEE}
    assert {event.actor for event in events.values()} == {user}
    assert (events[EventField.ASSIGNEE].new_value, events[EventField.PRIORITY].new_value) == ("Ana Popescu", "1")


def test_a_new_gap_records_who_recorded_it(world, acting):
    user, client = acting
    client.post(url("findings:create", world.group), form_data())
    event = FindingEvent.objects.get()
    assert (event.field, event.actor, event.finding) == (EventField.CREATED, user, Finding.objects.get())


def test_the_triage_records_who_decided(world, acting, participant):
    user, client = acting
    accepted = SuggestionFactory(participant=participant, title="Arbeit auf Rumänisch")
    declined = SuggestionFactory(participant=participant, title="Mehr Freizeit")
    client.post(url("findings:suggestion-accept", world.group, pk=accepted.pk))
    client.post(url("findings:suggestion-decline", world.group, pk=declined.pk), {f"s{declined.pk}-note": "Gibt es."})
    assert set(Suggestion.objects.values_list("status", "decided_by")) == {
        ("accepted", user.pk),
        ("declined", user.pk),
    }
    created = FindingEvent.objects.get(field=EventField.CREATED)
    assert (created.actor, created.actor_participant) == (user, participant)


def test_an_import_records_who_uploaded_the_list(world, acting):
    user, client = acting
    table = "Nachname;Vorname;E-Mail\r\nYılmaz;Ayşe;ayse@example.org\r\n".encode()
    upload = SimpleUploadedFile("liste.csv", table, content_type="text/csv")
    response = client.post(url("members:import-upload", world.group), {"file": upload})
    batch = ImportBatch.objects.get()
    assert response["Location"] == url("members:import-preview", world.group, batch=batch.pk)
    client.post(url("members:import-confirm", world.group, batch=batch.pk), {"consent_method": ""})
    batch.refresh_from_db()
    assert (batch.created_by, batch.imported_at is not None) == (user, True)
