"""Feeds of schedules that changed expand, in both calendar libraries, to what the site shows.

What the site shows is its listings (dates going ahead, moved or cancelled by an organiser) plus
the agreed cancelled entries for dates a rule edit dropped: those with bookings or within
HEARTH_FEED_DROPPED_NOTICE_DAYS. Everything else a rule edit dropped is absent, not a year of
"Cancelled" entries.
"""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils.http import http_date

from events.ical import feeds
from events.models import Occurrence
from events.services.dates import cancel_occurrence, move_occurrence, restore_occurrence
from tests.factories import make_event_page, make_rsvp, make_venue, republish
from tests.feeds import expand
from tests.feeds.validate import problems

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 24, 12, tzinfo=UTC)
YEAR_ON = NOW + dt.timedelta(days=365)


@pytest.fixture(autouse=True)
def frozen_clock():
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield
    cache.clear()


def on(page, day):
    return next(o for o in page.occurrences.all() if o.local_original_start.date() == day)


def gathering(title, rule, first_date, **kwargs):
    slug = title.lower().replace(" ", "-")
    return make_event_page(title=title, slug=slug, rule=rule, first_date=first_date, **kwargs)


def shown_by_the_site(page=None):
    """The listings' dates plus the dropped dates subscribers are told about, over the feed's
    window (the last three months and the coming year)."""
    scope = {"event": page} if page else {"event__live": True}
    window = {"original_start__gte": feeds.window_start(NOW), "original_start__lt": YEAR_ON}
    listed = Occurrence.objects.public().filter(**scope, **window)
    told = Occurrence.objects.filter(
        **scope, **window, removed_from_schedule=True, dropped_quietly=False
    )
    rows = list(listed) + list(told)
    assert sorted(o.pk for o in rows) == sorted(
        Occurrence.objects.in_feeds().filter(**scope, **window).values_list("pk", flat=True)
    )
    return expand.stored(rows)


def expands_to_what_the_site_shows(path, page=None):
    response = Client().get(path)
    assert response.status_code == 200
    body = response.content
    assert problems(body, content_type=response["Content-Type"]) == [], path
    expected = shown_by_the_site(page)
    after = feeds.window_start(NOW)
    assert expand.with_python(body, after, YEAR_ON) == expected, path
    assert expand.with_icaljs(body, after, YEAR_ON) == expected, path
    return expected


def cancelled(expected):
    return [start for start, _end, status in expected if status == "cancelled"]


@pytest.fixture
def changed_schedules(db):
    library = make_venue(title="Central Library")
    pages = {}

    # Wednesdays, one moved to a Friday at the library and one cancelled by the organiser,
    # one booked; then the gathering moves to Thursdays.
    page = pages["weekday"] = gathering(
        "Wednesday circle", "RRULE:FREQ=WEEKLY;BYDAY=WE", dt.date(2026, 11, 25)
    )
    source = on(page, dt.date(2026, 12, 2))
    move_occurrence(
        source,
        start=dt.datetime(2026, 12, 4, 19, tzinfo=UTC),
        end=dt.datetime(2026, 12, 4, 20, 30, tzinfo=UTC),
        venue=library,
        note="At the library this week.",
    )
    cancel_occurrence(on(page, dt.date(2026, 12, 16)), reason="Hall closed.")
    make_rsvp(on(page, dt.date(2027, 1, 13)), name="Ana")
    republish(page, "RRULE:FREQ=WEEKLY;BYDAY=TH")

    # Tuesdays at 19:00, one moved an hour later and one cancelled; then 18:30.
    page = pages["start_time"] = gathering(
        "Tuesday sitting", "RRULE:FREQ=WEEKLY;BYDAY=TU", dt.date(2026, 11, 24)
    )
    source = on(page, dt.date(2026, 12, 8))
    move_occurrence(source, start=source.start + dt.timedelta(hours=1), end=source.end)
    cancel_occurrence(on(page, dt.date(2026, 12, 15)), reason="Snow.")
    republish(page, start_time=dt.time(18, 30))

    # Thursdays plus two Saturdays, one booked; then the extra Saturdays are removed.
    page = pages["extra_date"] = gathering(
        "Thursday art",
        "RRULE:FREQ=WEEKLY;BYDAY=TH\nRDATE:20261219T000000Z\nRDATE:20270206T000000Z",
        dt.date(2026, 11, 26),
    )
    make_rsvp(on(page, dt.date(2027, 2, 6)), name="Bo")
    republish(page, "RRULE:FREQ=WEEKLY;BYDAY=TH")

    # Twenty Fridays, the last booked; then eight.
    page = pages["count"] = gathering(
        "Friday course", "RRULE:FREQ=WEEKLY;BYDAY=FR;COUNT=20", dt.date(2026, 11, 27)
    )
    make_rsvp(page.occurrences.order_by("start").last(), name="Cy")
    republish(page, "RRULE:FREQ=WEEKLY;BYDAY=FR;COUNT=8")

    # Saturdays until the end of June, one in May booked; then until the end of February.
    page = pages["until"] = gathering(
        "Saturday walk",
        "RRULE:FREQ=WEEKLY;BYDAY=SA;UNTIL=20270630T000000Z",
        dt.date(2026, 11, 28),
        start_time=dt.time(10, 0),
    )
    make_rsvp(on(page, dt.date(2027, 5, 15)), name="Dee")
    republish(page, "RRULE:FREQ=WEEKLY;BYDAY=SA;UNTIL=20270228T000000Z")
    return pages


@pytest.mark.django_db
@expand.needs_node
@pytest.mark.parametrize("kind", ["weekday", "start_time", "extra_date", "count", "until"])
def test_a_changed_schedule_expands_to_what_the_site_shows_in_both_libraries(
    changed_schedules, kind
):
    page = changed_schedules[kind]
    expands_to_what_the_site_shows(reverse("feeds:gathering", args=[page.slug]), page)


@pytest.mark.django_db
@expand.needs_node
def test_the_whole_site_feed_of_changed_schedules_expands_to_what_the_site_shows(
    changed_schedules,
):
    expected = expands_to_what_the_site_shows(reverse("feeds:all"))
    assert len(expected) > 150  # five gatherings over a year and the last three months


@pytest.mark.django_db
@expand.needs_node
def test_a_weekday_change_gives_subscribers_the_new_dates_and_only_the_cancellations_that_help(
    changed_schedules,
):
    page = changed_schedules["weekday"]
    expected = expands_to_what_the_site_shows(reverse("feeds:gathering", args=[page.slug]), page)
    # Not 52 "Cancelled" Wednesdays: tomorrow's (people may have planned for it), the
    # organiser's own cancellation, and the one someone had booked. (2 December was moved.)
    assert cancelled(expected) == [
        dt.datetime(2026, 11, 25, 19, tzinfo=UTC),
        dt.datetime(2026, 12, 16, 19, tzinfo=UTC),
        dt.datetime(2027, 1, 13, 19, tzinfo=UTC),
    ]
    # The organiser's move goes ahead on the Friday, at the library; the Thursdays follow.
    assert (
        dt.datetime(2026, 12, 4, 19, tzinfo=UTC),
        dt.datetime(2026, 12, 4, 20, 30, tzinfo=UTC),
        "scheduled",
    ) in expected
    thursdays = [s for s, _e, status in expected if status == "scheduled" and s.weekday() == 3]
    assert len(thursdays) == 52


@pytest.mark.django_db
@expand.needs_node
def test_a_date_dropped_then_given_back_goes_ahead_again_in_both_libraries():
    page = gathering("Monday yoga", "RRULE:FREQ=WEEKLY;BYDAY=MO", dt.date(2026, 11, 30))
    make_rsvp(on(page, dt.date(2027, 1, 11)), name="Eli")
    cancel_occurrence(on(page, dt.date(2026, 12, 7)), reason="Room double-booked.")
    path = reverse("feeds:gathering", args=[page.slug])

    republish(page, "RRULE:FREQ=WEEKLY;BYDAY=MO\nEXDATE:20270111T000000Z\nEXDATE:20270118T000000Z")
    expected = expands_to_what_the_site_shows(path, page)
    assert cancelled(expected) == [
        dt.datetime(2026, 12, 7, 19, tzinfo=UTC),
        dt.datetime(2027, 1, 11, 19, tzinfo=UTC),  # booked: shown cancelled
    ]  # 18 January, which nobody booked, is simply absent
    assert dt.datetime(2027, 1, 18, 19, tzinfo=UTC) not in [s for s, _e, _s in expected]

    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        republish(page, "RRULE:FREQ=WEEKLY;BYDAY=MO")
        restore_occurrence(on(page, dt.date(2026, 12, 7)))
        again = Client().get(path, HTTP_IF_MODIFIED_SINCE=http_date(NOW.timestamp()))
    assert again.status_code == 200
    expected = expands_to_what_the_site_shows(path, page)
    assert cancelled(expected) == []
    starts = [s for s, _e, _s in expected]
    assert dt.datetime(2027, 1, 11, 19, tzinfo=UTC) in starts
    assert dt.datetime(2027, 1, 18, 19, tzinfo=UTC) in starts
