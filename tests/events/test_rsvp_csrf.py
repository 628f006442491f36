"""The booking form and the front cache: the date page is shared by everyone, so its form has no
CSRF token; the token comes with the submit (a script asks /rsvp/token/), or, without
JavaScript, the booking page asks the visitor to confirm with a token of their own."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from events.models import RSVP
from tests.factories import make_event_page

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def frozen_clock():
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def tonight():
    event = make_event_page(capacity=10)
    return event.occurrences.order_by("start").first()


def date_page(occurrence):
    return f"{occurrence.event.url}{occurrence.date_slug}/"


def details(**extra):
    return {"name": "Ana", "email": "ana@example.org", "party_size": 1, "privacy": "on", **extra}


def test_the_date_page_is_the_same_for_everyone_and_carries_no_token(tonight):
    first = Client(enforce_csrf_checks=True).get(date_page(tonight))
    second = Client(enforce_csrf_checks=True).get(date_page(tonight))
    assert first.status_code == 200
    assert 'class="rsvp-form"' in first.text
    assert "csrfmiddlewaretoken" not in first.text
    assert not first.cookies
    assert first["Cache-Control"] == "public, max-age=0, s-maxage=300"
    assert first.text == second.text
    assert "js/rsvp.js" in first.text


def test_each_visitor_gets_a_token_of_their_own_from_the_token_endpoint(tonight):
    ana, ben = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    token_a = ana.get("/rsvp/token/").json()["token"]
    token_b = ben.get("/rsvp/token/").json()["token"]
    assert token_a != token_b
    assert ana.cookies["csrftoken"].value != ben.cookies["csrftoken"].value
    assert "no-store" in ana.get("/rsvp/token/")["Cache-Control"]


def test_with_the_fetched_token_the_booking_goes_through_at_once(tonight):
    client = Client(enforce_csrf_checks=True)
    token = client.get("/rsvp/token/").json()["token"]
    response = client.post(f"/rsvp/{tonight.pk}/", details(csrfmiddlewaretoken=token))
    assert response.status_code == 302
    assert RSVP.objects.filter(email="ana@example.org").exists()


def test_without_a_token_nothing_is_booked_and_the_form_comes_back_filled_in_with_one(tonight):
    client = Client(enforce_csrf_checks=True)
    refused = client.post(f"/rsvp/{tonight.pk}/", details(access_needs="Step-free, please"))
    assert refused.status_code == 403
    assert not RSVP.objects.exists()
    assert "press the button again" in refused.text
    assert 'value="ana@example.org"' in refused.text and "Step-free, please" in refused.text
    assert "no-store" in refused["Cache-Control"]
    # The confirming post carries the new token (and the cookie it pairs with): booked.
    token = TOKEN.search(refused.text).group(1)
    confirmed = client.post(f"/rsvp/{tonight.pk}/", details(csrfmiddlewaretoken=token))
    assert confirmed.status_code == 302
    assert RSVP.objects.filter(email="ana@example.org").count() == 1


def test_a_token_from_someone_else_is_refused(tonight):
    ana, mallory = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    anas_token = ana.get("/rsvp/token/").json()["token"]
    mallory.get("/rsvp/token/")
    refused = mallory.post(f"/rsvp/{tonight.pk}/", details(csrfmiddlewaretoken=anas_token))
    assert refused.status_code == 403
    assert not RSVP.objects.exists()


def test_the_booking_page_itself_still_carries_its_own_token(tonight):
    response = Client(enforce_csrf_checks=True).get(f"/rsvp/{tonight.pk}/")
    assert TOKEN.search(response.text)
    assert "no-store" in response["Cache-Control"]
