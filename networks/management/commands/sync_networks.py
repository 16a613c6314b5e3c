"""Bring every regional network in step with the coordinators of its Bundesland (e.g. nightly from cron: roles
changed in the Django admin reach the networks too; changes made on the team pages reach them at once)."""

from django.core.management.base import BaseCommand

from networks import services


class Command(BaseCommand):
    help = "Brings the participants of every regional network in step with the coordinators of its federal state."

    def handle(self, *args, **options):
        for network, result in services.sync_all().items():
            self.stdout.write(
                f"{network.name}: {result.joined} neu, {result.updated} aktualisiert, {result.left} ausgeschieden"
            )
