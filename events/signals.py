"""Keeps occurrences in step with Wagtail's publishing, and announces date changes.

Other parts (bookings, e-mail) listen to ``occurrence_cancelled`` and ``occurrence_moved``; both
are sent after the transaction that made the change commits.
"""

from django.dispatch import Signal, receiver
from wagtail.signals import page_published, page_unpublished

occurrence_cancelled = Signal()  # kwargs: occurrence
occurrence_moved = Signal()  # kwargs: occurrence, previous (dict of start, end, venue)


def _event_page(instance):
    from events.models import EventPage

    page = instance.specific if hasattr(instance, "specific") else instance
    return page if isinstance(page, EventPage) else None


@receiver(page_published)
@receiver(page_unpublished)
def resync_on_publishing(sender, instance, **kwargs):
    from events.sync import sync_occurrences

    page = _event_page(instance)
    if page is not None:
        page.refresh_from_db(fields=["live"])
        sync_occurrences(page)
