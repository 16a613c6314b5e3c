"""Load realistic German demo data. Safe to run again: it updates instead of duplicating."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from arbeitskreis import demo

# Each app with demo data has a module ``<app>.demo`` with ``seed(*, groups, stdout)``; they run in this order.
APP_DEMO_MODULES = ["members.demo", "meetings.demo", "findings.demo"]


class Command(BaseCommand):
    help = "Creates or updates the demo municipalities, working groups, accounts and their data."

    @transaction.atomic
    def handle(self, *args, **options):
        groups = demo.seed(stdout=self.stdout)
        for module_name in APP_DEMO_MODULES:
            try:
                module = import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                continue
            module.seed(groups=groups, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo-Daten sind angelegt. Anmeldungen (Benutzername / Passwort):"))
        for line in demo.logins():
            self.stdout.write(line)
