"""Booking a place in Debian's chromium: book, read the e-mail, follow its link, cancel, and the
next person takes the place offered to them from their e-mail."""

import re

import pytest
import time_machine
from django.core import mail
from playwright.sync_api import expect

from events.models import RSVP
from tests.factories import NOW, ensure_home_page, make_event_page, make_venue


@pytest.fixture
def one_seat_tonight(django_db_serialized_rollback, transactional_db):
    # tick=True: the live server thread shares this process and its (travelling) clock.
    with time_machine.travel(NOW, tick=True):
        ensure_home_page()
        event = make_event_page(
            title="Tuesday meditation",
            slug="tuesday-meditation",
            venue=make_venue(title="Quaker Meeting House", address="6 Carlton Hill\nLeeds"),
            capacity=1,
            max_party_size=2,
            address_after_booking=True,
            private_details="Room 3, door code 4821",
        )
        yield event.occurrences.order_by("start").first()


def book(page, url, name, email):
    page.goto(url)
    form = page.locator("form.rsvp-form")
    form.get_by_label("Name").fill(name)
    form.get_by_label("E-mail address").fill(email)
    form.get_by_label("Access needs (optional)").fill("A chair with arms, please")
    form.get_by_label(re.compile("I agree")).check()
    form.get_by_role("button").click()


def mail_to(address):
    return [m for m in mail.outbox if m.to == [address]]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_visitor_books_cancels_and_the_next_person_takes_the_offered_place_from_the_email(
    page, live_server, one_seat_tonight, screenshot, page_errors, axe
):
    occurrence = one_seat_tonight
    date_page = f"{live_server.url}{occurrence.event.url}{occurrence.date_slug}/"
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(date_page)
    expect(page.locator(".rsvp")).to_contain_text("A few places left")  # one seat, all free
    expect(page.locator(".rsvp")).to_contain_text("Exact details")
    expect(page.locator("main")).not_to_contain_text("4821")
    screenshot("rsvp-01-date-page-form")

    book(page, date_page, "Ana", "ana@example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("You're booked")
    assert axe() == []
    screenshot("rsvp-02-booked")

    book(page, date_page, "Cy", "cy@example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This date is full: you are number 1 on the waiting list"
    )
    screenshot("rsvp-03-waiting-list")

    (confirmation,) = mail_to("ana@example.org")
    assert "Room 3, door code 4821" in confirmation.body
    path = re.search(r"https?://[^/\s]+(/rsvp/manage/[^/\s]+/)", confirmation.body).group(1)
    page.goto(f"{live_server.url}{path}")
    expect(page.locator(".rsvp-status")).to_contain_text("Booked for 1 person")
    expect(page.locator(".private-details")).to_have_text("Room 3, door code 4821")
    assert axe() == []
    screenshot("rsvp-04-manage")

    page.get_by_role("button", name=re.compile("I can't make it")).click()
    expect(page.locator(".messages")).to_contain_text("Your booking is cancelled")
    expect(page.locator(".rsvp-status")).to_contain_text("Cancelled")
    screenshot("rsvp-05-cancelled")

    # The freed place is held for Cy, who takes it from the e-mail's link with one button.
    cy = RSVP.objects.get(email="cy@example.org")
    assert cy.status == RSVP.Status.WAITLISTED and cy.has_offer
    (offer,) = [m for m in mail_to("cy@example.org") if m.subject.startswith("A place is free")]
    assert "4821" not in offer.body  # exact details only once they hold a booking
    accept = re.search(r"https?://[^/\s]+(/rsvp/manage/[^/\s]+/accept/)", offer.body).group(1)
    page.goto(f"{live_server.url}{accept}")
    expect(page.locator("main")).to_contain_text("it is held for you until")
    assert axe() == []
    screenshot("rsvp-06-offer")
    page.get_by_role("button", name=re.compile("take the place")).click()
    expect(page.locator(".messages")).to_contain_text("You're booked")
    expect(page.locator(".rsvp-status")).to_contain_text("Booked for 1 person")
    expect(page.locator(".private-details")).to_have_text("Room 3, door code 4821")
    screenshot("rsvp-07-offer-accepted")

    assert RSVP.objects.get(email="cy@example.org").status == RSVP.Status.CONFIRMED
    promoted = [m for m in mail_to("cy@example.org") if m.subject.startswith("A place came up")]
    assert len(promoted) == 1
    assert "Room 3, door code 4821" in promoted[0].body
    assert page_errors == []
