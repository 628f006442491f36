"""What a rule edit does to stored dates: organisers' changes survive it; dropped dates are
cancelled, and marked quiet for feeds unless someone had booked them or they were close."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from events.models import Occurrence
from events.services.dates import cancel_occurrence, move_occurrence
from tests.factories import make_event_page, make_rsvp, make_venue, republish

UTC = dt.UTC
LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 11, 24, 12, tzinfo=UTC)
WEDNESDAYS = "RRULE:FREQ=WEEKLY;BYDAY=WE"
THURSDAYS = "RRULE:FREQ=WEEKLY;BYDAY=TH"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a block queues for after its commit (e-mails), as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def wednesdays(**kwargs):
    kwargs.setdefault("rule", WEDNESDAYS)
    return make_event_page(
        title="Wednesday circle", first_date=dt.date(2026, 11, 25), capacity=10, **kwargs
    )


def on(page, day):
    """The stored date whose schedule gave it local ``day``."""
    return next(o for o in page.occurrences.all() if o.local_original_start.date() == day)


def local_days(rows):
    return sorted(o.local_original_start.date() for o in rows)


def test_changing_the_weekday_keeps_a_date_the_organiser_moved_and_tells_nobody(committed):
    page = wednesdays()
    library = make_venue(title="Central Library")
    wednesday = on(page, dt.date(2026, 12, 2))
    with committed():
        moved = move_occurrence(
            wednesday,
            start=dt.datetime(2026, 12, 4, 19, tzinfo=UTC),
            end=dt.datetime(2026, 12, 4, 20, 30, tzinfo=UTC),
            venue=library,
            note="This week we meet on Friday at the library.",
        )
        make_rsvp(moved, name="Ana", email="ana@example.org")
    mail.outbox.clear()

    with committed():
        republish(page, THURSDAYS)

    moved.refresh_from_db()
    assert moved.status == Occurrence.Status.SCHEDULED
    assert not moved.removed_from_schedule
    assert moved.start == dt.datetime(2026, 12, 4, 19, tzinfo=UTC)
    assert moved.venue == library
    assert moved.note == "This week we meet on Friday at the library."
    assert moved in Occurrence.objects.public()
    assert [m for m in mail.outbox if "ana@example.org" in m.to] == []


def test_changing_the_weekday_keeps_a_date_the_organiser_cancelled_with_its_reason(committed):
    page = wednesdays()
    with committed():
        cancelled = cancel_occurrence(on(page, dt.date(2026, 12, 9)), reason="Hall closed.")
    republish(page, THURSDAYS)
    cancelled.refresh_from_db()
    assert cancelled.is_cancelled and cancelled.note == "Hall closed."
    assert cancelled.is_exception and not cancelled.removed_from_schedule


def test_a_moved_date_joins_the_rule_again_when_its_day_comes_back():
    page = wednesdays()
    source = on(page, dt.date(2026, 12, 2))
    moved = move_occurrence(
        source,
        start=dt.datetime(2026, 12, 4, 19, tzinfo=UTC),
        end=dt.datetime(2026, 12, 4, 20, 30, tzinfo=UTC),
    )
    republish(page, THURSDAYS)
    republish(page, WEDNESDAYS, start_time=dt.time(18, 0))

    moved.refresh_from_db()
    # Still on the Friday it was moved to, and again the rule's Wednesday at the new time.
    assert moved.start == dt.datetime(2026, 12, 4, 19, tzinfo=UTC)
    assert moved.local_original_start == dt.datetime(2026, 12, 2, 18, tzinfo=LONDON)
    assert local_days(page.occurrences.all()).count(dt.date(2026, 12, 2)) == 1


def test_a_start_time_change_after_a_move_keeps_the_move():
    page = wednesdays()
    source = on(page, dt.date(2026, 12, 16))
    moved = move_occurrence(source, start=source.start + dt.timedelta(hours=1), end=source.end)
    republish(page, start_time=dt.time(18, 30))
    moved.refresh_from_db()
    assert moved.start == dt.datetime(2026, 12, 16, 20, tzinfo=UTC)
    assert moved.local_original_start.time() == dt.time(18, 30)
    assert on(page, dt.date(2026, 12, 23)).local_start.time() == dt.time(18, 30)


def test_dropped_dates_are_shown_cancelled_only_where_that_helps_someone(committed):
    page = wednesdays()
    booked = on(page, dt.date(2027, 1, 13))
    with committed():
        make_rsvp(booked, name="Bo", email="bo@example.org")
    mail.outbox.clear()

    with committed():
        republish(page, THURSDAYS)

    dropped = page.occurrences.filter(removed_from_schedule=True)
    assert len(dropped) == 52  # every Wednesday of the coming year, kept as cancelled
    assert {o.status for o in dropped} == {Occurrence.Status.CANCELLED}
    noticed = dropped.filter(dropped_quietly=False)
    # The two within a fortnight (people may have planned for them) and the booked one; the
    # rest leave subscribers' calendars quietly.
    assert local_days(noticed) == [
        dt.date(2026, 11, 25),
        dt.date(2026, 12, 2),
        dt.date(2027, 1, 13),
    ]
    assert [m.to for m in mail.outbox] == [["bo@example.org"]]
    assert mail.outbox[0].subject.startswith("Cancelled:")
    assert Occurrence.objects.in_feeds().filter(event=page, removed_from_schedule=True).count() == 3


def test_how_close_a_dropped_date_must_be_to_be_shown_is_a_setting(settings):
    settings.HEARTH_FEED_DROPPED_NOTICE_DAYS = 30
    page = wednesdays()
    republish(page, THURSDAYS)
    noticed = page.occurrences.filter(removed_from_schedule=True, dropped_quietly=False)
    assert local_days(noticed) == [
        dt.date(2026, 11, 25),
        dt.date(2026, 12, 2),
        dt.date(2026, 12, 9),
        dt.date(2026, 12, 16),
        dt.date(2026, 12, 23),
    ]


def test_a_dropped_date_goes_ahead_again_when_the_rule_gives_it_back():
    page = wednesdays()
    make_rsvp(on(page, dt.date(2027, 1, 13)), name="Cy")
    republish(page, f"{WEDNESDAYS}\nEXDATE:20270113T000000Z\nEXDATE:20270120T000000Z")
    booked, quiet = on(page, dt.date(2027, 1, 13)), on(page, dt.date(2027, 1, 20))
    assert booked.is_cancelled and not booked.dropped_quietly
    assert quiet.is_cancelled and quiet.dropped_quietly

    republish(page, WEDNESDAYS)
    for occurrence in (booked, quiet):
        occurrence.refresh_from_db()
        assert occurrence.status == Occurrence.Status.SCHEDULED
        assert not occurrence.removed_from_schedule and not occurrence.dropped_quietly
        assert occurrence.note == ""


def test_a_date_the_organiser_cancelled_stays_cancelled_when_the_rule_drops_and_regives_it():
    page = wednesdays()
    cancelled = cancel_occurrence(on(page, dt.date(2027, 2, 3)), reason="Half-term.")
    republish(page, f"{WEDNESDAYS}\nEXDATE:20270203T000000Z")
    republish(page, WEDNESDAYS)
    cancelled.refresh_from_db()
    assert cancelled.is_cancelled and cancelled.note == "Half-term."
    assert not cancelled.removed_from_schedule


@pytest.mark.parametrize(
    "before, after, kept_until",
    [
        pytest.param(
            f"{WEDNESDAYS};COUNT=20", f"{WEDNESDAYS};COUNT=8", dt.date(2027, 1, 13), id="count"
        ),
        pytest.param(
            f"{WEDNESDAYS};UNTIL=20270630T000000Z",
            f"{WEDNESDAYS};UNTIL=20270228T000000Z",
            dt.date(2027, 2, 24),
            id="until",
        ),
    ],
)
def test_shortening_a_series_drops_its_later_dates_quietly_unless_booked(before, after, kept_until):
    page = wednesdays(rule=before)
    last = max(o.local_original_start.date() for o in page.occurrences.all())
    booked = on(page, last)
    make_rsvp(booked, name="Dee")

    republish(page, after)

    going_ahead = page.occurrences.filter(status=Occurrence.Status.SCHEDULED)
    assert max(local_days(going_ahead)) == kept_until
    dropped = page.occurrences.filter(removed_from_schedule=True)
    assert dropped.exists()
    assert all(o.local_original_start.date() > kept_until for o in dropped)
    assert local_days(dropped.filter(dropped_quietly=False)) == [last]


def test_removing_an_extra_date_drops_it_quietly_unless_booked():
    page = wednesdays(
        rule=f"{WEDNESDAYS}\nRDATE:20261219T000000Z\nRDATE:20270206T000000Z",
    )
    make_rsvp(on(page, dt.date(2027, 2, 6)), name="Eli")
    republish(page, WEDNESDAYS)
    december, february = on(page, dt.date(2026, 12, 19)), on(page, dt.date(2027, 2, 6))
    assert december.is_cancelled and december.dropped_quietly
    assert february.is_cancelled and not february.dropped_quietly


def test_an_organiser_cancellation_survives_unpublishing_and_republishing():
    page = wednesdays()
    source = on(page, dt.date(2026, 12, 9))
    move_occurrence(source, start=source.start + dt.timedelta(hours=1), end=source.end)
    page.unpublish()
    cancelled = cancel_occurrence(on(page, dt.date(2026, 12, 9)), reason="Facilitator away.")
    republish(page)
    cancelled.refresh_from_db()
    assert cancelled.is_cancelled and cancelled.note == "Facilitator away."


def test_a_moved_date_survives_unpublishing_and_a_weekday_change():
    page = wednesdays()
    source = on(page, dt.date(2026, 12, 9))
    moved = move_occurrence(
        source,
        start=dt.datetime(2026, 12, 11, 19, tzinfo=UTC),
        end=dt.datetime(2026, 12, 11, 20, 30, tzinfo=UTC),
    )
    page.unpublish()
    republish(page, THURSDAYS)
    moved.refresh_from_db()
    assert moved.status == Occurrence.Status.SCHEDULED
    assert not moved.removed_from_schedule
    assert moved.start == dt.datetime(2026, 12, 11, 19, tzinfo=UTC)
