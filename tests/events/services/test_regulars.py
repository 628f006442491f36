"""Standing bookings ("book every week"), called directly with the clock frozen at Tuesday
24 November 2026, 09:00 UTC. The gathering meets on Tuesdays at 19:00 London; its dates are
stored for the horizon (shortened here to four weeks, so new dates appear as the clock moves).
"""

import datetime as dt

import pytest
from django.utils import translation

from events.models import RSVP, Enrolment, OutboundEmail
from events.services import booking, dates, regulars
from tests.factories import make_event_page, make_rsvp

pytestmark = [pytest.mark.usefixtures("frozen_clock"), pytest.mark.django_db]

TONIGHT = dt.datetime(2026, 11, 24, 19, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def four_week_horizon(settings):
    settings.HEARTH_OCCURRENCE_HORIZON_DAYS = 28


def walking_group(**kwargs):
    kwargs.setdefault("capacity", 2)
    kwargs.setdefault("max_party_size", 2)
    kwargs.setdefault("title", "Tuesday walking group")
    return make_event_page(first_date=dt.date(2026, 11, 3), **kwargs)


def every_week(event, email, **kwargs):
    return regulars.book_every_week(event=event, name="Reg", email=email, **kwargs)


def upcoming(event):
    return list(
        event.occurrences.filter(start__gt=TONIGHT - dt.timedelta(hours=1)).order_by("start")
    )


def test_booking_every_week_takes_a_place_on_every_upcoming_date():
    event = walking_group()
    result = every_week(event, "reg@example.org")

    enrolment = result.rsvp.enrolment
    assert enrolment.kind == Enrolment.Kind.STANDING
    held = enrolment.rsvps.order_by("occurrence__start")
    assert [r.occurrence for r in held] == upcoming(event)
    assert {r.status for r in held} == {RSVP.Status.CONFIRMED}
    assert result.rsvp.occurrence.start == TONIGHT
    # One e-mail, not one per date.
    assert OutboundEmail.objects.filter(rsvp__enrolment=enrolment).count() == 1


def test_a_full_date_puts_the_standing_booking_on_that_dates_waiting_list():
    event = walking_group()
    tonight = upcoming(event)[0]
    make_rsvp(tonight, email="one@example.org", party_size=2)

    result = every_week(event, "reg@example.org")

    by_date = {r.occurrence_id: r.status for r in result.rsvp.enrolment.rsvps.all()}
    assert by_date.pop(tonight.pk) == RSVP.Status.WAITLISTED
    assert set(by_date.values()) == {RSVP.Status.CONFIRMED}
    assert tonight.rsvps.seats_taken() == 2


def test_a_newly_stored_date_gives_each_standing_booking_a_place(frozen_clock):
    event = walking_group()
    enrolment = every_week(event, "reg@example.org").rsvp.enrolment
    before = event.occurrences.count()

    frozen_clock.shift(dt.timedelta(days=7))
    dates.extend_horizon()

    newest = event.occurrences.order_by("-start").first()
    assert event.occurrences.count() == before + 1
    seat = newest.rsvps.get()
    assert seat.enrolment == enrolment and seat.status == RSVP.Status.CONFIRMED
    assert seat.name == "Reg" and seat.email == "reg@example.org"


def test_a_new_date_already_full_of_regulars_puts_the_next_one_on_its_waiting_list(
    frozen_clock,
):
    event = walking_group(capacity=2)
    first = every_week(event, "a@example.org", party_size=2).rsvp.enrolment
    second = every_week(event, "b@example.org").rsvp.enrolment

    frozen_clock.shift(dt.timedelta(days=7))
    dates.extend_horizon()

    newest = event.occurrences.order_by("-start").first()
    assert newest.rsvps.get(enrolment=first).status == RSVP.Status.CONFIRMED
    assert newest.rsvps.get(enrolment=second).status == RSVP.Status.WAITLISTED
    assert newest.rsvps.seats_taken() == 2


def test_skipping_one_date_frees_its_seat_for_the_waiting_list_and_keeps_the_standing_booking(
    frozen_clock,
):
    event = walking_group(capacity=1)
    regular = every_week(event, "reg@example.org").rsvp.enrolment
    next_week = upcoming(event)[1]
    waiting = make_rsvp(next_week, email="wait@example.org")
    assert waiting.status == RSVP.Status.WAITLISTED

    offered = regulars.skip_date(rsvp=regular.rsvps.get(occurrence=next_week))

    assert offered == [waiting]
    waiting.refresh_from_db()
    assert waiting.has_offer
    regular.refresh_from_db()
    assert regular.is_active
    assert regular.rsvps.get(occurrence=next_week).status == RSVP.Status.CANCELLED
    others = regular.rsvps.exclude(occurrence=next_week)
    assert {r.status for r in others} == {RSVP.Status.CONFIRMED}
    assert OutboundEmail.objects.filter(kind="skipped_date").count() == 1

    # New dates still come, and a resync never takes the skipped date back.
    frozen_clock.shift(dt.timedelta(days=7))
    dates.extend_horizon()
    assert regular.rsvps.get(occurrence=next_week).status == RSVP.Status.CANCELLED
    newest = event.occurrences.order_by("-start").first()
    assert newest.rsvps.get().enrolment == regular


def test_skipping_inside_the_late_window_opens_the_place_to_anyone():
    event = walking_group(capacity=1)
    regular = every_week(event, "reg@example.org").rsvp.enrolment
    tonight = upcoming(event)[0]
    make_rsvp(tonight, email="wait@example.org")

    regulars.skip_date(
        rsvp=regular.rsvps.get(occurrence=tonight), now=TONIGHT - dt.timedelta(hours=1)
    )

    assert list(tonight.rsvps.offered()) == []
    assert booking.seats_left(tonight) == 1


def test_ending_a_standing_booking_cancels_its_upcoming_dates_and_offers_them_on():
    event = walking_group(capacity=1)
    regular = every_week(event, "reg@example.org").rsvp.enrolment
    next_week = upcoming(event)[1]
    waiting = make_rsvp(next_week, email="wait@example.org")

    offered = regulars.end_standing_booking(enrolment=regular)

    assert offered == [waiting]
    regular.refresh_from_db()
    assert regular.status == Enrolment.Status.CANCELLED
    assert {r.status for r in regular.rsvps.all()} == {RSVP.Status.CANCELLED}
    assert OutboundEmail.objects.filter(kind="enrolment_ended").count() == 1


def test_an_ended_standing_booking_takes_no_new_dates(frozen_clock):
    event = walking_group()
    regular = every_week(event, "reg@example.org").rsvp.enrolment
    regulars.end_standing_booking(enrolment=regular)

    frozen_clock.shift(dt.timedelta(days=7))
    dates.extend_horizon()

    assert not event.occurrences.order_by("-start").first().rsvps.exists()


def test_the_same_address_twice_gets_no_second_standing_booking():
    event = walking_group()
    first = every_week(event, "reg@example.org")
    again = every_week(event, "Reg@Example.org")

    assert again.duplicate and again.rsvp == first.rsvp
    assert Enrolment.objects.count() == 1


def test_a_repeat_standing_booking_is_told_what_a_new_one_would_get():
    event = walking_group(capacity=1)
    every_week(event, "reg@example.org")

    assert every_week(event, "reg@example.org").outcome == ("waitlisted", 1)
    assert every_week(event, "new@example.org").outcome == ("waitlisted", 1)


def test_a_single_booking_already_held_is_kept_and_the_rest_are_taken():
    event = walking_group()
    tonight = upcoming(event)[0]
    single = make_rsvp(tonight, email="reg@example.org")

    result = every_week(event, "reg@example.org")

    single.refresh_from_db()
    assert single.enrolment is None and single.is_confirmed
    assert result.rsvp.enrolment.rsvps.count() == len(upcoming(event)) - 1


@pytest.mark.parametrize(
    "kwargs",
    [
        {"is_course": True, "rule": "RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=6"},
        {"intake": "ask"},
        {"rule": ""},
    ],
    ids=["course", "ask-first", "one-off"],
)
def test_only_open_recurring_gatherings_take_standing_bookings(kwargs):
    event = walking_group(**kwargs)
    with pytest.raises(booking.BookingClosed):
        every_week(event, "reg@example.org")


def test_a_booking_closed_date_is_not_taken():
    event = walking_group()
    result = every_week(event, "reg@example.org", now=TONIGHT - dt.timedelta(hours=1))

    assert result.rsvp.occurrence.start == TONIGHT + dt.timedelta(days=7)


def test_new_dates_copy_the_details_from_the_latest_unerased_seat(frozen_clock, settings):
    event = walking_group()
    regular = every_week(event, "reg@example.org", access_needs="Step-free, please").rsvp
    frozen_clock.shift(dt.timedelta(days=settings.HEARTH_RSVP_RETENTION_DAYS + 2))
    from events.services import privacy

    privacy.purge_personal_data()
    dates.extend_horizon()

    newest = event.occurrences.order_by("-start").first()
    seat = newest.rsvps.get(enrolment=regular.enrolment)
    assert seat.email == "reg@example.org" and seat.access_needs == "Step-free, please"


def test_the_reminder_lets_a_regular_skip_that_date_only(
    frozen_clock, django_capture_on_commit_callbacks
):
    from django.core import mail

    event = walking_group()
    every_week(event, "reg@example.org")
    frozen_clock.move_to(dt.datetime(2026, 11, 30, 10, tzinfo=dt.UTC))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert booking.send_reminders() == 1

    (reminder,) = mail.outbox
    assert reminder.subject.startswith("Tomorrow:")
    assert "Can't make it this time? Skip this date (your weekly place goes on)" in reminder.body
    assert "/cancel/" in reminder.body


def test_a_newly_stored_date_keeps_the_language_the_standing_booking_was_made_in(frozen_clock):
    event = walking_group()
    with translation.override("pl"):
        every_week(event, "reg@example.org")

    frozen_clock.shift(dt.timedelta(days=7))
    dates.extend_horizon()  # a daily job: no visitor's language is active here

    newest = event.occurrences.order_by("-start").first()
    assert newest.rsvps.get().language == "pl"
