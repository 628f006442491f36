"""Erase RSVPs' personal data a set number of days after their date ends (run daily)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from events.services.privacy import purge_personal_data


class Command(BaseCommand):
    help = (
        "Blank names, e-mail addresses and access needs of RSVPs for dates long past; keep counts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Days after a date ends (default {settings.HEARTH_RSVP_RETENTION_DAYS}).",
        )

    def handle(self, *args, days=None, **options):
        erased = purge_personal_data(days=days)
        total = sum(erased.values())
        self.stdout.write(f"Erased personal data of {total} RSVPs on {len(erased)} dates.")
