"""A person's own bookings as a calendar feed, at a secret URL they can revoke."""

import datetime as dt

import icalendar
import pytest
import time_machine
from django.urls import reverse

from events.services import booking, privacy
from tests.factories import make_event_page

NOW = dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def book(event, email="ana@example.org", n=0, **kwargs):
    occurrence = event.occurrences.order_by("start")[n]
    return booking.book(occurrence=occurrence, name="Ana", email=email, **kwargs).rsvp


def feed(client, rsvp):
    return client.get(reverse("feeds:personal", args=[rsvp.feed_secret]))


def test_personal_feed_lists_all_of_one_persons_bookings_under_their_discreet_names(client):
    grief = make_event_page(title="Bereavement circle", first_date=dt.date(2026, 11, 1))
    yoga = make_event_page(title="Gentle yoga", first_date=dt.date(2026, 11, 1))
    first = book(grief)
    privacy.set_discreet_title(rsvp=first, title="Tuesday evening group")
    second = book(yoga, n=1)
    assert second.feed_secret == first.feed_secret  # one address, one feed
    book(yoga, email="someone.else@example.org")

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
    rsvp = book(event)
    booking.cancel_booking(rsvp=rsvp)
    calendar = icalendar.Calendar.from_ical(feed(client, rsvp).content)
    assert [str(e["STATUS"]) for e in calendar.walk("VEVENT")] == ["CANCELLED"]


def test_renewing_the_link_stops_the_old_one_working(client):
    event = make_event_page(title="Gentle yoga", first_date=dt.date(2026, 11, 1))
    rsvp = book(event)
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
    rsvp = book(event)
    manage = client.get(reverse("rsvp:manage", args=[rsvp.token])).content.decode()
    assert f"webcal://testserver/feeds/mine/{rsvp.feed_secret}.ics" in manage
    public = client.get(event.url).content.decode() + client.get("/feeds/all.ics").content.decode()
    assert rsvp.feed_secret not in public
