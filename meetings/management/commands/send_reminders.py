"""Remind the invited participants of the coming meetings (run daily by a scheduler, see README)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from meetings import invitations


class Command(BaseCommand):
    help = "Queues a reminder for every invited participant of a meeting in the next days who has not declined."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="days before the meeting (REMINDER_DAYS_BEFORE)")

    def handle(self, *args, days=None, **options):
        count = invitations.send_reminders(days=days or settings.REMINDER_DAYS_BEFORE)
        self.stdout.write(f"{count} reminder(s) queued.")
