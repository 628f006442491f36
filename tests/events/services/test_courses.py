"""Courses, called directly with the clock frozen at Tuesday 24 November 2026, 09:00 UTC.

The course runs six Tuesdays from 1 December at 19:00 London (UTC in winter), four places each.
"""

import datetime as dt

import icalendar
import pytest
from django.core import mail

from events.ical.bookings import personal_calendar
from events.models import RSVP, Enrolment, OutboundEmail
from events.services import booking, courses, dates, offers, privacy
from tests import factories
from tests.factories import NOW, make_event_page, make_rsvp

pytestmark = [pytest.mark.usefixtures("frozen_clock"), pytest.mark.django_db]

FIRST_START = dt.datetime(2026, 12, 1, 19, tzinfo=dt.UTC)


def make_course(**kwargs):
    kwargs.setdefault("title", "Art therapy course")
    return factories.make_course(rule="RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=6", **kwargs)


def book(event, email, party_size=1, **kwargs):
    return courses.book_course(
        event=event, name="Ana", email=email, party_size=party_size, **kwargs
    )


def statuses(enrolment):
    return [r.status for r in enrolment.rsvps.order_by("occurrence__start")]


def test_one_course_booking_takes_a_place_on_every_date():
    course = make_course()
    result = book(course, "ana@example.org", party_size=2)

    enrolment = result.rsvp.enrolment
    assert enrolment.kind == Enrolment.Kind.COURSE
    assert statuses(enrolment) == ["confirmed"] * 6
    assert [o.rsvps.seats_taken() for o in course.occurrences.order_by("start")] == [2] * 6
    assert result.rsvp.occurrence.start == FIRST_START
    assert result.outcome == ("confirmed", None)


def test_a_full_course_puts_the_party_on_the_waiting_list_of_every_date():
    course = make_course(capacity=2)
    book(course, "a@example.org", party_size=2)

    result = book(course, "b@example.org")

    assert statuses(result.rsvp.enrolment) == ["waitlisted"] * 6
    assert result.outcome == ("waitlisted", 1)
    assert all(o.rsvps.seats_taken() == 2 for o in course.occurrences.all())


def test_one_full_date_puts_the_whole_course_on_the_waiting_list():
    course = make_course(capacity=2)
    third = course.occurrences.order_by("start")[2]
    make_rsvp(third, email="by-hand@example.org", party_size=2)  # an organiser, by hand

    result = book(course, "b@example.org")

    assert statuses(result.rsvp.enrolment) == ["waitlisted"] * 6
    assert third.rsvps.seats_taken() == 2


def test_booking_closes_when_the_first_date_starts(frozen_clock):
    course = make_course()
    frozen_clock.move_to(FIRST_START - dt.timedelta(minutes=1))
    book(course, "early@example.org")

    frozen_clock.move_to(FIRST_START)
    with pytest.raises(booking.BookingClosed, match="has started"):
        book(course, "late@example.org")
    assert courses.course_state(course) == "closed"


def test_booking_a_course_opens_with_its_first_date(frozen_clock):
    course = make_course(booking_opens_days=3)
    assert courses.course_state(course) == "not_yet"
    with pytest.raises(booking.BookingNotOpenYet):
        book(course, "eager@example.org")


def test_a_late_joiner_gets_only_the_remaining_dates(frozen_clock):
    course = make_course(course_allows_late_joining=True)
    frozen_clock.move_to(FIRST_START + dt.timedelta(days=7, hours=2))  # after the second date

    result = book(course, "late@example.org")

    held = result.rsvp.enrolment.rsvps.order_by("occurrence__start")
    assert [r.occurrence.local_start.date() for r in held] == [
        dt.date(2026, 12, 15),
        dt.date(2026, 12, 22),
        dt.date(2026, 12, 29),
        dt.date(2027, 1, 5),
    ]
    assert courses.course_state(course) == "open"


def test_cancelling_a_course_cancels_only_the_remaining_dates(frozen_clock):
    course = make_course()
    enrolment = book(course, "ana@example.org").rsvp.enrolment
    frozen_clock.move_to(FIRST_START + dt.timedelta(days=7, hours=2))

    courses.cancel_course(enrolment=enrolment)

    assert statuses(enrolment) == ["confirmed"] * 2 + ["cancelled"] * 4
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CANCELLED
    ended = OutboundEmail.objects.filter(kind="enrolment_ended")
    assert ended.count() == 1
    # Cancelling twice changes nothing.
    assert courses.cancel_course(enrolment=enrolment) == []
    assert ended.count() == 1


def test_cancelling_offers_the_places_to_the_courses_waiting_list_in_order():
    course = make_course(capacity=2)
    first = book(course, "a@example.org", party_size=2).rsvp.enrolment
    pair = book(course, "pair@example.org", party_size=3).rsvp.enrolment  # never fits
    single = book(course, "single@example.org").rsvp.enrolment

    offered = courses.cancel_course(enrolment=first)

    assert offered == [single]
    seats = list(single.rsvps.all())
    assert all(r.has_offer for r in seats) and len(seats) == 6
    assert len({r.offer_expires_at for r in seats}) == 1
    assert statuses(pair) == ["waitlisted"] * 6
    assert all(not r.has_offer for r in pair.rsvps.all())
    # Held offers count as taken on every date: nobody else can book the place meanwhile.
    assert all(o.rsvps.seats_taken() == 1 for o in course.occurrences.all())
    assert OutboundEmail.objects.filter(kind="offered", rsvp__enrolment=single).count() == 1


def test_accepting_a_course_offer_books_every_remaining_date_with_one_email():
    course = make_course(capacity=1)
    first = book(course, "a@example.org").rsvp.enrolment
    waiting = book(course, "b@example.org").rsvp.enrolment
    courses.cancel_course(enrolment=first)
    one_seat = waiting.rsvps.order_by("occurrence__start").last()

    assert offers.accept_offer(rsvp=one_seat) == offers.ACCEPTED

    assert statuses(waiting) == ["confirmed"] * 6
    assert OutboundEmail.objects.filter(kind="promoted", rsvp__enrolment=waiting).count() == 1
    assert offers.accept_offer(rsvp=one_seat) == offers.ACCEPTED  # a second press: no change
    assert OutboundEmail.objects.filter(kind="promoted").count() == 1


def test_a_course_offer_that_runs_out_passes_to_the_next_party_once(frozen_clock):
    course = make_course(capacity=1)
    first = book(course, "a@example.org").rsvp.enrolment
    slow = book(course, "slow@example.org").rsvp.enrolment
    next_one = book(course, "next@example.org").rsvp.enrolment
    courses.cancel_course(enrolment=first)
    frozen_clock.shift(dt.timedelta(hours=13))

    assert offers.expire_offers() == 1
    assert offers.expire_offers() == 0

    slow.refresh_from_db()
    assert slow.status == Enrolment.Status.CANCELLED
    assert statuses(slow) == ["cancelled"] * 6
    assert all(r.has_offer for r in next_one.rsvps.all())
    assert OutboundEmail.objects.filter(kind="offer_expired").count() == 1
    assert OutboundEmail.objects.filter(kind="offered", rsvp__enrolment=next_one).count() == 1
    # Accepting after the hold ran out says so, and books nothing.
    assert offers.accept_offer(rsvp=slow.rsvps.first()) == offers.EXPIRED


def test_inside_the_late_window_before_the_next_date_nobody_is_offered_a_course_place(
    frozen_clock,
):
    course = make_course(capacity=1)
    first = book(course, "a@example.org").rsvp.enrolment
    waiting = book(course, "b@example.org").rsvp.enrolment
    frozen_clock.move_to(FIRST_START - dt.timedelta(hours=1))

    courses.cancel_course(enrolment=first)

    assert all(not r.has_offer for r in waiting.rsvps.all())
    # The place is open to whoever books the course now.
    assert book(course, "now@example.org").rsvp.is_confirmed


def test_a_freed_seat_on_one_date_is_not_given_to_a_course_member_for_that_date_alone():
    course = make_course(capacity=1)
    book(course, "a@example.org")
    waiting = book(course, "b@example.org").rsvp.enrolment
    second = course.occurrences.order_by("start")[1]

    booking.cancel_booking(rsvp=second.rsvps.get(email="a@example.org"))

    assert statuses(waiting) == ["waitlisted"] * 6


def test_a_date_of_a_course_cannot_be_booked_alone_online():
    course = make_course()
    with pytest.raises(booking.BookingClosed, match="whole course"):
        booking.book(occurrence=course.occurrences.first(), name="Ana", email="ana@example.org")


def test_the_same_address_twice_gets_no_second_course_place():
    course = make_course()
    first = book(course, "ana@example.org")
    again = book(course, "ANA@example.org")

    assert again.duplicate and again.rsvp == first.rsvp
    assert Enrolment.objects.count() == 1
    assert OutboundEmail.objects.filter(kind="existing").count() == 1


def test_a_repeat_course_booking_is_told_what_a_new_one_would_get():
    course = make_course(capacity=1)
    book(course, "a@example.org")
    book(course, "b@example.org")  # waiting

    assert book(course, "a@example.org").outcome == ("waitlisted", 2)
    assert book(course, "new@example.org").outcome == ("waitlisted", 2)


def test_a_cancelled_date_tells_every_course_member(django_capture_on_commit_callbacks):
    course = make_course()
    book(course, "a@example.org")
    book(course, "b@example.org")
    mail.outbox.clear()
    fourth = course.occurrences.order_by("start")[3]

    with django_capture_on_commit_callbacks(execute=True):
        dates.cancel_occurrence(fourth, reason="The room is flooded.")

    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert all("The room is flooded." in m.body for m in mail.outbox)


def test_the_confirmation_and_its_calendar_carry_every_course_date(
    django_capture_on_commit_callbacks,
):
    course = make_course()
    with django_capture_on_commit_callbacks(execute=True):
        book(course, "ana@example.org")

    (message,) = mail.outbox
    assert "Tue 1 Dec" in message.body and "Tue 5 Jan" in message.body
    assert "all 6 dates" in message.body
    (attachment,) = [a for a in message.attachments if a[0] == "booking.ics"]
    calendar = icalendar.Calendar.from_ical(attachment[1])
    starts = sorted(e.decoded("dtstart") for e in calendar.walk("VEVENT"))
    assert len(starts) == 6 and starts[0] == FIRST_START


def test_the_personal_feed_carries_every_course_date():
    course = make_course()
    rsvp = book(course, "ana@example.org").rsvp

    feed = icalendar.Calendar.from_ical(
        personal_calendar(privacy.personal_feed_rsvps(rsvp.feed_secret))
    )
    assert len(feed.walk("VEVENT")) == 6


def test_the_attendee_list_and_check_in_stay_per_date():
    course = make_course()
    book(course, "ana@example.org")
    first, second = course.occurrences.order_by("start")[:2]
    rsvp = first.rsvps.get()
    rsvp.status = RSVP.Status.ATTENDED  # checked in at the door, that date only
    rsvp.save()

    assert second.rsvps.get().status == RSVP.Status.CONFIRMED
    assert first.rsvps.seats_taken() == 1 == second.rsvps.seats_taken()


def test_erasure_after_a_date_keeps_the_later_dates_of_the_course(frozen_clock, settings):
    course = make_course()
    enrolment = book(course, "ana@example.org").rsvp.enrolment
    frozen_clock.move_to(FIRST_START + dt.timedelta(days=settings.HEARTH_RSVP_RETENTION_DAYS + 1))

    privacy.purge_personal_data()

    rows = list(enrolment.rsvps.order_by("occurrence__start"))
    assert rows[0].email == "" and rows[0].erased_at is not None
    assert rows[-1].email == "ana@example.org"
    assert NOW < FIRST_START


def test_a_course_needs_a_schedule_that_ends():
    from django.core.exceptions import ValidationError
    from recurrence import deserialize

    course = make_course()
    course.schedule = deserialize("RRULE:FREQ=WEEKLY;BYDAY=TU")
    with pytest.raises(ValidationError, match="fixed set of dates"):
        course.clean()
    course.schedule = deserialize("RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=8")
    course.clean()
    assert make_event_page(is_course=False).clean() is None


def test_factories_make_a_course_place():
    course = make_course()
    enrolment = factories.make_course_booking(course, party_size=2)
    assert enrolment.rsvps.count() == 6


def test_a_date_added_to_the_course_gives_every_member_a_seat_on_it():
    course = make_course(capacity=2)
    booked = book(course, "a@example.org", party_size=2).rsvp.enrolment
    waiting = book(course, "b@example.org").rsvp.enrolment

    factories.republish(course, rule="RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=7")

    seventh = course.occurrences.order_by("start").last()
    assert seventh.local_start.date() == dt.date(2027, 1, 12)
    assert seventh.rsvps.get(enrolment=booked).status == RSVP.Status.CONFIRMED
    assert seventh.rsvps.get(enrolment=waiting).status == RSVP.Status.WAITLISTED
    assert seventh.rsvps.seats_taken() == 2


def test_a_moved_date_tells_every_course_member_with_every_date_listed(
    django_capture_on_commit_callbacks,
):
    course = make_course()
    book(course, "a@example.org")
    book(course, "b@example.org")
    mail.outbox.clear()
    third = course.occurrences.order_by("start")[2]

    with django_capture_on_commit_callbacks(execute=True):
        dates.move_occurrence(
            third,
            start=third.start + dt.timedelta(days=1),
            end=third.end + dt.timedelta(days=1),
        )

    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    for message in mail.outbox:
        assert message.subject.startswith("Changed:")
        assert "Wed 16 Dec" in message.body and "Tue 5 Jan" in message.body
