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
