"""Benchmark: 300 invitations through the outbox to a local SMTP server, against sending them straight.

    .venv/bin/python bench/outbox_send.py                    # SQLite (a fresh temporary database)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/arbeitskreis_bench .venv/bin/python bench/outbox_send.py

Not part of the test run. It builds its own database (the test runner's machinery: created and dropped again),
starts an aiosmtpd server on a free local port (the one the tests use) and measures, in the same run:

- baseline: the same 300 messages (text, HTML, inline calendar part, .ics attachment) sent straight through
  Django's SMTP backend over one connection — what sending costs without an outbox;
- queue: ``queue_mail`` for 300 mails, one transaction each (as 300 services would);
- outbox: ``send_due`` delivering the 300 queued mails (claim, commit, build, send, mark sent — one connection).

It prints the median time per mail of each and the outbox's ratio to the baseline.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arbeitskreis.settings_test")

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.conf import settings  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

# Tasks are recorded, not run: only send_due sends (override_settings tells django-tasks to drop its cached backend).
override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}).enable()
logging.getLogger("mail.log").setLevel(logging.WARNING)  # the SMTP server is quiet
from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

MAILS = 300
ROUNDS = 3


def configure(server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""


def queue_all():
    from outbox import services
    from tests.outbox.factories import calendar_data

    calendar = calendar_data()
    html = "<p>Guten Tag,</p><p>wir laden Sie herzlich zum Arbeitskreis ein.</p>" + "<p>Tagesordnung …</p>" * 20
    mails = []
    for number in range(MAILS):
        with transaction.atomic():
            mails.append(
                services.queue_mail(
                    to=f"Teilnehmende {number} <person{number}@example.org>",
                    subject="Einladung: Arbeitskreis Integreat am 12. März 2026",
                    text="Guten Tag,\nwir laden Sie herzlich ein.\n" + "Tagesordnung …\n" * 20,
                    html=html,
                    calendar=calendar,
                    reply_to=["koordination@example.org"],
                    kind="invitation",
                )
            )
    return mails


def main():
    from django.core.mail import get_connection
    from django.test.utils import get_runner
    from django.utils import timezone

    from outbox import services
    from outbox.models import MailStatus, OutboxMail
    from tests.smtp import SMTPServer

    setup_test_environment()
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    server = SMTPServer()
    server.start()
    configure(server)
    try:
        baseline, queueing, outbox = [], [], []
        for _round in range(ROUNDS):
            OutboxMail.objects.all().delete()
            start = time.perf_counter()
            mails = queue_all()
            queueing.append(time.perf_counter() - start)

            messages = [services.build_message(mail, attachments=[]) for mail in mails]
            start = time.perf_counter()
            with get_connection() as smtp:
                assert smtp.send_messages(messages) == MAILS
            baseline.append(time.perf_counter() - start)

            start = time.perf_counter()
            assert services.send_due() == MAILS
            outbox.append(time.perf_counter() - start)
            assert OutboxMail.objects.filter(status=MailStatus.SENT, sent_at__lte=timezone.now()).count() == MAILS
        assert len(server.raw) == 2 * MAILS * ROUNDS

        def per_mail(times):
            return statistics.median(times) / MAILS * 1000

        print(f"{connection.vendor}, {MAILS} mails with HTML and calendar part, median of {ROUNDS} rounds")
        print(f"{'':44} {'ms per mail':>12} {'ratio':>6}")
        print(f"{'baseline: straight through the SMTP backend':44} {per_mail(baseline):12.2f} {1:6.1f}")
        print(
            f"{'outbox: send_due (claim, send, mark sent)':44} {per_mail(outbox):12.2f} "
            f"{statistics.median(outbox) / statistics.median(baseline):6.1f}"
        )
        print(
            f"{'queue_mail, one transaction each':44} {per_mail(queueing):12.2f} "
            f"{statistics.median(queueing) / statistics.median(baseline):6.1f}"
        )
    finally:
        server.stop()
        runner.teardown_databases(old_config)


if __name__ == "__main__":
    main()
