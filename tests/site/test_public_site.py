"""Home, search, sharing (Open Graph, JSON-LD, sitemap, robots) and friendly error pages."""

import json
import re

import pytest
from django.test import Client

from tests.factories import make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def programme(frozen_clock):
    return make_programme()


def text_of(response):
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    return re.sub(r" ([,.:;])", r"\1", text)


def test_home_shows_this_week_featured_gatherings_and_categories(client):
    response = client.get("/")
    text = text_of(response)
    html = response.content.decode()
    week = text.split("This week", 1)[1].split("Gatherings to try", 1)[0]
    assert "Today, Tuesday 24 November" in week
    assert "Thursday 26 November" in week
    assert "Tuesday 1 December" not in week
    featured = text.split("Gatherings to try", 1)[1].split("Kinds of gathering", 1)[0]
    assert "Evening art therapy" in featured and "Morning art club" not in featured
    assert 'href="/whats-on/?category=art-therapy"' in html
    assert "Need support now?" in text


def test_search_finds_gatherings_and_venues_and_says_which_is_which(client):
    text = text_of(client.get("/search/", {"q": "riverside"}))
    assert "Venue Riverside Community Hall" in text
    text = text_of(client.get("/search/", {"q": "Art Therapy!"}))
    assert "Gathering Evening art therapy" in text


def test_gathering_page_carries_open_graph_and_event_json_ld(client):
    response = client.get("/whats-on/evening-art-therapy/")
    html = response.content.decode()
    assert '<meta property="og:title" content="Evening art therapy">' in html
    assert 'property="og:description" content="Paint, draw and talk' in html
    raw = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S).group(1)
    events = json.loads(raw)
    assert events[0]["@type"] == "Event"
    assert events[0]["eventStatus"] == "https://schema.org/EventScheduled"
    assert events[0]["location"]["@type"] == "Place"
    assert events[0]["url"].endswith("/whats-on/evening-art-therapy/2026-11-24/")


def test_online_gathering_has_a_virtual_location(client, programme):
    event = programme["sitting"]
    event.venue = None
    event.save_revision().publish()
    html = client.get("/whats-on/tuesday-meditation/").content.decode()
    assert '"@type": "VirtualLocation"' in html


def test_sitemap_and_robots_help_search_engines(client):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/whats-on/evening-art-therapy/" in sitemap and "/venues/riverside-hall/" in sitemap
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots and "Sitemap: http://testserver/sitemap.xml" in robots


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/nothing-here/")
    assert response.status_code == 404
    text = text_of(response)
    assert "We can’t find that page" in text and "See what’s on" in text


def test_server_error_page_is_calm_and_has_support_details(settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html and "116 123" in html
    assert Client().get("/").status_code == 200
