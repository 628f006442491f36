"""Feeds are cheap to serve: conditional GET, a server cache renewed on change, few queries."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from events.services.dates import cancel_occurrence, move_occurrence
from tests.factories import NOW, make_category, make_event_page, make_venue

pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
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


@pytest.mark.django_db
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


@pytest.mark.django_db
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


@pytest.mark.django_db
def test_unpublishing_takes_a_gathering_out_of_the_feed():
    page = make_event_page(title="Short-lived group")
    client = Client()
    assert b"Short-lived group" in client.get("/feeds/all.ics").content
    page.unpublish()
    assert b"Short-lived group" not in client.get("/feeds/all.ics").content


@pytest.mark.django_db
def test_a_cached_feed_is_served_without_rebuilding(django_assert_max_num_queries):
    make_event_page()
    client = Client()
    first = client.get("/feeds/all.ics")
    with django_assert_max_num_queries(1):
        second = client.get("/feeds/all.ics")
    assert second.content == first.content


@pytest.mark.django_db
@pytest.mark.parametrize("gatherings", [5, 50])
def test_building_a_feed_takes_the_same_few_queries_for_5_or_50_gatherings(
    gatherings, django_assert_max_num_queries
):
    category = make_category(slug="movement")
    venue = make_venue(slug="hall")
    for _ in range(gatherings):
        make_event_page(category=category, venue=venue, rule="RRULE:FREQ=MONTHLY;BYMONTHDAY=3")
    client = Client()
    for path in ("/feeds/all.ics", "/feeds/category/movement.ics", "/feeds/venue/hall.ics"):
        cache.clear()
        with django_assert_max_num_queries(7):
            response = client.get(path)
        assert response.content.count(b"BEGIN:VEVENT") == gatherings


@pytest.mark.django_db
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


@pytest.mark.django_db
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
