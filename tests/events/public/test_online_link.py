"""An online or hybrid date's call link reaches people holding a seat, and nobody else."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache

from events.models import RSVP
from events.services import booking
from tests.factories import make_category, make_event_page, make_venue

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)
LINK = "https://meet.example.net/hearth-secret-room-4821"

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


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def hybrid():
    """A hybrid evening (a hall and a call) with one seat, and an online-only lunchtime sit."""
    category = make_category(name="Meditation", slug="meditation")
    hall = make_venue(title="Quaker Meeting House", slug="quaker-house")
    evening = make_event_page(
        title="Evening sit",
        slug="evening-sit",
        category=category,
        venue=hall,
        attendance_mode="hybrid",
        online_link=LINK,
        capacity=1,
    )
    lunchtime = make_event_page(
        title="Lunchtime sit online",
        slug="lunchtime-sit",
        category=category,
        attendance_mode="online",
        online_link=LINK,
        capacity=None,
    )
    return evening, lunchtime


def public_paths(evening, lunchtime):
    paths = ["/", "/whats-on/", "/whats-on/calendar/2026/11/", "/whats-on/week/2026-11-23/"]
    paths += ["/whats-on/subscribe/", "/venues/quaker-house/", "/search/?q=sit"]
    paths += ["/feeds/all.ics", "/feeds/category/meditation.ics", "/feeds/venue/quaker-house.ics"]
    for event in (evening, lunchtime):
        first = event.occurrences.order_by("start").first()
        paths += [event.url, f"{event.url}{first.date_slug}/"]
        paths += [f"/feeds/gathering/{event.slug}.ics"]
        paths += [f"/feeds/gathering/{event.slug}/{first.date_slug}.ics"]
    return paths


def test_no_public_page_feed_or_structured_data_carries_the_link(client, hybrid):
    for path in public_paths(*hybrid):
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert LINK not in body, path
        assert "hearth-secret-room" not in body, path


def test_public_pages_say_the_link_comes_with_a_booking(client, hybrid):
    evening, lunchtime = hybrid
    assert "e-mailed to you when you have a place" in client.get(evening.url).content.decode()
    page = client.get(lunchtime.url).content.decode()
    assert "This gathering is online" in page
    assert "MixedEventAttendanceMode" in client.get(evening.url).content.decode()


def test_the_booked_person_gets_it_everywhere_and_the_waiting_list_nowhere(
    client, hybrid, committed
):
    evening, _ = hybrid
    occurrence = evening.occurrences.order_by("start").first()
    with committed():
        booked = booking.book(occurrence=occurrence, name="Ana", email="ana@example.org").rsvp
        waiting = booking.book(occurrence=occurrence, name="Bo", email="bo@example.org").rsvp
    assert waiting.status == RSVP.Status.WAITLISTED

    (confirmation,) = [m for m in mail.outbox if m.to == ["ana@example.org"]]
    assert LINK in confirmation.body
    assert LINK in confirmation.alternatives[0][0]
    assert LINK in confirmation.attachments[0][1]
    manage = client.get(f"/rsvp/manage/{booked.token}/").content.decode()
    assert LINK in manage
    personal = client.get(f"/feeds/mine/{booked.feed_secret}.ics").content.decode()
    assert LINK in personal.replace("\r\n ", "")

    (queued,) = [m for m in mail.outbox if m.to == ["bo@example.org"]]
    assert LINK not in queued.body + queued.alternatives[0][0] + queued.attachments[0][1]
    assert LINK not in client.get(f"/rsvp/manage/{waiting.token}/").content.decode()


def test_the_reminder_carries_the_link(hybrid, committed):
    _, lunchtime = hybrid
    occurrence = lunchtime.occurrences.order_by("start").first()  # tomorrow, Tuesday 24th
    booking.book(occurrence=occurrence, name="Ana", email="ana@example.org")
    mail.outbox.clear()
    with committed():
        assert booking.send_reminders() == 1
    (reminder,) = mail.outbox
    assert reminder.subject.startswith("Tomorrow")
    assert LINK in reminder.body
    assert re.search(r"LOCATION:https://meet\.example\.net/", reminder.attachments[0][1])


def test_the_outcome_page_points_to_the_email_not_the_link(client, hybrid):
    evening, _ = hybrid
    occurrence = evening.occurrences.order_by("start").first()
    data = {"name": "Ana", "email": "ana@example.org", "party_size": 1, "privacy": "on"}
    page = client.post(f"/rsvp/{occurrence.pk}/", data, follow=True).content.decode()
    assert "You're booked" in page
    assert "The link to join online is in your e-mail" in page
    assert LINK not in page
