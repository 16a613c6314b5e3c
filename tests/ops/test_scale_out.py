"""Two app servers and two outbox workers share one PostgreSQL database: what one server stores, the other sees; a
login on one is valid on the other; a PDF rendered by one is served from the cache by the other; every mail goes out
exactly once although two workers (and two sweeps) run at once."""

import collections
import time

import httpx
import pytest

from tests.ops import stack
from tests.smtp import SMTPServer

# The demo data's coordinator of Landkreis Karlsruhe (arbeitskreis/demo.py) and the group's address.
COORDINATOR = ("koordination-karlsruhe", "demo-arbeitskreis")
GROUP = "/ak/landkreis-karlsruhe/arbeitskreis-integreat"

MAILS = 100

# Queues the mails in one transaction; each mail's delivery task is enqueued twice (as after a retried enqueue), so
# the two workers also race for the same mail, not only for different tasks.
QUEUE_MAILS = f"""
from django.db import transaction
from outbox import tasks
from outbox.services import queue_mail
with transaction.atomic():
    for number in range({MAILS}):
        mail = queue_mail(to=f"ops-{{number}}@example.org", subject=f"Scale-out {{number}}", text="Hallo")
        transaction.on_commit(lambda pk=mail.pk: tasks.enqueue_delivery(mail_id=pk))
"""

# The sweep (`manage.py send_queued_mail`) run again and again for a few seconds, as two cron hosts would.
SWEEP = "import time; from outbox.services import send_due; [send_due() or time.sleep(0.05) for _ in range(150)]"


@pytest.fixture
def smtp():
    server = SMTPServer()
    server.start()
    yield server
    server.release()
    server.stop()


@pytest.fixture
def cluster(demo_database, smtp, tmp_path):
    """Two gunicorn servers and two db_workers against one database, mail to ``smtp``."""
    env = stack.app_env(demo_database, smtp_port=smtp.port)
    already_sent = {row[0] for row in stack.query(demo_database, _SENT_IDS)}  # the demo data's mails marked sent
    processes = []
    try:
        servers = [stack.AppServer(f"server{n}", env=env, tmp_path=tmp_path, wait=False) for n in (1, 2)]
        processes += servers
        workers = [
            stack.Process(
                [str(stack.BIN / "python"), "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
                env=env,
                log_path=tmp_path / f"worker{n}.log",
            )
            for n in (1, 2)
        ]
        processes += workers
        for server in servers:  # started together, waited for together
            server.wait_until_up()
        yield demo_database, env, servers, already_sent
    finally:
        for process in processes:  # all at once, then each waited for
            process.interrupt()
        for process in processes:
            process.stop()


def test_two_app_servers_and_two_workers_share_one_database(cluster, smtp):
    db, env, (one, two), already_sent = cluster
    invitee = stack.find_invitee(db)
    meeting = invitee["meeting"]

    # A login made on server 1 is valid on server 2 (the session is in the database).
    coordinator = httpx.Client(timeout=30)
    stack.login(coordinator, one, *COORDINATOR)
    dashboard = coordinator.get(two.url("/"))
    assert dashboard.status_code == 200
    assert "Sabine Keller" in dashboard.text
    assert httpx.get(two.url("/"), timeout=30).status_code == 302  # without the cookie: to the login page

    # An answer given through server 1 is seen through server 2, by the participant and by the coordinator.
    participant = httpx.Client(timeout=30, follow_redirects=True)
    page = participant.get(one.url(f"/p/{invitee['token']}/meetings/{meeting}/"))
    assert page.status_code == 200
    answered = participant.post(
        one.url(f"/p/meetings/{meeting}/"),
        data={
            "answer": "tentative",
            "comment": "Über Server 1 beantwortet",
            "csrfmiddlewaretoken": stack.csrf_token(page.text),
        },
    )
    assert answered.status_code == 200
    assert "Ihre Antwort wurde gespeichert" in answered.text
    seen = participant.get(two.url(f"/p/meetings/{meeting}/"))
    assert "Über Server 1 beantwortet" in seen.text
    invitations = coordinator.get(two.url(f"{GROUP}/meetings/{meeting}/invitations/"))
    assert invitations.status_code == 200
    assert "Über Server 1 beantwortet" in invitations.text

    # A PDF rendered by server 1 is served by server 2 from the shared cache, without rendering it again.
    sheet = f"{GROUP}/minutes/meetings/{meeting}/attendance-sheet/"
    rows_before = stack.query(db, _CACHE_ROWS)
    first = coordinator.get(one.url(sheet))
    assert first.status_code == 200
    assert first.headers["Content-Type"] == "application/pdf"
    assert first.content.startswith(b"%PDF")
    rows_after_first = stack.query(db, _CACHE_ROWS)
    assert len(rows_after_first) == len(rows_before) + 1
    second = coordinator.get(two.url(sheet))
    assert second.status_code == 200
    assert second.content == first.content
    assert stack.query(db, _CACHE_ROWS) == rows_after_first  # same row, same last use: a hit
    assert one.log.count("PDF rendered, not in the cache") == 1
    assert "PDF rendered, not in the cache" not in two.log

    # Every mail goes out once: the demo data's queued mails and 100 more, while two workers and two sweeps compete.
    python = str(stack.BIN / "python")
    sweeps = [
        stack.Process([python, "manage.py", "shell", "-c", SWEEP], env=env, log_path=one.log_path.parent / name)
        for name in ("sweep1.log", "sweep2.log")
    ]
    stack.shell(QUEUE_MAILS, env=env)
    for sweep in sweeps:
        assert sweep.popen.wait(120) == 0, sweep.log
        sweep.stop()
    deadline = time.monotonic() + 90
    while stack.query(db, _UNSENT)[0][0] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert stack.query(db, _UNSENT)[0][0] == 0
    sent_now = {row[0] for row in stack.query(db, _SENT_IDS)} - already_sent
    assert len(sent_now) >= MAILS
    received = collections.Counter(message["Message-ID"] for message in smtp.messages)
    assert set(received) == sent_now  # every mail marked sent arrived, and nothing else
    assert set(received.values()) == {1}  # once
    recipients = collections.Counter(rcpt for _sender, rcpts in smtp.envelopes for rcpt in rcpts)
    assert [recipients[f"ops-{number}@example.org"] for number in range(MAILS)] == [1] * MAILS


_CACHE_ROWS = "SELECT id, last_used_at FROM documents_rendereddocument ORDER BY id"
_SENT_IDS = "SELECT message_id FROM outbox_outboxmail WHERE status = 'sent'"
_UNSENT = "SELECT count(*) FROM outbox_outboxmail WHERE status IN ('queued', 'sending')"
