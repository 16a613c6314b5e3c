"""Load realistic German demo data. Safe to run again: it updates instead of duplicating.

The demo accounts get a published password, so the command refuses to run without DEBUG (a production setting)
unless forced: ``--force`` or ``ALLOW_DEMO_DATA=1`` (settings.ALLOW_DEMO_DATA), for a demo or test instance.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from arbeitskreis import demo, team_demo
from findings import demo as findings_demo
from integreat import demo as integreat_demo
from meetings import demo as meetings_demo
from members import demo as members_demo
from minutes import demo as minutes_demo
from minutes import demo_protocols
from networks import demo as networks_demo
from outbox.models import MailStatus, OutboxMail

# Each app's demo builds on the ones before it: findings and measures use the demo's participants and meetings,
# the minutes list the measures decided in their meeting; the networks gather the groups' coordinators.
APP_DEMOS = [members_demo, meetings_demo, findings_demo, minutes_demo, demo_protocols, integreat_demo, networks_demo]

REFUSED = (
    "seed_demo legt Demo-Konten mit dem veröffentlichten Passwort „{password}“ an und läuft deshalb nur mit "
    "DEBUG=1. Diese Installation läuft mit DEBUG=0 (Produktion); es wurde nichts angelegt. Nur für eine Demo- "
    "oder Testinstanz: mit --force aufrufen oder ALLOW_DEMO_DATA=1 setzen."
)


class Command(BaseCommand):
    help = (
        "Creates or updates the demo municipalities, working groups, accounts and their data. Refuses to run "
        "with DEBUG=0 unless --force is given or ALLOW_DEMO_DATA=1 is set."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Also with DEBUG=0: the demo accounts and their published password are created all the same.",
        )

    def handle(self, *args, force=False, **options):
        if not (settings.DEBUG or settings.ALLOW_DEMO_DATA or force):
            raise CommandError(REFUSED.format(password=demo.DEMO_PASSWORD))
        self.seed()
        self.stdout.write(self.style.SUCCESS("Demo-Daten sind angelegt. Anmeldungen (Benutzername / Passwort):"))
        for line in demo.logins():
            self.stdout.write(line)

    @transaction.atomic
    def seed(self):
        groups = demo.seed(stdout=self.stdout)
        for app_demo in APP_DEMOS:
            app_demo.seed(groups=groups, stdout=self.stdout)
        # The team last: its handover hands over what the apps' demos made.
        team_demo.seed(groups=groups, stdout=self.stdout)
        # What the mail worker would have done with the demo's mails (protocols for review, team invitations, the
        # handover): sent — marked before the transaction commits, so no worker sends them and `make run` prints
        # none. (The meetings demo has already marked its own, one of them refused by the mail server.)
        OutboxMail.objects.filter(status=MailStatus.QUEUED).update(
            status=MailStatus.SENT, sent_at=timezone.now(), attempts=1
        )
