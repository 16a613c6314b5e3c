"""Sending invitations, updates and cancellations: what the coordinator sees, what is stored and what each participant
receives — every mail parsed back with ``email.parser`` and its calendar data with ``icalendar``."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from meetings import invitations, services
from meetings.models import Invitation, MeetingStatus
from outbox.models import OutboxMail
from tests.mail import calendar, html, links, parsed, text
from tests.meetings.factories import AgendaItemFactory, MeetingFactory
from tests.meetings.helpers import messages_of, url
from tests.members.factories import ParticipantFactory

CONSENT = datetime.date(2025, 1, 15)


@pytest.fixture
def meeting(world):
    meeting = MeetingFactory(working_group=world.group, title="Herbsttreffen", status=MeetingStatus.PLANNED)
    AgendaItemFactory(meeting=meeting, position=1, title="Begrüßung", planned_minutes=10)
    AgendaItemFactory(meeting=meeting, position=2, title="Arbeit und Ausbildung", planned_minutes=40)
    return meeting


@pytest.fixture
def people(world):
    return {
        "ayse": ParticipantFactory(
            working_group=world.group,
            given_name="Ayşe",
            family_name="Yılmaz",
            email="ayse@example.org",
            consent_given_at=CONSENT,
        ),
        "olena": ParticipantFactory(
            working_group=world.group,
            given_name="Olena",
            family_name="Kovalenko",
            email="olena@example.net",
            consent_given_at=CONSENT,
            preferred_language="en",
        ),
        "no_email": ParticipantFactory(working_group=world.group, family_name="Ohnemail", email=""),
        "no_consent": ParticipantFactory(working_group=world.group, family_name="Ohnezustimmung"),
        "left": ParticipantFactory(
            working_group=world.group,
            family_name="Ausgeschieden",
            consent_given_at=CONSENT,
            left_on=datetime.date(2024, 1, 1),
        ),
    }


def _sent_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def send(commit, client, meeting, *people):
    with commit():
        return client.post(
            url("meetings:invitations-send", meeting.working_group, pk=meeting.pk),
            {"participants": [person.pk for person in people]},
            follow=True,
        )


def test_the_coordinator_invites_everyone_who_can_be_emailed(coordinator_client, world, meeting, people, commit):
    page = coordinator_client.get(url("meetings:invitations", world.group, pk=meeting.pk)).content.decode()
    assert "Ayşe Yılmaz" in page and "Olena Kovalenko" in page
    assert "Ausgeschieden" not in page.split("Wer keine E-Mail bekommt")[0]
    assert "bitte geben oder schicken Sie ihnen ein gedrucktes Einladungsschreiben" in page.replace("Bitte", "bitte")
    assert "Ohnemail" in page and "Ohnezustimmung" in page
    response = send(commit, coordinator_client, meeting, people["ayse"], people["olena"])
    assert "Die Einladungen an 2 Personen sind unterwegs." in messages_of(response)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.INVITED
    assert sorted(message.to[0] for message in mail.outbox) == ["ayse@example.org", "olena@example.net"]
    stored = {invitation.participant_id: invitation for invitation in Invitation.objects.all()}
    assert set(stored) == {people["ayse"].pk, people["olena"].pk}
    assert all(invitation.sent_at and invitation.sequence_sent == meeting.sequence for invitation in stored.values())
    assert OutboxMail.objects.filter(kind="invitation", status="sent").count() == 2


def test_a_chosen_subset_is_invited_and_the_rest_can_follow(coordinator_client, world, meeting, people, commit):
    send(commit, coordinator_client, meeting, people["ayse"])
    assert [message.to for message in mail.outbox] == [["ayse@example.org"]]
    send(commit, coordinator_client, meeting, people["olena"], people["ayse"])
    assert len(_sent_to("ayse@example.org")) == 1  # not again
    assert len(_sent_to("olena@example.net")) == 1


def test_sending_twice_by_accident_sends_once(coordinator_client, world, meeting, people, commit):
    send(commit, coordinator_client, meeting, people["ayse"])
    response = send(commit, coordinator_client, meeting, people["ayse"])
    assert "Alle Ausgewählten haben die aktuelle Einladung schon; es wurde nichts erneut verschickt." in messages_of(
        response
    )
    assert len(mail.outbox) == 1 and OutboxMail.objects.count() == 1


def test_people_without_email_consent_or_who_left_cannot_be_sent_to(coordinator_client, world, meeting, people, commit):
    send(commit, coordinator_client, meeting, people["no_email"], people["no_consent"], people["left"])
    assert not mail.outbox and not Invitation.objects.exists()


def test_the_mail_is_a_meeting_request_every_client_understands(coordinator_client, world, meeting, people, commit):
    send(commit, coordinator_client, meeting, people["ayse"])
    (message,) = mail.outbox
    tree = parsed(message)
    assert tree.get_content_type() == "multipart/mixed"
    alternative, attachment = tree.get_payload()
    assert alternative.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in alternative.get_payload()] == ["text/plain", "text/html", "text/calendar"]
    inline = alternative.get_payload()[2]
    assert inline.get_param("method") == "REQUEST" and inline.get_content_charset() == "utf-8"
    assert attachment.get_filename() == "einladung.ics"
    assert icalendar.Calendar.from_ical(attachment.get_content()) == icalendar.Calendar.from_ical(inline.get_content())
    assert message.subject.startswith("Einladung: Herbsttreffen – Arbeitskreis Karlsruhe, ")
    assert tree["Reply-To"] == "Koordination <koordination@example.org>"
    data = calendar(message)
    assert data["METHOD"] == "REQUEST"
    (event,) = data.walk("VEVENT")
    assert event["UID"] == meeting.calendar_uid and event["SEQUENCE"] == meeting.sequence
    assert str(event["ORGANIZER"]).lower() == "mailto:koordination@example.org"
    attendees = [str(value).lower() for value in _list(event["ATTENDEE"])]
    assert attendees == ["mailto:ayse@example.org"]
    attendee = _list(event["ATTENDEE"])[0]
    assert attendee.params["PARTSTAT"] == "NEEDS-ACTION" and attendee.params["RSVP"] == "TRUE"
    assert attendee.params["CN"] == "Ayşe Yılmaz"
    assert data.walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["STATUS"] == "CONFIRMED"
    assert abs(event["DTSTAMP"].dt - timezone.now()) < datetime.timedelta(minutes=1)
    assert "Begrüßung" in str(event["DESCRIPTION"])


def test_the_mail_text_has_the_meeting_the_agenda_and_three_answer_links(
    coordinator_client, world, meeting, people, commit
):
    send(commit, coordinator_client, meeting, people["ayse"])
    (message,) = mail.outbox
    body = text(message)
    assert "Guten Tag Ayşe Yılmaz," in body
    assert "Herbsttreffen" in body and "Rathaus, Sitzungssaal" in body
    assert "16:00–16:10  1. Begrüßung" in body and "16:10–16:50  2. Arbeit und Ausbildung" in body
    answer_links = [link for link in links(body) if "answer=" in link]
    assert [link.rsplit("=", 1)[1] for link in answer_links] == ["accepted", "tentative", "declined"]
    token = people["ayse"].token
    assert all(f"/p/{token}/meetings/{meeting.pk}/" in link for link in answer_links)
    assert any(link.endswith(f"/p/{token}/") for link in links(body))
    page = html(message)
    assert "Herbsttreffen" in page and f"/p/{token}/meetings/{meeting.pk}/?answer=declined" in page


def test_each_participant_gets_the_mail_in_their_language(coordinator_client, world, meeting, people, commit):
    send(commit, coordinator_client, meeting, people["olena"])
    (message,) = mail.outbox
    assert message.subject.startswith("Invitation: Herbsttreffen")
    assert "Hello Olena Kovalenko," in text(message)
    assert parsed(message)["Content-Language"] == "en"
    assert '<html lang="en">' in html(message)


def test_the_recipient_is_never_the_organiser(coordinator_client, world, meeting, people, settings, commit):
    """Outlook shows no answer buttons to someone it takes for the organiser: a coordinator on their own list gets
    the meeting to put in their calendar (PUBLISH), the others a request with the configured ORGANIZER."""
    settings.INVITATION_ORGANIZER_EMAIL = "einladungen@ak.example.org"
    me = ParticipantFactory(working_group=world.group, email="EINLADUNGEN@ak.example.org", consent_given_at=CONSENT)
    send(commit, coordinator_client, meeting, people["ayse"], me)
    request = calendar(_sent_to("ayse@example.org")[0])
    (event,) = request.walk("VEVENT")
    assert str(event["ORGANIZER"]) == "mailto:einladungen@ak.example.org"
    own = calendar(_sent_to("EINLADUNGEN@ak.example.org")[0])
    assert own["METHOD"] == "PUBLISH" and "ATTENDEE" not in own.walk("VEVENT")[0]


def test_without_an_organiser_address_nothing_is_sent(coordinator_client, world, meeting, people, commit):
    world.group.organizer_email = ""
    world.group.save()
    response = send(commit, coordinator_client, meeting, people["ayse"])
    assert (
        "Bitte tragen Sie zuerst in den Einstellungen des Arbeitskreises die E-Mail-Adresse der einladenden Person ein."
        in messages_of(response)
    )
    assert not mail.outbox and not Invitation.objects.exists()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_a_change_is_offered_and_sent_as_an_update_with_a_higher_sequence(
    coordinator_client, world, meeting, people, commit
):
    send(commit, coordinator_client, meeting, people["ayse"], people["olena"])
    first = calendar(_sent_to("ayse@example.org")[0]).walk("VEVENT")[0]
    services.update_meeting(meeting=meeting, data={"place": "Landratsamt, Saal 2"})
    meeting.refresh_from_db()
    page = coordinator_client.get(url("meetings:invitations", world.group, pk=meeting.pk)).content.decode()
    assert "Das Treffen hat sich geändert, seit 2 Personen eingeladen wurden." in page and "Änderung senden" in page
    with commit():
        response = coordinator_client.post(url("meetings:invitations-update", world.group, pk=meeting.pk), follow=True)
    assert "Die Änderung wurde an 2 Personen verschickt." in messages_of(response)
    update = _sent_to("ayse@example.org")[1]
    assert update.subject.startswith("Geändert: Herbsttreffen")
    second = calendar(update).walk("VEVENT")[0]
    assert second["UID"] == first["UID"]
    assert second["SEQUENCE"] > first["SEQUENCE"] == 0
    assert second["DTSTAMP"].dt >= first["DTSTAMP"].dt
    assert "Landratsamt, Saal 2" in str(second["LOCATION"])
    # Sending the change again sends nothing.
    with commit():
        coordinator_client.post(url("meetings:invitations-update", world.group, pk=meeting.pk))
    assert len(mail.outbox) == 4


def test_cancelling_sends_a_cancellation_to_everyone_invited(coordinator_client, world, meeting, people, commit):
    send(commit, coordinator_client, meeting, people["ayse"], people["olena"])
    with commit():
        coordinator_client.post(url("meetings:cancel", world.group, pk=meeting.pk))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    cancellation = _sent_to("ayse@example.org")[-1]
    assert cancellation.subject.startswith("Abgesagt: Herbsttreffen")
    tree = parsed(cancellation)
    inline = next(p for p in tree.walk() if p.get_content_type() == "text/calendar")
    assert inline.get_param("method") == "CANCEL"
    data = calendar(cancellation)
    assert data["METHOD"] == "CANCEL"
    (event,) = data.walk("VEVENT")
    assert event["STATUS"] == "CANCELLED" and event["UID"] == meeting.calendar_uid
    assert event["SEQUENCE"] == meeting.sequence == 1
    assert "Das Treffen des Arbeitskreis Karlsruhe wurde abgesagt:" in text(cancellation)
    assert len(_sent_to("olena@example.net")) == 2
    assert Invitation.objects.filter(cancellation_sent_at__isnull=False).count() == 2


def test_a_rolled_back_change_sends_nothing(world, meeting, people):
    with pytest.raises(RuntimeError), mail_transaction():
        invitations.send_invitations(meeting=meeting)
        raise RuntimeError("the coordinator's request failed afterwards")
    assert not mail.outbox and not OutboxMail.objects.exists() and not Invitation.objects.exists()


def test_an_observer_cannot_send(observer_client, world, meeting, people, commit):
    assert send(commit, observer_client, meeting, people["ayse"]).status_code == 403
    assert not mail.outbox and not Invitation.objects.exists()


def test_no_invitations_for_a_meeting_that_has_begun(world, people):
    started = MeetingFactory(working_group=world.group, start=timezone.now() - datetime.timedelta(minutes=5))
    with pytest.raises(Exception, match="hat schon begonnen"):
        invitations.send_invitations(meeting=started)
    assert not OutboxMail.objects.exists()


def mail_transaction():
    return transaction.atomic()


def _list(value):
    return value if isinstance(value, list) else [value]


def test_the_meeting_page_counts_the_answers_and_who_has_an_old_version(coordinator_client, world, meeting):
    """The meeting page lists no invitation; it counts the answers and the invited people who have not received the
    current version — in the database, as the invitations page counts them from its rows."""
    from tests.meetings.factories import InvitationFactory

    for answer in ("accepted", "accepted", "declined", "tentative", "needs_action"):
        InvitationFactory(meeting=meeting, answer=answer)
    InvitationFactory(meeting=meeting, sent_at=None, sequence_sent=None)  # prepared, not sent: no update pending
    meeting.sequence += 1
    meeting.save(update_fields=["sequence"])
    InvitationFactory(meeting=meeting, answer="accepted")  # received the current version

    page = coordinator_client.get(meeting.get_absolute_url()).content.decode()

    assert "3 zugesagt · 1 vielleicht · 1 abgesagt · 2 offen" in page
    assert "seit 5 Personen eingeladen wurden" in page


def test_an_id_too_large_for_the_database_sends_nothing_and_says_why(
    coordinator_client, world, meeting, people, commit
):
    with commit():
        response = coordinator_client.post(
            url("meetings:invitations-send", meeting.working_group, pk=meeting.pk),
            {"participants": [people["olena"].pk, "9" * 20]},
            follow=True,
        )
    assert response.status_code == 200
    assert any("9" * 20 in message for message in messages_of(response))
    assert not Invitation.objects.exists()
    assert not mail.outbox
