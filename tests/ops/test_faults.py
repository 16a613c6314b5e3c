"""Faults: the database goes away while the app serves and comes back; a worker is killed in the middle of sending.

The database test runs its own PostgreSQL cluster (stack.PrivateCluster, in a temporary directory, on a free port):
the shared server of the machine is never stopped.
"""

import collections
import time

import httpx
import pytest

from tests.ops import stack
from tests.smtp import SMTPServer

ERROR_PAGE = "Ein Fehler ist aufgetreten"


@pytest.fixture
def private_database(demo_template):
    """A private PostgreSQL cluster with a copy of the demo data (``.url``, ``.stop()``, ``.start()``)."""
    cluster = stack.PrivateCluster()
    try:
        cluster.copy_from(stack.sibling_url(stack.database_url(), demo_template))
        yield cluster
    finally:
        cluster.destroy()


def _get(client, url):
    """A request that must be answered quickly, whatever the database does: (status, text, seconds)."""
    started = time.monotonic()
    response = client.get(url, timeout=30)
    return response.status_code, response.text, time.monotonic() - started


def test_the_app_answers_again_after_the_database_was_down(private_database, tmp_path):
    db = private_database
    invitee = stack.find_invitee(db.url)
    meeting = invitee["meeting"]
    # One gunicorn worker keeping its connection (DB_CONN_MAX_AGE): the connection broken by the outage is the one
    # reused afterwards, unless CONN_HEALTH_CHECKS notices it.
    server = stack.AppServer("server", env=stack.app_env(db.url, DB_CONN_MAX_AGE=600), tmp_path=tmp_path, workers=1)
    try:
        participant = httpx.Client(follow_redirects=True)
        page = participant.get(server.url(f"/p/{invitee['token']}/meetings/{meeting}/"), timeout=30)
        assert page.status_code == 200
        csrf = stack.csrf_token(page.text)
        assert _get(participant, server.url("/healthz"))[0] == 200
        before = stack.answer_of(db.url, invitee["invitation"])

        db.stop()
        status, body, seconds = _get(participant, server.url("/healthz"))
        assert (status, seconds < 10) == (503, True), body
        assert '"database": "unreachable"' in body
        status, body, seconds = _get(participant, server.url(f"/p/meetings/{meeting}/"))
        assert (status, seconds < 10) == (500, True)
        assert ERROR_PAGE in body  # the German error page, not a hang or a traceback
        during = participant.post(
            server.url(f"/p/meetings/{meeting}/"),
            data={"answer": "declined", "comment": "Während der Störung", "csrfmiddlewaretoken": csrf},
            timeout=30,
        )
        assert during.status_code == 500
        assert ERROR_PAGE in during.text

        db.start()
        assert _get(participant, server.url("/healthz"))[0] == 200  # the same server, not restarted
        assert server.popen.poll() is None
        # The answer sent during the outage is not stored, not even in part.
        assert stack.answer_of(db.url, invitee["invitation"]) == before
        again = participant.get(server.url(f"/p/meetings/{meeting}/"), timeout=30)
        assert again.status_code == 200  # the participant's session survived the outage
        answered = participant.post(
            server.url(f"/p/meetings/{meeting}/"),
            data={"answer": "declined", "comment": "Nach der Störung", "csrfmiddlewaretoken": csrf},
            timeout=30,
        )
        assert "Ihre Antwort wurde gespeichert" in answered.text
        answer, comment, answered_at = stack.answer_of(db.url, invitee["invitation"])
        assert (answer, comment) == ("declined", "Nach der Störung")
        assert answered_at is not None
    finally:
        server.stop()


_QUEUE = """
from django.db import transaction
from outbox.services import queue_mail
with transaction.atomic():
    for number in range(3):
        queue_mail(to=f"kill-{number}@example.org", subject=f"Kill {number}", text="Hallo")
"""


def _send_queued_mail(env, tmp_path, name):
    return stack.Process(
        [str(stack.BIN / "python"), "manage.py", "send_queued_mail"], env=env, log_path=tmp_path / f"{name}.log"
    )


def test_a_worker_killed_while_sending_loses_no_mail_and_sends_none_twice(demo_database, tmp_path):
    smtp = SMTPServer()
    smtp.start()
    try:
        env = stack.app_env(demo_database, smtp_port=smtp.port)
        # Only our three mails are due: the demo data's queued mails are marked sent beforehand.
        stack.query(demo_database, "UPDATE outbox_outboxmail SET status = 'sent' WHERE status <> 'sent'")
        stack.shell(_QUEUE, env=env)
        mails = dict(stack.query(demo_database, "SELECT to_address, id FROM outbox_outboxmail WHERE status = 'queued'"))
        assert sorted(mails) == ["kill-0@example.org", "kill-1@example.org", "kill-2@example.org"]

        # The mail server keeps the first worker waiting in the middle of its first mail; the worker is killed.
        smtp.hold()
        first = _send_queued_mail(env, tmp_path, "worker1")
        assert smtp.held.wait(60), first.log
        first.kill()
        smtp.release()
        status = dict(
            stack.query(
                demo_database,
                "SELECT to_address, status FROM outbox_outboxmail WHERE id = ANY(%s)",
                (list(mails.values()),),
            )
        )
        claimed = [address for address, state in status.items() if state == "sending"]
        assert len(claimed) == 1 and list(status.values()).count("queued") == 2, status

        # A new worker sends the others at once, but leaves the claimed mail alone while its lease runs: its worker
        # might only be slow, and the mail must not go out twice.
        second = _send_queued_mail(env, tmp_path, "worker2")
        assert second.popen.wait(120) == 0, second.log
        second.stop()
        received = collections.Counter(rcpt for _sender, rcpts in smtp.envelopes for rcpt in rcpts)
        assert received == collections.Counter({address: 1 for address in mails if address not in claimed})

        # The lease (OUTBOX_LEASE_SECONDS) passes: the abandoned mail is sent by the next worker, once.
        stack.query(
            demo_database,
            "UPDATE outbox_outboxmail SET claimed_at = claimed_at - interval '601 seconds' WHERE to_address = %s",
            (claimed[0],),
        )
        third = _send_queued_mail(env, tmp_path, "worker3")
        assert third.popen.wait(120) == 0, third.log
        third.stop()
        received = collections.Counter(rcpt for _sender, rcpts in smtp.envelopes for rcpt in rcpts)
        assert received == collections.Counter(dict.fromkeys(mails, 1))
        rows = stack.query(
            demo_database,
            "SELECT status, attempts, last_error FROM outbox_outboxmail WHERE to_address = %s",
            (claimed[0],),
        )
        assert rows[0][:2] == ("sent", 2)
        assert "worker stopped while sending" in rows[0][2]
        assert "abandoned while sending" in third.log
    finally:
        smtp.release()
        smtp.stop()
