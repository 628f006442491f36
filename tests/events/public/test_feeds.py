"""Feeds over HTTP: cheap to serve (conditional GET, a server cache renewed on change, few
queries), and a person's own bookings as a feed at a secret URL they can revoke."""

import datetime as dt

import icalendar
import pytest
import time_machine
from django.core.cache import cache, caches
from django.test import Client
from django.urls import reverse

from events.services import booking, privacy
from events.services.dates import cancel_occurrence, move_occurrence
from tests.factories import NOW, make_category, make_event_page, make_rsvp, make_venue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_unchanged_feed_answers_304_to_if_none_match_and_if_modified_since():
    page = make_event_page(slug="tuesday-meditation")
    client = Client()
    first = client.get("/feeds/gathering/tuesday-meditation.ics")
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"]

    again = client.get("/feeds/gathering/tuesday-meditation.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(
        "/feeds/gathering/tuesday-meditation.ics", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert since.status_code == 304
    assert page.title.encode() in first.content


def test_cancelling_a_date_renews_the_feed_at_once():
    page = make_event_page(slug="tuesday-meditation")
    client = Client()
    before = client.get("/feeds/all.ics")
    assert b"STATUS:CANCELLED" not in before.content

    cancel_occurrence(page.occurrences.order_by("start")[1], reason="Storm warning")

    after = client.get("/feeds/all.ics", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert b"STATUS:CANCELLED" in after.content
    assert b"Storm warning" in after.content


def test_republishing_with_a_new_title_renews_the_feed_and_raises_its_sequence():
    page = make_event_page(slug="tuesday-meditation", title="Tuesday meditation")
    client = Client()
    before = client.get("/feeds/all.ics")

    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        page.title = "Tuesday evening meditation"
        page.save_revision().publish()
        after = client.get("/feeds/all.ics", HTTP_IF_NONE_MATCH=before["ETag"])

    assert after.status_code == 200
    assert b"SUMMARY:Tuesday evening meditation" in after.content
    assert b"SEQUENCE:1\r\n" in before.content
    assert b"SEQUENCE:2\r\n" in after.content


def test_unpublishing_takes_a_gathering_out_of_the_feed():
    page = make_event_page(title="Short-lived group")
    client = Client()
    assert b"Short-lived group" in client.get("/feeds/all.ics").content
    page.unpublish()
    assert b"Short-lived group" not in client.get("/feeds/all.ics").content


def test_a_cached_feed_is_served_without_rebuilding(django_assert_max_num_queries):
    make_event_page()
    client = Client()
    first = client.get("/feeds/all.ics")
    with django_assert_max_num_queries(1):
        second = client.get("/feeds/all.ics")
    assert second.content == first.content


@pytest.mark.parametrize("gatherings", [5, 50])
def test_building_a_feed_takes_the_same_few_queries_for_5_or_50_gatherings(
    gatherings, django_assert_max_num_queries, settings
):
    # The parts stored in Redis, as in production (one pipelined write). Without Redis they go to
    # the database cache, which writes a row per newly built part: once per change, not per poll.
    settings.CACHES = {
        **settings.CACHES,
        "feeds": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "f"},
    }
    category = make_category(slug="movement")
    venue = make_venue(slug="hall")
    for _ in range(gatherings):
        make_event_page(category=category, venue=venue, rule="RRULE:FREQ=MONTHLY;BYMONTHDAY=3")
    client = Client()
    for path in ("/feeds/all.ics", "/feeds/category/movement.ics", "/feeds/venue/hall.ics"):
        cache.clear()
        caches["feeds"].clear()
        # 8 with the site root paths worked out afresh (cache.clear()): with translations on,
        # Wagtail reads the home page's translations with the sites.
        with django_assert_max_num_queries(8):
            response = client.get(path)
        assert response.content.count(b"BEGIN:VEVENT") == gatherings


def test_a_feed_built_a_few_gatherings_at_a_time_is_the_feed_built_at_once(monkeypatch):
    """A cold build (every part gone: a new deploy) builds and stores the parts in batches, so a
    worker never holds every date of the programme at once; the feed is the same."""
    from events.ical import feeds

    for n in range(5):
        make_event_page(title=f"Circle {n}", rule="RRULE:FREQ=WEEKLY;BYDAY=TU,TH")
    client = Client()
    at_once = client.get("/feeds/all.ics").content

    caches["feeds"].clear()
    cache.clear()
    built = []
    build_parts = feeds.build_parts
    monkeypatch.setattr(feeds, "BUILD_BATCH", 2)
    monkeypatch.setattr(
        feeds,
        "build_parts",
        lambda rows, ids, ctx: built.append(ids) or build_parts(rows, ids, ctx),
    )
    in_batches = Client().get("/feeds/all.ics", HTTP_X_AGAIN="1").content

    assert [len(batch) for batch in built] == [2, 2, 1]
    assert in_batches == at_once
    assert at_once.count(b"BEGIN:VEVENT") >= 5


def test_renaming_a_category_renews_the_feeds_that_name_it():
    category = make_category(name="Meditation", slug="meditation")
    make_event_page(slug="tuesday-meditation", category=category)
    client = Client()
    before = client.get("/feeds/category/meditation.ics")
    assert b"CATEGORIES:Meditation" in before.content

    category.name = "Mindfulness"
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        category.save()
        after = client.get("/feeds/category/meditation.ics", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert b"CATEGORIES:Mindfulness" in after.content


def test_a_moved_date_is_never_answered_304_to_if_modified_since():
    page = make_event_page(slug="tuesday-meditation")
    occurrence = page.occurrences.order_by("start")[3]
    url = f"/feeds/gathering/tuesday-meditation/{occurrence.date_slug}.ics"
    client = Client()
    first = client.get(url)
    assert first.status_code == 200
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        move_occurrence(
            occurrence,
            start=occurrence.start + dt.timedelta(hours=1),
            end=occurrence.end + dt.timedelta(hours=1),
        )
        again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200
    assert again["Last-Modified"] != first["Last-Modified"]


# A person's own feed ------------------------------------------------------------------------


def date_of(event, n=0):
    return event.occurrences.order_by("start")[n]


def feed(client, rsvp):
    return client.get(reverse("feeds:personal", args=[rsvp.feed_secret]))


def test_personal_feed_lists_all_of_one_persons_bookings_under_their_discreet_names(client):
    grief = make_event_page(title="Bereavement circle", first_date=dt.date(2026, 11, 1))
    yoga = make_event_page(title="Gentle yoga", first_date=dt.date(2026, 11, 1))
    first = make_rsvp(date_of(grief), email="ana@example.org")
    privacy.set_discreet_title(rsvp=first, title="Tuesday evening group")
    second = make_rsvp(date_of(yoga, 1), email="ana@example.org")
    assert second.feed_secret == first.feed_secret  # one address, one feed
    make_rsvp(date_of(yoga), email="someone.else@example.org")

    response = feed(client, first)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-cache"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert sorted(str(e["SUMMARY"]) for e in events) == ["Gentle yoga", "Tuesday evening group"]
    assert b"Bereavement circle" not in response.content
    assert b"someone.else" not in response.content


def test_cancelling_a_booking_marks_it_cancelled_in_the_feed(client):
    event = make_event_page(title="Gentle yoga", first_date=dt.date(2026, 11, 1))
    rsvp = make_rsvp(date_of(event))
    booking.cancel_booking(rsvp=rsvp)
    calendar = icalendar.Calendar.from_ical(feed(client, rsvp).content)
    assert [str(e["STATUS"]) for e in calendar.walk("VEVENT")] == ["CANCELLED"]


def test_renewing_the_link_stops_the_old_one_working(client):
    event = make_event_page(title="Gentle yoga", first_date=dt.date(2026, 11, 1))
    rsvp = make_rsvp(date_of(event))
    old_url = reverse("feeds:personal", args=[rsvp.feed_secret])
    response = client.post(
        reverse("rsvp:manage", args=[rsvp.token]), {"action": "renew_feed"}, follow=True
    )
    assert "old calendar link has stopped working" in response.content.decode()
    assert client.get(old_url).status_code == 404
    rsvp.refresh_from_db()
    assert feed(client, rsvp).status_code == 200
    assert rsvp.feed_secret in response.content.decode()


def test_unknown_secret_says_plainly_the_link_no_longer_works(client):
    response = client.get(reverse("feeds:personal", args=["not-a-real-secret"]))
    assert response.status_code == 404
    assert "no longer works" in response.content.decode()


def test_personal_feed_link_appears_only_on_the_booking_page(client):
    event = make_event_page(
        title="Gentle yoga", slug="gentle-yoga", first_date=dt.date(2026, 11, 1)
    )
    rsvp = make_rsvp(date_of(event))
    manage = client.get(reverse("rsvp:manage", args=[rsvp.token])).content.decode()
    assert f"webcal://testserver/feeds/mine/{rsvp.feed_secret}.ics" in manage
    public = client.get(event.url).content.decode() + client.get("/feeds/all.ics").content.decode()
    assert rsvp.feed_secret not in public
