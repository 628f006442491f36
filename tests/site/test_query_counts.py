"""Every public page runs the same number of SQL queries for 5 gatherings as for 200."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    make_category,
    make_cheap_event_pages,
    make_event_index,
    make_venue,
    make_venue_index,
)

# Path -> queries. Most of each count is Wagtail finding the page and the site settings
# (support signposting, navigation); what matters is that none of them grows with the number
# of gatherings or dates.
EXPECTED = {
    "/": 10,
    "/whats-on/": 12,
    "/whats-on/?category=calm&time=morning&access=step_free_access&newcomers=on&q=gathering": 12,
    "/whats-on/?page=2": 12,
    "/whats-on/calendar/2026/12/": 10,
    "/whats-on/week/2026-11-30/": 10,
    "/whats-on/day/2026-12-02/": 10,
    "/whats-on/{slug}/": 14,
    "/whats-on/{slug}/2026-11-25/": 16,
    "/venues/": 9,
    "/venues/the-hall/": 13,
    # On SQLite the matches' scores, the pages allowed and the page of results are three
    # queries (hearth/search_backend.py: one pass instead of a match per result).
    "/search/?q=gathering": 9 if connection.vendor == "sqlite" else 7,
}
PATHS = list(EXPECTED)


def count_queries(client, slug):
    counts = {}
    for path in PATHS:
        url = path.format(slug=slug)
        client.get(url)  # warm per-process caches (site root paths, settings)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[path] = len(queries)
    return counts


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_clock")
def test_public_pages_run_a_constant_number_of_queries(client):
    make_venue_index()
    index = make_event_index()
    venue = make_venue(title="The Hall", slug="the-hall", step_free_access=True)
    category = make_category(name="Calm", slug="calm")
    first, *_ = make_cheap_event_pages(5, parent=index, venue=venue, category=category)

    few = count_queries(client, first.slug)
    make_cheap_event_pages(195, parent=index, venue=venue, category=category)
    many = count_queries(client, first.slug)

    assert many == few
    assert few == EXPECTED


CALENDARS = [
    "/whats-on/calendar/2026/12/",
    "/whats-on/week/2026-11-30/",
    "/whats-on/day/2026-12-02/",
]


def sizes(client):
    return {path: len(client.get(path).content) for path in CALENDARS}


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_clock")
def test_calendars_stay_the_same_size_as_the_programme_grows(client):
    """A day shows its first few dates and "and N more" (a link to the day's own list), so the
    month and week pages do not grow with the programme: 200 gatherings on one Wednesday make
    the same page as 12."""
    make_venue_index()
    index = make_event_index()
    make_cheap_event_pages(12, parent=index)
    few = sizes(client)
    month = client.get(CALENDARS[0]).content.decode()
    assert "and 8 more" in month and 'href="/whats-on/day/2026-12-02/"' in month

    make_cheap_event_pages(188, parent=index)
    many = sizes(client)
    month = client.get(CALENDARS[0]).content.decode()
    week = client.get(CALENDARS[1]).content.decode()
    assert "and 196 more" in month  # four shown in the cell
    assert "and 192 more" in week  # eight shown in the day
    for path in CALENDARS[:2]:
        # Only numbers in the text differ ("and 196 more", "page 1 of 7").
        assert abs(many[path] - few[path]) < 300, (path, few[path], many[path])
    # The day's own list goes a page (30 dates) at a time.
    day = client.get(CALENDARS[2]).content.decode()
    assert "200 dates, page 1 of 7." in day
    assert day.count('class="occurrence-card') == 30


# As deployed (the page cache on), a render under a query string the cache has not seen: the
# site, the route with its view restrictions and the settings are remembered under the pages'
# number (hearth/remembered.py), so a page costs that number's read, its own row and its own
# queries (the counts above less 5 to 8).
EXPECTED_AS_DEPLOYED = {
    "/": 6,
    "/whats-on/": 6,
    # The page, then the day's dates: the month's numbering is kept once per change of dates.
    "/whats-on/calendar/2026/12/": 3,
    "/whats-on/week/2026-11-30/": 3,
    "/whats-on/day/2026-12-02/": 4,
    "/whats-on/{slug}/": 7,
    "/whats-on/{slug}/2026-11-25/": 9,
    "/venues/": 3,
    "/venues/the-hall/": 6,
}


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_clock")
def test_as_deployed_a_fresh_render_reads_only_the_page_own_rows(client, settings):
    from django.core.cache import caches

    settings.HEARTH_PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    make_venue_index()
    index = make_event_index()
    venue = make_venue(title="The Hall", slug="the-hall", step_free_access=True)
    category = make_category(name="Calm", slug="calm")
    first, *_ = make_cheap_event_pages(5, parent=index, venue=venue, category=category)

    counts = {}
    for n, path in enumerate(EXPECTED_AS_DEPLOYED):
        url = path.format(slug=first.slug)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{url}{'&' if '?' in url else '?'}fresh={n}")
        assert response.status_code == 200, url
        counts[path] = len(queries)
    caches["pages"].clear()

    assert counts == EXPECTED_AS_DEPLOYED
