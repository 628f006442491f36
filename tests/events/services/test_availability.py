"""Availability bands: what listings say about a date, and what they must never reveal."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache

from events.models import RSVP, Occurrence
from events.services import booking
from events.services.availability import band_for
from tests.factories import make_event_page, make_rsvp, make_venue

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def tonight(**kwargs):
    """Tuesday 24 November 2026, 19:00 London: booking is open."""
    kwargs.setdefault("capacity", 10)
    return make_event_page(**kwargs).occurrences.order_by("start").first()


def fill(occurrence, seats):
    for _ in range(seats):
        make_rsvp(occurrence)


def band(occurrence):
    return band_for(Occurrence.objects.with_seats_taken().get(pk=occurrence.pk))


def test_a_date_with_room_says_places_available():
    assert band(tonight()).label == "Places available"


def test_three_seats_or_a_fifth_left_says_a_few_places_left():
    small = tonight(capacity=10)
    fill(small, 6)
    assert band(small).label == "Places available"
    fill(small, 1)
    assert band(small).label == "A few places left"

    large = tonight(capacity=50)
    fill(large, 39)
    assert band(large).label == "Places available"
    fill(large, 1)  # 10 left: a fifth of 50
    assert band(large).label == "A few places left"


def test_a_full_date_offers_the_waiting_list():
    occurrence = tonight(capacity=2)
    fill(occurrence, 2)
    assert band(occurrence).label == "Full – join the waiting list"
    assert band(occurrence).bookable


def test_cancelled_ask_first_and_no_capacity_dates_say_so():
    cancelled = tonight()
    Occurrence.objects.filter(pk=cancelled.pk).update(status=Occurrence.Status.CANCELLED)
    assert band(cancelled).label == "Cancelled"
    assert band(tonight(intake="ask")).label == "Ask first"
    assert band(tonight(intake="closed")).label == "Closed group: ask to join"
    assert band(tonight(capacity=None, venue=make_venue())).label == "No booking needed"


def test_an_online_date_without_a_limit_is_booked_because_the_link_comes_with_a_booking():
    occurrence = tonight(capacity=None, attendance_mode="online", online_link="https://x.test/c")
    assert band(occurrence).label == "Places available"


def test_dates_outside_the_booking_window_say_when_it_opens_or_that_it_closed():
    event = make_event_page(capacity=10, booking_opens_days=14)
    far = event.occurrences.order_by("start")[3]  # Tuesday 15 December
    assert band(far).label == "Booking opens Tue 1 Dec"
    assert not band(far).bookable
    with time_machine.travel(dt.datetime(2026, 11, 24, 18, 30, tzinfo=dt.UTC), tick=False):
        assert band(event.occurrences.order_by("start").first()).label == "Booking closed"


def test_the_band_without_the_listing_annotation_counts_the_seats_itself():
    occurrence = tonight(capacity=3)
    fill(occurrence, 3)
    assert band_for(Occurrence.objects.get(pk=occurrence.pk)).key == "full"


def strip_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def public_views(client, occurrence):
    event = occurrence.event
    paths = ["/whats-on/", event.url, f"{event.url}{occurrence.date_slug}/", "/"]
    return {path: strip_tokens(client.get(path).content.decode()) for path in paths}


def book_through_the_form(client, occurrence, email):
    data = {"name": "Ana", "email": email, "party_size": 1, "privacy": "on"}
    response = client.post(f"/rsvp/{occurrence.pk}/", data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_booking_again_with_an_address_that_had_booked_changes_no_band_and_no_page(client):
    occurrence = tonight(capacity=10)
    fill(occurrence, 6)  # one more seat would make it "a few places left"
    booking.book(occurrence=occurrence, name="Ana", email="ana@example.org")  # 3 left: few
    before = public_views(client, occurrence)
    assert "A few places left" in before["/whats-on/"]

    outcome_for_repeat = book_through_the_form(client, occurrence, "ana@example.org")

    assert public_views(client, occurrence) == before
    assert occurrence.rsvps.holding_seats().count() == 7
    # A fresh address's outcome page reads exactly as the repeat's did.
    outcome_for_new = book_through_the_form(client, occurrence, "new@example.org")
    assert outcome_for_new == outcome_for_repeat
    assert "already" not in outcome_for_repeat


def test_a_waitlisted_repeat_reads_like_a_new_place_in_the_queue(client):
    occurrence = tonight(capacity=1)
    fill(occurrence, 1)
    booking.book(occurrence=occurrence, name="Bo", email="bo@example.org")  # waiting, 1st

    repeat = book_through_the_form(client, occurrence, "bo@example.org")
    new = book_through_the_form(client, occurrence, "cy@example.org")

    assert "number 2 on the waiting list" in repeat
    assert "number 2 on the waiting list" in new
    assert RSVP.objects.filter(email="cy@example.org", status=RSVP.Status.WAITLISTED).exists()
