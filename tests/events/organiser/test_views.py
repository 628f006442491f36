"""Organisers' tools: attendee lists only for their own gatherings, audit log, CSV, check-in."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from django.views.debug import SafeExceptionReporterFilter
from wagtail.models import ModelLogEntry, Page, Revision

from events.organiser import views as organiser_views
from events.services import attendees, booking
from tests.factories import make_rsvp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def first_date(event):
    return event.occurrences.order_by("start").first()


def attendee_urls(occurrence):
    args = [occurrence.pk]
    return [
        ("get", reverse("events_attendees", args=args)),
        ("get", reverse("events_export", args=args)),
        ("get", reverse("events_checkin", args=args)),
        ("get", reverse("events_message", args=args)),
        ("post", reverse("events_change", args=args)),
        ("post", reverse("events_add", args=args)),
    ]


def test_organiser_sees_the_attendees_of_their_own_gathering(
    client, organiser_of_a, two_gatherings
):
    occurrence = first_date(two_gatherings[0])
    make_rsvp(
        occurrence, name="Ama", email="ama@example.org", access_needs="Step-free route please"
    )
    client.force_login(organiser_of_a)
    response = client.get(reverse("events_attendees", args=[occurrence.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Ama" in text and "Step-free route please" in text


def test_organiser_of_one_gathering_gets_404_for_every_attendee_url_of_another(
    client, organiser_of_a, two_gatherings
):
    other = first_date(two_gatherings[1])
    make_rsvp(other, name="Private Person", email="private@example.org")
    client.force_login(organiser_of_a)
    for method, url in attendee_urls(other):
        response = getattr(client, method)(url)
        assert response.status_code == 404, url
        assert b"Private Person" not in response.content


def test_attendee_list_leaves_out_gatherings_the_user_cannot_edit(
    client, organiser_of_a, two_gatherings
):
    client.force_login(organiser_of_a)
    text = client.get(reverse("events_dates")).content.decode()
    assert "Bereavement circle" in text
    assert "New parents group" not in text


def test_anonymous_visitors_are_sent_to_the_login_page(client, two_gatherings):
    response = client.get(reverse("events_attendees", args=[first_date(two_gatherings[0]).pk]))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_every_view_and_export_is_logged_with_who_and_when(client, organiser_of_a, two_gatherings):
    occurrence = first_date(two_gatherings[0])
    client.force_login(organiser_of_a)
    client.get(reverse("events_attendees", args=[occurrence.pk]))
    client.get(reverse("events_export", args=[occurrence.pk]))
    entries = ModelLogEntry.objects.filter(object_id=str(occurrence.pk)).order_by("timestamp")
    actions = [(e.action, e.user_id) for e in entries]
    assert (attendees.VIEWED, organiser_of_a.pk) in actions
    assert (attendees.EXPORTED, organiser_of_a.pk) in actions
    assert all(e.timestamp for e in entries)


def test_csv_opens_in_a_spreadsheet_with_any_script_and_no_formulas(
    client, admin_client, two_gatherings
):
    occurrence = first_date(two_gatherings[0])
    make_rsvp(occurrence, name='=HYPERLINK("http://evil")', email="a@example.org")
    make_rsvp(occurrence, name="Zoë Ødegaard", email="b@example.org", party_size=2)
    make_rsvp(occurrence, name="محمد", email="c@example.org", access_needs="+44 needs a chair")
    make_rsvp(occurrence, name="李小龙", email="d@example.org")  # 5 seats of 4: waits
    response = admin_client.get(reverse("events_export", args=[occurrence.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Name", "E-mail", "Party size", "Status"]
    names = [row[0] for row in rows[1 : rows.index([])]]
    assert names == ['\'=HYPERLINK("http://evil")', "Zoë Ødegaard", "محمد", "李小龙"]
    assert rows[3][4] == "'+44 needs a chair"
    assert rows[4][3] == "On the waiting list (1)"


def test_check_in_marks_people_as_attended_and_keeps_their_seats(admin_client, two_gatherings):
    occurrence = first_date(two_gatherings[0])
    ama = make_rsvp(occurrence, name="Ama", email="ama@example.org", party_size=2)
    ben = make_rsvp(occurrence, name="Ben", email="ben@example.org", party_size=2)
    url = reverse("events_change", args=[occurrence.pk])
    admin_client.post(url, {"rsvp": ama.pk, "action": "check_in", "next": "checkin"})
    ama.refresh_from_db()
    assert ama.status == "attended"
    counts = attendees.attendance(occurrence)
    assert counts == {"booked": 4, "attended": 2, "waiting": 0, "capacity": 4}
    # Checked-in seats are still taken: a newcomer waits.
    late = make_rsvp(occurrence, name="Cal", email="cal@example.org")
    assert late.status == "waitlisted"
    admin_client.post(url, {"rsvp": ama.pk, "action": "undo_check_in"})
    ama.refresh_from_db()
    assert ama.status == "confirmed"
    assert ben.status == "confirmed"


def test_organiser_adds_a_phone_booking_after_online_booking_closed(admin_client, two_gatherings):
    occurrence = first_date(two_gatherings[0])
    with time_machine.travel(occurrence.start - dt.timedelta(minutes=30), tick=False):
        with pytest.raises(booking.BookingClosed):
            make_rsvp(occurrence, name="Online", email="online@example.org", check_window=True)
        response = admin_client.post(
            reverse("events_add", args=[occurrence.pk]),
            {"name": "Dee", "email": "dee@example.org", "party_size": 1},
        )
    assert response.status_code == 302
    assert occurrence.rsvps.get(email="dee@example.org").status == "confirmed"


def test_hand_booking_form_explains_bad_input_and_keeps_it(admin_client, two_gatherings):
    occurrence = first_date(two_gatherings[0])
    response = admin_client.post(
        reverse("events_add", args=[occurrence.pk]),
        {"name": "Dee", "email": "not-an-address", "party_size": 99},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter a valid email address" in text
    assert 'value="Dee"' in text
    assert not occurrence.rsvps.exists()


def test_organiser_gives_a_waiting_person_a_place_when_seats_are_free(
    admin_client, two_gatherings, mailoutbox
):
    occurrence = first_date(two_gatherings[0])
    make_rsvp(occurrence, name="Ama", email="ama@example.org", party_size=2)
    waiting = make_rsvp(occurrence, name="Ben", email="ben@example.org", party_size=3)
    assert waiting.status == "waitlisted"
    url = reverse("events_change", args=[occurrence.pk])
    response = admin_client.post(url, {"rsvp": waiting.pk, "action": "confirm"}, follow=True)
    assert "Only 2 seats free" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == "waitlisted"


def test_removing_someone_offers_their_place_and_the_organiser_can_still_give_it_by_hand(
    admin_client, two_gatherings, django_capture_on_commit_callbacks
):
    occurrence = two_gatherings[0].occurrences.upcoming().order_by("start").first()
    # Tonight at 19:00: the hold stops where the late window starts, at 16:00.
    ama = make_rsvp(occurrence, name="Ama", email="ama@example.org", party_size=2)
    make_rsvp(occurrence, name="Ben", email="ben@example.org", party_size=2)
    cy = make_rsvp(occurrence, name="Cy", email="cy@example.org")
    url = reverse("events_change", args=[occurrence.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"rsvp": ama.pk, "action": "cancel"}, follow=True)
    text = response.content.decode()
    assert "Cy is offered the place until 24 Nov, 16:00 and has been told by e-mail." in text
    assert "Place held for them until 24 Nov, 16:00" in text
    cy.refresh_from_db()
    assert cy.has_offer

    response = admin_client.post(url, {"rsvp": cy.pk, "action": "confirm"}, follow=True)
    assert "Cy is booked and has been told by e-mail." in response.content.decode()
    cy.refresh_from_db()
    assert cy.status == "confirmed" and not cy.has_offer


def test_message_reaches_everyone_booked_but_not_the_waiting_list(
    admin_client, two_gatherings, mailoutbox, django_capture_on_commit_callbacks
):
    occurrence = first_date(two_gatherings[0])
    make_rsvp(occurrence, name="Ama", email="ama@example.org", party_size=4)
    make_rsvp(occurrence, name="Ben", email="ben@example.org")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("events_message", args=[occurrence.pk]),
            {"subject": "Lift out of order", "message": "Please use the ramp at the side door."},
        )
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["ama@example.org"]]
    assert "ramp at the side door" in mailoutbox[0].body


def test_attendee_data_stays_out_of_revisions_search_and_error_reports(
    client, admin_client, two_gatherings
):
    event = two_gatherings[0]
    occurrence = first_date(event)
    make_rsvp(
        occurrence, name="Zebedee Quartermaine", email="zq@example.org", access_needs="hearing aid"
    )
    event.save_revision().publish()

    revisions = Revision.objects.filter(object_id=str(event.pk))
    assert not any("Zebedee" in str(r.content) for r in revisions)
    assert not Page.objects.live().search("Zebedee Quartermaine")
    assert "Nothing matched" in client.get("/search/?q=Zebedee+Quartermaine").content.decode()

    # An error while adding a booking by hand: the report masks what the person typed.
    request = RequestFactory().post(
        reverse("events_add", args=[occurrence.pk]),
        {"name": "Zebedee Quartermaine", "email": "zq@example.org", "access_needs": "x"},
    )
    request.user = AnonymousUser()
    with pytest.raises(Http404):
        organiser_views.add(request, occurrence.pk)
    cleaned = SafeExceptionReporterFilter().get_post_parameters(request)
    assert "Zebedee" not in str(cleaned)
    assert "zq@example.org" not in str(cleaned)
