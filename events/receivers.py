"""Where Wagtail hands the events app a signal. Connected in ``EventsConfig.ready()``.

Only signals sent by Wagtail or Django are received here; within the app, each step calls the
next one directly (see ``events.services.dates.publish_changed``).
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Site
from wagtail.signals import page_published, page_unpublished

from events.models import Category, EventPage, Facilitator, FeedGeneration, Occurrence
from events.services import cache, dates
from venues.models import VenuePage


def gathering_published_or_unpublished(sender, instance, **kwargs):
    """Stored dates follow the schedule, then freed seats go to the waiting lists."""
    page = instance.specific if hasattr(instance, "specific") else instance
    if isinstance(page, EventPage):
        dates.publish_changed(page)
    elif isinstance(page, VenuePage):
        # Its name and address show on the gatherings held there, their dates and feeds.
        cache.purge_after_commit(lambda: cache.venue_urls(page))


def category_changed(sender, instance, **kwargs):
    """A snippet edit: gatherings of that kind show its name and colour (pages and feeds)."""
    cache.purge_after_commit(lambda: cache.category_urls(instance))


def category_deleted(sender, instance, **kwargs):
    # Before the delete: afterwards no gathering points at it any more.
    cache.purge_after_commit(cache.category_urls(instance))


def facilitator_changed(sender, instance, **kwargs):
    """Gatherings show who leads them, with a photo and a short bio."""
    cache.purge_after_commit(lambda: cache.facilitator_urls(instance))


def facilitator_deleted(sender, instance, **kwargs):
    cache.purge_after_commit(cache.facilitator_urls(instance))


def feed_content_changed(sender, **kwargs):
    """Dates, gatherings, venues and categories are what public feeds show, and the site's
    address is in every URL: a new version."""
    FeedGeneration.bump()


def connect():
    for model in (Occurrence, EventPage, VenuePage, Category, Site):
        for signal in (post_save, post_delete):
            signal.connect(
                feed_content_changed,
                sender=model,
                dispatch_uid=f"hearth_feed_changed_{model.__name__}_{id(signal)}",
            )
    for signal in (page_published, page_unpublished):
        signal.connect(
            gathering_published_or_unpublished,
            dispatch_uid=f"hearth_events_{id(signal)}",
        )
    post_save.connect(category_changed, sender=Category, dispatch_uid="hearth_category_saved")
    pre_delete.connect(category_deleted, sender=Category, dispatch_uid="hearth_category_deleted")
    post_save.connect(
        facilitator_changed, sender=Facilitator, dispatch_uid="hearth_facilitator_saved"
    )
    pre_delete.connect(
        facilitator_deleted, sender=Facilitator, dispatch_uid="hearth_facilitator_deleted"
    )
