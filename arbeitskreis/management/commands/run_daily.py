"""The daily housekeeping in one documented order (README "Operations": the systemd timer or the cron line runs it
once a day). Each step is the management command of its app, run on its own: one that fails is logged and the
others still run; the command exits non-zero at the end when any failed. Running it twice changes nothing more.
"""

import io
import logging
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

logger = logging.getLogger("arbeitskreis.daily")


def steps() -> list[tuple[str, list[str]]]:
    """``(command, arguments)`` in the order they run, each with the retention period of its setting:

    1. ``sync_networks`` — the regional networks follow the coordinator roles (before the reminders go out);
    2. ``anonymise_participants`` — erases people who left more than ANONYMISE_AFTER_MONTHS ago, and discards
       participant lists uploaded but never imported;
    3. ``send_reminders`` — queues the reminders REMINDER_DAYS_BEFORE days before a meeting (each once);
    4. ``prune_outbox`` — deletes sent mails older than OUTBOX_PRUNE_DAYS (queued and failed mails stay);
    5. ``prune_db_task_results`` — finished task rows older than OUTBOX_PRUNE_DAYS (only with the database task
       backend, which the worker uses);
    6. ``prune_documents`` — cached PDFs not downloaded for DOCUMENTS_CACHE_DAYS, then down to DOCUMENTS_CACHE_MAX_MB.
    """
    daily = [
        ("sync_networks", []),
        ("anonymise_participants", []),
        ("send_reminders", []),
        ("prune_outbox", []),
    ]
    if settings.TASKS_BACKEND == "database":
        daily.append(("prune_db_task_results", [f"--min-age-days={settings.OUTBOX_PRUNE_DAYS}", "--queue-name=*"]))
    daily.append(("prune_documents", []))
    return daily


class Command(BaseCommand):
    help = (
        "Runs the daily housekeeping in order: sync_networks, anonymise_participants, send_reminders, prune_outbox, "
        "prune_db_task_results (database task backend only), prune_documents. A failing step does not stop the "
        "others; the exit status is non-zero when any failed."
    )

    def handle(self, *args, **options):
        failed = []
        for name, arguments in steps():
            started = time.monotonic()
            output = io.StringIO()
            try:
                call_command(name, *arguments, stdout=output, stderr=output)
            except Exception:  # noqa: BLE001 — one step's failure must not stop the others
                logger.exception("daily step %s failed", name)
                failed.append(name)
                self.stderr.write(_("%(step)s failed (see the log).") % {"step": name})
                continue
            summary = " ".join(output.getvalue().split())
            logger.info("daily step %s done in %.1f s: %s", name, time.monotonic() - started, summary)
            self.stdout.write(f"{name}: {summary}")
        if failed:
            raise CommandError(
                ngettext("%(count)s step failed: %(steps)s", "%(count)s steps failed: %(steps)s", len(failed))
                % {"count": len(failed), "steps": ", ".join(failed)}
            )
