"""Small builders for tests: each makes one thing with believable defaults, overridable."""

import datetime as dt
import itertools

from recurrence import deserialize
from wagtail.models import Page, Site

from events.models import Category, EventIndexPage, EventPage, Facilitator
from hearth.models import HomePage
from venues.models import VenueIndexPage, VenuePage

_counter = itertools.count(1)


def home_page():
    """The site's home page (created by the hearth data migration)."""
    return HomePage.objects.get(depth=2)


def make_event_index(parent=None, **kwargs):
    existing = EventIndexPage.objects.first()
    if existing and not kwargs:
        return existing
    parent = parent or home_page()
    kwargs.setdefault("title", "What's on")
    kwargs.setdefault("slug", "whats-on")
    page = EventIndexPage(**kwargs)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_venue_index(parent=None, **kwargs):
    existing = VenueIndexPage.objects.first()
    if existing and not kwargs:
        return existing
    parent = parent or home_page()
    kwargs.setdefault("title", "Venues")
    kwargs.setdefault("slug", "venues")
    page = VenueIndexPage(**kwargs)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_venue(parent=None, **kwargs):
    parent = parent or make_venue_index()
    n = next(_counter)
    kwargs.setdefault("title", f"Venue {n}")
    kwargs.setdefault("slug", f"venue-{n}")
    kwargs.setdefault("address", f"{n} High Street\nLeeds")
    kwargs.setdefault("postcode", "LS1 1AA")
    page = VenuePage(**kwargs)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_category(**kwargs):
    n = next(_counter)
    kwargs.setdefault("name", f"Category {n}")
    kwargs.setdefault("slug", f"category-{n}")
    return Category.objects.create(**kwargs)


def make_facilitator(**kwargs):
    kwargs.setdefault("name", f"Facilitator {next(_counter)}")
    return Facilitator.objects.create(**kwargs)


def make_event_page(parent=None, *, rule="RRULE:FREQ=WEEKLY;BYDAY=TU", publish=True, **kwargs):
    """A gathering under What's on; by default weekly on Tuesdays at 19:00 London, published."""
    parent = parent or make_event_index()
    n = next(_counter)
    kwargs.setdefault("title", f"Gathering {n}")
    kwargs.setdefault("slug", f"gathering-{n}")
    kwargs.setdefault("summary", "A calm weekly gathering.")
    kwargs.setdefault("first_date", dt.date(2026, 1, 6))
    kwargs.setdefault("start_time", dt.time(19, 0))
    kwargs.setdefault("duration", dt.timedelta(minutes=90))
    kwargs.setdefault("time_zone", "Europe/London")
    facilitators = kwargs.pop("facilitators", [])
    page = EventPage(schedule=deserialize(rule) if isinstance(rule, str) else rule, **kwargs)
    parent.add_child(instance=page)
    if facilitators:
        page.facilitators.set(facilitators)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def default_site():
    return Site.objects.get(is_default_site=True)


__all__ = [
    "Page",
    "default_site",
    "home_page",
    "make_category",
    "make_event_index",
    "make_event_page",
    "make_facilitator",
    "make_venue",
    "make_venue_index",
]
