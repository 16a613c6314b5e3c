"""How the outbox runs: the database task backend with its worker, the two commands, the admin log, the settings."""

import datetime
import os
import signal
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from outbox import services
from outbox.models import MailStatus, OutboxAttachment, OutboxMail
from tests.factories import UserFactory
from tests.outbox.factories import PDF, OutboxMailFactory

ROOT = Path(__file__).resolve().parents[2]


def queue(number=0):
    return services.queue_mail(to=f"person{number}@example.org", subject=f"Erinnerung {number}", text="Guten Tag")


@pytest.fixture
def run_worker():
    """Run `manage.py db_worker --batch` (all ready tasks, then exit) and give the test its signal handlers back."""

    def run():
        handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
        try:
            call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        finally:
            for number, handler in handlers.items():
                signal.signal(number, handler)

    return run


@pytest.fixture
def english():
    """The commands' output is translated; English keeps these tests independent of the German catalogue."""
    with translation.override("en"):
        yield


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_db_worker_sends_and_a_failure_is_retried_at_its_time(
    smtp_server, settings, run_worker
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with transaction.atomic():
        mail = queue(1)
    [task] = DBTaskResult.objects.all()
    assert (task.task_path, task.args_kwargs) == (
        "outbox.tasks.deliver_mail",
        {"args": [], "kwargs": {"mail_id": mail.pk}},
    )
    assert smtp_server.messages == []  # nothing is sent until a worker runs

    run_worker()

    assert smtp_server.message_ids() == [mail.message_id]
    task.refresh_from_db()
    assert (task.status, task.return_value) == ("SUCCESSFUL", MailStatus.SENT)

    smtp_server.stop()
    with transaction.atomic():
        second = queue(2)
    run_worker()  # the attempt fails; the retry waits for its time, so the batch worker stops

    second.refresh_from_db()
    assert (second.status, second.attempts) == (MailStatus.QUEUED, 1)
    [retry] = DBTaskResult.objects.filter(status="READY")
    assert retry.args_kwargs["kwargs"] == {"mail_id": second.pk}
    assert retry.run_after == second.next_attempt_at > timezone.now()


@pytest.mark.django_db
def test_send_queued_mail_sends_what_is_due(dummy_tasks, mailoutbox, english):
    queue(1), queue(2)
    out = StringIO()

    call_command("send_queued_mail", stdout=out)

    assert out.getvalue().strip() == "2 mails sent."
    assert len(mailoutbox) == 2
    with pytest.raises(CommandError, match="at least 1"):
        call_command("send_queued_mail", limit=0)


@pytest.mark.django_db
def test_prune_outbox_deletes_only_old_sent_mails(english):
    now = timezone.now()
    old = OutboxMailFactory(status=MailStatus.SENT, sent_at=now - datetime.timedelta(days=91))
    OutboxAttachment.objects.create(mail=old, filename="a.pdf", mimetype="application/pdf", content=PDF)
    recent = OutboxMailFactory(status=MailStatus.SENT, sent_at=now - datetime.timedelta(days=89))
    old_failure = OutboxMailFactory(status=MailStatus.FAILED, created_at=now - datetime.timedelta(days=400))
    out = StringIO()

    call_command("prune_outbox", stdout=out)

    assert out.getvalue().strip() == "1 sent mail older than 90 days deleted."
    assert set(OutboxMail.objects.values_list("pk", flat=True)) == {recent.pk, old_failure.pk}
    assert not OutboxAttachment.objects.exists()
    call_command("prune_outbox", days=30, stdout=out)
    assert set(OutboxMail.objects.values_list("pk", flat=True)) == {old_failure.pk}
    with pytest.raises(CommandError, match="at least 1"):
        call_command("prune_outbox", days=0)


@pytest.mark.django_db
def test_the_admin_shows_a_read_only_log_and_sends_failed_mails_again(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    failed = OutboxMailFactory(status=MailStatus.FAILED, attempts=8, last_error="SMTPRecipientsRefused: 550 unknown")
    sent = OutboxMailFactory(status=MailStatus.SENT, subject="Protokoll Frühjahr")
    changelist = reverse("admin:outbox_outboxmail_changelist")

    page = client.get(changelist, {"status__exact": "failed"}).content.decode()
    assert failed.to_address in page and "SMTPRecipientsRefused: 550 unknown" in page
    assert sent.to_address not in page
    detail = client.get(reverse("admin:outbox_outboxmail_change", args=[sent.pk])).content.decode()
    assert "Protokoll Frühjahr" in detail and 'name="subject"' not in detail  # shown, not editable
    assert client.get(reverse("admin:outbox_outboxmail_add")).status_code == 403
    assert client.get(reverse("admin:outbox_outboxmail_delete", args=[sent.pk])).status_code == 403

    response = client.post(
        changelist,
        {"action": "send_again", "_selected_action": [failed.pk, sent.pk]},
        headers={"accept-language": "en"},
        follow=True,
    )

    assert [str(message) for message in response.context["messages"]] == [
        "1 mail is queued to be sent again.",
        "1 mail was left alone: it is sent or being sent.",
    ]
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert (failed.status, failed.attempts) == (MailStatus.QUEUED, 0)
    assert sent.status == MailStatus.SENT


@pytest.mark.django_db
def test_the_admin_log_is_for_staff_with_permission_only(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("admin:outbox_outboxmail_changelist")).status_code == 403


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"TASKS_BACKEND": "database"}, "django_tasks_db.DatabaseBackend"),
        ({"TASKS_BACKEND": "celery"}, "TASKS_BACKEND must be one of immediate, database"),
        ({"EMAIL_URL": "smtp://mail.example.org?timeout=400"}, "OUTBOX_LEASE_SECONDS must be at least twice"),
    ],
)
def test_the_settings_read_the_task_backend_and_refuse_nonsense(environment, expected):
    env = {**os.environ, "DEBUG": "1", **environment}
    result = subprocess.run(
        [sys.executable, "-c", "from arbeitskreis import settings; print(settings.TASKS['default']['BACKEND'])"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert expected in result.stdout + result.stderr
