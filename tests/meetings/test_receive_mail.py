"""Answers from the calendar client: ``manage.py receive_mail`` records an iTIP REPLY as the participant's answer —
as Outlook, Thunderbird, Gmail and Apple send it — exactly once, and ignores everything else without a crash."""

import datetime
import io
import sys
from email.message import EmailMessage

import pytest
from django.core.management import call_command
from django.utils import timezone

from meetings import invitations
from meetings.management.commands.receive_mail import imap_settings, poll_imap
from meetings.models import Answer, AnswerSource, Invitation, MeetingStatus
from tests.meetings.factories import InvitationFactory, MeetingFactory
from tests.meetings.test_inbound import CLIENTS, COMMENTS, GMAIL, UID, alternative, headers, raw

CONSENT = datetime.date(2025, 1, 15)


@pytest.fixture
def meeting(world):
    return MeetingFactory(working_group=world.group, calendar_uid=UID, status=MeetingStatus.INVITED)


@pytest.fixture
def invited(meeting):
    """The four people whose calendar clients answer in tests/meetings/test_inbound.py, invited to the meeting."""
    people = {}
    for client, (_build, _shape, email, _partstat) in CLIENTS.items():
        people[client] = InvitationFactory(
            meeting=meeting, participant__email=email.upper(), participant__consent_given_at=CONSENT
        )
    return people


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_a_reply_from_each_calendar_client_is_recorded_as_the_answer(invited, client):
    build, _shape, _email, partstat = CLIENTS[client]
    assert invitations.receive_message(raw(build())) == ["recorded"]
    invitation = Invitation.objects.get(pk=invited[client].pk)
    assert invitation.answer == Answer(partstat.lower())
    assert invitation.answer_source == AnswerSource.CALENDAR
    assert invitation.comment == COMMENTS.get(client, "")
    others = Invitation.objects.exclude(pk=invitation.pk)
    assert set(others.values_list("answer", flat=True)) == {Answer.NEEDS_ACTION}


def test_the_command_reads_the_message_from_standard_input(invited, monkeypatch, capsys):
    build = CLIENTS["outlook"][0]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw(build()))))
    call_command("receive_mail")
    assert "recorded" in capsys.readouterr().out
    assert Invitation.objects.get(pk=invited["outlook"].pk).answer == Answer.ACCEPTED


def test_the_same_reply_twice_is_recorded_once(invited):
    message = raw(CLIENTS["thunderbird"][0]())  # the calendar data inline and as an attachment: read once
    assert invitations.receive_message(message) == ["recorded"]
    answered_at = Invitation.objects.get(pk=invited["thunderbird"].pk).answered_at
    assert invitations.receive_message(message) == ["unchanged"]
    assert Invitation.objects.get(pk=invited["thunderbird"].pk).answered_at == answered_at


def test_an_answer_on_the_web_after_the_mail_was_written_stays(invited):
    """The web answer is the source of truth: a calendar reply written before it does not overwrite it."""
    invitation = invited["outlook"]
    Invitation.objects.filter(pk=invitation.pk).update(
        answer=Answer.DECLINED, answer_source=AnswerSource.WEB, answered_at=timezone.now()
    )
    assert invitations.receive_message(raw(CLIENTS["outlook"][0]())) == ["superseded"]
    assert Invitation.objects.get(pk=invitation.pk).answer == Answer.DECLINED


def test_a_reply_for_another_groups_meeting_changes_nothing(world, invited):
    """The UID is a meeting of another group: the sender is not invited there."""
    other = MeetingFactory(working_group=world.other_group, status=MeetingStatus.INVITED)
    reply = alternative(GMAIL.replace(UID, other.calendar_uid), cte="8bit")
    message = raw(headers(reply, "Olena Kovalenko <olena.kovalenko@gmail.com>", "Mit Vorbehalt angenommen: AK"))
    assert invitations.receive_message(message) == ["unknown attendee"]
    assert not Invitation.objects.exclude(answer=Answer.NEEDS_ACTION).exists()


def test_an_unknown_meeting_or_attendee_is_ignored(invited):
    assert invitations.receive_message(raw(CLIENTS["apple"][0]()).replace(UID.encode(), b"unknown@x")) == [
        "unknown meeting"
    ]
    message = raw(CLIENTS["apple"][0]()).replace(b"karim@icloud.com", b"fremd@example.org")
    assert invitations.receive_message(message) == ["unknown attendee"]
    assert not Invitation.objects.exclude(answer=Answer.NEEDS_ACTION).exists()


def test_a_reply_after_the_meeting_began_is_ignored(meeting, invited):
    meeting.start = timezone.now() - datetime.timedelta(minutes=5)
    meeting.end = timezone.now() + datetime.timedelta(hours=1)
    meeting.save()
    assert invitations.receive_message(raw(CLIENTS["outlook"][0]())) == ["closed"]


@pytest.mark.parametrize(
    ("message", "outcome"),
    [
        (b"", "no calendar"),
        (b"\x00\xff" * 100, "no calendar"),
        (b"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nbroken", "no calendar"),
        (b"From: a@b\r\nContent-Type: text/calendar\r\n\r\nBEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\n", "not a reply"),
        (b"Subject: hi\r\n\r\n" + b"x" * 10_500_000, "unreadable"),
    ],
    ids=["empty", "binary", "broken MIME", "a request, not a reply", "10 MB"],
)
def test_hostile_or_unrelated_mail_is_logged_and_ignored(invited, message, outcome, caplog):
    assert invitations.receive_message(message) == [outcome]
    assert not Invitation.objects.exclude(answer=Answer.NEEDS_ACTION).exists()


def test_a_plain_mail_to_the_organiser_is_ignored(invited):
    message = EmailMessage()
    message["From"] = "someone@example.org"
    message["Subject"] = "Frage zum Treffen"
    message.set_content("Kann ich jemanden mitbringen?")
    assert invitations.receive_message(bytes(message)) == ["no calendar"]


class FakeIMAP:
    """An IMAP server's answers as imaplib gives them, for the mailbox handling of ``receive_mail --imap``."""

    def __init__(self, host, port, messages):
        self.address, self.messages, self.calls, self.moved = (host, port), dict(messages), [], []

    def login(self, user, password):
        self.calls.append(("login", user, password))

    def create(self, folder):
        self.calls.append(("create", folder))

    def select(self, mailbox):
        self.calls.append(("select", mailbox))

    def uid(self, command, *args):
        if command == "SEARCH":
            return "OK", [b" ".join(self.messages)]
        if command == "FETCH":
            return "OK", [(b"1 (RFC822 {1}", self.messages[args[0]]), b")"]
        if command == "MOVE":
            self.moved.append((args[0], args[1]))
            return "OK", [b""]
        raise AssertionError(command)

    def logout(self):
        self.calls.append(("logout",))


def test_the_mailbox_is_polled_and_handled_messages_moved(invited):
    messages = {b"7": raw(CLIENTS["gmail"][0]()), b"8": b"Subject: Newsletter\r\n\r\nHallo"}
    fake = {}

    def connect(host, port):
        fake["client"] = FakeIMAP(host, port, messages)
        return fake["client"]

    handled = poll_imap(
        "imaps://ak%40kommune.example.org:geheim@mail.example.org/INBOX", done_folder="AK", connect=connect
    )
    assert handled == 2
    client = fake["client"]
    assert client.address == ("mail.example.org", 993)
    assert ("login", "ak@kommune.example.org", "geheim") in client.calls and ("logout",) in client.calls
    assert client.moved == [(b"7", "AK"), (b"8", "AK")]
    assert Invitation.objects.get(pk=invited["gmail"].pk).answer == Answer.TENTATIVE


def test_the_imap_address_is_read_strictly():
    assert imap_settings("imap://user@localhost/Antworten") == (False, "localhost", 143, "user", "", "Antworten")
    with pytest.raises(Exception, match="INBOUND_IMAP_URL"):
        imap_settings("https://mail.example.org")
