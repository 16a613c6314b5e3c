"""Two app servers and two outbox workers share one PostgreSQL database: what one server stores, the other sees; a
login on one is valid on the other; a PDF rendered by one is served from the cache by the other; every mail goes out
exactly once although two workers (and two sweeps) run at once."""

import collections
import json

import httpx
import pytest

from tests.ops import stack
from tests.smtp import SMTPServer

# The demo data's coordinator of Landkreis Karlsruhe (arbeitskreis/demo.py) and the group's address.
COORDINATOR = ("koordination-karlsruhe", "demo-arbeitskreis")
GROUP = "/ak/landkreis-karlsruhe/arbeitskreis-integreat"

FIND_INVITEE = """
import json
from meetings.models import Answer, Invitation
invitation = (
    Invitation.objects.filter(
        meeting__working_group__municipality__slug="landkreis-karlsruhe", meeting__status="invited",
        answer=Answer.NEEDS_ACTION, participant__token__isnull=False,
    ).select_related("participant").order_by("pk").first()
)
print(json.dumps({"meeting": invitation.meeting_id, "token": invitation.participant.token,
                  "invitation": invitation.pk}))
"""

QUEUE_MAILS = """
from django.db import transaction
from outbox.services import queue_mail
with transaction.atomic():
    for number in range({count}):
        queue_mail(to=f"ops-{{number}}@example.org", subject=f"Scale-out {{number}}", text="Hallo")
print("queued")
"""


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
    already_sent = set(json.loads(stack.shell(_SENT_IDS, env=env)))  # the demo data's mails marked sent
    processes = []
    try:
        servers = [stack.AppServer(f"server{n}", env=env, tmp_path=tmp_path) for n in (1, 2)]
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
        yield env, servers, already_sent
    finally:
        for process in processes:
            process.stop()


def test_two_app_servers_and_two_workers_share_one_database(cluster, smtp):
    env, (one, two), already_sent = cluster
    invitee = json.loads(stack.shell(FIND_INVITEE, env=env))
    meeting = invitee["meeting"]

    # A login made on server 1 is valid on server 2 (the session is in the database).
    coordinator = httpx.Client(timeout=30)
    stack.login(coordinator, one, *COORDINATOR)
    dashboard = coordinator.get(two.url("/"))
    assert dashboard.status_code == 200
    assert "Sabine Keller" in dashboard.text or "koordination-karlsruhe" in dashboard.text
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
    assert 'value="tentative" checked' in seen.text.replace("\n", " ") or "Über Server 1 beantwortet" in seen.text
    invitations = coordinator.get(two.url(f"{GROUP}/meetings/{meeting}/invitations/"))
    assert invitations.status_code == 200
    assert "Über Server 1 beantwortet" in invitations.text

    # A PDF rendered by server 1 is served by server 2 from the shared cache, without rendering it again.
    sheet = f"{GROUP}/minutes/meetings/{meeting}/attendance-sheet/"
    rows_before = stack.shell(_CACHE_ROWS, env=env)
    first = coordinator.get(one.url(sheet))
    assert first.status_code == 200
    assert first.headers["Content-Type"] == "application/pdf"
    assert first.content.startswith(b"%PDF")
    rows_after_first = json.loads(stack.shell(_CACHE_ROWS, env=env))
    assert len(rows_after_first) == len(json.loads(rows_before)) + 1
    second = coordinator.get(two.url(sheet))
    assert second.status_code == 200
    assert second.content == first.content
    assert json.loads(stack.shell(_CACHE_ROWS, env=env)) == rows_after_first  # same row, same last use: a hit
    assert one.log.count("PDF rendered, not in the cache") == 1
    assert "PDF rendered, not in the cache" not in two.log

    # Every mail goes out once: the demo data's queued mails and 40 more, with two workers and two sweeps at once.
    stack.shell(QUEUE_MAILS.format(count=40), env=env)
    sweeps = [
        stack.Process(
            [str(stack.BIN / "python"), "manage.py", "send_queued_mail"], env=env, log_path=one.log_path.parent / name
        )
        for name in ("sweep1.log", "sweep2.log")
    ]
    for sweep in sweeps:
        sweep.popen.wait(120)
        sweep.stop()
    expected = json.loads(stack.shell(_WAIT_FOR_OUTBOX, env=env, timeout=120))
    assert expected["unsent"] == 0, expected
    received = collections.Counter(message["Message-ID"] for message in smtp.messages)
    sent_now = set(expected["message_ids"]) - already_sent
    assert len(sent_now) >= 40
    assert set(received) == sent_now
    assert set(received.values()) == {1}
    recipients = collections.Counter(rcpt for _sender, rcpts in smtp.envelopes for rcpt in rcpts)
    assert all(recipients[f"ops-{number}@example.org"] == 1 for number in range(40))


_CACHE_ROWS = """
import json
from documents.models import RenderedDocument
rows = RenderedDocument.objects.order_by("pk").values_list("pk", "last_used_at")
print(json.dumps([[pk, str(used)] for pk, used in rows]))
"""

_WAIT_FOR_OUTBOX = """
import json, time
from outbox.models import MailStatus, OutboxMail
deadline = time.monotonic() + 90
pending = OutboxMail.objects.exclude(status__in=[MailStatus.SENT, MailStatus.FAILED])
while pending.exists() and time.monotonic() < deadline:
    time.sleep(0.2)
sent = list(OutboxMail.objects.filter(status=MailStatus.SENT).values_list("message_id", flat=True))
unsent = pending.count()
print(json.dumps({"message_ids": sent, "unsent": unsent}))
"""

_SENT_IDS = """
import json
from outbox.models import MailStatus, OutboxMail
print(json.dumps(list(OutboxMail.objects.filter(status=MailStatus.SENT).values_list("message_id", flat=True))))
"""
