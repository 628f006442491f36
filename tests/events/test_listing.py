"""Plain functions behind What's on: schedules in words, times, grids, paging."""

import datetime as dt

import pytest
from recurrence import deserialize

from events import listing, schedule, structured_data

TODAY = dt.date(2026, 11, 24)


def words(rule, first_date=dt.date(2026, 1, 13), start=dt.time(19), minutes=90):
    return schedule.describe_schedule(
        deserialize(rule) if rule else None,
        first_date=first_date,
        start_time=start,
        duration=dt.timedelta(minutes=minutes),
        today=TODAY,
    )


@pytest.mark.parametrize(
    ("rule", "first_date", "start", "minutes", "expected"),
    [
        (
            "RRULE:FREQ=WEEKLY;BYDAY=TU,TH",
            dt.date(2027, 1, 12),
            dt.time(19),
            90,
            "Every Tuesday and Thursday, 7–8:30pm, from 12 January 2027",
        ),
        (
            "RRULE:FREQ=WEEKLY;BYDAY=TU",
            dt.date(2026, 1, 6),
            dt.time(19),
            90,
            "Every Tuesday, 7–8:30pm",
        ),
        (
            "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
            dt.date(2026, 12, 2),
            dt.time(10, 30),
            60,
            "Every other Wednesday, 10:30–11:30am, from 2 December",
        ),
        (
            "RRULE:FREQ=MONTHLY;BYDAY=+2SA",
            dt.date(2026, 1, 10),
            dt.time(14),
            120,
            "On the second Saturday of every month, 2–4pm",
        ),
        (
            "RRULE:FREQ=MONTHLY;BYDAY=-1FR",
            dt.date(2026, 1, 30),
            dt.time(11, 30),
            90,
            "On the last Friday of every month, 11:30am–1pm",
        ),
        (
            "RRULE:FREQ=DAILY;COUNT=5",
            dt.date(2026, 12, 7),
            dt.time(9),
            60,
            "Every day, 9–10am, from 7 December, 5 sessions",
        ),
        (
            "RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20270329T000000Z",
            dt.date(2026, 1, 5),
            dt.time(18),
            60,
            "Every Monday, 6–7pm, until 29 March 2027",
        ),
        (
            "RRULE:FREQ=MONTHLY;BYMONTHDAY=1",
            dt.date(2026, 1, 1),
            dt.time(12),
            30,
            "On the 1st of every month, 12 noon–12:30pm",
        ),
        ("", dt.date(2026, 12, 5), dt.time(10), 90, "Once, on Saturday 5 December, 10–11:30am"),
    ],
)
@pytest.mark.django_db
def test_schedule_reads_as_a_sentence(rule, first_date, start, minutes, expected):
    assert words(rule, first_date, start, minutes) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (dt.time(19), dt.time(20, 30), "7–8:30pm"),
        (dt.time(11, 30), dt.time(13), "11:30am–1pm"),
        (dt.time(9), dt.time(10), "9–10am"),
        (dt.time(12), dt.time(13), "12 noon–1pm"),
    ],
)
def test_time_ranges_read_the_way_people_say_them(start, end, expected):
    assert schedule.time_range_words(start, end) == expected


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


def test_json_ld_cannot_close_its_script_element():
    text = structured_data.json_ld({"name": "</script><script>alert(1)</script>"})
    assert "</script>" not in text and "<" not in text
