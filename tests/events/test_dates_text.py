"""Dates and times for people: English exactly as the site always printed it, Polish and Arabic
as those languages write them."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from events.dates_text import date_at_time_text, date_text, date_time_text, time_text

LONDON = ZoneInfo("Europe/London")
MONDAY_EVENING = dt.datetime(2026, 12, 7, 19, 0, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("long", "Monday 7 December"),
        ("long_year", "Monday 7 December 2026"),
        ("short", "Mon 7 Dec"),
        ("short_year", "Mon 7 Dec 2026"),
        ("day_month", "7 December"),
        ("day_short_month", "7 Dec"),
        ("month_year", "December 2026"),
    ],
)
def test_english_dates_read_as_they_always_have(name, expected):
    with translation.override("en-gb"):
        assert date_text(MONDAY_EVENING, name) == expected


def test_english_september_is_sep_as_strftime_wrote_it():
    with translation.override("en-gb"):
        assert date_text(dt.date(2026, 9, 7), "short") == "Mon 7 Sep"


def test_english_date_and_time():
    with translation.override("en-gb"):
        assert date_time_text(MONDAY_EVENING) == "Monday 7 December, 19:00"
        assert date_at_time_text(MONDAY_EVENING) == "Monday 7 December at 19:00"
        assert date_time_text(MONDAY_EVENING, "short") == "Mon 7 Dec, 19:00"


def test_polish_dates_use_the_genitive_month_and_the_full_weekday():
    with translation.override("pl"):
        assert date_time_text(MONDAY_EVENING) == "poniedziałek, 7 grudnia, 19:00"
        assert date_text(MONDAY_EVENING, "day_month") == "7 grudnia"
        assert date_text(MONDAY_EVENING, "month_year") == "grudzień 2026"


def test_arabic_dates_use_arabic_names_and_comma():
    with translation.override("ar"):
        assert date_time_text(MONDAY_EVENING) == "الاثنين، 7 ديسمبر، 19:00"


def test_times_are_shown_in_the_zone_they_carry():
    utc = MONDAY_EVENING.astimezone(dt.UTC)
    summer = dt.datetime(2026, 7, 6, 19, 0, tzinfo=LONDON)
    assert time_text(utc) == "19:00"  # December: London is on UTC
    assert time_text(summer) == "19:00"
    assert time_text(summer.astimezone(dt.UTC)) == "18:00"
