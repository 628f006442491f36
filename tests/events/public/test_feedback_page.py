"""The anonymous feedback page as a visitor meets it, and the choice offered when booking."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache

from events.models import RSVP, FeedbackAnswer, FeedbackInvitation
from events.services import privacy
from tests.factories import make_event_page, make_rsvp

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)

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
def last_night():
    with time_machine.travel(dt.datetime(2026, 11, 1, tzinfo=dt.UTC), tick=False):
        event = make_event_page(
            title="Bereavement circle",
            rule="RRULE:FREQ=WEEKLY;BYDAY=MO",
            first_date=dt.date(2026, 11, 2),
        )
    return event.occurrences.get(start__date=dt.date(2026, 11, 23))


@pytest.fixture
def token(last_night):
    return FeedbackInvitation.issue(occurrence=last_night)


def checked(html):
    return re.findall(r'name="feeling" value="(\d)" id="feeling-\d" checked', html)


def test_a_face_link_opens_the_page_with_that_face_chosen_and_records_nothing(client, token):
    response = client.get(f"/feedback/{token}/?feeling=4")

    html = response.content.decode()
    assert response.status_code == 200
    assert checked(html) == ["4"]
    assert "How did you feel after the session?" in html
    assert "Monday 23 November at 19:00" in html
    assert 'method="post"' in html and ">Send</button>" in html
    assert not FeedbackAnswer.objects.exists()
    assert FeedbackInvitation.objects.count() == 1


def test_sending_records_the_answer_once_and_then_the_link_says_it_was_used(
    client, token, last_night
):
    data = {"feeling": "5", "less_alone": "4", "comment": "I slept well after."}

    response = client.post(f"/feedback/{token}/", data)
    again = client.post(f"/feedback/{token}/", {**data, "feeling": "1"})
    opened = client.get(f"/feedback/{token}/?feeling=2")

    assert response.status_code == 302 and response["Location"] == "/feedback/thanks/"
    assert "Thank you" in client.get("/feedback/thanks/").content.decode()
    assert again.status_code == 404 and opened.status_code == 404
    assert "already been used, or it has expired" in opened.content.decode()
    (answer,) = FeedbackAnswer.objects.all()
    assert (answer.occurrence, answer.feeling, answer.less_alone) == (last_night, 5, 4)
    assert answer.comment == "I slept well after."


def test_the_less_alone_scale_and_the_comment_can_be_left_out(client, token):
    response = client.post(f"/feedback/{token}/", {"feeling": "3", "less_alone": ""})

    assert response.status_code == 302
    (answer,) = FeedbackAnswer.objects.all()
    assert (answer.feeling, answer.less_alone, answer.comment) == (3, None, "")


def test_sending_without_a_face_asks_for_one_and_keeps_the_link(client, token):
    response = client.post(f"/feedback/{token}/", {"comment": "Hello"})

    assert response.status_code == 400
    assert "Please choose a face." in response.content.decode()
    assert "Hello" in response.content.decode()
    assert not FeedbackAnswer.objects.exists()
    assert FeedbackInvitation.objects.count() == 1


def test_the_page_names_no_gathering_and_is_private_and_never_cached(client, token):
    response = client.get(f"/feedback/{token}/")

    assert "Bereavement" not in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex"
    assert "Disallow: /feedback/" in client.get("/robots.txt").content.decode()


def test_an_unknown_link_gets_a_kind_not_found_page(client, last_night):
    response = client.get("/feedback/not-a-real-token/")

    assert response.status_code == 404
    assert "This link has done its job" in response.content.decode()


def book(client, occurrence, **data):
    data = {"name": "Ana", "email": "ana@example.org", "party_size": 1, "privacy": "on", **data}
    return client.post(f"/rsvp/{occurrence.pk}/", data)


def test_the_booking_form_offers_the_question_ticked_and_unticking_it_says_no(client):
    event = make_event_page(capacity=10)
    tonight, next_week = event.occurrences.order_by("start")[:2]

    form = client.get(f"/rsvp/{tonight.pk}/").content.decode()
    book(client, tonight, ask_feedback="on")
    book(client, next_week)  # the box unticked

    assert re.search(r'<input type="checkbox" name="ask_feedback"[^>]*checked', form)
    assert "Ask me how it felt" in form
    assert RSVP.objects.get(occurrence=tonight).feedback_wanted is None
    assert RSVP.objects.get(occurrence=next_week).feedback_wanted is False


def test_a_discreet_booker_can_ask_for_the_question_on_their_booking_page(client):
    occurrence = make_event_page().occurrences.order_by("start").first()
    rsvp = make_rsvp(occurrence, name="Ana", email="ana@example.org")
    privacy.set_discreet_title(rsvp=rsvp, title="Tuesday group")
    page = client.get(f"/rsvp/manage/{rsvp.token}/").content.decode()
    assert "With a discreet name we only ask if you tick this." in page
    assert not RSVP.objects.get(pk=rsvp.pk).wants_feedback

    response = client.post(f"/rsvp/manage/{rsvp.token}/", {"action": "feedback", "wanted": "on"})

    assert response.status_code == 302
    assert RSVP.objects.get(pk=rsvp.pk).wants_feedback
