"""Plain functions behind What's on: the month grid, its neighbours, what a URL may ask for."""

import datetime as dt

import pytest

from events import listing


@pytest.mark.parametrize(
    ("year", "month", "ok"),
    [(2026, 12, True), (2026, 13, False), (2026, 0, False), (99999, 1, False), (1999, 5, False)],
)
def test_only_real_months_in_range_can_be_shown(year, month, ok):
    assert (listing.valid_month(year, month) == "") is ok


def test_month_grid_starts_on_monday_and_covers_whole_weeks():
    weeks = listing.month_grid(2026, 11, [])
    assert weeks[0][0].date == dt.date(2026, 10, 26)
    assert weeks[-1][-1].date == dt.date(2026, 12, 6)
    assert all(len(week) == 7 for week in weeks)
    assert not weeks[0][0].in_month and weeks[0][6].in_month


def test_neighbouring_months_wrap_around_the_year():
    assert listing.neighbour_months(2026, 1) == ((2025, 12), (2026, 2))
    assert listing.neighbour_months(2100, 12) == ((2100, 11), None)


@pytest.mark.parametrize("text", ["2026-02-30", "tomorrow", "99999-01-01", "", "2026-1-1"])
def test_nonsense_dates_are_not_dates(text):
    assert listing.parse_day(text) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "year", "month"),
    [
        ("Europe/London", 2027, 3),  # clocks go forward on 28 March
        ("Europe/London", 2026, 10),  # and back on 25 October
        ("America/Santiago", 2026, 9),  # forward at midnight: 6 September has no 00:00
        ("America/Santiago", 2027, 4),  # back at midnight: 3 April has two
        ("Australia/Lord_Howe", 2026, 10),  # a half-hour change
    ],
)
def test_the_calendars_put_each_date_on_its_local_day_across_clock_changes(zone, year, month):
    """The month and week views count and pick dates per local day in SQL; every start, every
    20 minutes of a month with a clock change, lands on the day it has in the zone."""
    from zoneinfo import ZoneInfo

    from events.models import Occurrence
    from tests.factories import make_event_page

    tz = ZoneInfo(zone)
    event = make_event_page(rule="RRULE:FREQ=YEARLY;COUNT=1", first_date=dt.date(2020, 1, 1))
    weeks = listing.month_weeks(year, month)
    start, end = listing.local_bounds(weeks[0][0], weeks[-1][-1], tz)
    moments = []
    moment = start.astimezone(dt.UTC)
    while moment < end:
        moments.append(moment)
        moment += dt.timedelta(minutes=20)
    Occurrence.objects.bulk_create(
        Occurrence(event=event, original_start=m, start=m, end=m + dt.timedelta(minutes=10))
        for m in moments
    )
    day_index, days = listing._day_index(start, end, tz)
    found = dict(
        Occurrence.objects.filter(event=event, start__gte=start, start__lt=end)
        .annotate(day=day_index)
        .values_list("start", "day")
    )
    assert len(found) == len(moments)
    wrong = {
        m: (days[found[m]] if found[m] is not None else None)
        for m in moments
        if found[m] is None or days[found[m]] != m.astimezone(tz).date()
    }
    assert wrong == {}
