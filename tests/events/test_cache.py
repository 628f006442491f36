"""Front-cache purges (events/services/cache.py): what each change purges, and when.

A recording backend stands in for Varnish: Wagtail's frontend cache hands it every URL, through
the (immediate) task queue, exactly as it would send PURGE requests.
"""

import datetime as dt

import pytest
import time_machine
from wagtail.contrib.frontend_cache.backends import BaseBackend

from events.services import booking, cache, dates
from tests.factories import make_category, make_event_page, make_rsvp, make_venue

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)
BASE = "http://testserver"
PURGED = []


class RecordingBackend(BaseBackend):
    def purge(self, url):
        PURGED.append(url)


@pytest.fixture(autouse=True)
def purged(settings):
    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": f"{__name__}.RecordingBackend"}}
    PURGED.clear()
    with time_machine.travel(NOW, tick=False):
        yield PURGED
    PURGED.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def paths(urls):
    return {url.removeprefix(BASE).removeprefix("http://localhost") for url in urls}


@pytest.fixture
def gathering(committed):
    """Weekly on Tuesdays at a venue, two places a date; tonight's date is bookable."""
    venue = make_venue(title="Riverside Hall", slug="riverside-hall")
    category = make_category(name="Meditation", slug="meditation")
    with committed():
        event = make_event_page(
            title="Calm", slug="calm", capacity=2, venue=venue, category=category
        )
    PURGED.clear()
    return event


def tonight(event):
    return event.occurrences.upcoming().order_by("start").first()


def test_index_and_gathering_pages_list_their_routable_sub_pages_for_purging(gathering):
    index = gathering.get_parent().specific
    assert index.get_cached_paths() == ["/", "calendar/*", "week/*", "day/*"]
    assert gathering.get_cached_paths() == ["/", "*"]


def test_what_a_date_change_purges_everything_that_shows_the_date(gathering):
    urls = paths(cache.occurrence_urls(tonight(gathering)))
    assert urls >= {
        "/",  # this week on the home page
        "/whats-on/",  # the list, with any filters
        "/whats-on/calendar/*",
        "/whats-on/week/*",
        "/whats-on/calm/*",  # the gathering and all its date pages
        "/venues/riverside-hall/",
        "/feeds/all.ics",
        "/feeds/category/meditation.ics",
        "/feeds/venue/riverside-hall.ics",
        "/feeds/gathering/calm*",  # its series feed and each single-date feed
    }


def test_publishing_a_gathering_purges_its_pages_the_listings_and_the_feeds(
    gathering, committed, purged
):
    with committed():
        gathering.save_revision().publish()
    assert {"/whats-on/calm/", "/whats-on/calm/*", "/whats-on/", "/feeds/all.ics"} <= paths(purged)


def test_a_booking_that_fills_the_date_purges_its_pages_after_the_commit(
    gathering, committed, purged
):
    occurrence = tonight(gathering)
    with committed():
        make_rsvp(occurrence, email="ana@example.org")
    assert purged == []  # still places left: nothing on any page changed

    with committed() as callbacks:
        make_rsvp(occurrence, email="ben@example.org")
        # Inside the transaction (and the seat lock) nothing is purged yet.
        assert purged == []
    assert callbacks
    assert "/whats-on/calm/*" in paths(purged)


def test_a_cancellation_that_frees_a_place_on_a_full_date_purges_it(gathering, committed, purged):
    occurrence = tonight(gathering)
    with committed():
        ana = make_rsvp(occurrence, email="ana@example.org", party_size=2)
    purged.clear()
    with committed():
        booking.cancel_booking(rsvp=ana)
    assert "/whats-on/calm/*" in paths(purged)


def test_joining_the_waiting_list_of_a_full_date_purges_nothing(gathering, committed, purged):
    occurrence = tonight(gathering)
    with committed():
        make_rsvp(occurrence, email="ana@example.org", party_size=2)
    purged.clear()
    with committed():
        make_rsvp(occurrence, email="ben@example.org")
    assert purged == []


def test_cancelling_or_moving_a_date_purges_it_and_the_venue_it_left(gathering, committed, purged):
    occurrence = tonight(gathering)
    with committed():
        dates.cancel_occurrence(occurrence, reason="Flooded")
    assert {"/whats-on/calm/*", "/feeds/gathering/calm*"} <= paths(purged)

    purged.clear()
    elsewhere = make_venue(title="Annexe", slug="annexe")
    later = occurrence.event.occurrences.upcoming().order_by("start")[1]
    with committed():
        moved = dates.move_occurrence(
            later, start=later.start + dt.timedelta(hours=1), end=later.end, venue=elsewhere
        )
    assert {"/venues/annexe/", "/venues/riverside-hall/"} <= paths(purged)

    purged.clear()
    with committed():
        dates.restore_occurrence(moved)
    assert {"/venues/annexe/", "/whats-on/calm/*"} <= paths(purged)


def test_editing_a_category_purges_the_gatherings_of_that_kind_and_its_feed(
    gathering, committed, purged
):
    category = gathering.category
    category.colour = "#123456"
    with committed():
        category.save()
    assert {"/whats-on/calm/*", "/feeds/category/meditation.ics", "/"} <= paths(purged)


def test_publishing_a_venue_purges_the_gatherings_held_there(gathering, committed, purged):
    venue = gathering.venue
    with committed():
        venue.save_revision().publish()
    assert {"/venues/riverside-hall/", "/venues/", "/whats-on/calm/*"} <= paths(purged)


def test_without_a_front_cache_nothing_is_sent(gathering, committed, settings, purged):
    settings.WAGTAILFRONTENDCACHE = {}
    with committed():
        dates.cancel_occurrence(tonight(gathering), reason="Off")
    assert purged == []
