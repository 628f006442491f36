"""Bookings taken by hand for people with no e-mail address: a phone number or a note instead,
no e-mail ever, and the organiser can see that."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import translation

from events.models import RSVP
from events.services import attendees, booking, dates, privacy
from tests.factories import make_event_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


@pytest.fixture
def tonight():
    event = make_event_page(
        title="Bereavement circle", first_date=dt.date(2026, 11, 1), capacity=2, max_party_size=2
    )
    return event.occurrences.order_by("start").first()


def by_phone(occurrence, name="Edna", phone="0113 496 0000", note="", party_size=1):
    return attendees.add_booking_by_hand(
        occurrence=occurrence, name=name, phone=phone, contact_note=note, party_size=party_size
    ).rsvp


def test_a_caller_without_email_is_booked_with_a_phone_number_and_sent_nothing(
    tonight, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as queued:
        edna = by_phone(tonight)
    assert queued == []
    assert (edna.status, edna.email, edna.phone) == ("confirmed", "", "0113 496 0000")
    assert edna.without_email_summary() == "No e-mail: phone 0113 496 0000"
    assert mail.outbox == []


def test_a_note_can_stand_in_for_a_phone_number(tonight):
    frank = by_phone(tonight, name="Frank", phone="", note="No phone: comes every week")
    assert frank.without_email_summary() == "No e-mail: No phone: comes every week"


def test_a_booking_without_email_needs_a_phone_or_a_note(tonight):
    with pytest.raises(booking.BookingError, match="phone number or a note"):
        by_phone(tonight, phone="", note="  ")
    assert not tonight.rsvps.exists()


def test_visitors_booking_online_still_need_an_email_address(tonight):
    with pytest.raises(booking.BookingError, match="e-mail address is needed"):
        booking.book(occurrence=tonight, name="Gil", email="", phone="0113 496 0001")


def test_two_callers_without_email_are_two_bookings_not_one(tonight):
    first = by_phone(tonight, name="Edna")
    second = by_phone(tonight, name="Frank", phone="0113 496 0002")
    assert first.pk != second.pk
    assert tonight.rsvps.confirmed().count() == 2


def test_no_email_reaches_a_phone_booking_whatever_happens_to_it_or_its_date(
    tonight, django_capture_on_commit_callbacks
):
    """Waiting list, promotion, reminder, a moved date, an organiser's message, a cancellation.

    Ama, booked online, is e-mailed at every step: the mail does flow, just not to Edna.
    """
    with django_capture_on_commit_callbacks(execute=True):
        booking.book(occurrence=tonight, name="Ama", email="ama@example.org", party_size=2)
        edna = by_phone(tonight)
        assert edna.status == "waitlisted"
        ama = tonight.rsvps.get(email="ama@example.org")
        booking.cancel_booking(rsvp=ama)
        edna.refresh_from_db()
        assert edna.status == "confirmed" and edna.promoted_at is not None
        booking.book(occurrence=tonight, name="Ama", email="ama@example.org")

    with time_machine.travel(tonight.start - dt.timedelta(hours=20), tick=False):
        assert edna.pk not in {r.pk for r in booking.due_reminders()}
        with django_capture_on_commit_callbacks(execute=True):
            booking.send_reminders()
    with django_capture_on_commit_callbacks(execute=True):
        sent = attendees.email_attendees(occurrence=tonight, subject="Lift", message="Out")
    assert sent == 1
    later = dt.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        dates.move_occurrence(tonight, start=tonight.start + later, end=tonight.end + later)
    with django_capture_on_commit_callbacks(execute=True):
        booking.cancel_booking(rsvp=edna)
    subjects = [m.subject.split(":")[0] for m in mail.outbox]
    assert {tuple(m.to) for m in mail.outbox} == {("ama@example.org",)}
    assert subjects == [
        "You're booked",
        "Booking cancelled",
        "You're booked",
        "Tomorrow",
        "Lift",
        "Changed",
    ]


def test_people_nobody_can_email_are_listed_for_the_organiser_to_call(tonight):
    booking.book(occurrence=tonight, name="Ama", email="ama@example.org")
    edna = by_phone(tonight)
    assert attendees.without_email(tonight) == [edna]


def test_phone_numbers_and_notes_are_erased_with_the_booking(tonight):
    by_phone(tonight, note="Her daughter Ruth answers")
    privacy.purge_personal_data(now=tonight.end + dt.timedelta(days=31))
    erased = RSVP.objects.get()
    assert (erased.name, erased.phone, erased.contact_note) == ("", "", "")
    assert erased.without_email_summary() == ""


def test_csv_has_the_phone_and_note_of_a_booking_without_email(tonight):
    by_phone(tonight, note="Ring after 10am")
    text = attendees.attendee_csv(tonight)
    assert "0113 496 0000" in text and "Ring after 10am" in text


def test_a_booking_by_hand_is_written_in_the_sites_language_whatever_the_admins(
    tonight, django_capture_on_commit_callbacks
):
    # The organiser's admin speaks Polish; the person booked by hand is told in the site's
    # language, since nothing says they read Polish.
    with translation.override("pl"), django_capture_on_commit_callbacks(execute=True):
        rsvp = attendees.add_booking_by_hand(
            occurrence=tonight, name="Edna", email="edna@example.org"
        ).rsvp
    assert rsvp.language == ""
    (confirmation,) = mail.outbox
    assert confirmation.subject.startswith("You're booked: Bereavement circle, ")
