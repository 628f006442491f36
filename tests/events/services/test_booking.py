"""Booking rules, called directly: seats, the waiting list, promotion, the window, duplicates."""

import datetime as dt

import pytest
from django.core import mail

from events.models import RSVP, Occurrence
from events.services import booking
from tests.factories import NOW, make_event_page, make_rsvp

UTC = dt.UTC

pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what the services queue after commit (the e-mails), as a real commit would."""

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


def tonight(**kwargs):
    kwargs.setdefault("capacity", 10)
    kwargs.setdefault("max_party_size", 3)
    event = make_event_page(**kwargs)
    return event.occurrences.order_by("start").first()


def statuses(occurrence):
    return [
        (r.email.split("@")[0], r.status, r.party_size)
        for r in occurrence.rsvps.order_by("created_at", "id")
    ]


def later(minutes):
    return NOW + dt.timedelta(minutes=minutes)


@pytest.mark.django_db
def test_booking_with_room_is_confirmed_and_emailed_with_calendar_file(on_commit):
    occurrence = tonight()

    result = on_commit(
        booking.book,
        occurrence=occurrence,
        name="Sam",
        email="Sam@Example.org ",
        party_size=2,
    )

    assert result.rsvp.status == RSVP.Status.CONFIRMED
    assert result.rsvp.email == "sam@example.org"
    assert booking.seats_left(occurrence) == 8
    (message,) = mail.outbox
    assert message.to == ["sam@example.org"]
    assert message.subject.startswith("You're booked")
    assert "/rsvp/manage/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "I can't make it" in html
    name, ics, ics_type = message.attachments[0]
    assert name.endswith(".ics") and ics_type.startswith("text/calendar")
    assert "SUMMARY:" + occurrence.event.title in ics
    assert "DTSTART:20261124T190000Z" in ics


@pytest.mark.django_db
def test_token_is_long_random_and_unique():
    occurrence = tonight()
    first, second = make_rsvp(occurrence), make_rsvp(occurrence)

    assert len(first.token) >= 43  # 32 random bytes, URL-safe base64
    assert first.token != second.token


@pytest.mark.django_db
def test_full_occurrence_offers_waiting_list_with_position(on_commit):
    occurrence = tonight(capacity=3)
    for n in range(3):
        make_rsvp(occurrence, now=later(n))

    fourth = on_commit(
        booking.book, occurrence=occurrence, name="Four", email="four@example.org", now=later(5)
    )
    fifth = make_rsvp(occurrence, now=later(6))

    assert fourth.rsvp.status == RSVP.Status.WAITLISTED
    assert fourth.position == 1
    assert fifth.waitlist_position() == 2
    assert booking.seats_left(occurrence) == 0
    assert "number 1 on the waiting list" in mail.outbox[-1].body


@pytest.mark.django_db
def test_a_party_too_big_for_the_last_seats_waits_while_a_smaller_one_takes_them():
    occurrence = tonight(capacity=4)
    make_rsvp(occurrence, party_size=3, now=later(1))
    pair = make_rsvp(occurrence, party_size=2, now=later(2))
    single = make_rsvp(occurrence, party_size=1, now=later(3))

    assert pair.status == RSVP.Status.WAITLISTED
    assert single.status == RSVP.Status.CONFIRMED
    assert booking.seats_left(occurrence) == 0


@pytest.mark.django_db
def test_cancelling_offers_the_freed_seats_to_the_first_person_waiting_who_fits(on_commit):
    occurrence = tonight(capacity=3)
    a = make_rsvp(occurrence, email="person1@example.org", party_size=2, now=later(1))
    make_rsvp(occurrence, email="person2@example.org", party_size=1, now=later(2))
    make_rsvp(occurrence, email="person3@example.org", party_size=2, now=later(3))  # waits: 1st
    make_rsvp(occurrence, email="person4@example.org", party_size=1, now=later(4))  # waits: 2nd
    make_rsvp(occurrence, email="person5@example.org", party_size=1, now=later(5))  # waits: 3rd
    mail.outbox.clear()

    offered = on_commit(booking.cancel_booking, rsvp=a)

    # The place is held for person3 (test_offers.py has the rest), not given outright.
    assert [r.email for r in offered] == ["person3@example.org"]
    assert statuses(occurrence) == [
        ("person1", "cancelled", 2),
        ("person2", "confirmed", 1),
        ("person3", "waitlisted", 2),
        ("person4", "waitlisted", 1),
        ("person5", "waitlisted", 1),
    ]
    assert RSVP.objects.get(email="person3@example.org").has_offer
    assert booking.seats_left(occurrence) == 0
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["person1@example.org"].startswith("Booking cancelled")
    assert subjects["person3@example.org"].startswith("A place is free for you")
    assert len(mail.outbox) == 2
    assert RSVP.objects.get(email="person4@example.org").waitlist_position() == 1


@pytest.mark.django_db
def test_cancelling_twice_changes_nothing():
    occurrence = tonight(capacity=1)
    first = make_rsvp(occurrence)
    make_rsvp(occurrence, now=later(1))
    booking.cancel_booking(rsvp=first)

    assert booking.cancel_booking(rsvp=first) == []
    assert occurrence.rsvps.seats_taken() == 1


@pytest.mark.django_db
def test_a_smaller_party_offers_its_freed_seat_to_the_next_person_waiting(on_commit):
    occurrence = tonight(capacity=3)
    family = make_rsvp(occurrence, party_size=3)
    waiting = make_rsvp(occurrence, now=later(1))
    mail.outbox.clear()

    offered = on_commit(booking.change_party_size, rsvp=family, party_size=2)

    assert offered == [waiting]
    assert RSVP.objects.get(pk=waiting.pk).has_offer
    assert any(m.subject.startswith("A place is free for you") for m in mail.outbox)


@pytest.mark.django_db
def test_a_bigger_party_needs_free_seats():
    occurrence = tonight(capacity=3)
    first = make_rsvp(occurrence, party_size=1)
    make_rsvp(occurrence, party_size=2, now=later(1))

    with pytest.raises(booking.OccurrenceFull) as error:
        booking.change_party_size(rsvp=first, party_size=2)

    assert "It stays at 1" in error.value.message
    assert RSVP.objects.get(pk=first.pk).party_size == 1


@pytest.mark.django_db
def test_party_size_is_limited_per_gathering():
    occurrence = tonight(max_party_size=2)
    with pytest.raises(booking.PartyTooLarge):
        make_rsvp(occurrence, party_size=3)


@pytest.mark.django_db
def test_publishing_a_higher_capacity_offers_places_to_people_waiting(on_commit):
    occurrence = tonight(capacity=1)
    make_rsvp(occurrence)
    waiting = make_rsvp(occurrence, email="person2@example.org", now=later(1))
    event = occurrence.event
    event.capacity = 2
    mail.outbox.clear()

    on_commit(lambda: event.save_revision().publish())

    assert RSVP.objects.get(pk=waiting.pk).has_offer
    assert [m.to for m in mail.outbox] == [["person2@example.org"]]


@pytest.mark.django_db
def test_gathering_without_capacity_counts_heads_and_never_queues():
    occurrence = tonight(capacity=None)
    rsvps = [make_rsvp(occurrence, party_size=3) for _ in range(30)]

    assert {r.status for r in rsvps} == {RSVP.Status.CONFIRMED}
    assert occurrence.rsvps.seats_taken() == 90
    assert booking.seats_left(occurrence) is None


@pytest.mark.django_db
def test_booking_opens_days_before_and_closes_hours_before_the_start():
    event = make_event_page(capacity=10, booking_opens_days=14, booking_closes_hours=2)
    occurrences = list(event.occurrences.order_by("start"))
    tonight_, far = occurrences[0], occurrences[3]  # 19:00 tonight; 15 December, 19:00

    with pytest.raises(booking.BookingNotOpenYet) as error:
        make_rsvp(far, check_window=True)
    assert error.value.message == "Booking opens on Tuesday 1 December at 19:00."
    make_rsvp(far, check_window=True, now=dt.datetime(2026, 12, 1, 19, 0, tzinfo=UTC))

    # Tonight's 19:00 date closes two hours before: still open at 16:59, closed at 17:00.
    make_rsvp(tonight_, check_window=True, now=NOW.replace(hour=16, minute=59))
    with pytest.raises(booking.BookingClosed) as error:
        make_rsvp(tonight_, check_window=True, now=NOW.replace(hour=17, minute=0))
    assert error.value.message == "Booking for this date has closed."


@pytest.mark.django_db
def test_a_closed_group_cannot_be_booked_here():
    occurrence = tonight(intake="closed")
    with pytest.raises(booking.BookingClosed) as error:
        make_rsvp(occurrence, check_window=True)
    assert "ask the facilitator" in error.value.message


@pytest.mark.django_db
def test_a_cancelled_date_cannot_be_booked():
    from events.services.dates import cancel_occurrence

    occurrence = cancel_occurrence(tonight(), reason="The hall flooded.")
    with pytest.raises(booking.BookingClosed):
        make_rsvp(occurrence, check_window=True)


@pytest.mark.django_db
def test_the_same_address_gets_its_existing_booking_sent_again_not_a_second_one(on_commit):
    occurrence = tonight()
    first = on_commit(
        booking.book, occurrence=occurrence, name="Kim", email="kim@example.org", party_size=1
    )
    mail.outbox.clear()

    again = on_commit(
        booking.book, occurrence=occurrence, name="K", email="KIM@example.org", party_size=3
    )

    assert again.duplicate and again.rsvp.pk == first.rsvp.pk
    assert occurrence.rsvps.count() == 1
    assert RSVP.objects.get(pk=first.rsvp.pk).party_size == 1
    (message,) = mail.outbox
    assert message.to == ["kim@example.org"]
    assert "You already have a booking" in message.body
    assert first.rsvp.token in message.body


@pytest.mark.django_db
def test_after_cancelling_the_same_address_can_book_again_at_the_back_of_the_queue():
    occurrence = tonight(capacity=1)
    first = make_rsvp(occurrence, email="person1@example.org")
    make_rsvp(occurrence, now=later(1))
    booking.cancel_booking(rsvp=first, now=later(2))

    again = make_rsvp(occurrence, email="person1@example.org", now=later(3))

    assert again.pk == first.pk
    assert again.status == RSVP.Status.WAITLISTED
    assert again.waitlist_position() == 1


@pytest.mark.django_db
def test_bookings_follow_a_moved_date():
    from events.services.dates import move_occurrence

    occurrence = tonight()
    rsvp = make_rsvp(occurrence)
    new_start = occurrence.start + dt.timedelta(days=1)

    move_occurrence(occurrence, start=new_start, end=new_start + dt.timedelta(hours=1))

    rsvp.refresh_from_db()
    assert rsvp.occurrence.start == new_start
    assert rsvp.status == RSVP.Status.CONFIRMED
    assert Occurrence.objects.get(pk=occurrence.pk).rsvps.count() == 1


@pytest.mark.django_db
def test_nobody_is_promoted_onto_a_date_that_is_not_going_ahead(on_commit):
    from events.services.dates import cancel_occurrence

    occurrence = tonight(capacity=1)
    first = make_rsvp(occurrence, now=later(1))
    make_rsvp(occurrence, email="person2@example.org", now=later(2))  # waits
    cancel_occurrence(occurrence, reason="Hall flooded")
    mail.outbox.clear()

    assert on_commit(booking.cancel_booking, rsvp=first) == []
    assert statuses(occurrence)[1] == ("person2", "waitlisted", 1)
    assert not any(m.subject.startswith("A place came up") for m in mail.outbox)
    with pytest.raises(booking.BookingClosed):
        booking.change_party_size(rsvp=RSVP.objects.get(email="person2@example.org"), party_size=2)


@pytest.mark.django_db
def test_a_booking_counts_the_seats_once():
    """Under the lock, one seat count decides the band before, the fit and the band after."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    occurrence = tonight(capacity=10)
    booking.book(occurrence=occurrence, name="Ana", email="ana@example.org")
    with CaptureQueriesContext(connection) as queries:
        booking.book(occurrence=occurrence, name="Bo", email="bo@example.org")
    sums = [q["sql"] for q in queries if 'SUM("events_rsvp"."party_size")' in q["sql"]]
    assert len(sums) == 1, sums
    assert len(queries) <= 8, [q["sql"][:80] for q in queries]
    assert statuses(occurrence) == [("ana", "confirmed", 1), ("bo", "confirmed", 1)]


@pytest.mark.django_db
def test_a_booking_reads_the_date_its_seats_and_the_address_once_each():
    """Profiled under load, each read of a booking costs the same CPU as the page around it:
    the address's booking of this date and its calendar link come from one read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    occurrence = tonight()
    second = occurrence.event.occurrences.order_by("start")[1]
    earlier = make_rsvp(second, email="ana@example.org")
    cancelled = make_rsvp(occurrence, email="ana@example.org", now=later(1))
    booking.cancel_booking(rsvp=cancelled, now=later(2))

    with CaptureQueriesContext(connection) as queries:
        again = booking.book(
            occurrence=occurrence, name="Ana", email="ana@example.org", now=later(3)
        ).rsvp

    reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    assert len(reads) == 3, reads  # the locked date, its seats, the address's bookings
    assert again.pk == cancelled.pk and again.status == RSVP.Status.CONFIRMED
    assert again.feed_secret == earlier.feed_secret  # one address, one calendar link
