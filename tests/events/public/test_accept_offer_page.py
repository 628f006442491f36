"""The page a waiting person reaches from an offer e-mail: one button, no JavaScript needed."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.cache import cache

from events import outbox
from events.models import RSVP, OutboundEmail
from events.services import booking
from tests.factories import NOW, make_event_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def offer_for_bo(committed):
    """One seat tonight: Ana cancels, so the place is held for Bo (until 16:00 by default)."""
    occurrence = make_event_page(capacity=1).occurrences.order_by("start").first()
    ana = booking.book(occurrence=occurrence, name="Ana", email="ana@example.org").rsvp
    bo = booking.book(occurrence=occurrence, name="Bo", email="bo@example.org").rsvp
    mail.outbox.clear()
    with committed():
        booking.cancel_booking(rsvp=ana)
    return occurrence, RSVP.objects.get(pk=bo.pk)


def accept_path(message):
    return re.search(r"https?://[^/\s]+(/rsvp/manage/[^/\s]+/accept/)", message.body).group(1)


def test_the_link_only_asks_and_the_button_books_them(client, committed):
    occurrence, bo = offer_for_bo(committed)
    (offer,) = [m for m in mail.outbox if m.to == ["bo@example.org"]]
    path = accept_path(offer)

    page = client.get(path)
    assert page.status_code == 200
    assert page["X-Robots-Tag"] == "noindex"
    assert '<form method="post">' in page.content.decode()
    assert "held for you until Tuesday 24 November, 16:00" in page.content.decode()
    assert RSVP.objects.get(pk=bo.pk).status == RSVP.Status.WAITLISTED  # a GET accepts nothing

    with committed():
        response = client.post(path, follow=True)
    assert "You&#x27;re booked" in response.content.decode()
    assert RSVP.objects.get(pk=bo.pk).is_confirmed

    again = client.post(path)
    assert again.status_code == 302  # accepting twice: still booked, nothing new sent
    assert [m.subject.split(":")[0] for m in mail.outbox if m.to == ["bo@example.org"]] == [
        "A place is free for you",
        "A place came up",
    ]


def test_an_offer_that_expires_while_its_email_is_still_queued_is_not_sent_and_says_so(
    client, committed, frozen_clock, settings
):
    # The e-mail waits in the outbox (a worker is slow or down) until after the hold ran out.
    settings.HEARTH_EMAIL_DELIVERY = "worker"
    occurrence, bo = offer_for_bo(committed)
    queued = OutboundEmail.objects.get(rsvp=bo, kind="offered")
    assert queued.state == OutboundEmail.State.QUEUED
    frozen_clock.move_to(dt.datetime(2026, 11, 24, 16, 5, tzinfo=dt.UTC))

    outbox.deliver()
    # "A place is free for you" would point at a place that has gone: it is skipped.
    assert not [m for m in mail.outbox if m.subject.startswith("A place is free for you")]
    queued.refresh_from_db()
    assert queued.state == OutboundEmail.State.SKIPPED
    # Had they the link already (an e-mail resent by hand), it says kindly what happened.
    path = f"/rsvp/manage/{bo.token}/accept/"

    page = client.get(path).content.decode()
    assert "that time has passed, so it has gone to the next person waiting" in page
    assert '<form method="post">' not in page

    with committed():
        response = client.post(path)
    assert response.status_code == 200
    assert "gone to the next person waiting" in response.content.decode()
    bo = RSVP.objects.get(pk=bo.pk)
    assert bo.status == RSVP.Status.CANCELLED
    # Inside the late window now: the place is open to anyone booking.
    assert booking.seats_left(occurrence) == 1
    assert NOW < bo.offer_expires_at


def test_a_booking_without_an_offer_is_told_so(client):
    occurrence = make_event_page(capacity=1).occurrences.order_by("start").first()
    booking.book(occurrence=occurrence, name="Ana", email="ana@example.org")
    bo = booking.book(occurrence=occurrence, name="Bo", email="bo@example.org").rsvp

    page = client.get(f"/rsvp/manage/{bo.token}/accept/").content.decode()
    assert "There is no place held for this booking just now" in page
    client.post(f"/rsvp/manage/{bo.token}/accept/")
    assert RSVP.objects.get(pk=bo.pk).status == RSVP.Status.WAITLISTED


def test_an_unknown_token_finds_nothing(client):
    assert client.get("/rsvp/manage/not-a-real-token/accept/").status_code == 404
