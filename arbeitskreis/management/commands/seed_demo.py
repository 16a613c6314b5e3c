"""Load realistic German demo data. Safe to run again: it updates instead of duplicating."""

from django.core.management.base import BaseCommand
from django.db import transaction

from arbeitskreis import demo
from findings import demo as findings_demo
from meetings import demo as meetings_demo
from members import demo as members_demo

# Each app's demo builds on the ones before it: findings use the demo's participants and meetings.
APP_DEMOS = [members_demo, meetings_demo, findings_demo]


class Command(BaseCommand):
    help = "Creates or updates the demo municipalities, working groups, accounts and their data."

    @transaction.atomic
    def handle(self, *args, **options):
        groups = demo.seed(stdout=self.stdout)
        for app_demo in APP_DEMOS:
            app_demo.seed(groups=groups, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo-Daten sind angelegt. Anmeldungen (Benutzername / Passwort):"))
        for line in demo.logins():
            self.stdout.write(line)
