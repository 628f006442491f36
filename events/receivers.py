"""Where Wagtail hands the events app a signal. Connected in ``EventsConfig.ready()``.

Only signals sent by Wagtail or Django are received here; within the app, each step calls the
next one directly (see ``events.services.dates.publish_changed``).
"""

from wagtail.signals import page_published, page_unpublished

from events.models import EventPage
from events.services import dates


def gathering_published_or_unpublished(sender, instance, **kwargs):
    """Stored dates follow the schedule, then freed seats go to the waiting lists."""
    page = instance.specific if hasattr(instance, "specific") else instance
    if isinstance(page, EventPage):
        dates.publish_changed(page)


def connect():
    for signal in (page_published, page_unpublished):
        signal.connect(
            gathering_published_or_unpublished,
            dispatch_uid=f"hearth_events_{id(signal)}",
        )
