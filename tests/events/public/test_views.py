"""The RSVP pages as a visitor meets them: the form, the outcome, the manage link, abuse limits."""

import re

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.template import Context, Template
from django.test import RequestFactory

from events.models import RSVP
from events.services import booking
from tests.factories import NOW, make_event_page, make_venue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs what was queued after commit (the e-mails) at the block's end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def tonight(**kwargs):
    kwargs.setdefault("capacity", 10)
    event = make_event_page(**kwargs)
    return event.occurrences.order_by("start").first()


def form_html(occurrence):
    """What the date page shows, through the inclusion tag it uses."""
    request = RequestFactory().get("/")
    return Template("{% load booking_tags %}{% rsvp_form occurrence %}").render(
        Context({"occurrence": occurrence, "request": request, "csrf_token": "t"})
    )


def post(client, occurrence, **data):
    data = {"name": "Ana", "email": "ana@example.org", "party_size": 1, "privacy": "on", **data}
    return client.post(f"/rsvp/{occurrence.pk}/", data)


def manage_link(message):
    return re.search(r"https?://[^/\s]+(/rsvp/manage/[^/\s]+/)", message.body).group(1)


def test_date_page_form_asks_only_for_what_is_needed():
    html = form_html(tonight(max_party_size=3))

    assert 'action="/rsvp/' in html
    for name in ["name", "email", "party_size", "access_needs", "privacy"]:
        assert f'name="{name}"' in html
    assert "a first name is enough" in html
    assert "3 people (me and 2 more)" in html
    assert "Places available." in html


def test_closed_or_ask_first_gathering_shows_a_request_to_join_instead_of_the_booking_form():
    for intake in ["closed", "ask"]:
        html = form_html(tonight(intake=intake))
        assert "Ask to join" in html
        assert 'action="/rsvp/join/' in html
        assert 'name="party_size"' not in html


def test_form_says_when_booking_opens_and_that_it_has_closed():
    event = make_event_page(capacity=10)
    occurrences = list(event.occurrences.order_by("start"))

    assert "Booking opens on Tuesday 1 December at 19:00" in form_html(occurrences[3])
    # Tonight's 19:00 date closed for booking at 17:00, two hours before.
    with time_machine.travel(NOW.replace(hour=17, minute=30), tick=False):
        assert "Booking for this date has closed" in form_html(occurrences[0])


def test_booking_shows_the_outcome_and_emails_a_manage_link(client, committed):
    occurrence = tonight()

    with committed():
        response = post(client, occurrence)
    page = client.get(response["Location"])

    assert response.status_code == 302
    assert "You're booked" in page.content.decode()
    assert RSVP.objects.get().name == "Ana"
    (message,) = mail.outbox
    assert client.get(manage_link(message)).status_code == 200


def test_full_date_says_your_number_on_the_waiting_list(client):
    occurrence = tonight(capacity=1)
    booking.book(occurrence=occurrence, name="First", email="first@example.org")

    response = post(client, occurrence)
    page = client.get(response["Location"]).content.decode()

    assert "This date is full: you are number 1 on the waiting list" in page


def test_the_page_reads_the_same_whether_or_not_the_address_had_booked(client, committed):
    occurrence = tonight()
    booking.book(occurrence=occurrence, name="Kim", email="kim@example.org")
    mail.outbox.clear()

    with committed():
        known = client.get(post(client, occurrence, email="kim@example.org")["Location"])
        new = client.get(post(client, occurrence, email="lee@example.org")["Location"])

    assert known.content == new.content
    assert occurrence.rsvps.filter(email="kim@example.org").count() == 1
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "You already have a booking" in by_address["kim@example.org"].body
    assert by_address["lee@example.org"].subject.startswith("You're booked")


def test_errors_keep_what_was_typed_and_say_what_is_wrong(client):
    occurrence = tonight()

    response = post(client, occurrence, name="N" * 101, email="not-an-address", access_needs="ramp")

    html = response.content.decode()
    assert response.status_code == 400
    assert "Ensure this value has at most 100 characters" in html
    assert "Enter a valid email address" in html
    assert "ramp</textarea>" in html
    assert not RSVP.objects.exists()


def test_a_rule_saying_no_is_shown_on_the_form_page(client):
    occurrence = make_event_page(capacity=10).occurrences.order_by("start")[3]

    response = post(client, occurrence)

    assert response.status_code == 400
    assert "Booking opens on Tuesday 1 December" in response.content.decode()


def test_the_honeypot_books_nothing_but_looks_like_success_to_a_robot(client):
    occurrence = tonight()

    response = post(client, occurrence, website="http://spam.example")

    assert response.status_code == 302
    assert not RSVP.objects.exists()
    assert mail.outbox == []


def test_too_many_attempts_from_one_address_are_refused(client, settings):
    settings.HEARTH_RSVP_RATE_PER_IP = "3/h"
    occurrence = tonight()

    codes = [post(client, occurrence, email=f"p{n}@example.org").status_code for n in range(4)]

    assert codes == [302, 302, 302, 429]
    assert "too many booking attempts" in post(client, occurrence).content.decode()
    assert occurrence.rsvps.count() == 3


def test_too_many_attempts_for_one_email_address_are_refused_from_anywhere(client, settings):
    settings.HEARTH_RSVP_RATE_PER_EMAIL = "2/h"
    occurrence = tonight()

    codes = [
        post(client, occurrence, email="Same@example.org", REMOTE_ADDR=f"10.0.0.{n}").status_code
        for n in range(3)
    ]

    assert codes == [302, 302, 429]


def test_manage_page_shows_the_booking_and_changes_the_party_size(client, committed):
    occurrence = tonight(max_party_size=3)
    rsvp = booking.book(occurrence=occurrence, name="Ana", email="ana@example.org").rsvp
    url = f"/rsvp/manage/{rsvp.token}/"

    page = client.get(url)
    assert "Booked for 1 person" in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin"
    assert "no-store" in page["Cache-Control"]

    with committed():
        client.post(url, {"action": "party_size", "party_size": 3})
    assert "Booked for 3 people" in client.get(url).content.decode()


def test_cancelling_from_the_manage_link_offers_the_seat_to_the_next_person(client, committed):
    occurrence = tonight(capacity=1)
    rsvp = booking.book(occurrence=occurrence, name="Ana", email="ana@example.org").rsvp
    waiting = booking.book(occurrence=occurrence, name="Bo", email="bo@example.org").rsvp
    mail.outbox.clear()

    assert client.get(f"/rsvp/manage/{rsvp.token}/cancel/").status_code == 200  # asks only
    assert RSVP.objects.get(pk=rsvp.pk).is_confirmed
    with committed():
        response = client.post(f"/rsvp/manage/{rsvp.token}/cancel/", follow=True)

    assert "Your booking is cancelled" in response.content.decode()
    assert RSVP.objects.get(pk=waiting.pk).has_offer
    assert {m.to[0] for m in mail.outbox} == {"ana@example.org", "bo@example.org"}


def test_an_unknown_token_finds_nothing(client):
    assert client.get("/rsvp/manage/not-a-real-token/").status_code == 404


def test_a_discreet_title_replaces_the_gatherings_name_in_that_persons_mail(client, committed):
    occurrence = tonight(title="Bereavement support circle")
    rsvp = booking.book(occurrence=occurrence, name="Ana", email="ana@example.org").rsvp
    client.post(
        f"/rsvp/manage/{rsvp.token}/", {"action": "title", "discreet_title": "Tuesday group"}
    )
    mail.outbox.clear()

    with committed():
        booking.book(occurrence=occurrence, name="Ana", email="ana@example.org")  # resend

    (message,) = mail.outbox
    ics = message.attachments[0][1]
    assert "Tuesday group" in message.subject
    assert "SUMMARY:Tuesday group" in ics
    for text in [message.subject, message.body, message.alternatives[0][0], ics]:
        assert "Bereavement" not in text
        assert "bereavement" not in text


def test_exact_details_appear_only_for_people_holding_a_seat(client, committed):
    venue = make_venue(title="Quaker Meeting House", address="6 Carlton Hill\nLeeds")
    occurrence = tonight(
        capacity=1,
        venue=venue,
        address_after_booking=True,
        private_details="Room 3, door code 4821",
    )
    public = form_html(occurrence)
    assert "4821" not in public
    assert "Exact details (room, door code or online link) are shared after booking" in public

    with committed():
        booked = booking.book(occurrence=occurrence, name="Ana", email="ana@example.org").rsvp
        waiting = booking.book(occurrence=occurrence, name="Bo", email="bo@example.org").rsvp

    by_address = {m.to[0]: m for m in mail.outbox}
    assert "Room 3, door code 4821" in by_address["ana@example.org"].body
    assert "6 Carlton Hill" in by_address["ana@example.org"].body
    assert "4821" not in by_address["bo@example.org"].body
    assert "6 Carlton Hill" not in by_address["bo@example.org"].body
    assert "4821" in client.get(f"/rsvp/manage/{booked.token}/").content.decode()
    assert "4821" not in client.get(f"/rsvp/manage/{waiting.token}/").content.decode()


def test_the_page_never_shows_a_seat_count_that_would_reveal_a_repeat_booking(client):
    occurrence = tonight()
    booking.book(occurrence=occurrence, name="Ana", email="ana@example.org")
    before = form_html(occurrence)
    booking.book(occurrence=occurrence, name="Ana again", email="ana@example.org")
    assert form_html(occurrence) == before
    booking.book(occurrence=occurrence, name="Ben", email="ben@example.org")
    assert form_html(occurrence) == before  # a new booking looks the same from outside


def test_rate_limit_counts_the_address_our_proxy_saw_not_what_the_client_wrote(settings):
    from events.public.views import client_ip

    settings.HEARTH_RSVP_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = RequestFactory().post(
        "/rsvp/1/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9", REMOTE_ADDR="10.0.0.1"
    )
    assert client_ip(request) == "203.0.113.9"
