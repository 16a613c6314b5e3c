"""Send every due mail of the outbox (run it every minute from a systemd timer or cron)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from outbox import services


class Command(BaseCommand):
    help = (
        "Sends every queued mail that is due (and every mail a stopped worker left behind); the safety net beside "
        "the task worker. Safe to run in several processes at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="Send at most this many mails.")

    def handle(self, *args, limit=None, **options):
        if limit is not None and limit < 1:
            raise CommandError(_("--limit must be at least 1."))
        sent = services.send_due(limit=limit)
        self.stdout.write(ngettext("%(count)s mail sent.", "%(count)s mails sent.", sent) % {"count": sent})
