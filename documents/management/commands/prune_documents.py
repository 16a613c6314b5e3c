"""Prune the PDF cache (run it daily from cron or a systemd timer, like anonymise_participants)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from documents.cache import prune


class Command(BaseCommand):
    help = (
        "Removes cached PDFs not downloaded for --days days, then the least recently used ones until the "
        "cache fits DOCUMENTS_CACHE_MAX_MB. A removed PDF is simply rendered again when it is next asked for."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Days without a download (default: {settings.DOCUMENTS_CACHE_DAYS}, from DOCUMENTS_CACHE_DAYS).",
        )
        parser.add_argument(
            "--max-mb",
            type=int,
            default=None,
            help=f"Size cap in MB (default: {settings.DOCUMENTS_CACHE_MAX_MB}, from DOCUMENTS_CACHE_MAX_MB).",
        )

    def handle(self, *args, days=None, max_mb=None, **options):
        days = settings.DOCUMENTS_CACHE_DAYS if days is None else days
        max_mb = settings.DOCUMENTS_CACHE_MAX_MB if max_mb is None else max_mb
        if days < 1:
            raise CommandError(_("--days must be at least 1."))
        if max_mb < 0:
            raise CommandError(_("--max-mb must not be negative."))
        count = prune(days=days, max_bytes=max_mb * 1024 * 1024)
        self.stdout.write(
            self.style.SUCCESS(
                ngettext("%(count)s cached PDF has been removed.", "%(count)s cached PDFs have been removed.", count)
                % {"count": count}
            )
        )
