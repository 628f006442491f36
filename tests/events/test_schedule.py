"""Rule expansion (local wall-clock time in the gathering's zone, stored in UTC), and the
schedule in the words people use."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from recurrence import deserialize

from events import schedule
from events.schedule import expand
from tests.factories import NOW

LONDON = ZoneInfo("Europe/London")


def starts(
    rule,
    *,
    first_date=dt.date(2026, 1, 6),
    start_time=dt.time(19),
    zone="Europe/London",
    after=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    before=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
):
    slots = expand(
        deserialize(rule) if rule else None,
        first_date=first_date,
        start_time=start_time,
        duration=dt.timedelta(minutes=90),
        time_zone=zone,
        after=after,
        before=before,
    )
    return [slot.start for slot in slots]


def test_weekly_session_keeps_local_time_across_both_dst_changes():
    result = starts("RRULE:FREQ=WEEKLY;BYDAY=TU")
    local = [s.astimezone(LONDON) for s in result]
    assert {(s.hour, s.minute) for s in local} == {(19, 0)}
    by_date = {s.astimezone(LONDON).date(): s for s in result}
    # Before the March change London is on GMT (UTC+0); after it, BST (UTC+1); back in October.
    assert by_date[dt.date(2026, 3, 24)] == dt.datetime(2026, 3, 24, 19, tzinfo=dt.UTC)
    assert by_date[dt.date(2026, 3, 31)] == dt.datetime(2026, 3, 31, 18, tzinfo=dt.UTC)
    assert by_date[dt.date(2026, 10, 20)] == dt.datetime(2026, 10, 20, 18, tzinfo=dt.UTC)
    assert by_date[dt.date(2026, 10, 27)] == dt.datetime(2026, 10, 27, 19, tzinfo=dt.UTC)
    assert all(s.tzinfo == dt.UTC for s in result)
    assert len(result) == 52


def test_session_keeps_local_time_in_another_zone():
    result = starts(
        "RRULE:FREQ=WEEKLY;BYDAY=SU", first_date=dt.date(2026, 3, 1), zone="America/New_York"
    )
    ny = ZoneInfo("America/New_York")
    assert {s.astimezone(ny).hour for s in result} == {19}


def test_second_saturday_of_each_month():
    result = starts("RRULE:FREQ=MONTHLY;BYDAY=+2SA", first_date=dt.date(2026, 1, 1))
    dates = [s.astimezone(LONDON).date() for s in result]
    assert dates[:4] == [
        dt.date(2026, 1, 10),
        dt.date(2026, 2, 14),
        dt.date(2026, 3, 14),
        dt.date(2026, 4, 11),
    ]
    assert len(dates) == 12
    assert all(d.weekday() == 5 and 8 <= d.day <= 14 for d in dates)


def test_fortnightly_rule_skips_alternate_weeks():
    result = starts("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", first_date=dt.date(2026, 1, 7))
    dates = [s.astimezone(LONDON).date() for s in result[:3]]
    assert dates == [dt.date(2026, 1, 7), dt.date(2026, 1, 21), dt.date(2026, 2, 4)]


def test_count_limits_a_short_daily_course():
    result = starts(
        "RRULE:FREQ=DAILY;COUNT=5", first_date=dt.date(2026, 3, 27), start_time=dt.time(7, 30)
    )
    local = [s.astimezone(LONDON) for s in result]
    assert [d.date().day for d in local] == [27, 28, 29, 30, 31]
    # 29 March is the spring change: the course still starts at 07:30 on the clock.
    assert {(d.hour, d.minute) for d in local} == {(7, 30)}


def test_until_date_from_the_widget_includes_that_local_day():
    # The widget stores UNTIL as midnight UTC of the chosen date.
    result = starts("RRULE:FREQ=WEEKLY;UNTIL=20260217T000000Z;BYDAY=TU")
    dates = [s.astimezone(LONDON).date() for s in result]
    assert dates[-1] == dt.date(2026, 2, 17)
    assert len(dates) == 7


def test_excluded_date_from_the_widget_removes_the_evening_session():
    # "Except 24 December": stored by the widget as midnight UTC, the session is at 19:00.
    rule = "RRULE:FREQ=WEEKLY;BYDAY=TU,TH\nEXDATE:20261224T000000Z"
    dates = [s.astimezone(LONDON).date() for s in starts(rule)]
    assert dt.date(2026, 12, 22) in dates
    assert dt.date(2026, 12, 24) not in dates
    assert dt.date(2026, 12, 29) in dates
    assert dt.date(2026, 12, 31) in dates


def test_extra_date_from_the_widget_is_added_at_the_start_time():
    rule = "RRULE:FREQ=WEEKLY;BYDAY=TU\nRDATE:20260612T000000Z"
    result = starts(rule)
    extra = [s for s in result if s.astimezone(LONDON).date() == dt.date(2026, 6, 12)]
    assert extra == [dt.datetime(2026, 6, 12, 18, tzinfo=dt.UTC)]  # 19:00 BST


def test_widget_dates_are_local_dates_in_a_zone_west_of_utc():
    # Midnight UTC on 24 December is 23 December in New York; the organiser meant the 24th.
    rule = "RRULE:FREQ=DAILY\nEXDATE:20261224T000000Z"
    result = starts(rule, first_date=dt.date(2026, 12, 20), zone="America/New_York")
    ny = ZoneInfo("America/New_York")
    dates = [s.astimezone(ny).date() for s in result]
    assert dt.date(2026, 12, 23) in dates
    assert dt.date(2026, 12, 24) not in dates


def test_first_date_not_matching_the_rule_is_not_a_session():
    # 1 January 2026 is a Thursday; a Tuesday group starts on the first Tuesday after it.
    result = starts("RRULE:FREQ=WEEKLY;BYDAY=TU", first_date=dt.date(2026, 1, 1))
    assert result[0].astimezone(LONDON).date() == dt.date(2026, 1, 6)


def test_empty_schedule_is_a_one_off_on_the_first_date():
    assert starts("", first_date=dt.date(2026, 5, 9), start_time=dt.time(10)) == [
        dt.datetime(2026, 5, 9, 9, tzinfo=dt.UTC)
    ]


def test_window_bounds_are_exact_in_utc():
    after = dt.datetime(2026, 1, 13, 19, tzinfo=dt.UTC)
    before = dt.datetime(2026, 1, 27, 19, tzinfo=dt.UTC)
    assert starts("RRULE:FREQ=WEEKLY;BYDAY=TU", after=after, before=before) == [
        dt.datetime(2026, 1, 13, 19, tzinfo=dt.UTC),
        dt.datetime(2026, 1, 20, 19, tzinfo=dt.UTC),
    ]


def words(rule, first_date=dt.date(2026, 1, 13), start=dt.time(19), minutes=90):
    return schedule.describe_schedule(
        deserialize(rule) if rule else None,
        first_date=first_date,
        start_time=start,
        duration=dt.timedelta(minutes=minutes),
        today=NOW.date(),
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


# In the visitor's language: Hearth's catalogue words schedules (django-recurrence has no Polish,
# and its Arabic ordinals are wrong), with the weekday's case and the ordinal's agreement right.


@pytest.mark.parametrize(
    ("language", "rule", "first_date", "expected"),
    [
        (
            "pl",
            "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
            dt.date(2026, 12, 7),
            "Co dwa tygodnie w poniedziałek, 19:00–20:30, od 7 grudnia",
        ),
        (
            "pl",
            "RRULE:FREQ=MONTHLY;BYDAY=+2SA",
            dt.date(2026, 1, 10),
            "W drugą sobotę każdego miesiąca, 19:00–20:30",
        ),
        (
            "pl",
            "RRULE:FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6",
            dt.date(2026, 1, 6),
            "Co tydzień we wtorek i w czwartek, 19:00–20:30, 6 spotkań",
        ),
        (
            "pl",
            "RRULE:FREQ=DAILY;COUNT=3",
            dt.date(2026, 1, 6),
            "Codziennie, 19:00–20:30, 3 spotkania",
        ),
        (
            "ar",
            "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
            dt.date(2026, 12, 7),
            "كل أسبوعين يوم الاثنين، 19:00–20:30، ابتداءً من 7 ديسمبر",
        ),
        (
            "ar",
            "RRULE:FREQ=MONTHLY;BYDAY=+2SA",
            dt.date(2026, 1, 10),
            "السبت الثاني من كل شهر، 19:00–20:30",
        ),
        (
            "ar",
            "RRULE:FREQ=WEEKLY;BYDAY=TU,TH;COUNT=2",
            dt.date(2026, 1, 6),
            "كل أسبوع يوم الثلاثاء والخميس، 19:00–20:30، جلستان",
        ),
        ("ar", "RRULE:FREQ=DAILY", dt.date(2026, 1, 6), "كل يوم، 19:00–20:30"),
    ],
)
@pytest.mark.django_db
def test_schedule_reads_as_a_sentence_in_polish_and_arabic(language, rule, first_date, expected):
    with translation.override(language):
        assert words(rule, first_date) == expected


@pytest.mark.django_db
def test_the_english_wording_does_not_follow_the_last_language_used():
    with translation.override("pl"):
        words("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", dt.date(2026, 12, 7))
    assert words("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", dt.date(2026, 12, 7)) == (
        "Every other Monday, 7–8:30pm, from 7 December"
    )
