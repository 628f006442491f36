"""Run daily: store the dates that have entered the rolling horizon, for every live gathering."""

from django.core.management.base import BaseCommand

from events.services.dates import extend_horizon


class Command(BaseCommand):
    help = "Store dates up to the horizon (HEARTH_OCCURRENCE_HORIZON_DAYS) for every gathering."

    def handle(self, *args, **options):
        totals = extend_horizon()
        self.stdout.write(
            f"{totals['events']} gatherings: {totals['created']} dates added, "
            f"{totals['updated']} updated, {totals['cancelled']} cancelled."
        )
