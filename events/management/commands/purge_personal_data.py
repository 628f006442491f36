"""Erase RSVPs' personal data a set number of days after their date ends, and requests to join
a set number of days after their last change (run daily)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from events.services.privacy import purge_join_requests, purge_personal_data


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
        requests = purge_join_requests()
        self.stdout.write(f"Erased {requests} requests to join.")
