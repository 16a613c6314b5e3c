"""Real transactions and real threads: commit and rollback against the SMTP server, two workers, two queuers.

The tests with two threads need row locks (``SELECT … FOR UPDATE SKIP LOCKED``) and writers that do not serialise
the whole database: they run on PostgreSQL (CI's PostgreSQL pass, or ``DATABASE_URL=postgres://…``).
"""

import datetime
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from outbox import services
from outbox.models import MailStatus, OutboxMail

postgres_only = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="needs PostgreSQL: SQLite has no row locks (FOR UPDATE SKIP LOCKED) and lets one writer in at a time; "
    "runs in CI's PostgreSQL pass",
)


ROOT = Path(__file__).resolve().parents[2]


def queue(number=0, **kwargs):
    values = {"to": f"person{number}@example.org", "subject": f"Einladung {number}", "text": "Guten Tag"}
    return services.queue_mail(**{**values, **kwargs})


def run_together(*functions):
    """Run each function in its own thread (own database connection), released at once by a barrier."""
    barrier = threading.Barrier(len(functions))
    results, errors = [None] * len(functions), []

    def run(index, function):
        try:
            barrier.wait(timeout=10)
            results[index] = function()
        except Exception as exc:  # reported to the test below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, function)) for index, function in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
def test_a_committed_change_sends_right_after_the_commit_and_a_rolled_back_one_sends_nothing(smtp_server):
    with transaction.atomic():
        committed = queue(1)
        assert smtp_server.messages == []  # not before the commit
    assert smtp_server.message_ids() == [committed.message_id]

    with pytest.raises(RuntimeError), transaction.atomic():
        queue(2)
        raise RuntimeError("the change failed")

    assert smtp_server.message_ids() == [committed.message_id]
    assert list(OutboxMail.objects.values_list("status", flat=True)) == [MailStatus.SENT]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_mail_once(smtp_server, dummy_tasks):
    mails = [queue(number) for number in range(40)]

    sent = run_together(services.send_due, services.send_due)

    assert sum(sent) == 40
    assert Counter(smtp_server.message_ids()) == Counter({mail.message_id: 1 for mail in mails})
    assert set(OutboxMail.objects.values_list("status", "attempts")) == {(MailStatus.SENT, 1)}


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_tasks_for_the_same_mail_send_it_once(smtp_server, dummy_tasks):
    mails = [queue(number) for number in range(10)]

    def deliver_all():
        return [services.deliver(mail_id=mail.pk) for mail in mails]

    first, second = run_together(deliver_all, deliver_all)

    assert Counter(smtp_server.message_ids()) == Counter({mail.message_id: 1 for mail in mails})
    # For each mail one worker sent it; the other found it locked, being sent or sent, and left it alone.
    for mine, theirs in zip(first, second, strict=True):
        assert MailStatus.SENT in (mine, theirs)
    assert set(OutboxMail.objects.values_list("status", "attempts")) == {(MailStatus.SENT, 1)}


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_transactions_queueing_the_same_dedupe_key_store_one_mail(dummy_tasks):
    def queue_in_a_transaction():
        with transaction.atomic():
            mail = queue(dedupe_key="reminder:meeting-7:participant-3")
            time.sleep(0.3)  # hold the transaction open: the other insert waits on the unique index
            # The caller's transaction goes on after a lost race.
            OutboxMail.objects.filter(pk=mail.pk).exists()
            return mail.pk

    first, second = run_together(queue_in_a_transaction, queue_in_a_transaction)

    assert first == second
    assert OutboxMail.objects.count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_sending_loses_nothing_and_sends_nothing_twice(smtp_server, settings):
    """`manage.py db_worker` in its own process, killed (SIGKILL) in the middle of the SMTP conversation."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with transaction.atomic():
        mail = queue(1)
    smtp_server.hold()  # the worker's connection stops after MAIL FROM
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "arbeitskreis.settings",
        "DEBUG": "1",
        "TASKS_BACKEND": "database",
        "DATABASE_URL": url_of_the_test_database(),
        "EMAIL_URL": f"smtp://{settings.EMAIL_HOST}:{smtp_server.port}",
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert smtp_server.held.wait(timeout=30), "the worker never reached the mail server"
    finally:
        worker.kill()
        worker.wait(timeout=10)

    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.SENDING, 1)
    assert DBTaskResult.objects.get().status == "RUNNING"  # the task row stays so: the outbox's lease takes over
    smtp_server.release()
    assert services.send_due() == 0  # within the lease: the worker might still be sending

    OutboxMail.objects.filter(pk=mail.pk).update(
        claimed_at=timezone.now() - datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 1)
    )
    assert services.send_due() == 1
    assert services.send_due() == 0

    assert smtp_server.message_ids() == [mail.message_id]
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.SENT, 2)


def url_of_the_test_database():
    """The test database (not the configured one) as a DATABASE_URL for another process."""
    database = connection.settings_dict
    password = f":{quote(database['PASSWORD'], safe='')}" if database["PASSWORD"] else ""
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgres://{quote(database['USER'], safe='')}{password}@{database['HOST']}{port}/{database['NAME']}"
