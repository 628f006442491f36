"""Organisers answer requests to join in the admin: only their own gatherings', audit-logged."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from wagtail.models import PageLogEntry

from events.models import RSVP, JoinRequest
from events.services import join_requests
from events.services.access import make_organiser
from tests.factories import make_event_page

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def two_groups(django_user_model):
    """Two ask-first groups; Ann organises the first only."""
    mine = make_event_page(title="Bereavement peer support", intake="ask", capacity=8)
    other = make_event_page(title="Anxiety support group", intake="closed")
    ann = django_user_model.objects.create_user(
        username="ann", email="ann@example.org", password="a-long-test-password"
    )
    make_organiser(ann, mine)
    return mine, other, ann


def request_for(event, name="Sam", email="sam@example.org"):
    return JoinRequest.objects.create(event=event, name=name, email=email, message="Hello")


def test_an_organiser_sees_their_gatherings_requests_and_the_view_is_logged(client, two_groups):
    mine, _, ann = two_groups
    request_for(mine)
    client.force_login(ann)

    overview = client.get(reverse("events_join_request_overview")).content.decode()
    assert "Bereavement peer support" in overview
    assert "Anxiety support group" not in overview
    page = client.get(reverse("events_join_requests", args=[mine.pk])).content.decode()
    assert "Sam" in page and "sam@example.org" in page
    entry = PageLogEntry.objects.get(action=join_requests.VIEWED)
    assert (entry.page_id, entry.user_id) == (mine.pk, ann.pk)


def test_another_gatherings_requests_are_a_404_that_reveals_nothing(client, two_groups):
    mine, other, ann = two_groups
    theirs = request_for(other, name="Kit")
    client.force_login(ann)
    for url in [
        reverse("events_join_requests", args=[other.pk]),
        reverse("events_join_request", args=[theirs.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Kit" not in response.content.decode()
    assert client.post(reverse("events_join_request", args=[theirs.pk]), {"action": "close"})
    theirs.refresh_from_db()
    assert theirs.status == JoinRequest.Status.NEW


def test_offering_a_place_from_the_admin_books_them_and_emails_the_manage_link(
    client, two_groups, django_capture_on_commit_callbacks
):
    mine, _, ann = two_groups
    join_request = request_for(mine)
    occurrence = mine.occurrences.order_by("start")[1]
    client.force_login(ann)
    url = reverse("events_join_request", args=[join_request.pk])
    assert occurrence.local_start.strftime("%A %-d %B %Y") in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"action": "offer", "occurrence": occurrence.pk, "party_size": 1}, follow=True
        )

    assert "Sam is booked for" in response.content.decode()
    rsvp = RSVP.objects.get(email="sam@example.org")
    assert (rsvp.occurrence, rsvp.status) == (occurrence, RSVP.Status.CONFIRMED)
    (confirmation,) = mail.outbox
    assert f"/rsvp/manage/{rsvp.token}/" in confirmation.body
    assert PageLogEntry.objects.filter(action=join_requests.OFFERED, user=ann).exists()


def test_replying_from_the_admin_emails_the_person(
    client, two_groups, django_capture_on_commit_callbacks
):
    mine, _, ann = two_groups
    join_request = request_for(mine)
    client.force_login(ann)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("events_join_request", args=[join_request.pk]),
            {"action": "reply", "message": "I'm Aisha. Could I ring you on Thursday?"},
        )
    (reply,) = mail.outbox
    assert reply.to == ["sam@example.org"]
    assert "Could I ring you on Thursday?" in reply.body
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.REPLIED


def test_the_menu_item_shows_only_to_organisers_of_groups_that_ask_first(
    client, two_groups, django_user_model
):
    _, _, ann = two_groups
    client.force_login(ann)
    assert "Requests to join" in client.get("/admin/").content.decode()
    nobody = django_user_model.objects.create_user(username="bob", password="a-long-test-pw")
    make_organiser(nobody, make_event_page(intake="open"))
    client.force_login(nobody)
    assert "Requests to join" not in client.get("/admin/").content.decode()
