"""Load the page tree of every municipality with an Integreat region (or the ones named) from the Integreat API.

Meant for a scheduler, e.g. nightly: ``15 3 * * * cd /srv/arbeitskreis && .venv/bin/python manage.py
fetch_integreat_pages``. Not throttled (the coordinators' button is), but never beside an attempt that runs. A
failed or partial fetch keeps the previous snapshot; the command says why, in German, and exits with status 1
when any municipality failed.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from arbeitskreis.models import Municipality
from integreat import selectors, services
from integreat.models import AttemptStatus


class Command(BaseCommand):
    help = "Loads the Integreat page tree of each municipality with an Integreat region from the Integreat API."

    def add_arguments(self, parser):
        parser.add_argument("municipalities", nargs="*", metavar="SLUG", help="Only these municipalities (slugs).")

    def handle(self, *args, municipalities=(), **options):
        with translation.override(settings.LANGUAGE_CODE):
            return self._fetch(municipalities)

    def _fetch(self, slugs):
        wanted = Municipality.objects.exclude(integreat_region_slug="").order_by("slug")
        if slugs:
            wanted = Municipality.objects.filter(slug__in=slugs).order_by("slug")
            unknown = set(slugs) - set(wanted.values_list("slug", flat=True))
            if unknown:
                raise CommandError(_("Unknown municipality: %(slugs)s") % {"slugs": ", ".join(sorted(unknown))})
        failed = 0
        for municipality in wanted:
            try:
                region = services.fetch_now(municipality=municipality)
            except ValidationError as error:
                self.stdout.write(f"{municipality.name}: {' '.join(error.messages)}")
                failed += 1
                continue
            if region.attempt_status == AttemptStatus.SUCCEEDED:
                self.stdout.write(
                    _("%(municipality)s: %(pages)s pages in %(languages)s languages loaded.")
                    % {
                        "municipality": municipality.name,
                        "pages": region.page_count,
                        "languages": len(region.languages),
                    }
                )
            else:
                failed += 1
                self.stdout.write(
                    _("%(municipality)s: not loaded. %(reason)s The previous page tree stays in use.")
                    % {"municipality": municipality.name, "reason": selectors.attempt_message(region)}
                )
        if failed:
            raise CommandError(
                ngettext(
                    "%(count)s municipality could not be loaded.",
                    "%(count)s municipalities could not be loaded.",
                    failed,
                )
                % {"count": failed}
            )
