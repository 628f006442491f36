"""The demo organisation's feeds, and an imported calendar's, expand to the site's dates."""

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from events.ical import feeds
from events.models import Category, EventPage, Occurrence
from hearth.translations import in_site_language
from tests.events.ical.test_feeds import expand_with_icaljs, expand_with_python, needs_node
from tests.factories import NOW, make_event_index
from venues.models import VenuePage

FAR = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
EXPORT = Path(__file__).resolve().parents[2] / "fixtures" / "google_export.ics"


def shown(**filters):
    rows = Occurrence.objects.filter(
        event__live=True, original_start__gte=feeds.window_start(NOW), **filters
    )
    return sorted((o.start, o.end, o.status) for o in rows)


def both_parsers_agree(path, expected):
    body = Client().get(path).content
    after = feeds.window_start(NOW)
    assert expand_with_python(body, after, FAR) == expected, path
    assert expand_with_icaljs(body, after, FAR) == expected, path


@pytest.mark.django_db
@needs_node
def test_every_feed_of_the_demo_expands_to_the_dates_the_site_shows(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        call_command("load_demo_content", stdout=StringIO())
        assert Occurrence.objects.filter(status="cancelled").exists()
        both_parsers_agree(reverse("feeds:all"), shown())
        for category in Category.objects.all():
            both_parsers_agree(
                reverse("feeds:category", args=[category.slug]), shown(event__category=category)
            )
        for venue in in_site_language(VenuePage.objects.live()):
            both_parsers_agree(reverse("feeds:venue", args=[venue.slug]), shown(event__venue=venue))
        # Each gathering once: its translations share its dates and its feed.
        for page in in_site_language(EventPage.objects.live()):
            both_parsers_agree(reverse("feeds:gathering", args=[page.slug]), shown(event=page))
        for occurrence in Occurrence.objects.filter(is_exception=True).select_related("event"):
            path = reverse("feeds:occurrence", args=[occurrence.event.slug, occurrence.date_slug])
            body = Client().get(path).content
            expected = [(occurrence.start, occurrence.end, occurrence.status)]
            assert expand_with_python(body, occurrence.start, FAR) == expected
            assert expand_with_icaljs(body, occurrence.start, FAR) == expected


@pytest.mark.django_db
@needs_node
def test_an_imported_google_calendar_comes_back_out_with_its_changed_dates():
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        make_event_index()
        call_command(
            "import_ics", str(EXPORT), "--parent", "whats-on", "--publish", stdout=StringIO()
        )
        page = EventPage.objects.get(title="Tuesday evening meditation")
        expected = shown(event=page)
        both_parsers_agree(reverse("feeds:gathering", args=[page.slug]), expected)
    assert (
        dt.datetime(2026, 12, 8, 20, tzinfo=dt.UTC),
        dt.datetime(2026, 12, 8, 21, 30, tzinfo=dt.UTC),
        "scheduled",
    ) in expected
    assert (
        dt.datetime(2027, 1, 12, 19, tzinfo=dt.UTC),
        dt.datetime(2027, 1, 12, 20, 30, tzinfo=dt.UTC),
        "cancelled",
    ) in expected
