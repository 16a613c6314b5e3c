"""Sending against a real SMTP server that the test starts: arrival, outage, refusal, back-off, lease, "send again"."""

import datetime

import pytest
from django.utils import timezone

from outbox import services
from outbox.models import MailStatus, OutboxMail
from tests.outbox.factories import PDF, calendar_data

pytestmark = pytest.mark.django_db


def queue(number=0, **kwargs):
    values = {
        "to": f"Teilnehmende {number} <person{number}@example.org>",
        "subject": f"Einladung zum Arbeitskreis ({number})",
        "text": "Guten Tag,\nSie sind eingeladen.",
        "kind": "invitation",
    }
    return services.queue_mail(**{**values, **kwargs})


def make_due(*mails):
    """Time passes: the mails' next attempt is now."""
    OutboxMail.objects.filter(pk__in=[mail.pk for mail in mails]).update(next_attempt_at=timezone.now())


def fresh(mail):
    return OutboxMail.objects.get(pk=mail.pk)


def test_a_delivered_mail_arrives_once_with_its_parts(smtp_server, dummy_tasks):
    mail = queue(
        html="<p>Guten Tag</p>", calendar=calendar_data(), attachments=[("einladung.pdf", PDF, "application/pdf")]
    )

    assert services.deliver(mail_id=mail.pk) == MailStatus.SENT

    [message] = smtp_server.messages
    assert smtp_server.envelopes == [("arbeitskreis@localhost", ["person0@example.org"])]
    assert message["Message-ID"] == mail.message_id
    assert message.get_content_type() == "multipart/mixed"
    alternative = next(message.iter_parts())
    assert [part.get_content_type() for part in alternative.iter_parts()] == [
        "text/plain",
        "text/html",
        "text/calendar",
    ]
    assert [part.get_params()[1:] for part in alternative.iter_parts()][2] == [
        ("charset", "utf-8"),
        ("method", "REQUEST"),
    ]
    assert [part.get_filename() for part in message.iter_attachments()] == ["einladung.ics", "einladung.pdf"]
    mail = fresh(mail)
    assert (mail.status, mail.attempts, mail.last_error, mail.next_attempt_at) == (MailStatus.SENT, 1, "", None)
    assert mail.sent_at >= mail.claimed_at >= mail.created_at
    # Never twice: neither a second task nor the sweep sends it again.
    assert services.deliver(mail_id=mail.pk) == MailStatus.SENT
    assert services.send_due() == 0
    assert len(smtp_server.messages) == 1


def test_during_an_outage_the_error_is_recorded_and_afterwards_each_mail_goes_out_once(
    smtp_server, dummy_tasks, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    mails = [queue(number) for number in range(3)]
    smtp_server.stop()

    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.deliver(mail_id=mails[0].pk) == MailStatus.QUEUED

    first = fresh(mails[0])
    assert first.attempts == 1
    assert first.last_error.startswith("ConnectionRefusedError")
    base = datetime.timedelta(seconds=settings.OUTBOX_RETRY_BASE_SECONDS)
    assert before + base <= first.next_attempt_at <= timezone.now() + base
    # The next attempt is enqueued for then (the dummy backend defers like the database backend does).
    [task] = dummy_tasks.results
    assert (task.kwargs, task.task.run_after) == ({"mail_id": first.pk}, first.next_attempt_at)

    # A sweep during the outage stops at the first mail it cannot send: the others are not even tried.
    assert services.send_due() == 0
    assert [fresh(mail).attempts for mail in mails] == [1, 1, 0]

    # However long the outage lasts, an unreachable server never turns a mail into "failed".
    for _attempt in range(3):
        make_due(mails[0])
        assert services.deliver(mail_id=mails[0].pk) == MailStatus.QUEUED
    assert fresh(mails[0]).attempts == 4
    assert smtp_server.messages == []

    smtp_server.start()
    make_due(*mails)
    assert services.send_due() == 3
    assert services.send_due() == 0

    assert sorted(smtp_server.message_ids()) == sorted(mail.message_id for mail in mails)
    assert {fresh(mail).status for mail in mails} == {MailStatus.SENT}


@pytest.mark.parametrize(("code", "text"), [(550, "5.1.1 User unknown"), (451, "4.7.1 Try again later")])
def test_a_refused_mail_fails_after_the_last_attempt_and_send_again_delivers_it(
    smtp_server, dummy_tasks, settings, django_capture_on_commit_callbacks, code, text
):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    smtp_server.refuse(code, text)
    mail = queue()

    statuses = []
    for _attempt in range(3):
        make_due(mail)
        statuses.append(services.deliver(mail_id=mail.pk))

    assert statuses == [MailStatus.QUEUED, MailStatus.QUEUED, MailStatus.FAILED]
    mail = fresh(mail)
    assert (mail.attempts, mail.next_attempt_at) == (3, None)
    assert str(code) in mail.last_error and text in mail.last_error
    make_due(mail)
    assert services.send_due() == 0  # failed mails wait for a person

    smtp_server.refuse(None)
    dummy_tasks.clear()
    with django_capture_on_commit_callbacks(execute=True):
        mail = services.retry(mail=mail)
    assert (mail.status, mail.attempts) == (MailStatus.QUEUED, 0)
    assert mail.next_attempt_at <= timezone.now()
    [task] = dummy_tasks.results
    assert (task.kwargs, task.task.run_after) == ({"mail_id": mail.pk}, None)

    assert services.deliver(mail_id=mail.pk) == MailStatus.SENT
    assert smtp_server.message_ids() == [mail.message_id]
    with pytest.raises(services.NotRetryable):
        services.retry(mail=mail)


def test_a_mail_left_sending_by_a_killed_worker_is_sent_after_the_lease(smtp_server, dummy_tasks, settings):
    now = timezone.now()
    lease = datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    abandoned, in_progress = queue(1), queue(2)
    OutboxMail.objects.filter(pk=abandoned.pk).update(
        status=MailStatus.SENDING, claimed_at=now - lease * 1.1, attempts=1
    )
    OutboxMail.objects.filter(pk=in_progress.pk).update(
        status=MailStatus.SENDING, claimed_at=now - lease / 2, attempts=1
    )

    assert services.send_due() == 1

    assert smtp_server.message_ids() == [abandoned.message_id]
    abandoned = fresh(abandoned)
    assert (abandoned.status, abandoned.attempts) == (MailStatus.SENT, 2)
    assert "worker stopped" in abandoned.last_error
    assert fresh(in_progress).status == MailStatus.SENDING  # its worker may still be talking to the server


def test_a_mail_that_keeps_killing_its_worker_is_given_up(smtp_server, dummy_tasks, settings):
    mail = queue()
    claimed_at = timezone.now() - datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 1)
    OutboxMail.objects.filter(pk=mail.pk).update(
        status=MailStatus.SENDING, claimed_at=claimed_at, attempts=settings.OUTBOX_MAX_ATTEMPTS
    )

    assert services.deliver(mail_id=mail.pk) == MailStatus.FAILED

    assert smtp_server.messages == []
    assert "worker stopped" in fresh(mail).last_error


def test_a_sent_mail_is_never_sent_again_even_with_an_old_claim(smtp_server, dummy_tasks):
    mail = queue()
    long_ago = timezone.now() - datetime.timedelta(days=1)
    OutboxMail.objects.filter(pk=mail.pk).update(status=MailStatus.SENT, claimed_at=long_ago, next_attempt_at=long_ago)

    assert services.send_due() == 0
    assert services.deliver(mail_id=mail.pk) == MailStatus.SENT
    assert smtp_server.messages == []


def test_a_mail_not_yet_due_waits(smtp_server, dummy_tasks):
    mail = queue()
    OutboxMail.objects.filter(pk=mail.pk).update(next_attempt_at=timezone.now() + datetime.timedelta(minutes=5))

    assert services.deliver(mail_id=mail.pk) == MailStatus.QUEUED
    assert services.send_due() == 0
    assert fresh(mail).attempts == 0
    assert services.deliver(mail_id=mail.pk + 1000) is None  # pruned meanwhile: nothing to do


def test_send_due_respects_its_limit_and_sends_oldest_first(smtp_server, dummy_tasks):
    mails = [queue(number) for number in range(4)]

    assert services.send_due(limit=3) == 3
    assert smtp_server.message_ids() == [mail.message_id for mail in mails[:3]]


@pytest.mark.parametrize(
    ("base", "attempts", "seconds"),
    [(60, 1, 60), (60, 2, 120), (60, 3, 240), (60, 8, 7680), (60, 9, 15360), (60, 10, 21600), (600, 7, 21600)],
)
def test_back_off_doubles_from_the_base_and_stops_at_six_hours(settings, base, attempts, seconds):
    settings.OUTBOX_RETRY_BASE_SECONDS = base
    assert services.backoff_seconds(attempts) == seconds
