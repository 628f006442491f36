"""Calendar feeds expand, in Python's and Thunderbird's parsers, to exactly the site's dates."""

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import recurring_ical_events
import time_machine
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from events.ical import feeds
from events.models import Occurrence
from events.services.dates import cancel_occurrence, extend_horizon, move_occurrence
from tests.factories import NOW, make_category, make_event_page, make_venue

UTC = dt.UTC
EXPAND_JS = Path(__file__).resolve().parents[2] / "feeds" / "expand.mjs"
FAR = dt.datetime(2030, 1, 1, tzinfo=UTC)

needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def expand_with_python(ics, after, before):
    """(start UTC, end UTC, state) of each instance, as recurring-ical-events expands them."""
    calendar = Calendar.from_ical(ics)
    instances = []
    for event in recurring_ical_events.of(calendar).between(after, before):
        status = str(event.get("STATUS", "CONFIRMED")).lower()
        instances.append(
            (
                event.start.astimezone(UTC),
                event.end.astimezone(UTC),
                "cancelled" if status == "cancelled" else "scheduled",
            )
        )
    return sorted(instances)


def expand_with_icaljs(ics, after, before):
    """The same, as Mozilla's ical.js (Thunderbird's parser) expands them, run through node."""
    result = subprocess.run(  # noqa: S603
        ["node", str(EXPAND_JS), after.isoformat(), before.isoformat()],  # noqa: S607
        input=ics,
        capture_output=True,
        check=True,
        timeout=60,
    )
    instances = []
    for item in json.loads(result.stdout):
        instances.append(
            (
                dt.datetime.fromisoformat(item["start"]),
                dt.datetime.fromisoformat(item["end"]),
                "cancelled" if item["status"] == "cancelled" else "scheduled",
            )
        )
    return sorted(instances)


def stored_dates(**filters):
    """What the site shows: stored occurrences of published gatherings in the feed's window."""
    rows = Occurrence.objects.filter(
        event__live=True, original_start__gte=feeds.window_start(NOW), **filters
    )
    return sorted((o.start, o.end, o.status) for o in rows)


def get_feed(path, **headers):
    return Client().get(path, **headers)


def dst_schedules(venue, category):
    """Gatherings whose dates cross both of London's daylight-saving changes in 2027."""
    pages = {
        "weekly": make_event_page(
            title="Tuesday meditation",
            slug="tuesday-meditation",
            rule="RRULE:FREQ=WEEKLY;BYDAY=TU",
            first_date=dt.date(2026, 6, 2),
            venue=venue,
            category=category,
        ),
        "fortnightly": make_event_page(
            title="Fortnightly walk",
            rule="RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=SA",
            first_date=dt.date(2026, 11, 28),
            start_time=dt.time(10, 30),
            duration=dt.timedelta(hours=2),
        ),
        "monthly": make_event_page(
            title="Second-Saturday art",
            rule="RRULE:FREQ=MONTHLY;BYDAY=+2SA",
            first_date=dt.date(2026, 12, 12),
            start_time=dt.time(14, 0),
        ),
        "count": make_event_page(
            title="Thirty Wednesdays",
            rule="RRULE:FREQ=WEEKLY;BYDAY=WE;COUNT=30",
            first_date=dt.date(2026, 12, 2),
            start_time=dt.time(18, 30),
        ),
        "until": make_event_page(
            title="Every third day until November",
            rule="RRULE:FREQ=DAILY;INTERVAL=3;UNTIL=20271105T000000Z",
            first_date=dt.date(2026, 11, 25),
            start_time=dt.time(7, 15),
            duration=dt.timedelta(minutes=45),
        ),
        "extra_dates": make_event_page(
            title="Thursday circle",
            rule="RRULE:FREQ=WEEKLY;BYDAY=TH\nRDATE:20261227T000000Z\nEXDATE:20261231T000000Z",
            first_date=dt.date(2026, 11, 26),
        ),
        "two_rules": make_event_page(
            title="Mondays and the 15th",
            rule="RRULE:FREQ=WEEKLY;BYDAY=MO\nRRULE:FREQ=MONTHLY;BYMONTHDAY=15",
            first_date=dt.date(2026, 11, 30),
            start_time=dt.time(12, 0),
        ),
        "one_off": make_event_page(
            title="Open day", rule="", first_date=dt.date(2027, 4, 3), start_time=dt.time(11, 0)
        ),
        "new_york": make_event_page(
            title="Online check-in (New York)",
            rule="RRULE:FREQ=WEEKLY;BYDAY=FR",
            first_date=dt.date(2026, 11, 27),
            start_time=dt.time(9, 0),
            time_zone="America/New_York",
        ),
    }
    return pages


def change_some_dates(pages, other_venue):
    weekly = pages["weekly"].occurrences.order_by("original_start")
    # A date just before the spring change, moved across it by a week and an hour later.
    march = weekly.get(original_start=dt.datetime(2027, 3, 23, 19, tzinfo=UTC))
    move_occurrence(
        march,
        start=dt.datetime(2027, 3, 30, 19, tzinfo=UTC),
        end=dt.datetime(2027, 3, 30, 20, 30, tzinfo=UTC),
        note="Moved a week because of the Easter fair.",
    )
    cancel_occurrence(
        weekly.get(original_start=dt.datetime(2027, 11, 2, 19, tzinfo=UTC)),
        reason="Hall closed for repairs; sorry!",
    )
    monthly = list(pages["monthly"].occurrences.order_by("original_start"))
    move_occurrence(monthly[3], start=monthly[3].start, end=monthly[3].end, venue=other_venue)
    cancel_occurrence(list(pages["count"].occurrences.order_by("start"))[5], reason="Snow")


@pytest.fixture
def site_with_changes(db):
    venue = make_venue(title="Friends Meeting House", latitude="53.797000", longitude="-1.548000")
    other = make_venue(title="Quarry Hill Library")
    category = make_category(name="Meditation", slug="meditation")
    # Published in spring at 18:00, so older dates (kept in the feed's past window) are at 18:00.
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, tzinfo=UTC), tick=False):
        early = make_event_page(
            title="Evening stretch",
            rule="RRULE:FREQ=WEEKLY;BYDAY=MO",
            first_date=dt.date(2026, 6, 1),
            start_time=dt.time(18, 0),
        )
    with time_machine.travel(NOW, tick=False):
        extend_horizon()
        early.start_time = dt.time(19, 0)
        early.save_revision().publish()
        pages = dst_schedules(venue, category)
        change_some_dates(pages, other)
        pages["early"] = early
        yield pages


@pytest.mark.django_db
@needs_node
def test_whole_site_feed_expands_to_the_stored_dates_in_python_and_thunderbird(
    site_with_changes,
):
    with time_machine.travel(NOW, tick=False):
        response = get_feed(reverse("feeds:all"))
        expected = stored_dates()
    after = feeds.window_start(NOW)
    assert response.status_code == 200
    assert len(expected) > 400
    assert expand_with_python(response.content, after, FAR) == expected
    assert expand_with_icaljs(response.content, after, FAR) == expected


@pytest.mark.django_db
@needs_node
@pytest.mark.parametrize(
    "key", ["weekly", "fortnightly", "monthly", "count", "until", "extra_dates", "two_rules"]
)
def test_each_gathering_feed_keeps_local_time_across_both_dst_changes(site_with_changes, key):
    page = site_with_changes[key]
    with time_machine.travel(NOW, tick=False):
        response = get_feed(reverse("feeds:gathering", args=[page.slug]))
        expected = stored_dates(event=page)
    after = feeds.window_start(NOW)
    local_times = {start.astimezone(page.tz).time() for start, _, status in expected}
    assert len(local_times) == 1 or key == "weekly"  # the weekly one has a date moved
    assert expand_with_python(response.content, after, FAR) == expected
    assert expand_with_icaljs(response.content, after, FAR) == expected


@pytest.mark.django_db
@needs_node
def test_a_feed_never_goes_on_past_the_stored_horizon(site_with_changes):
    page = site_with_changes["weekly"]
    with time_machine.travel(NOW, tick=False):
        body = get_feed(reverse("feeds:gathering", args=[page.slug])).content
        last = page.occurrences.order_by("-original_start").first()
    beyond = last.end + dt.timedelta(minutes=1)
    assert expand_with_python(body, beyond, FAR) == []
    assert expand_with_icaljs(body, beyond, FAR) == []
    assert b"UNTIL=20271123T190000Z" in body


@pytest.mark.django_db
def test_old_dates_at_a_former_start_time_stay_in_the_feed_as_explicit_dates(site_with_changes):
    page = site_with_changes["early"]
    with time_machine.travel(NOW, tick=False):
        body = get_feed(reverse("feeds:gathering", args=[page.slug])).content
        expected = stored_dates(event=page)
    [master] = [c for c in Calendar.from_ical(body).walk("VEVENT") if "RECURRENCE-ID" not in c]
    assert master.start == dt.datetime(2026, 11, 30, 19, tzinfo=page.tz)
    assert "RDATE" in master
    assert expected[0][0].astimezone(page.tz).time() == dt.time(18, 0)
    assert expand_with_python(body, feeds.window_start(NOW), FAR) == expected


@pytest.mark.django_db
def test_feed_carries_the_properties_calendar_apps_need(site_with_changes):
    page = site_with_changes["weekly"]
    with time_machine.travel(NOW, tick=False):
        response = get_feed(reverse("feeds:gathering", args=[page.slug]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content
    assert b"\r\n" in body and b"\n" not in body.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    calendar = Calendar.from_ical(body)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == feeds.PRODID
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert "METHOD" not in calendar  # a subscription, not an iTIP message
    assert calendar["X-WR-CALNAME"] == "Hearth: Tuesday meditation"
    assert calendar["NAME"] == "Hearth: Tuesday meditation"
    assert "X-WR-TIMEZONE" not in calendar  # every time names its own zone
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT12H" in body
    assert b"X-PUBLISHED-TTL:PT12H" in body
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    events = calendar.walk("VEVENT")
    master = events[0]
    assert master["UID"] == f"gathering-{page.pk}@testserver"
    assert {e["UID"] for e in events} == {master["UID"]}
    assert master["DTSTART"].params["TZID"] == "Europe/London"
    assert master.start == dt.datetime(2026, 11, 24, 19, tzinfo=page.tz)
    assert master["RRULE"]["FREQ"] == ["WEEKLY"]
    assert master["RRULE"]["BYDAY"] == ["TU"]
    assert master["RRULE"]["UNTIL"] == [dt.datetime(2027, 11, 23, 19, tzinfo=UTC)]
    assert master.duration == dt.timedelta(minutes=90)
    assert master["STATUS"] == "CONFIRMED"
    assert master["URL"] == "http://testserver/whats-on/tuesday-meditation/"
    assert master["LOCATION"].startswith("Friends Meeting House, ")
    assert master["GEO"].latitude == pytest.approx(53.797)
    assert master.categories == ["Meditation"]
    assert "A calm weekly gathering." in master["DESCRIPTION"]
    assert master["SEQUENCE"] >= 1
    assert "DTSTAMP" in master and "LAST-MODIFIED" in master
    assert "ORGANIZER" not in master and "ATTENDEE" not in master
    overrides = {o["RECURRENCE-ID"].dt: o for o in events[1:]}
    moved = overrides[dt.datetime(2027, 3, 23, 19, tzinfo=page.tz)]
    assert moved.start == dt.datetime(2027, 3, 30, 20, tzinfo=page.tz)
    assert "Moved from Tuesday 23 March 2027, 19:00." in moved["DESCRIPTION"]
    assert "Easter fair" in moved["DESCRIPTION"]
    cancelled = overrides[dt.datetime(2027, 11, 2, 19, tzinfo=page.tz)]
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["SUMMARY"] == "Cancelled: Tuesday meditation"
    assert cancelled["SEQUENCE"] > master["SEQUENCE"]
    assert cancelled["DESCRIPTION"].startswith("Hall closed for repairs; sorry!")


@pytest.mark.django_db
def test_a_gathering_in_another_zone_brings_its_own_vtimezone(site_with_changes):
    with time_machine.travel(NOW, tick=False):
        body = get_feed(reverse("feeds:all")).content
    zones = [tz["TZID"] for tz in Calendar.from_ical(body).walk("VTIMEZONE")]
    assert sorted(zones) == ["America/New_York", "Europe/London"]


@pytest.mark.django_db
def test_a_date_moved_to_another_venue_names_that_venue(site_with_changes):
    page = site_with_changes["monthly"]
    with time_machine.travel(NOW, tick=False):
        body = get_feed(reverse("feeds:gathering", args=[page.slug])).content
    [override] = [c for c in Calendar.from_ical(body).walk("VEVENT") if "RECURRENCE-ID" in c]
    assert override["LOCATION"].startswith("Quarry Hill Library")


@pytest.mark.django_db
def test_category_and_venue_feeds_hold_only_their_gatherings(site_with_changes):
    with time_machine.travel(NOW, tick=False):
        by_category = Calendar.from_ical(get_feed("/feeds/category/meditation.ics").content)
        venue = site_with_changes["weekly"].venue
        by_venue = Calendar.from_ical(get_feed(f"/feeds/venue/{venue.slug}.ics").content)
    assert {str(e["SUMMARY"]) for e in by_category.walk("VEVENT")} >= {"Tuesday meditation"}
    assert {e["UID"] for e in by_category.walk("VEVENT")} == {
        feeds.series_uid(site_with_changes["weekly"])
    }
    assert by_venue["X-WR-CALNAME"] == "Hearth: Friends Meeting House"
    assert {e["UID"] for e in by_venue.walk("VEVENT")} == {
        feeds.series_uid(site_with_changes["weekly"])
    }


@pytest.mark.django_db
def test_one_date_downloads_as_its_own_event(site_with_changes):
    page = site_with_changes["weekly"]
    with time_machine.travel(NOW, tick=False):
        occurrence = page.occurrences.get(original_start=dt.datetime(2027, 3, 23, 19, tzinfo=UTC))
        url = reverse("feeds:occurrence", args=[page.slug, occurrence.date_slug])
        response = get_feed(url)
    assert url == f"/feeds/gathering/{page.slug}/2027-03-23.ics"
    assert response["Content-Disposition"] == (f'attachment; filename="{page.slug}-2027-03-23.ics"')
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert event["UID"] == f"gathering-{page.pk}-20270323@testserver"
    assert event.start == dt.datetime(2027, 3, 30, 20, tzinfo=page.tz)
    assert event.end.astimezone(UTC) == dt.datetime(2027, 3, 30, 20, 30, tzinfo=UTC)
    assert "RRULE" not in event and "RECURRENCE-ID" not in event


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, message",
    [
        ("/feeds/category/nope.ics", "There is no category called “nope”."),
        ("/feeds/venue/nope.ics", "There is no venue called “nope”."),
        ("/feeds/gathering/nope.ics", "There is no published gathering called “nope”."),
        ("/feeds/gathering/tuesday-meditation/2026-11-25.ics", "has no date on 2026-11-25"),
        ("/feeds/gathering/tuesday-meditation/someday.ics", "is not a date like"),
    ],
)
def test_unknown_feeds_say_plainly_what_was_not_found(site_with_changes, path, message):
    with time_machine.travel(NOW, tick=False):
        response = get_feed(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert message in response.content.decode()


@pytest.mark.django_db
def test_a_draft_gathering_has_no_feed():
    with time_machine.travel(NOW, tick=False):
        page = make_event_page(title="Not yet", publish=False, live=False)
        assert get_feed(f"/feeds/gathering/{page.slug}.ics").status_code == 404
        assert b"Not yet" not in get_feed("/feeds/all.ics").content
