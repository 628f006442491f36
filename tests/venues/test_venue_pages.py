"""Venue pages: where a place is, how accessible it is, and what happens there."""

import re

import pytest

from events.models import Occurrence
from tests.factories import make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def programme(frozen_clock):
    return make_programme()


def text_of(response):
    text = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    return re.sub(r" ([,.:;])", r"\1", text)


def test_venue_index_lists_each_place_with_its_key_access_facts(client):
    text = text_of(client.get("/venues/"))
    assert "Riverside Community Hall" in text and "Old Chapel Rooms" in text
    assert "Step-free access · Hearing loop" in text
    assert "Not step-free" in text


def test_venue_page_has_address_map_link_and_every_access_fact(client):
    response = client.get("/venues/riverside-hall/")
    html = response.content.decode()
    text = text_of(response)
    assert "12 Mill Lane Leeds LS2 7EX" in text
    assert "https://www.openstreetmap.org/?mlat=53.795900&amp;mlon=-1.548000" in html
    assert "<iframe" not in html
    assert "Step-free access: yes" in text
    assert "Quiet space: no" in text


def test_venue_timetable_includes_dates_moved_here_and_leaves_out_dates_moved_away(
    client, programme
):
    moved_here = programme["sitting"].occurrences.order_by("start").first()
    moved_here.venue = programme["hall"]
    moved_here.save()
    moved_away = programme["art_evening"].occurrences.order_by("start").first()
    moved_away.venue = programme["chapel"]
    moved_away.save()
    text = text_of(client.get("/venues/riverside-hall/"))
    today = text.split("Tuesday 24 November", 1)[1].split("Thursday 26 November", 1)[0]
    assert "Tuesday evening meditation" in today
    assert "Evening art therapy" not in today
    assert "Saturday peer support circle" in text
    assert "Gatherings held here" in text


def test_cancelled_date_stays_on_the_venue_timetable(client, programme):
    Occurrence.objects.filter(pk=programme["circle"].occurrences.first().pk).update(
        status=Occurrence.Status.CANCELLED, note="Heating broken."
    )
    text = text_of(client.get("/venues/riverside-hall/"))
    assert "Cancelled: Heating broken." in text


def test_venue_page_prints_as_a_timetable(client):
    css = (
        __import__("pathlib").Path(__file__).resolve().parents[2] / "static/css/hearth.css"
    ).read_text()
    assert "@media print" in css
    html = client.get("/venues/riverside-hall/").content.decode()
    assert 'class="timetable"' in html
