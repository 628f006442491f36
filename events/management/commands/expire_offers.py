"""Pass on waiting-list offers that ran out (run every few minutes; safe on several workers)."""

from django.core.management.base import BaseCommand

from events.services.offers import expire_offers


class Command(BaseCommand):
    help = "End waiting-list offers whose hold ran out and offer their places to the next person."

    def handle(self, *args, **options):
        count = expire_offers()
        self.stdout.write(f"Passed on {count} offer{'s' if count != 1 else ''}.")
