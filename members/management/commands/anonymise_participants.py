"""Erase the personal data of participants who left long ago (run it e.g. monthly from cron)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members import services


class Command(BaseCommand):
    help = (
        "Anonymises participants who left more than MEMBERS_ANONYMISE_AFTER_MONTHS months ago: names, contact data "
        "and notes are erased; attendance, minutes and findings keep a neutral placeholder."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help=f"Months after leaving (default: {settings.MEMBERS_ANONYMISE_AFTER_MONTHS}, from the setting).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count, change nothing.")

    def handle(self, *args, months=None, dry_run=False, **options):
        months = months if months is not None else settings.MEMBERS_ANONYMISE_AFTER_MONTHS
        if months < 1:
            raise CommandError(_("--months must be at least 1."))
        count = services.anonymise_left_participants(months=months, dry_run=dry_run)
        if not dry_run:
            services.discard_stale_import_batches()
        if dry_run:
            self.stdout.write(
                ngettext(
                    "%(count)s participant would be anonymised (left more than %(months)s months ago).",
                    "%(count)s participants would be anonymised (left more than %(months)s months ago).",
                    count,
                )
                % {"count": count, "months": months}
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    ngettext(
                        "%(count)s participant has been anonymised (left more than %(months)s months ago).",
                        "%(count)s participants have been anonymised (left more than %(months)s months ago).",
                        count,
                    )
                    % {"count": count, "months": months}
                )
            )
