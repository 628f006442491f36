"""Organisers' pages for a booking taken by phone and for the door: what they show and who may
use them."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from wagtail.models import ModelLogEntry

from events.models import Occurrence
from events.services import attendees, booking
from events.services.access import make_organiser
from tests.factories import NOW, make_event_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def circle():
    event = make_event_page(
        title="Bereavement circle", first_date=dt.date(2026, 11, 1), capacity=4, max_party_size=4
    )
    return event.occurrences.order_by("start").first()


@pytest.fixture
def other_date():
    event = make_event_page(title="New parents group", first_date=dt.date(2026, 11, 1))
    return event.occurrences.order_by("start").first()


@pytest.fixture
def organiser(django_user_model, circle):
    user = django_user_model.objects.create_user("sam", "sam@example.org", "a-long-test-password")
    make_organiser(user, circle.event)
    return user


def add(client, occurrence, **data):
    return client.post(
        reverse("events_add", args=[occurrence.pk]), {"party_size": 1, **data}, follow=True
    )


def test_organiser_books_a_caller_by_phone_and_the_list_says_no_email(
    client, organiser, circle, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = add(client, circle, name="Edna Walsh", phone="0113 496 0000")
    text = response.content.decode()
    assert "They have no e-mail address, so nothing is sent" in text
    assert "No e-mail:" in text and 'href="tel:01134960000"' in text
    assert circle.rsvps.get().phone == "0113 496 0000"
    assert mailoutbox == []


def test_hand_booking_form_asks_for_an_email_a_phone_or_a_note(client, organiser, circle):
    client.force_login(organiser)
    response = client.post(reverse("events_add", args=[circle.pk]), {"name": "Edna"})
    assert response.status_code == 400
    assert "a phone number or a note on how to reach" in response.content.decode()
    response = client.post(
        reverse("events_add", args=[circle.pk]), {"name": "Edna", "phone": "call me"}
    )
    assert "Use digits and spaces" in response.content.decode()
    assert not circle.rsvps.exists()


def test_hand_booking_with_an_email_is_confirmed_by_email_as_before(
    client, organiser, circle, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        add(client, circle, name="Dee", email="dee@example.org")
    assert [m.to for m in mailoutbox] == [["dee@example.org"]]


def test_giving_a_waiting_caller_a_place_tells_the_organiser_to_ring_them(
    client, organiser, circle, mailoutbox, django_capture_on_commit_callbacks
):
    booking.book(occurrence=circle, name="Ama", email="ama@example.org", party_size=4)
    edna = attendees.add_booking_by_hand(occurrence=circle, name="Edna", phone="0113 496 0000").rsvp
    ama = circle.rsvps.get(email="ama@example.org")
    mailoutbox.clear()
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events_change", args=[circle.pk]),
            {"rsvp": ama.pk, "action": "cancel"},
            follow=True,
        )
    text = response.content.decode()
    assert "Edna is booked. No e-mail: phone 0113 496 0000: tell them yourself." in text
    assert "Moved up from the waiting list" in text
    edna.refresh_from_db()
    assert edna.status == "confirmed"
    assert [m.to for m in mailoutbox] == [["ama@example.org"]]


def test_cancelling_a_date_names_the_people_nobody_could_email(
    admin_client, circle, mailoutbox, django_capture_on_commit_callbacks
):
    booking.book(occurrence=circle, name="Ama", email="ama@example.org")
    attendees.add_booking_by_hand(occurrence=circle, name="Edna", phone="0113 496 0000")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("occurrences:edit", args=[circle.pk]),
            {"action": "cancel", "note": "No heating tonight."},
            follow=True,
        )
    text = response.content.decode()
    assert "Not told, as they have no e-mail: Edna (No e-mail: phone 0113 496 0000)" in text
    page = admin_client.get(reverse("events_attendees", args=[circle.pk])).content.decode()
    assert "so nobody has told them" in page and "phone 0113 496 0000" in page
    assert [m.to for m in mailoutbox] == [["ama@example.org"]]


def test_door_list_shows_access_needs_the_waiting_list_and_the_walk_in_count(
    client, organiser, circle
):
    booking.book(
        occurrence=circle,
        name="Ama",
        email="ama@example.org",
        party_size=4,
        access_needs="Step-free route",
    )
    booking.book(occurrence=circle, name="Ben", email="ben@example.org", access_needs="Quiet seat")
    attendees.count_walk_in(occurrence=circle)
    client.force_login(organiser)
    text = client.get(reverse("events_checkin", args=[circle.pk])).content.decode()
    assert "Step-free route" in text and "Quiet seat" in text
    assert "Needs 1 seat; 0 free" in text
    assert "In the room: <strong>1</strong>" in text
    assert "data-walk-in-count>1<" in text


def test_walk_ins_are_counted_from_the_door_page_and_logged(client, organiser, circle):
    client.force_login(organiser)
    url = reverse("events_walk_in", args=[circle.pk])
    client.post(url, {"change": "add"})
    client.post(url, {"change": "add"})
    response = client.post(url, {"change": "remove"})
    assert response.status_code == 302
    assert response["Location"].endswith("/check-in/#walk-ins")
    assert Occurrence.objects.get(pk=circle.pk).walk_ins == 1
    logged = ModelLogEntry.objects.filter(
        object_id=str(circle.pk), action=attendees.CHANGED, user=organiser
    )
    assert sorted(e.data["change"] for e in logged) == ["walk_in", "walk_in", "walk_in_removed"]


def test_walk_ins_of_another_gathering_cannot_be_counted_or_seen(client, organiser, other_date):
    client.force_login(organiser)
    url = reverse("events_walk_in", args=[other_date.pk])
    assert client.post(url, {"change": "add"}).status_code == 404
    assert client.get(url).status_code in {404, 405}
    assert Occurrence.objects.get(pk=other_date.pk).walk_ins == 0


def test_walk_ins_cannot_be_counted_with_a_get_request(client, organiser, circle):
    client.force_login(organiser)
    assert client.get(reverse("events_walk_in", args=[circle.pk])).status_code == 405
    assert Occurrence.objects.get(pk=circle.pk).walk_ins == 0
