"""Waiting-list offers, called directly with the clock frozen: holding, accepting, passing on.

"Tonight" starts at 19:00 (Europe/London, UTC in November) and the clock stands at 09:00: the
late window (three hours by default) starts at 16:00, and online booking closes at 17:00.
"""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from events.models import RSVP, Occurrence, OutboundEmail
from events.services import attendees, booking, offers
from tests.factories import NOW, make_event_page, make_rsvp

pytestmark = [pytest.mark.usefixtures("frozen_clock"), pytest.mark.django_db]

LATE_WINDOW_STARTS = dt.datetime(2026, 11, 24, 16, tzinfo=dt.UTC)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what the services queue after commit (the e-mails), as a real commit would."""

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


@pytest.fixture
def two_hour_offers(settings):
    settings.HEARTH_OFFER_HOURS = 2
    settings.HEARTH_OFFER_LATE_WINDOW_HOURS = 3


def tonight(**kwargs):
    kwargs.setdefault("capacity", 2)
    kwargs.setdefault("max_party_size", 3)
    event = make_event_page(**kwargs)
    return event.occurrences.order_by("start").first()


def later(minutes):
    return NOW + dt.timedelta(minutes=minutes)


def full_with_queue(capacity=2, waiting=(1, 1)):
    """A full date (one party of ``capacity``) and parties of ``waiting`` sizes queued behind."""
    occurrence = tonight(capacity=capacity)
    booked = make_rsvp(occurrence, email="booked@example.org", party_size=capacity)
    queue = [
        make_rsvp(occurrence, email=f"wait{i}@example.org", party_size=size, now=later(i))
        for i, size in enumerate(waiting, start=1)
    ]
    mail.outbox.clear()
    return occurrence, booked, queue


def fresh(rsvp):
    return RSVP.objects.get(pk=rsvp.pk)


def subjects_to(address):
    return [m.subject for m in mail.outbox if m.to == [address]]


# Making an offer -------------------------------------------------------------------------------


@pytest.mark.usefixtures("two_hour_offers")
def test_a_cancellation_holds_the_place_for_the_first_person_waiting_for_the_offer_hours(
    on_commit,
):
    occurrence, booked, (first, second) = full_with_queue(capacity=1)

    offered = on_commit(booking.cancel_booking, rsvp=booked)

    assert offered == [first]
    first = fresh(first)
    assert first.status == RSVP.Status.WAITLISTED
    assert first.offer_expires_at == NOW + dt.timedelta(hours=2)
    assert first.waitlist_position() is None
    assert fresh(second).waitlist_position() == 1
    assert not fresh(second).has_offer
    assert subjects_to("wait1@example.org") == [
        f"A place is free for you: {occurrence.event.title}, Tue 24 Nov, 19:00"
    ]
    body = next(m.body for m in mail.outbox if m.to == ["wait1@example.org"])
    assert f"/rsvp/manage/{first.token}/accept/" in body
    assert "Tuesday 24 November, 11:00" in body


def test_an_offer_is_shorter_close_to_the_start_never_running_into_the_late_window(on_commit):
    occurrence, booked, (first, _) = full_with_queue(capacity=1)

    on_commit(booking.cancel_booking, rsvp=booked)

    # Twelve hours would run to 21:00, after the start: the hold stops where the late window starts.
    assert fresh(first).offer_expires_at == LATE_WINDOW_STARTS


def test_the_first_party_that_fits_is_offered_and_a_bigger_one_keeps_its_place(on_commit):
    occurrence, booked, (pair, single) = full_with_queue(capacity=2, waiting=(2, 1))
    mine = make_rsvp(occurrence, email="one@example.org", now=later(9))
    on_commit(booking.change_party_size, rsvp=booked, party_size=1)

    assert not fresh(pair).has_offer
    assert fresh(single).has_offer
    assert not fresh(mine).has_offer
    assert fresh(pair).waitlist_position() == 1


def test_a_held_offer_counts_as_taken_in_every_count_of_seats(on_commit):
    occurrence, booked, (first, _) = full_with_queue(capacity=1)
    on_commit(booking.cancel_booking, rsvp=booked)

    assert booking.seats_left(occurrence) == 0
    assert booking.has_places(occurrence) is False
    listed = Occurrence.objects.with_seats_taken().with_attendance().get(pk=occurrence.pk)
    assert listed.seats_taken == 1
    assert listed.booked == 1

    # Someone booking now joins the queue: the held place is not theirs to take.
    late = booking.book(occurrence=occurrence, name="Cy", email="cy@example.org", now=later(10))
    assert late.rsvp.status == RSVP.Status.WAITLISTED
    assert late.outcome == (RSVP.Status.WAITLISTED, 2)


def test_a_person_holding_an_offer_who_cancels_passes_it_to_the_next_person(on_commit):
    occurrence, booked, (first, second) = full_with_queue(capacity=1)
    on_commit(booking.cancel_booking, rsvp=booked)

    offered = on_commit(booking.cancel_booking, rsvp=fresh(first), now=later(30))

    assert offered == [second]
    assert fresh(first).status == RSVP.Status.CANCELLED
    assert fresh(first).offer_expires_at is None
    assert fresh(second).has_offer
    assert offers.offer_state(fresh(first)) == offers.NO_OFFER


def test_booking_again_or_changing_the_party_while_holding_an_offer_says_so_in_the_email(
    on_commit,
):
    occurrence, booked, (first, _) = full_with_queue(capacity=2, waiting=(2, 1))
    on_commit(booking.cancel_booking, rsvp=booked)
    mail.outbox.clear()

    on_commit(booking.book, occurrence=occurrence, name="Wa", email="wait1@example.org")
    on_commit(booking.change_party_size, rsvp=fresh(first), party_size=1)

    again, changed = (m.body for m in mail.outbox if m.to == ["wait1@example.org"])
    assert "a place is held for you until Tuesday 24 November, 16:00" in again
    assert "holding a place offered to you until Tuesday 24 November, 16:00" in changed
    assert "None" not in again + changed


# Accepting -------------------------------------------------------------------------------------


def test_accepting_books_them_with_one_email_and_accepting_twice_changes_nothing(on_commit):
    occurrence, booked, (first, _) = full_with_queue(capacity=1)
    on_commit(booking.cancel_booking, rsvp=booked)
    mail.outbox.clear()

    assert on_commit(offers.accept_offer, rsvp=first, now=later(60)) == offers.ACCEPTED
    assert on_commit(offers.accept_offer, rsvp=first, now=later(61)) == offers.ACCEPTED

    first = fresh(first)
    assert first.status == RSVP.Status.CONFIRMED
    assert first.offer_expires_at is None
    assert first.promoted_at == later(60)
    assert booking.seats_left(occurrence) == 0
    assert subjects_to("wait1@example.org") == [
        f"A place came up: you're booked for {occurrence.event.title}, Tue 24 Nov, 19:00"
    ]
    assert len(mail.outbox) == 1


@pytest.mark.usefixtures("two_hour_offers")
def test_accepting_after_the_hold_ran_out_says_so_and_passes_the_offer_on(on_commit, frozen_clock):
    occurrence, booked, (first, second) = full_with_queue(capacity=1)
    on_commit(booking.cancel_booking, rsvp=booked)
    mail.outbox.clear()
    frozen_clock.shift(dt.timedelta(hours=2))

    # The scheduled job has not run yet: accepting does its work for this date.
    assert on_commit(offers.accept_offer, rsvp=first) == offers.EXPIRED

    first, second = fresh(first), fresh(second)
    assert first.status == RSVP.Status.CANCELLED
    assert offers.offer_state(first) == offers.EXPIRED
    assert second.has_offer
    assert second.offer_expires_at == NOW + dt.timedelta(hours=4)
    assert subjects_to("wait1@example.org")[0].startswith("The place we held has gone on")
    assert subjects_to("wait2@example.org")[0].startswith("A place is free for you")
    # Pressing again, or the job running after, changes nothing more.
    assert on_commit(offers.accept_offer, rsvp=first) == offers.EXPIRED
    assert offers.expire_offers() == 0
    assert len(mail.outbox) == 2


def test_accepting_without_an_offer_books_nobody(on_commit):
    occurrence, booked, (first, _) = full_with_queue(capacity=1)

    assert on_commit(offers.accept_offer, rsvp=first) == offers.NO_OFFER
    assert fresh(first).status == RSVP.Status.WAITLISTED
    assert mail.outbox == []


def test_an_offer_on_a_date_that_is_then_cancelled_cannot_be_accepted(on_commit):
    from events.services.dates import cancel_occurrence

    occurrence, booked, (first, _) = full_with_queue(capacity=1)
    on_commit(booking.cancel_booking, rsvp=booked)
    cancel_occurrence(Occurrence.objects.get(pk=occurrence.pk), reason="Hall flooded")

    with pytest.raises(booking.BookingClosed):
        offers.accept_offer(rsvp=first)
    assert fresh(first).status == RSVP.Status.WAITLISTED


def test_an_offer_on_a_cancelled_date_ends_quietly_and_passes_to_nobody(on_commit):
    from events.services.dates import cancel_occurrence

    occurrence, booked, (first, second) = full_with_queue(capacity=1)
    on_commit(booking.cancel_booking, rsvp=booked)
    cancel_occurrence(Occurrence.objects.get(pk=occurrence.pk), reason="Hall flooded")
    mail.outbox.clear()

    assert on_commit(offers.expire_offers, now=LATE_WINDOW_STARTS) == 1

    assert fresh(first).status == RSVP.Status.CANCELLED
    assert not fresh(second).has_offer
    assert mail.outbox == []


# Expiry ----------------------------------------------------------------------------------------


@pytest.mark.usefixtures("two_hour_offers")
def test_an_expired_offer_passes_to_the_next_person_who_fits_and_the_first_leaves_the_list(
    on_commit, frozen_clock
):
    occurrence, booked, (first, pair, single) = full_with_queue(capacity=1, waiting=(1, 2, 1))
    on_commit(booking.cancel_booking, rsvp=booked)
    frozen_clock.shift(dt.timedelta(hours=1, minutes=59))
    assert on_commit(offers.expire_offers) == 0
    frozen_clock.shift(dt.timedelta(minutes=1))
    mail.outbox.clear()

    assert on_commit(offers.expire_offers) == 1

    assert fresh(first).status == RSVP.Status.CANCELLED
    assert fresh(first).offer_expires_at == NOW + dt.timedelta(hours=2)
    # The party of two does not fit the one seat; it keeps the head of the queue.
    assert not fresh(pair).has_offer
    assert fresh(pair).waitlist_position() == 1
    assert fresh(single).offer_expires_at == NOW + dt.timedelta(hours=4)
    assert booking.seats_left(occurrence) == 0
    body = next(m.body for m in mail.outbox if m.to == ["wait1@example.org"])
    assert "gone to the next person waiting" in body
    assert "/accept/" not in body


@pytest.mark.usefixtures("two_hour_offers")
def test_two_expiry_runs_never_give_one_seat_to_two_people(on_commit, frozen_clock):
    occurrence, booked, (first, second, third) = full_with_queue(capacity=1, waiting=(1, 1, 1))
    on_commit(booking.cancel_booking, rsvp=booked)
    frozen_clock.shift(dt.timedelta(hours=2))

    runs = [on_commit(offers.expire_offers), on_commit(offers.expire_offers)]

    assert runs == [1, 0]
    assert [fresh(r).has_offer for r in (first, second, third)] == [False, True, False]
    assert occurrence.rsvps.seats_taken() == 1
    assert OutboundEmail.objects.filter(kind="offered", rsvp=second).count() == 1


def test_an_offer_running_out_at_the_late_window_leaves_the_place_open_to_anyone(
    on_commit, frozen_clock
):
    occurrence, booked, (first, second) = full_with_queue(capacity=1)
    on_commit(booking.cancel_booking, rsvp=booked)
    frozen_clock.move_to(LATE_WINDOW_STARTS)

    call_command("expire_offers", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert fresh(first).status == RSVP.Status.CANCELLED
    assert not fresh(second).has_offer
    assert booking.seats_left(occurrence) == 1
    walk_up = booking.book(occurrence=occurrence, name="Di", email="di@example.org")
    assert walk_up.rsvp.status == RSVP.Status.CONFIRMED


def test_a_cancellation_inside_the_late_window_offers_nobody_and_the_place_is_open(
    on_commit, frozen_clock
):
    occurrence, booked, (first, _) = full_with_queue(capacity=1)
    frozen_clock.move_to(LATE_WINDOW_STARTS + dt.timedelta(minutes=30))

    assert on_commit(booking.cancel_booking, rsvp=booked) == []

    assert not fresh(first).has_offer
    assert fresh(first).waitlist_position() == 1
    assert booking.has_places(occurrence) is True
    assert subjects_to("wait1@example.org") == []
    # Online booking is still open (it closes at 17:00): whoever books now takes the place.
    result = booking.book(occurrence=occurrence, name="Ed", email="ed@example.org")
    assert result.rsvp.status == RSVP.Status.CONFIRMED
    assert booking.seats_left(occurrence) == 0


# Organisers ------------------------------------------------------------------------------------


def test_an_organiser_can_still_confirm_a_party_by_hand_including_one_holding_an_offer(
    on_commit,
):
    occurrence, booked, (first, second) = full_with_queue(capacity=1)
    on_commit(booking.cancel_booking, rsvp=booked)

    # Out of turn, the held seat is not free for someone else...
    with pytest.raises(booking.OccurrenceFull):
        attendees.confirm_from_waiting_list(rsvp=second)
    # ...but the party holding it can be confirmed into it.
    rsvp = on_commit(attendees.confirm_from_waiting_list, rsvp=first)

    assert rsvp.status == RSVP.Status.CONFIRMED
    assert rsvp.offer_expires_at is None
    assert occurrence.rsvps.seats_taken() == 1
    assert offers.offer_state(fresh(first)) == offers.ACCEPTED
