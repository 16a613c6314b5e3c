"""Delete sent mails older than OUTBOX_PRUNE_DAYS days from the outbox (run it daily)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from outbox import services


class Command(BaseCommand):
    help = "Deletes sent mails (and their attachments) sent more than --days days ago; queued and failed mails stay."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Age in days (default: {settings.OUTBOX_PRUNE_DAYS}, from the setting OUTBOX_PRUNE_DAYS).",
        )

    def handle(self, *args, days=None, **options):
        days = days if days is not None else settings.OUTBOX_PRUNE_DAYS
        if days < 1:
            raise CommandError(_("--days must be at least 1."))
        count = services.prune(days=days)
        self.stdout.write(
            ngettext(
                "%(count)s sent mail older than %(days)s days deleted.",
                "%(count)s sent mails older than %(days)s days deleted.",
                count,
            )
            % {"count": count, "days": days}
        )
