"""Every feed the demo organisation serves, and every kind of text in a feed's name, passes the
strict validator (tests/feeds/validate.py): RFC 5545, RFC 5546 for METHOD, RFC 7986."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from events.models import Category, EventPage, Occurrence
from events.services import booking
from tests.factories import make_category, make_event_page, make_venue
from tests.feeds.validate import problems
from venues.models import VenuePage

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield
    cache.clear()


def valid(path):
    response = Client().get(path)
    assert response.status_code == 200, path
    assert problems(response.content, content_type=response["Content-Type"]) == [], path
    return response


def test_every_feed_of_the_demo_passes_the_validator(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo_content", stdout=StringIO())
    paths = [reverse("feeds:all")]
    paths += [reverse("feeds:category", args=[c.slug]) for c in Category.objects.all()]
    paths += [reverse("feeds:venue", args=[v.slug]) for v in VenuePage.objects.live()]
    pages = list(EventPage.objects.live())
    paths += [reverse("feeds:gathering", args=[p.slug]) for p in pages]
    # Single dates: every date an organiser changed, and the next date of every gathering.
    dates = list(Occurrence.objects.filter(is_exception=True, event__live=True))
    dates += [p.occurrences.upcoming().order_by("start").first() for p in pages]
    paths += [reverse("feeds:occurrence", args=[o.event.slug, o.date_slug]) for o in dates if o]
    assert len(paths) >= 37
    for path in paths:
        valid(path)


def test_names_and_descriptions_with_commas_semicolons_and_line_separators_are_escaped():
    category = make_category(
        name="Walks; talks, and tea",
        slug="walks",
        description="Out in the parks,\u2028whatever the weather; boots advised.",
    )
    venue = make_venue(title="Roundhay Park, Lakeside; gate 2", slug="roundhay")
    make_event_page(category=category, venue=venue)

    by_category = valid(reverse("feeds:category", args=["walks"])).content
    assert b"NAME:Hearth: Walks\\; talks\\, and tea\r\n" in by_category
    assert b"X-WR-CALNAME:Hearth: Walks\\; talks\\, and tea\r\n" in by_category
    assert b"X-WR-CALDESC:Out in the parks\\,\\nwhatever the weather\\; boots advised." in (
        by_category.replace(b"\r\n ", b"")
    )
    by_venue = valid(reverse("feeds:venue", args=["roundhay"])).content
    assert b"X-WR-CALNAME:Hearth: Roundhay Park\\, Lakeside\\; gate 2\r\n" in by_venue


def test_the_booking_e_mail_calendar_and_the_personal_feed_are_valid(
    django_capture_on_commit_callbacks,
):
    page = make_event_page(first_date=dt.date(2026, 11, 24), capacity=5)
    occurrence = page.occurrences.order_by("start")[1]
    with django_capture_on_commit_callbacks(execute=True):
        rsvp = booking.book(occurrence=occurrence, name="Ana", email="ana@example.org").rsvp
    valid(reverse("feeds:personal", args=[rsvp.feed_secret]))
    [message] = mail.outbox
    name, content, content_type = message.attachments[0]
    assert name == "booking.ics"
    assert problems(content.encode(), content_type=content_type) == []
    assert "METHOD:PUBLISH" in content
    assert "ORGANIZER;CN=Hearth:mailto:hello@hearth.example" in content
    mime = message.message().get_payload()[-1]
    assert mime.get_content_type() == "text/calendar"
    assert mime.get_param("method") == "PUBLISH"
