"""Requests to join an ask-first or closed group: who is told, offers, replies, erasure."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from wagtail.models import PageLogEntry

from events.models import RSVP, JoinRequest
from events.services import join_requests, privacy
from events.services.access import make_organiser
from tests.factories import make_event_page, make_facilitator

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def bereavement(django_user_model):
    """An ask-first group led by Aisha (private address), with one organiser of its own."""
    aisha = make_facilitator(name="Aisha Rahman", email="aisha.private@example.net")
    event = make_event_page(
        title="Bereavement peer support",
        intake="ask",
        capacity=10,
        facilitators=[aisha],
        what_to_expect="We sit in a circle, with tea.",
    )
    organiser = django_user_model.objects.create_user(
        username="org", email="org@example.org", password="a-long-test-password"
    )
    make_organiser(organiser, event)
    return event


def ask(event, committed, **kwargs):
    kwargs = {"name": "Sam", "email": "Sam@Example.org", "message": "My dad died in May.", **kwargs}
    with committed():
        return join_requests.ask_to_join(event=event, **kwargs)


def test_a_request_reaches_the_facilitator_and_organisers_each_alone_with_reply_to_the_person(
    bereavement, committed
):
    ask(bereavement, committed)

    team = [m for m in mail.outbox if m.to != ["sam@example.org"]]
    assert sorted(m.to[0] for m in team) == ["aisha.private@example.net", "org@example.org"]
    for message in team:
        assert len(message.to) == 1 and not message.cc and not message.bcc
        assert message.reply_to == ["sam@example.org"]
        assert "Sam would like to join Bereavement peer support" in message.body
        assert "My dad died in May." in message.body
        assert "/admin/join-requests/gathering/" in message.body


def test_the_person_is_thanked_without_the_group_in_the_subject_or_the_facilitators_address(
    bereavement, committed
):
    ask(bereavement, committed)

    (ack,) = [m for m in mail.outbox if m.to == ["sam@example.org"]]
    assert "Bereavement" not in ack.subject
    assert "Aisha Rahman" in ack.body
    assert "Bereavement peer support" in ack.body
    assert "aisha.private@example.net" not in ack.body + str(ack.reply_to) + ack.from_email


def test_an_open_gathering_takes_bookings_not_requests(committed):
    event = make_event_page(intake="open")
    with pytest.raises(join_requests.JoinRequestError, match="book a date instead"):
        ask(event, committed)
    assert not JoinRequest.objects.exists()


def test_asking_again_from_the_same_address_adds_to_the_first_request(bereavement, committed):
    first = ask(bereavement, committed)
    again = ask(bereavement, committed, email="sam@example.org", message="Evenings suit me.")

    assert again.pk == first.pk
    assert JoinRequest.objects.count() == 1
    assert again.message == "My dad died in May.\n\nEvenings suit me."


def test_offering_a_place_makes_a_normal_booking_and_emails_its_manage_link(bereavement, committed):
    join_request = ask(bereavement, committed)
    occurrence = bereavement.occurrences.order_by("start").first()
    mail.outbox.clear()

    with committed():
        result = join_requests.offer_place(
            join_request=join_request, occurrence=occurrence, party_size=1
        )

    assert result.rsvp.status == RSVP.Status.CONFIRMED
    assert result.rsvp.email == "sam@example.org"
    (confirmation,) = mail.outbox
    assert confirmation.to == ["sam@example.org"]
    assert f"/rsvp/manage/{result.rsvp.token}/" in confirmation.body
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.OFFERED
    assert join_request.rsvp == result.rsvp


def test_an_offer_on_a_full_date_puts_the_person_on_its_waiting_list(committed):
    event = make_event_page(intake="closed", capacity=1)
    occurrence = event.occurrences.order_by("start").first()
    RSVP.objects.create(occurrence=occurrence, name="Ann", email="ann@example.org")
    join_request = ask(event, committed)

    result = join_requests.offer_place(join_request=join_request, occurrence=occurrence)

    assert result.rsvp.status == RSVP.Status.WAITLISTED


def test_a_date_of_another_gathering_cannot_be_offered(bereavement, committed):
    join_request = ask(bereavement, committed)
    other = make_event_page().occurrences.first()
    with pytest.raises(join_requests.JoinRequestError):
        join_requests.offer_place(join_request=join_request, occurrence=other)
    assert not RSVP.objects.exists()


def test_a_reply_is_emailed_from_the_site_and_written_to_the_gatherings_history(
    bereavement, committed, django_user_model
):
    join_request = ask(bereavement, committed)
    organiser = django_user_model.objects.get(username="org")
    mail.outbox.clear()

    with committed():
        join_requests.reply(
            join_request=join_request, message="Could I ring you on Thursday?", user=organiser
        )

    (reply,) = mail.outbox
    assert reply.to == ["sam@example.org"]
    assert "Could I ring you on Thursday?" in reply.body
    assert "Bereavement" not in reply.subject
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.REPLIED
    entry = PageLogEntry.objects.get(action=join_requests.REPLIED)
    assert entry.page_id == bereavement.pk
    assert entry.user_id == organiser.pk
    assert "Sam" not in str(entry.data) + entry.label


def test_requests_are_erased_after_the_retention_window_and_then_send_nothing(
    bereavement, committed, settings
):
    settings.HEARTH_JOIN_REQUEST_RETENTION_DAYS = 90
    join_request = ask(bereavement, committed)

    with time_machine.travel(NOW + dt.timedelta(days=89), tick=False):
        assert privacy.purge_join_requests() == 0
    with time_machine.travel(NOW + dt.timedelta(days=91), tick=False):
        assert privacy.purge_join_requests() == 1

    join_request.refresh_from_db()
    assert (join_request.name, join_request.email, join_request.message) == ("", "", "")
    assert join_request.erased_at is not None
    mail.outbox.clear()
    with pytest.raises(join_requests.JoinRequestError):
        join_requests.reply(join_request=join_request, message="Hello?")
    assert mail.outbox == []


def test_purge_command_erases_requests_too(bereavement, committed):
    from io import StringIO

    from django.core.management import call_command

    ask(bereavement, committed)
    out = StringIO()
    with time_machine.travel(NOW + dt.timedelta(days=200), tick=False):
        call_command("purge_personal_data", stdout=out)
    assert "Erased 1 requests to join." in out.getvalue()
    assert JoinRequest.objects.get().email == ""
