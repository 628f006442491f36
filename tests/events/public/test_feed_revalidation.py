"""Every kind of feed answers revalidation with 304 (by ETag and by date), and comes gzipped to
clients that accept it, with validators that still match."""

import datetime as dt
import gzip

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from events.ical import feeds
from events.models import RSVP
from events.services import booking
from tests.factories import make_category, make_event_page, make_venue

# A clock with a fraction of a second, as real ones have: Last-Modified loses it (HTTP dates are
# whole seconds), so the comparison must too.
NOW = dt.datetime(2026, 11, 24, 12, 0, 0, 654321, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(minutes=5)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield
    cache.clear()


@pytest.fixture
def feed_paths():
    category = make_category(name="Meditation, and stillness", slug="meditation")
    venue = make_venue(title="Friends Meeting House", slug="friends")
    page = make_event_page(
        title="Tuesday sitting",
        slug="tuesday-sitting",
        category=category,
        venue=venue,
        first_date=dt.date(2026, 11, 24),
        capacity=10,
    )
    occurrence = page.occurrences.order_by("start")[1]
    rsvp = booking.book(occurrence=occurrence, name="Ana", email="ana@example.org").rsvp
    return {
        "all": reverse("feeds:all"),
        "category": reverse("feeds:category", args=["meditation"]),
        "venue": reverse("feeds:venue", args=["friends"]),
        "gathering": reverse("feeds:gathering", args=["tuesday-sitting"]),
        "occurrence": reverse("feeds:occurrence", args=["tuesday-sitting", occurrence.date_slug]),
        "personal": reverse("feeds:personal", args=[rsvp.feed_secret]),
    }


KINDS = ["all", "category", "venue", "gathering", "occurrence", "personal"]


@pytest.mark.parametrize("kind", KINDS)
def test_an_unchanged_feed_answers_304_to_its_etag(feed_paths, kind):
    client = Client()
    first = client.get(feed_paths[kind])
    assert first.status_code == 200
    with time_machine.travel(LATER, tick=False):
        again = client.get(feed_paths[kind], HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


@pytest.mark.parametrize("kind", KINDS)
def test_an_unchanged_feed_answers_304_to_its_last_modified_date(feed_paths, kind):
    client = Client()
    first = client.get(feed_paths[kind])
    with time_machine.travel(LATER, tick=False):
        again = client.get(feed_paths[kind], HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
    assert again["Last-Modified"] == first["Last-Modified"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_feed_is_gzipped_for_clients_that_accept_it_and_its_weak_etag_still_matches(
    feed_paths, kind
):
    client = Client()
    plain = client.get(feed_paths[kind])
    packed = client.get(feed_paths[kind], HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert plain.get("Content-Encoding") is None
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content)
    assert "Accept-Encoding" in plain["Vary"] and "Accept-Encoding" in packed["Vary"]
    assert packed["ETag"] == f"W/{plain['ETag']}"

    again = client.get(
        feed_paths[kind], HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=packed["ETag"]
    )
    assert again.status_code == 304
    assert "Accept-Encoding" in again["Vary"]


def test_the_personal_feed_changes_its_etag_and_date_when_a_booking_changes(feed_paths):
    client = Client()
    path = feed_paths["personal"]
    first = client.get(path)
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT6H" in first.content
    assert b"X-PUBLISHED-TTL:PT6H" in first.content
    assert b"METHOD" not in first.content
    assert first["Cache-Control"] == "private, no-cache"

    with time_machine.travel(LATER, tick=False):
        rsvp = RSVP.objects.get()
        booking.cancel_booking(rsvp=rsvp)
        by_etag = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
        by_date = client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_etag.status_code == by_date.status_code == 200
    assert by_etag["ETag"] != first["ETag"]
    assert b"STATUS:CANCELLED" in by_etag.content


def test_the_personal_feed_is_the_same_bytes_until_something_in_it_changes(feed_paths):
    first = Client().get(feed_paths["personal"])
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        again = Client().get(feed_paths["personal"])
    assert again.content == first.content


def test_a_304_costs_the_same_queries_for_one_gathering_as_for_forty(django_assert_max_num_queries):
    """The version check is one primary-key read, not an aggregate over every date."""
    make_event_page(title="First", slug="first")
    path = reverse("feeds:all")
    first = Client().get(path)

    def revalidate():
        with django_assert_max_num_queries(2) as queries:
            again = Client().get(path, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
        return len(queries)

    one = revalidate()
    for n in range(39):
        make_event_page(title=f"Gathering {n}", slug=f"gathering-{n}")
    first = Client().get(path)
    assert revalidate() == one


def test_a_publish_rebuilds_only_that_gatherings_part_of_the_whole_site_feed(monkeypatch):
    pages = [make_event_page(title=f"Gathering {n}", slug=f"gathering-{n}") for n in range(5)]
    path = reverse("feeds:all")
    built = []
    original = feeds.series_part

    def counting(event, occurrences, ctx):
        built.append(event.title)
        return original(event, occurrences, ctx)

    monkeypatch.setattr(feeds, "series_part", counting)
    before = Client().get(path)
    assert sorted(built) == [f"Gathering {n}" for n in range(5)]

    built.clear()
    with time_machine.travel(LATER, tick=False):
        changed = pages[2]
        changed.summary = "Now with tea afterwards."
        changed.save_revision().publish()
        after = Client().get(path, HTTP_IF_NONE_MATCH=before["ETag"])

    assert after.status_code == 200
    assert built == ["Gathering 2"]
    assert b"Now with tea afterwards." in after.content
    # Every other gathering is in the feed as before, from its cached part.
    for n in (0, 1, 3, 4):
        assert f"SUMMARY:Gathering {n}".encode() in after.content


@pytest.fixture
def counting_builds(monkeypatch):
    built = []
    original = feeds.series_part

    def counting(event, occurrences, ctx):
        built.append(event.title)
        return original(event, occurrences, ctx)

    monkeypatch.setattr(feeds, "series_part", counting)
    return built


def test_a_publish_builds_its_part_ahead_so_the_next_poll_builds_nothing(
    counting_builds, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = make_event_page(title="Gathering 0", slug="gathering-0")
    assert counting_builds == ["Gathering 0"]  # in the task the publish queued

    counting_builds.clear()
    with time_machine.travel(LATER, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            page.summary = "Now with tea afterwards."
            page.save_revision().publish()
        assert counting_builds == ["Gathering 0"]
        counting_builds.clear()
        response = Client().get(reverse("feeds:all"))

    assert counting_builds == []
    assert b"Now with tea afterwards." in response.content


def test_a_restarted_worker_finds_every_part_stored_and_builds_none(counting_builds):
    for n in range(3):
        make_event_page(title=f"Gathering {n}", slug=f"gathering-{n}")
    first = Client().get(reverse("feeds:all"))
    assert sorted(counting_builds) == ["Gathering 0", "Gathering 1", "Gathering 2"]

    counting_builds.clear()
    cache.clear()  # a new worker: its own memory is empty; the parts are in the shared store
    again = Client().get(reverse("feeds:all"))

    assert counting_builds == []
    assert again.content == first.content


def test_a_feed_still_answers_whole_when_its_part_store_cannot_be_read(caplog):
    from django.db import connection

    make_event_page(title="Gathering 0", slug="gathering-0")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE hearth_feed_parts")  # rolled back with the test
    response = Client().get(reverse("feeds:all"))

    assert response.status_code == 200
    assert b"SUMMARY:Gathering 0" in response.content
    assert "could not be read" in caplog.text
