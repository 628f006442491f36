"""What a visitor sees on What's on, the calendars, a gathering's page and a date's page."""

import datetime as dt
import json
import re

import pytest

from events.models import Occurrence
from tests.factories import make_event_index, make_event_page, make_programme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


@pytest.fixture
def programme(frozen_clock):
    return make_programme()


def text_of(response):
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return text_of_html(html)


def text_of_html(html):
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    return re.sub(r" ([,.:;])", r"\1", text)


def test_whats_on_groups_upcoming_dates_by_day_with_local_times(client, programme):
    response = client.get("/whats-on/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Today, Tuesday 24 November" in text
    assert "Wednesday 25 November" in text
    assert "19:00–20:30 Evening art therapy" in text
    assert "10:00–11:30 Morning art club" in text


def test_filters_combine_category_evening_and_step_free(client, programme):
    response = client.get(
        "/whats-on/", {"category": "art-therapy", "time": "evening", "access": "step_free_access"}
    )
    text = text_of(response)
    assert "Evening art therapy" in text
    assert "Morning art club" not in text
    assert "Tuesday evening meditation" not in text
    assert "Gatherings: Art therapy; Evening (from 5pm); Step-free access" in text


def test_newcomers_filter_leaves_out_closed_groups(client, programme):
    text = text_of(client.get("/whats-on/", {"newcomers": "on", "day": "tue"}))
    assert "Evening art therapy" in text
    assert "Tuesday evening meditation" not in text


def test_free_text_finds_gatherings_by_title_category_or_venue(client, programme):
    assert "Morning art club" in text_of(client.get("/whats-on/", {"q": "old chapel"}))
    text = text_of(client.get("/whats-on/", {"q": "meditation"}))
    assert "Tuesday evening meditation" in text
    assert "Evening art therapy" not in text


def test_no_match_says_so_and_offers_a_way_back(client, programme):
    text = text_of(client.get("/whats-on/", {"q": "underwater basket weaving"}))
    assert "No upcoming gatherings match all of these filters" in text
    assert "see everything that’s on" in text


def test_unknown_category_is_dropped_with_a_message(client, programme):
    response = client.get("/whats-on/", {"category": "knitting"})
    assert response.status_code == 200
    text = text_of(response)
    assert "We couldn’t use “knitting” for kind of gathering, so that filter is off." in text
    assert "Evening art therapy" in text


def test_cancelled_and_moved_dates_are_shown_with_their_reason(client, programme):
    event = programme["art_evening"]
    first, second = list(event.occurrences.order_by("start")[:2])
    first.status = Occurrence.Status.CANCELLED
    first.note = "The hall is closed for repairs."
    first.save()
    second.start += dt.timedelta(hours=1)
    second.end += dt.timedelta(hours=1)
    second.venue = programme["chapel"]
    second.note = "Just this once."
    second.save()
    text = text_of(client.get("/whats-on/"))
    assert "Cancelled: The hall is closed for repairs." in text
    assert "moved from Thu 26 Nov, 19:00 to Old Chapel Rooms" in text
    assert "20:00–21:30 Evening art therapy" in text


def test_gathering_page_tells_the_schedule_in_plain_words(client, programme):
    response = client.get("/whats-on/evening-art-therapy/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Every Tuesday and Thursday, 7–8:30pm" in text
    assert "Riverside Community Hall, 12 Mill Lane, Leeds, LS2 7EX" in text
    assert "Asha Patel" in text and "Art therapist (HCPC)" in text
    assert "Tea, a table of materials, and a quiet start." in text
    assert "Open to newcomers" in text
    assert "Step-free access: yes" in text
    assert 'href="/whats-on/evening-art-therapy/2026-11-24/"' in response.content.decode()
    assert "openstreetmap.org/?mlat=53.795900" in response.content.decode()


def test_peer_support_gathering_shows_signposting_near_the_top(client, programme):
    html = client.get("/whats-on/peer-support-circle/").content.decode()
    assert 'class="signposting"' in html
    assert "On the second Saturday of every month, 2–4pm" in text_of_html(html)
    art = client.get("/whats-on/evening-art-therapy/").content.decode()
    assert 'class="signposting"' not in art


def test_date_page_shows_that_day_and_its_state(client, programme):
    event = programme["art_evening"]
    occurrence = event.occurrences.order_by("start").first()
    occurrence.status = Occurrence.Status.CANCELLED
    occurrence.note = "Snow."
    occurrence.save()
    response = client.get(f"/whats-on/evening-art-therapy/{occurrence.date_slug}/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Tuesday 24 November 2026" in text
    assert "This date is cancelled" in text and "Snow." in text
    assert "The next date is Thursday 26 November." in text
    data = json.loads(
        re.search(
            r'<script type="application/ld\+json"[^>]*>(.*?)</script>',
            response.content.decode(),
            re.S,
        ).group(1)
    )
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["location"]["address"]["postalCode"] == "LS2 7EX"
    assert data["startDate"] == "2026-11-24T19:00:00+00:00"


def test_moved_date_keeps_its_url_and_says_it_is_rescheduled(client, programme):
    occurrence = programme["art_evening"].occurrences.order_by("start").first()
    occurrence.start += dt.timedelta(days=1)
    occurrence.end += dt.timedelta(days=1)
    occurrence.save()
    response = client.get("/whats-on/evening-art-therapy/2026-11-24/")
    text = text_of(response)
    assert "This date has changed" in text
    assert "now on Wednesday 25 November, 19:00" in text
    assert "EventRescheduled" in response.content.decode()


def test_unknown_date_is_not_found(client, programme):
    assert client.get("/whats-on/evening-art-therapy/2026-11-25/").status_code == 404
    assert client.get("/whats-on/evening-art-therapy/2026-02-30/").status_code == 404


def test_month_calendar_is_a_table_with_neighbouring_months(client, programme):
    response = client.get("/whats-on/calendar/2026/12/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption" in html and "Gatherings in December 2026" in html
    assert 'href="/whats-on/calendar/2026/11/"' in html
    assert 'href="/whats-on/calendar/2027/1/"' in html
    assert 'href="/whats-on/peer-support-circle/2026-12-12/"' in html


def test_week_agenda_lists_seven_days(client, programme):
    text = text_of(client.get("/whats-on/week/2026-11-26/"))
    assert "Week of Monday 23 November 2026" in text
    for day in ["Monday 23 November", "Sunday 29 November"]:
        assert day in text
    assert "Morning art club" in text


@pytest.mark.parametrize(
    ("start_date", "expected"),
    [(dt.date(2027, 1, 5), "19:00–20:30"), (dt.date(2027, 7, 6), "19:00–20:30")],
)
def test_a_1900_gathering_shows_1900_in_winter_and_summer(client, start_date, expected):
    make_event_index()
    make_event_page(title="Evening walk", slug="evening-walk", first_date=dt.date(2026, 12, 1))
    month = client.get(f"/whats-on/calendar/{start_date.year}/{start_date.month}/")
    assert ">19:00</time> Evening walk" in month.content.decode()
    date_page = client.get(f"/whats-on/evening-walk/{start_date.isoformat()}/")
    assert expected in text_of(date_page)
    week = client.get(f"/whats-on/week/{start_date.isoformat()}/")
    assert f"{expected} Evening walk" in text_of(week)
