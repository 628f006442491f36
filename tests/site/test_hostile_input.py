"""Inputs that used to answer 500 now answer calmly (run on PostgreSQL too: CI does).

Each was found from outside: a NUL byte in a manage link or personal feed (PostgreSQL refuses
it in a query), a date feed at the end of the calendar, a line separator in a category's
description.
"""

import datetime as dt

import pytest
import recurring_ical_events
import time_machine
from icalendar import Calendar

from tests.factories import make_category, make_event_page, make_rsvp

NOW = dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def client(client):
    client.raise_request_exception = False
    return client


@pytest.fixture
def booked():
    event = make_event_page(title="Grief café", slug="grief-cafe", first_date=dt.date(2026, 12, 1))
    return make_rsvp(event.occurrences.order_by("start").first(), email="ana@example.org")


@pytest.mark.parametrize(
    "path",
    [
        "/rsvp/manage/%00/",
        "/rsvp/manage/abc%00def/",
        "/rsvp/manage/%00/cancel/",
        "/rsvp/manage/tok%0Aen/",
        "/feeds/mine/a%00b.ics",
        "/feeds/mine/%00.ics",
        "/feeds/mine/..%2F..%2Fetc.ics",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_nul_or_stray_byte_in_a_secret_link_is_simply_not_found(client, booked, path, method):
    response = getattr(client, method)(path, {"action": "party_size", "party_size": "1"})

    assert response.status_code in {404, 405}


def test_a_real_manage_link_and_feed_still_work(client, booked):
    assert client.get(f"/rsvp/manage/{booked.token}/").status_code == 200
    assert client.get(f"/feeds/mine/{booked.feed_secret}.ics").status_code == 200


@pytest.mark.parametrize("day", ["9999-12-31", "9999-12-30", "0001-01-01", "0001-01-02"])
def test_a_date_feed_at_the_ends_of_the_calendar_says_there_is_no_date(client, day):
    make_event_page(title="Grief café", slug="grief-cafe", first_date=dt.date(2026, 12, 1))

    response = client.get(f"/feeds/gathering/grief-cafe/{day}.ics")

    assert response.status_code == 404
    assert f"has no date on {day}" in response.content.decode()


def test_a_date_feed_next_to_the_ends_still_works_for_a_real_date(client):
    make_event_page(title="Grief café", slug="grief-cafe", first_date=dt.date(2026, 12, 1))

    assert client.get("/feeds/gathering/grief-cafe/2026-12-01.ics").status_code == 200


@pytest.mark.parametrize(
    "description", ["Quiet\u2028together", "Quiet\u2029together", "Quiet\ntogether", "Quiet\r"]
)
def test_a_line_break_in_a_category_description_keeps_its_feed_working(client, description):
    category = make_category(name="Grief", slug="grief", description=description)
    make_event_page(category=category, first_date=dt.date(2026, 12, 1))

    response = client.get("/feeds/category/grief.ics")

    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    assert calendar["X-WR-CALDESC"].startswith("Quiet")
    assert "\u2028" not in response.content.decode()
    events = recurring_ical_events.of(calendar).between(NOW, NOW + dt.timedelta(days=22))
    assert len(events) == 3  # 1, 8 and 15 December
