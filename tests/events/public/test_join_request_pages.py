"""Asking an ask-first or closed group to join, as a visitor meets it."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import RequestFactory

from events.models import JoinRequest
from events.public.views import join_view
from tests.factories import make_event_page, make_facilitator

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)
PRIVATE = "aisha.private@example.net"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def bereavement():
    aisha = make_facilitator(name="Aisha Rahman", email=PRIVATE, bio="Aisha lost her mother.")
    return make_event_page(
        title="Bereavement peer support", slug="bereavement", intake="ask", facilitators=[aisha]
    )


def ask(client, event, **data):
    data = {"name": "Sam", "email": "sam@example.org", "message": "My dad died.", **data}
    return client.post(f"/rsvp/join/{event.pk}/", data)


def test_the_gathering_and_date_pages_offer_a_request_form_instead_of_a_dead_end(
    client, bereavement
):
    first = bereavement.occurrences.order_by("start").first()
    for path in [bereavement.url, f"{bereavement.url}{first.date_slug}/"]:
        page = client.get(path).content.decode()
        assert f'action="/rsvp/join/{bereavement.pk}/"' in page, path
        assert "we pass them to Aisha Rahman" in page, path
        assert 'name="message"' in page and 'name="party_size"' not in page, path
        assert PRIVATE not in page, path


def test_asking_stores_the_request_and_shows_what_happens_next(
    client, bereavement, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, bereavement)

    assert response.status_code == 302
    assert response["Location"] == f"/rsvp/join/{bereavement.pk}/sent/"
    page = client.get(response["Location"]).content.decode()
    assert "your request is on its way" in page
    assert "Aisha Rahman" in page and PRIVATE not in page
    (request,) = JoinRequest.objects.all()
    assert (request.name, request.email, request.message) == (
        "Sam",
        "sam@example.org",
        "My dad died.",
    )
    assert len(mail.outbox) == 2  # to Aisha, and the acknowledgement


def test_only_a_name_and_an_address_are_required(client, bereavement):
    response = ask(client, bereavement, message="")
    assert response.status_code == 302
    response = ask(client, bereavement, name=" ", email="not an address")
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required" in page and "Enter a valid email address" in page


def test_asking_again_reads_exactly_like_asking_the_first_time(client, bereavement):
    first = client.get(ask(client, bereavement)["Location"]).content.decode()
    again = client.get(ask(client, bereavement)["Location"]).content.decode()
    assert again == first
    assert JoinRequest.objects.count() == 1


def test_a_robot_filling_the_honeypot_sees_success_and_nothing_is_stored_or_sent(
    client, bereavement
):
    response = ask(client, bereavement, website="http://spam.example")
    assert response.status_code == 302
    assert not JoinRequest.objects.exists()
    assert mail.outbox == []


def test_too_many_requests_from_one_address_are_refused(client, bereavement, settings):
    settings.HEARTH_RSVP_RATE_PER_EMAIL = "2/h"
    for _ in range(2):
        assert ask(client, bereavement).status_code == 302
    response = ask(client, bereavement)
    assert response.status_code == 429
    assert "too many" in response.content.decode()


def test_names_addresses_and_messages_are_kept_out_of_error_reports(bereavement):
    request = RequestFactory().post(f"/rsvp/join/{bereavement.pk}/", {"name": "Sam"})
    join_view(request, bereavement.pk)
    assert set(request.sensitive_post_parameters) == {"name", "email", "message"}


def test_an_open_gathering_has_no_request_form(client):
    event = make_event_page(intake="open")
    assert client.get(f"/rsvp/join/{event.pk}/").status_code == 404
    assert "/rsvp/join/" not in client.get(event.url).content.decode()


def test_a_request_never_reaches_a_public_page_revision_or_the_search_index(client, bereavement):
    ask(client, bereavement, name="Zebedee Quill", message="Very private words")
    bereavement.save_revision().publish()

    revision = bereavement.latest_revision.content
    assert "Zebedee" not in str(revision) and "sam@example.org" not in str(revision)
    for path in [bereavement.url, "/whats-on/", "/feeds/all.ics"]:
        body = client.get(path).content.decode()
        assert "Zebedee" not in body and "Very private" not in body, path
    assert "0 results" in client.get("/search/?q=Zebedee").content.decode()
    assert "0 results" in client.get("/search/?q=private+words").content.decode()
