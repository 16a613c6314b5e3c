"""Reminders: a few days before a meeting, once, to everyone invited who has not declined — also when the command
runs twice at the same moment. And the invitation mails through a real SMTP server that goes down and comes back."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from meetings import invitations
from meetings.models import Invitation, MeetingStatus
from outbox import services as outbox
from outbox.models import MailStatus, OutboxMail
from tests.mail import calendar, text
from tests.meetings.factories import InvitationFactory, MeetingFactory
from tests.members.factories import ParticipantFactory

CONSENT = datetime.date(2025, 1, 15)


@pytest.fixture
def soon(world):
    """A meeting in five days with four invited people: open, accepted, maybe and declined."""
    meeting = MeetingFactory(
        working_group=world.group,
        title="Herbsttreffen",
        status=MeetingStatus.INVITED,
        start=timezone.now() + datetime.timedelta(days=5),
    )
    for answer in ("needs_action", "accepted", "tentative", "declined"):
        InvitationFactory(
            meeting=meeting, answer=answer, participant__family_name=answer, participant__consent_given_at=CONSENT
        )
    return meeting


def test_a_reminder_goes_to_everyone_who_has_not_declined_once(world, soon, django_capture_on_commit_callbacks):
    later = MeetingFactory(
        working_group=world.group, status=MeetingStatus.INVITED, start=timezone.now() + datetime.timedelta(days=20)
    )
    InvitationFactory(meeting=later, participant__consent_given_at=CONSENT)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", days=7)
    reminded = sorted(message.to[0] for message in mail.outbox)
    expected = sorted(
        Invitation.objects.filter(meeting=soon).exclude(answer="declined").values_list("participant__email", flat=True)
    )
    assert reminded == expected and len(reminded) == 3
    message = mail.outbox[0]
    assert message.subject.startswith("Erinnerung: Herbsttreffen")
    assert "Eine Erinnerung an das nächste Treffen des Arbeitskreis Karlsruhe:" in text(message)
    assert calendar(message)["METHOD"] == "REQUEST"
    assert Invitation.objects.filter(reminded_at__isnull=False).count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", days=7)
    assert len(mail.outbox) == 3  # never twice


def test_nobody_is_reminded_of_a_cancelled_or_held_meeting(world, soon):
    soon.status = MeetingStatus.CANCELLED
    soon.save()
    assert invitations.send_reminders(days=7) == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: SQLite has no row locks")
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_remind_each_person_once(soon):
    barrier = threading.Barrier(2)
    counts, errors = [], []

    def run():
        try:
            barrier.wait()
            counts.append(invitations.send_reminders(days=7))
        except Exception as error:  # noqa: BLE001 — collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and sum(counts) == 3
    assert OutboxMail.objects.filter(kind="reminder").count() == 3


def test_invitations_reach_a_real_smtp_server_and_wait_while_it_is_down(world, smtp_server, dummy_tasks):
    meeting = MeetingFactory(working_group=world.group, title="Herbsttreffen", status=MeetingStatus.PLANNED)
    for name in ("Yılmaz", "Kovalenko", "Haddad"):
        ParticipantFactory(working_group=world.group, family_name=name, consent_given_at=CONSENT)
    smtp_server.stop()  # the mail server is down while the coordinator sends
    invitations.send_invitations(meeting=meeting)
    assert outbox.send_due() == 0
    assert set(OutboxMail.objects.values_list("status", flat=True)) == {MailStatus.QUEUED}
    # The sweep stops at the first unreachable-server error, so the others do not each wait out the timeout.
    assert OutboxMail.objects.exclude(last_error="").count() == 1
    smtp_server.start()
    OutboxMail.objects.update(next_attempt_at=timezone.now())
    assert outbox.send_due() == 3
    assert outbox.send_due() == 0
    received = smtp_server.messages
    assert len(received) == 3 and len(set(smtp_server.message_ids())) == 3
    for message in received:
        inline = next(part for part in message.walk() if part.get_content_type() == "text/calendar")
        assert inline.get_param("method") == "REQUEST"
        assert str(message["Subject"]).strip().startswith("Einladung: Herbsttreffen")
        assert any(part.get_filename() == "einladung.ics" for part in message.walk())
