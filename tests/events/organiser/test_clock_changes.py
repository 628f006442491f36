"""The organiser is warned about start times the clocks skip or repeat, and the date form reads
times on those nights the way the rest of the site does."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests.factories import make_event_page

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 24, 9, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def organiser(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="organiser", email="organiser@example.org", password="a-long-test-password"
    )
    client.force_login(user)
    return user


def night_owls(**kwargs):
    kwargs.setdefault("start_time", dt.time(1, 30))
    return make_event_page(
        title="Night owls",
        rule="RRULE:FREQ=DAILY",
        first_date=dt.date(2026, 11, 20),
        duration=dt.timedelta(hours=1),
        **kwargs,
    )


def on(page, day):
    return next(o for o in page.occurrences.all() if o.local_original_start.date() == day)


def editor(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_gathering_editor_warns_of_a_start_time_the_clocks_skip_or_repeat(client, organiser):
    html = editor(client, night_owls())
    assert "data-clock-changes" in html
    assert "on 2 dates" in html
    assert (
        "Sunday 28 March 2027: the clocks go forward and there is no 01:30 that night, so this "
        "date starts at 02:30 BST."
    ) in html
    assert (
        "Sunday 31 October 2027: the clocks go back and 01:30 happens twice that night; this "
        "date starts at the first, 01:30 BST."
    ) in html


def test_the_warning_is_shown_before_publishing_too(client, organiser):
    html = editor(
        client, night_owls(start_time=dt.time(2, 30), publish=False, time_zone="America/New_York")
    )
    assert "Not published yet" in html
    assert "Sunday 14 March 2027: the clocks go forward and there is no 02:30" in html
    assert "starts at 03:30 EDT" in html
    # 02:30 happens once on New York's autumn night (the clocks go back at 02:00).
    assert "happens twice" not in html


def test_an_evening_gathering_gets_no_clock_change_warning(client, organiser):
    html = editor(client, night_owls(start_time=dt.time(19, 0)))
    assert "data-clock-changes" not in html


def post_change(client, occurrence, **data):
    fields = {
        "action": "keep",
        "date": occurrence.local_start.date().isoformat(),
        "start_time": f"{occurrence.local_start:%H:%M}",
        "end_time": f"{occurrence.local_end:%H:%M}",
        "venue": "",
        "note": "",
    }
    fields.update(data)
    return client.post(reverse("occurrences:edit", args=[occurrence.pk]), fields)


def test_the_date_form_keeps_an_hour_that_ends_in_the_repeated_hour(client, organiser):
    page = night_owls()
    occurrence = on(page, dt.date(2027, 10, 31))
    # The form shows 01:30 to 01:30 (the first to the second); saving it with a note keeps that.
    response = post_change(client, occurrence, note="Bring a torch: the clocks go back tonight.")
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.start == dt.datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert occurrence.end == dt.datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    assert occurrence.note == "Bring a torch: the clocks go back tonight."


def test_the_date_form_refuses_a_start_time_the_clocks_skip(client, organiser):
    page = night_owls(start_time=dt.time(19, 0))
    occurrence = on(page, dt.date(2027, 3, 28))
    response = post_change(client, occurrence, start_time="01:15", end_time="03:00")
    assert response.status_code == 200
    assert "There is no 01:15 on 28 March 2027 here: the clocks go forward" in (
        response.content.decode()
    )
    occurrence.refresh_from_db()
    assert occurrence.start == dt.datetime(2027, 3, 28, 18, tzinfo=UTC)
