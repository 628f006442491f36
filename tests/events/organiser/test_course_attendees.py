"""Organisers see course places and standing bookings date by date: the attendee list says which
seats are course places or "every week", and check-in marks one date only."""

import pytest
from django.urls import reverse

from events.models import RSVP
from tests.factories import make_course, make_course_booking, make_event_page, make_standing_booking

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def test_the_attendee_list_of_each_date_shows_course_places_and_regulars(admin_client, settings):
    settings.HEARTH_OCCURRENCE_HORIZON_DAYS = 60
    course = make_course(title="Art therapy course")
    make_course_booking(course, name="Ana")
    walk = make_event_page(title="Walking group", capacity=4)
    make_standing_booking(walk, name="Reg")

    for occurrence in [course.occurrences.order_by("start")[3], walk.occurrences.last()]:
        page = admin_client.get(reverse("events_attendees", args=[occurrence.pk]))
        assert page.status_code == 200
    text = admin_client.get(
        reverse("events_attendees", args=[course.occurrences.order_by("start")[3].pk])
    ).content.decode()
    assert "Ana" in text and "Course place" in text
    text = admin_client.get(
        reverse("events_attendees", args=[walk.occurrences.last().pk])
    ).content.decode()
    assert "Reg" in text and "Every week" in text


def test_checking_in_a_course_member_marks_that_date_only(admin_client):
    course = make_course()
    enrolment = make_course_booking(course, name="Ana")
    first, second = course.occurrences.order_by("start")[:2]
    seat = enrolment.rsvps.get(occurrence=first)

    response = admin_client.post(
        reverse("events_change", args=[first.pk]), {"rsvp": seat.pk, "action": "check_in"}
    )

    assert response.status_code in {200, 302}
    assert enrolment.rsvps.get(occurrence=first).status == RSVP.Status.ATTENDED
    assert enrolment.rsvps.get(occurrence=second).status == RSVP.Status.CONFIRMED


def test_the_editor_asks_in_organisers_words(admin_client):
    course = make_course(title="Clay course")
    page = admin_client.get(f"/admin/pages/{course.pk}/edit/").content.decode()
    assert "Book as a course" in page
    assert "Let people join after it starts" in page


def test_giving_a_waiting_course_member_a_place_gives_it_on_every_remaining_date(admin_client):
    from events.models import Enrolment
    from events.services import attendees, booking, courses

    course = make_course(capacity=1)
    make_course_booking(course, name="Ana")
    waiting = make_course_booking(course, name="Bo")
    third = course.occurrences.order_by("start")[2]

    with pytest.raises(booking.OccurrenceFull, match="raise the capacity"):
        attendees.confirm_from_waiting_list(rsvp=waiting.rsvps.get(occurrence=third))

    course.capacity = 2
    course.save_revision().publish()
    waiting = Enrolment.objects.get(pk=waiting.pk)
    # Publishing the rise already offered Bo the place on every date; giving it by hand takes it.
    assert all(r.has_offer for r in waiting.rsvps.all())
    attendees.confirm_from_waiting_list(rsvp=waiting.rsvps.get(occurrence=third))
    assert {r.status for r in waiting.rsvps.all()} == {RSVP.Status.CONFIRMED}
    assert courses.give_course_place(enrolment=waiting) == []
