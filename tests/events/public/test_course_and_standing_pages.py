"""Courses and "book every week" as a visitor meets them: the form, the outcome, the manage
page (skip one date, stop, give up a course place), and bad input never answered with a 500."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.template import Context, Template
from django.test import RequestFactory

from events.models import RSVP, Enrolment
from tests.factories import make_event_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

FIRST_START = dt.datetime(2026, 12, 1, 19, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def fresh_rate_limits(settings):
    settings.HEARTH_OCCURRENCE_HORIZON_DAYS = 60
    cache.clear()
    yield
    cache.clear()


def course(**kwargs):
    kwargs.setdefault("capacity", 4)
    return make_event_page(
        rule="RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=6",
        first_date=dt.date(2026, 12, 1),
        is_course=True,
        title="Mindfulness course",
        **kwargs,
    )


def walking_group(**kwargs):
    kwargs.setdefault("capacity", 4)
    return make_event_page(first_date=dt.date(2026, 11, 3), title="Walking group", **kwargs)


def form_html(occurrence):
    request = RequestFactory().get("/")
    return Template("{% load booking_tags %}{% rsvp_form occurrence %}").render(
        Context({"occurrence": occurrence, "request": request, "csrf_token": "t"})
    )


def post(client, occurrence, **data):
    data = {"name": "Ana", "email": "ana@example.org", "party_size": 1, "privacy": "on", **data}
    return client.post(f"/rsvp/{occurrence.pk}/", data)


def test_a_course_date_offers_the_whole_course_with_its_dates():
    event = course()
    html = form_html(event.occurrences.order_by("start")[2])

    assert "Book the course" in html
    assert "all 6 dates" in html
    assert html.count("<li") == 6
    assert "Booking closes when the first date starts" in html
    assert 'name="every_week"' not in html


def test_booking_a_course_from_any_date_books_every_date(
    client, django_capture_on_commit_callbacks
):
    event = course()
    third = event.occurrences.order_by("start")[2]
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, third)

    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    assert enrolment.is_course and enrolment.rsvps.count() == 6
    page = client.get(response["Location"])
    assert "You're booked on the course" in page.content.decode()
    assert len(mail.outbox) == 1


def test_a_started_course_says_so_and_a_late_post_gets_a_clear_message(client, frozen_clock):
    event = course()
    frozen_clock.move_to(FIRST_START + dt.timedelta(hours=1))

    assert "This course has started" in form_html(event.occurrences.last())
    response = post(client, event.occurrences.last())
    assert response.status_code == 400
    assert "This course has started" in response.content.decode()
    assert not RSVP.objects.exists()


def test_a_course_open_to_late_joiners_says_so(frozen_clock):
    event = course(course_allows_late_joining=True)
    frozen_clock.move_to(FIRST_START + dt.timedelta(hours=3))

    html = form_html(event.occurrences.last())
    assert "each of the 5 dates left" in html
    assert "(already held)" in html


def test_an_open_recurring_gathering_offers_book_every_week_and_a_one_off_does_not():
    assert 'name="every_week"' in form_html(walking_group().occurrences.first())
    one_off = make_event_page(rule="", first_date=dt.date(2026, 11, 24), capacity=4)
    assert 'name="every_week"' not in form_html(one_off.occurrences.first())


def test_book_every_week_then_skip_one_date_then_stop(client):
    event = walking_group()
    dates = list(event.occurrences.order_by("start"))
    response = post(client, dates[0], every_week="on")
    assert response.status_code == 302
    assert "You're booked every week" in client.get(response["Location"]).content.decode()
    enrolment = Enrolment.objects.get()
    assert enrolment.is_standing
    assert enrolment.rsvps.count() == len(dates)

    second = enrolment.rsvps.get(occurrence=dates[1])
    manage = client.get(f"/rsvp/manage/{second.token}/").content.decode()
    assert "skip this date" in manage and "Every week" in manage
    response = client.post(f"/rsvp/manage/{second.token}/cancel/")
    assert response.status_code == 302
    second.refresh_from_db()
    enrolment.refresh_from_db()
    assert second.status == RSVP.Status.CANCELLED and enrolment.is_active
    manage = client.get(response["Location"]).content.decode()
    assert "skipping this date" in manage

    response = client.post(f"/rsvp/manage/{second.token}/", {"action": "end_enrolment"})
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert not enrolment.is_active
    assert not enrolment.rsvps.active().exists()


def test_the_course_manage_page_lists_every_date_and_gives_up_the_place(client):
    event = course()
    post(client, event.occurrences.first())
    rsvp = RSVP.objects.order_by("occurrence__start").first()

    page = client.get(f"/rsvp/manage/{rsvp.token}/").content.decode()
    assert "Your course: every date" in page
    assert len(re.findall(r'href="/rsvp/manage/', page)) >= 5

    response = client.post(f"/rsvp/manage/{rsvp.token}/cancel/")
    assert response.status_code == 302
    assert not RSVP.objects.active().exists()


@pytest.mark.parametrize(
    "data",
    [
        {"party_size": "99"},
        {"party_size": "x"},
        {"email": "not-an-address"},
        {"every_week": "on", "party_size": "0"},
        {"name": "   "},
    ],
)
def test_bad_input_to_a_course_or_every_week_gets_a_message_never_a_500(client, data):
    for event in (course(), walking_group()):
        response = post(client, event.occurrences.first(), **data)
        assert response.status_code == 400
        assert 'class="error"' in response.content.decode()
    assert not RSVP.objects.exists()


def test_every_week_on_a_course_post_is_ignored_and_books_the_course(client):
    event = course()
    assert post(client, event.occurrences.first(), every_week="on").status_code == 302
    assert Enrolment.objects.get().is_course


def test_without_javascript_the_course_form_comes_back_with_a_token_and_what_was_typed():
    from django.test import Client

    event = course()
    browser = Client(enforce_csrf_checks=True)
    response = post(browser, event.occurrences.first())

    assert response.status_code == 403
    html = response.content.decode()
    assert "Book the course" in html and "all 6 dates" in html
    assert 'name="csrfmiddlewaretoken"' in html and 'value="ana@example.org"' in html
    assert not RSVP.objects.exists()


def test_without_javascript_book_every_week_stays_ticked_on_the_confirm_form():
    from django.test import Client

    event = walking_group()
    browser = Client(enforce_csrf_checks=True)
    response = post(browser, event.occurrences.first(), every_week="on")

    assert response.status_code == 403
    html = response.content.decode()
    assert re.search(r'name="every_week"[^>]*checked', html)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = post(browser, event.occurrences.first(), every_week="on", csrfmiddlewaretoken=token)
    assert response.status_code == 302
    assert Enrolment.objects.get().is_standing


def test_the_party_size_of_a_course_place_is_not_changed_for_one_date(client):
    event = course()
    post(client, event.occurrences.first())
    rsvp = RSVP.objects.order_by("occurrence__start").first()

    page = client.get(f"/rsvp/manage/{rsvp.token}/").content.decode()
    assert "Change the number of places" not in page
    response = client.post(f"/rsvp/manage/{rsvp.token}/", {"action": "party_size", "party_size": 2})
    assert response.status_code == 400
    assert "same on every date" in response.content.decode()
    assert set(RSVP.objects.values_list("party_size", flat=True)) == {1}
