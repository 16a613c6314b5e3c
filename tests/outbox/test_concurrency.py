"""Real transactions and real threads: commit and rollback against the SMTP server, two workers, two queuers.

The tests with two threads need row locks (``SELECT … FOR UPDATE SKIP LOCKED``) and writers that do not serialise
the whole database: they run on PostgreSQL (CI's PostgreSQL pass, or ``DATABASE_URL=postgres://…``).
"""

import threading
import time
from collections import Counter

import pytest
from django.db import connection, connections, transaction

from outbox import services
from outbox.models import MailStatus, OutboxMail

postgres_only = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="needs PostgreSQL: SQLite has no row locks (FOR UPDATE SKIP LOCKED) and lets one writer in at a time; "
    "runs in CI's PostgreSQL pass",
)


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
