"""Writes through the services, the leave date, deletion requests, "stands in for", language names, query counts."""

import datetime
import socket

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members import services
from members.models import Organization, Participant
from outbox.models import MailStatus, OutboxMail
from tests.members.factories import OrganizationFactory, ParticipantFactory
from tests.personal import open_personal_link
from tests.snapshot import database_rows


def url(world, name, **kwargs):
    return reverse(f"members:{name}", kwargs={**world.group.url_kwargs(), **kwargs})


# --- Writes go through the services -------------------------------------------------------------------------


def test_participant_create_and_edit_go_through_the_services(coordinator_client, world, monkeypatch):
    calls = []
    create, update = services.create_participant, services.update_participant
    monkeypatch.setattr(services, "create_participant", lambda **kw: calls.append("create") or create(**kw))
    monkeypatch.setattr(services, "update_participant", lambda **kw: calls.append("update") or update(**kw))
    coordinator_client.post(
        url(world, "participant-create"), {"family_name": "Kaya", "languages": "Türkisch", "preferred_language": "de"}
    )
    kaya = Participant.objects.get()
    assert (kaya.working_group, kaya.languages) == (world.group, ",tr,")
    coordinator_client.post(
        url(world, "participant-edit", pk=kaya.pk), {"family_name": "Kaya-Yıldız", "preferred_language": "de"}
    )
    kaya.refresh_from_db()
    assert kaya.family_name == "Kaya-Yıldız"
    assert calls == ["create", "update"]


def test_organization_create_and_edit_go_through_the_services(coordinator_client, world, monkeypatch):
    calls = []
    create, update = services.create_organization, services.update_organization
    monkeypatch.setattr(services, "create_organization", lambda **kw: calls.append("create") or create(**kw))
    monkeypatch.setattr(services, "update_organization", lambda **kw: calls.append("update") or update(**kw))
    coordinator_client.post(url(world, "organization-create"), {"name": "AWO", "kind": "welfare"})
    awo = Organization.objects.get()
    coordinator_client.post(url(world, "organization-edit", pk=awo.pk), {"name": "AWO Karlsruhe", "kind": "welfare"})
    awo.refresh_from_db()
    assert (awo.name, awo.working_group) == ("AWO Karlsruhe", world.group)
    assert calls == ["create", "update"]


def _fail_after(monkeypatch, owner, name):
    """Let ``owner.name`` do its write, then fail: a step after the first write of a service goes wrong."""
    original = getattr(owner, name)

    def write_then_fail(*args, **kwargs):
        original(*args, **kwargs)
        raise RuntimeError("database went away")

    monkeypatch.setattr(owner, name, write_then_fail)


def test_a_participant_whose_creation_fails_after_the_insert_is_not_left_behind(world, monkeypatch):
    """The participant row and its personal link are written together or not at all."""
    _fail_after(monkeypatch, Participant, "save")
    before = database_rows()
    with pytest.raises(RuntimeError):
        services.create_participant(group=world.group, data={"family_name": "Kaya"})
    assert database_rows() == before


def test_an_erasure_that_fails_at_its_last_step_changes_nothing(world, monkeypatch):
    """The other apps' erasure steps (the name in the findings history) are undone with the failed erasure."""
    from findings import services as findings_services
    from tests.findings.factories import FindingFactory

    person = ParticipantFactory(working_group=world.group, given_name="Karim", family_name="Haddad")
    finding = FindingFactory(working_group=world.group)
    findings_services.change_finding(finding=finding, by=world.coordinator, data={"assignee_participant": person})
    _fail_after(monkeypatch, Participant, "save")
    before = database_rows()
    with pytest.raises(RuntimeError):
        services.erase_participant(participant=person)
    assert database_rows() == before
    assert finding.events.get().new_value == "Karim Haddad"


def test_an_import_that_fails_after_creating_organisations_stores_nothing(world, monkeypatch):
    from tests.members.factories import ImportBatchFactory

    batch = ImportBatchFactory(
        working_group=world.group,
        headers=["Nachname", "Vorname", "Organisation"],
        rows=[["Yılmaz", "Ayşe", "Caritas"], ["Haddad", "Karim", "AWO"]],
        lines=[2, 3],
        mapping={"0": "family_name", "1": "given_name", "2": "organization"},
    )
    _fail_after(monkeypatch, Participant.objects, "bulk_create")
    before = database_rows()
    with pytest.raises(RuntimeError):
        services.import_participants(batch=batch, data={"consent_method": ""})
    assert database_rows() == before  # no organisation, no participant, the batch still waiting


# --- Leave date -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("kein Datum", "Bitte ein gültiges Datum eingeben."),
        (
            (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
            "Das Datum kann nicht in der Zukunft liegen.",
        ),
    ],
)
def test_leave_date_errors_are_shown_next_to_the_field(coordinator_client, world, value, message):
    person = ParticipantFactory(working_group=world.group)
    response = coordinator_client.post(url(world, "participant-leave", pk=person.pk), {"left_on": value})
    assert response.status_code == 200
    html = response.content.decode()
    error = html.split('id="left_on-error"', 1)[1][:300]
    assert message in error
    assert f'value="{value}"' in html  # the typed value stays in the field
    person.refresh_from_db()
    assert person.left_on is None


# --- Deletion requests -----------------------------------------------------------------------------------------


def test_open_deletion_requests_are_shown_on_the_participant_list(coordinator_client, world):
    asked = ParticipantFactory(
        working_group=world.group, given_name="Olena", family_name="Kovalenko", left_on=datetime.date(2025, 1, 1)
    )
    Participant.objects.filter(pk=asked.pk).update(
        deletion_requested_at=datetime.datetime(2025, 5, 2, 10, tzinfo=datetime.UTC)
    )
    erased = ParticipantFactory(working_group=world.group)
    services.request_deletion(participant=erased)
    services.erase_participant(participant=erased)
    ParticipantFactory(working_group=world.other_group, deletion_requested_at=timezone.now())
    page = coordinator_client.get(url(world, "participant-list")).content.decode()
    assert "1 Person hat die Löschung ihrer Daten beantragt:" in page
    assert f'href="{asked.get_absolute_url()}">Kovalenko, Olena</a> (02.05.2025)' in page


def test_a_mail_server_that_is_down_loses_neither_the_request_nor_the_mail(
    world, settings, django_capture_on_commit_callbacks
):
    """The request is stored and its mail waits in the outbox for the server (sent later by the worker)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _closed_port(), 2
    person = ParticipantFactory(working_group=world.group)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.request_deletion(participant=person) is True
    person.refresh_from_db()
    assert person.deletion_requested_at is not None
    queued = OutboxMail.objects.get(kind="deletion-request")
    assert queued.status == MailStatus.QUEUED and queued.attempts == 1 and queued.last_error
    assert queued.to_address == world.group.organizer_email
    assert not mail.outbox


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- "Stands in for" --------------------------------------------------------------------------------------------


def test_two_people_cannot_stand_in_for_each_other(coordinator_client, world):
    anna = ParticipantFactory(working_group=world.group, given_name="Anna", family_name="Berg")
    bert = ParticipantFactory(working_group=world.group, given_name="Bert", family_name="Dorn", represents=anna)
    response = coordinator_client.post(
        url(world, "participant-edit", pk=anna.pk),
        {"family_name": "Berg", "represents": bert.pk, "preferred_language": "de"},
    )
    assert "Bert Dorn vertritt bereits diese Person; zwei Personen können sich nicht gegenseitig vertreten." in (
        response.content.decode()
    )
    anna.refresh_from_db()
    assert anna.represents is None


def test_nobody_stands_in_for_someone_who_left(coordinator_client, world):
    gone = ParticipantFactory(
        working_group=world.group, given_name="Gina", family_name="Weg", left_on=datetime.date(2025, 1, 1)
    )
    response = coordinator_client.post(
        url(world, "participant-create"), {"family_name": "Neu", "represents": gone.pk, "preferred_language": "de"}
    )
    assert "Gina Weg ist aus dem Arbeitskreis ausgeschieden." in response.content.decode()
    assert not Participant.objects.filter(family_name="Neu").exists()


def test_an_existing_link_to_someone_who_left_may_stay(coordinator_client, world):
    gone = ParticipantFactory(working_group=world.group, left_on=datetime.date(2025, 1, 1))
    stays = ParticipantFactory(working_group=world.group, represents=gone)
    coordinator_client.post(
        url(world, "participant-edit", pk=stays.pk),
        {"family_name": "Geändert", "represents": gone.pk, "preferred_language": "de"},
    )
    stays.refresh_from_db()
    assert (stays.family_name, stays.represents) == ("Geändert", gone)


# --- Language names ---------------------------------------------------------------------------------------------


def test_filter_and_pages_show_language_names(coordinator_client, world):
    person = ParticipantFactory(working_group=world.group, languages=",de,fa,")
    page = coordinator_client.get(url(world, "participant-list")).content.decode()
    assert '<option value="de">Deutsch</option><option value="fa">Persisch (Farsi)</option>' in page
    assert ">Persisch (Farsi)</span>" in page
    page = coordinator_client.get(person.get_absolute_url()).content.decode()
    assert ">Deutsch</span>" in page and ">Persisch (Farsi)</span>" in page


def test_unknown_language_codes_are_refused_in_the_form(coordinator_client, world):
    response = coordinator_client.post(url(world, "participant-create"), {"family_name": "Kaya", "languages": "de, xx"})
    assert "Unbekannte Sprachen: xx." in response.content.decode()
    assert not Participant.objects.exists()


# --- Query counts with content -----------------------------------------------------------------------------------


def _personal_page_queries(client, participant):
    open_personal_link(client, participant)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("personal:page"))
    return len(queries), response.content.decode()


def test_personal_page_queries_do_not_grow_with_related_rows(client, world):
    from tests.findings.factories import FindingFactory, SuggestionFactory

    counts = {}
    for number in (1, 30):
        person = ParticipantFactory(working_group=world.group)
        for index in range(number):
            FindingFactory(working_group=world.group, raised_by=person, title=f"Lücke {number}-{index}")
            SuggestionFactory(participant=person, title=f"Vorschlag {number}-{index}")
        counts[number], page = _personal_page_queries(client, person)
        assert f"Lücke {number}-{number - 1}" in page and f"Vorschlag {number}-{number - 1}" in page
    assert counts[1] == counts[30]


@pytest.mark.parametrize("count", [3, 40])
def test_organization_list_queries_do_not_grow_and_show_the_counts(
    coordinator_client, world, django_assert_num_queries, count
):
    """More organisations, each with more people: the same number of queries, the right count in each row."""
    for number in range(count):
        organization = OrganizationFactory(working_group=world.group, name=f"Verein {number:02d}")
        ParticipantFactory.create_batch(number % 3 + 1, working_group=world.group, organization=organization)
        ParticipantFactory(working_group=world.group, organization=organization, left_on=datetime.date(2025, 1, 1))
    with django_assert_num_queries(4):
        response = coordinator_client.get(url(world, "organization-list"))
    organizations = response.context["organizations"]
    assert [(o.name, o.active_count) for o in organizations] == [
        (f"Verein {number:02d}", number % 3 + 1) for number in range(count)
    ]
    assert response.content.decode().count("Verein ") == count
