"""Subscribe and "add to calendar" links, as the public pages include them."""

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from events.services.dates import cancel_occurrence
from tests.factories import make_event_page, make_venue


def links(html):
    return dict(re.findall(r'<a[^>]*href="([^"]+)"[^>]*>([^<]+)', html.replace("&amp;", "&")))


def test_subscribe_links_offer_webcal_and_a_copyable_https_link(settings):
    # Links use the one public address (BASE_URL), whatever host the request came in on.
    settings.BASE_URL = "https://hearth.example"
    request = RequestFactory().get("/whats-on/", secure=False, HTTP_HOST="10.0.0.5:8000")
    html = render_to_string(
        "components/subscribe_links.html",
        {"feed_url": "/feeds/category/meditation.ics", "label": "meditation"},
        request=request,
    )
    assert 'href="webcal://hearth.example/feeds/category/meditation.ics"' in html
    assert 'value="https://hearth.example/feeds/category/meditation.ics" readonly' in html
    assert '<label for="subscribe-feedscategorymeditationics">' in html
    assert 'id="subscribe-feedscategorymeditationics"' in html
    assert "Subscribe to meditation" in html


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_clock")
def test_a_date_offers_google_outlook_and_ics_with_its_times_in_utc():
    venue = make_venue(title="Friends Meeting House")
    page = make_event_page(title="Tuesday meditation", slug="tuesday-meditation", venue=venue)
    # A summer date: 19:00 in London is 18:00 UTC.
    occurrence = page.occurrences.get(original_start=dt.datetime(2027, 6, 1, 18, tzinfo=dt.UTC))
    request = RequestFactory().get("/", secure=True, HTTP_HOST="localhost")
    html = render_to_string(
        "components/add_to_calendar.html", {"occurrence": occurrence}, request=request
    )
    found = {text.strip(): href for href, text in links(html).items()}

    google = urlsplit(found["Add to Google Calendar"])
    query = parse_qs(google.query)
    assert google.netloc == "calendar.google.com"
    assert query["action"] == ["TEMPLATE"]
    assert query["text"] == ["Tuesday meditation"]
    assert query["dates"] == ["20270601T180000Z/20270601T193000Z"]
    assert query["location"][0].startswith("Friends Meeting House, ")
    assert "A calm weekly gathering." in query["details"][0]

    outlook = parse_qs(urlsplit(found["Add to Outlook"]).query)
    assert outlook["subject"] == ["Tuesday meditation"]
    assert outlook["startdt"] == ["2027-06-01T18:00:00Z"]
    assert outlook["enddt"] == ["2027-06-01T19:30:00Z"]

    assert found["Download .ics file"] == "/feeds/gathering/tuesday-meditation/2027-06-01.ics"


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_clock")
def test_a_cancelled_date_offers_nothing_to_add():
    page = make_event_page()
    occurrence = cancel_occurrence(page.occurrences.first(), reason="Closed")
    html = render_to_string("components/add_to_calendar.html", {"occurrence": occurrence})
    assert "Add to" not in html
