"""Queue the day-before reminder e-mails (run daily, or hourly: each booking is reminded once)."""

from django.core.management.base import BaseCommand

from events.services.booking import send_reminders


class Command(BaseCommand):
    help = "E-mail everyone booked for tomorrow a reminder with a 'can't make it' link."

    def handle(self, *args, **options):
        count = send_reminders()
        self.stdout.write(f"Queued {count} reminder{'s' if count != 1 else ''}.")
