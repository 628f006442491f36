"""Sessions in the hour the clocks change follow one rule (RFC 5545 3.3.5) everywhere.

A start time the clocks skip (spring) is read with the offset from before the gap; one they
repeat (autumn) is the first of the two; every end is the start plus the duration in absolute
time. Storage, pages, e-mails and both calendar libraries must agree, with no zero-length date.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from events.ical import feeds
from events.models import Occurrence
from events.services import booking
from events.services.dates import cancel_occurrence, move_occurrence
from tests.factories import make_event_page, make_venue
from tests.feeds import expand
from tests.feeds.validate import problems

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 24, 12, tzinfo=UTC)
FAR = dt.datetime(2030, 1, 1, tzinfo=UTC)
HOUR = dt.timedelta(hours=1)
LONDON, NEW_YORK, SYDNEY = (
    ZoneInfo("Europe/London"),
    ZoneInfo("America/New_York"),
    ZoneInfo("Australia/Sydney"),
)
# The nights the clocks change between November 2026 and November 2027, in each zone.
NIGHTS = {
    "Europe/London": {"spring": dt.date(2027, 3, 28), "autumn": dt.date(2027, 10, 31)},
    "America/New_York": {"spring": dt.date(2027, 3, 14), "autumn": dt.date(2027, 11, 7)},
    "Australia/Sydney": {"spring": dt.date(2027, 10, 3), "autumn": dt.date(2027, 4, 4)},
}


@pytest.fixture(autouse=True)
def frozen_clock():
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield
    cache.clear()


def night_owl(zone, start, **kwargs):
    """A daily session at ``start`` (local) for an hour, every night of the coming year."""
    kwargs.setdefault("duration", HOUR)
    return make_event_page(
        title=f"Night owls {zone} {start:%H%M}",
        slug=f"night-owls-{zone.split('/')[1].lower()}-{start:%H%M}",
        rule="RRULE:FREQ=DAILY",
        first_date=dt.date(2026, 11, 20),
        start_time=start,
        time_zone=zone,
        **kwargs,
    )


def on(page, day):
    """The stored date the schedule gave on local ``day``."""
    return next(o for o in page.occurrences.all() if o.local_original_start.date() == day)


def feed(path):
    response = Client().get(path)
    assert response.status_code == 200
    return response


def assert_both_libraries_show(body, expected, after=None):
    after = after or feeds.window_start(NOW)
    assert expand.with_python(body, after, FAR) == expected
    assert expand.with_icaljs(body, after, FAR) == expected


def in_feed(**filters):
    rows = Occurrence.objects.in_feeds().filter(
        event__live=True, original_start__gte=feeds.window_start(NOW), **filters
    )
    return expand.stored(rows)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "zone, start, night, stored_start",
    [
        # Spring: the gap is read with the offset from before it (01:30 GMT is 02:30 BST).
        ("Europe/London", dt.time(1, 30), "spring", dt.datetime(2027, 3, 28, 1, 30, tzinfo=UTC)),
        ("America/New_York", dt.time(2, 30), "spring", dt.datetime(2027, 3, 14, 7, 30, tzinfo=UTC)),
        (
            "Australia/Sydney",
            dt.time(2, 30),
            "spring",
            dt.datetime(2027, 10, 2, 16, 30, tzinfo=UTC),
        ),
        # Autumn: the repeated hour is the first of the two (01:30 BST, not 01:30 GMT).
        ("Europe/London", dt.time(1, 30), "autumn", dt.datetime(2027, 10, 31, 0, 30, tzinfo=UTC)),
        ("America/New_York", dt.time(1, 30), "autumn", dt.datetime(2027, 11, 7, 5, 30, tzinfo=UTC)),
        ("Australia/Sydney", dt.time(2, 30), "autumn", dt.datetime(2027, 4, 3, 15, 30, tzinfo=UTC)),
    ],
)
def test_a_start_time_the_clocks_skip_or_repeat_is_stored_by_rfc_5545(
    zone, start, night, stored_start
):
    page = night_owl(zone, start)
    occurrence = on(page, NIGHTS[zone][night])
    assert occurrence.start == occurrence.original_start == stored_start
    assert occurrence.end == stored_start + HOUR
    # One date on each local day, every one an hour long: none lost, none of zero length.
    days = [o.local_original_start.date() for o in page.occurrences.all()]
    assert len(days) == len(set(days)) == 365
    assert {o.end - o.start for o in page.occurrences.all()} == {HOUR}


@pytest.mark.django_db
@expand.needs_node
def test_both_libraries_expand_daily_sessions_across_both_nights_to_the_stored_dates():
    pages = [
        night_owl(zone, start) for zone in NIGHTS for start in (dt.time(1, 30), dt.time(2, 30))
    ]
    # Late sessions that cross midnight into the change night, and through the changed hour.
    pages.append(night_owl("Europe/London", dt.time(23, 30), duration=3 * HOUR))
    pages.append(night_owl("Australia/Sydney", dt.time(23, 0), duration=4 * HOUR))
    pages.append(night_owl("America/New_York", dt.time(0, 30), duration=2 * HOUR))
    for page in pages:
        body = feed(reverse("feeds:gathering", args=[page.slug])).content
        assert problems(body) == [], page.title
        assert_both_libraries_show(body, in_feed(event=page))
    everything = feed(reverse("feeds:all")).content
    assert problems(everything) == []
    assert_both_libraries_show(everything, in_feed())
    assert all(o.end > o.start for o in Occurrence.objects.all())


@pytest.mark.django_db
@expand.needs_node
def test_cancelled_and_moved_dates_on_the_change_nights_reach_both_libraries():
    page = night_owl("Europe/London", dt.time(1, 30))
    library = make_venue(title="Central Library")
    spring, autumn = NIGHTS["Europe/London"]["spring"], NIGHTS["Europe/London"]["autumn"]
    cancel_occurrence(on(page, spring), reason="The hall is shut for the clock change.")
    moved = on(page, autumn)
    move_occurrence(moved, start=moved.start, end=moved.end, venue=library)
    # A date moved onto the autumn night, into the repeated hour: the second 01:30 to 02:30.
    source = on(page, autumn - dt.timedelta(days=3))
    move_occurrence(
        source,
        start=dt.datetime(2027, 10, 31, 1, 30, tzinfo=UTC),
        end=dt.datetime(2027, 10, 31, 2, 30, tzinfo=UTC),
    )

    body = feed(reverse("feeds:gathering", args=[page.slug])).content
    assert problems(body) == []
    expected = in_feed(event=page)
    assert (
        dt.datetime(2027, 3, 28, 1, 30, tzinfo=UTC),
        dt.datetime(2027, 3, 28, 2, 30, tzinfo=UTC),
        "cancelled",
    ) in expected
    assert_both_libraries_show(body, expected)

    # Each changed date also downloads on its own ("add to calendar") with the same times.
    for day in (spring, autumn, autumn - dt.timedelta(days=3)):
        occurrence = on(page, day)
        one = feed(reverse("feeds:occurrence", args=[page.slug, occurrence.date_slug])).content
        assert problems(one) == []
        start = occurrence.start - HOUR
        assert_both_libraries_show(
            one, [(occurrence.start, occurrence.end, occurrence.status)], after=start
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "zone, start, night, duration, shown",
    [
        ("Europe/London", dt.time(1, 30), "autumn", HOUR, "01:30 BST–01:30 GMT"),
        ("Europe/London", dt.time(1, 30), "spring", HOUR, "02:30–03:30"),
        ("America/New_York", dt.time(1, 30), "autumn", HOUR, "01:30 EDT–01:30 EST"),
        ("Australia/Sydney", dt.time(2, 30), "autumn", HOUR, "02:30 AEDT–02:30 AEST"),
        ("Europe/London", dt.time(23, 30), "spring", 3 * HOUR, "23:30 GMT–Sun 03:30 BST"),
    ],
)
def test_the_date_page_names_the_offsets_when_the_clocks_change_during_a_session(
    client, zone, start, night, duration, shown
):
    page = night_owl(zone, start, duration=duration)
    day = NIGHTS[zone][night] - (dt.timedelta(days=1) if start.hour == 23 else dt.timedelta(0))
    occurrence = on(page, day)
    html = client.get(f"{page.url}{occurrence.date_slug}/").content.decode()
    assert shown in html
    assert occurrence.local_hours == shown
    assert f"{start:%H:%M}–{start:%H:%M}" not in html


@pytest.mark.django_db
def test_e_mails_give_the_same_times_as_the_page_on_the_autumn_night(
    django_capture_on_commit_callbacks,
):
    page = night_owl("Europe/London", dt.time(1, 30))
    occurrence = on(page, NIGHTS["Europe/London"]["autumn"])
    with django_capture_on_commit_callbacks(execute=True):
        booking.book(occurrence=occurrence, name="Ana", email="ana@example.org", check_window=False)
    [message] = mail.outbox
    assert "Sunday 31 October 2027, 01:30 BST–01:30 GMT" in message.body
    assert "01:30 BST–01:30 GMT" in message.alternatives[0][0]
    attachment = message.attachments[0][1]
    assert "DTSTART:20271031T003000Z" in attachment
    assert "DTEND:20271031T013000Z" in attachment


@pytest.mark.django_db
@expand.needs_node
def test_a_series_whose_last_date_is_in_the_repeated_hour_keeps_it_in_both_libraries():
    page = make_event_page(
        title="Ten nights",
        slug="ten-nights",
        rule="RRULE:FREQ=DAILY;UNTIL=20271031T000000Z",
        first_date=dt.date(2027, 10, 22),
        start_time=dt.time(1, 30),
        duration=HOUR,
    )
    body = feed(reverse("feeds:gathering", args=[page.slug])).content
    assert problems(body) == []
    expected = in_feed(event=page)
    assert len(expected) == 10
    assert expected[-1][0] == dt.datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert_both_libraries_show(body, expected)
