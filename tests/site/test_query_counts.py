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
    "/whats-on/calendar/2026/12/": 9,
    "/whats-on/week/2026-11-30/": 9,
    "/whats-on/{slug}/": 14,
    "/whats-on/{slug}/2026-11-25/": 16,
    "/venues/": 9,
    "/venues/the-hall/": 13,
    "/search/?q=gathering": 7,
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
