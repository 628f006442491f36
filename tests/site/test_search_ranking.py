"""Search ranks what matches best first and pages through every match exactly once, on SQLite
(whose ranking Hearth does in one pass, hearth/search_backend.py) as on PostgreSQL."""

import datetime as dt
import re

import pytest
import time_machine

from tests.factories import make_event_index, make_event_page

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)


def titles(html):
    return re.findall(r"<h3><a [^>]*>([^<]+)</a></h3>", html)


@time_machine.travel(NOW, tick=False)
def test_a_gathering_named_for_the_word_comes_before_those_that_only_mention_it(client):
    index = make_event_index()
    for n in range(3):
        make_event_page(
            index, title=f"Evening circle {n}", summary="Bring a friend; we walk after."
        )
    make_event_page(index, title="Riverside walk", summary="Two gentle miles by the river.")

    html = client.get("/search/", {"q": "walk"}).content.decode()

    assert "4 results for" in html
    assert titles(html)[0] == "Riverside walk"


@time_machine.travel(NOW, tick=False)
def test_many_matches_are_paged_each_exactly_once_and_drafts_never_show(client):
    index = make_event_index()
    for n in range(23):
        make_event_page(index, title=f"Circle {n:02d}", summary="A calm circle.")
    make_event_page(index, title="Unpublished circle", summary="A calm circle.", publish=False)

    first = client.get("/search/", {"q": "calm"}).content.decode()
    second = client.get("/search/", {"q": "calm", "page": "2"}).content.decode()

    assert "23 results for" in first
    seen = titles(first) + titles(second)
    assert len(titles(first)) == 20
    assert sorted(seen) == [f"Circle {n:02d}" for n in range(23)]
    assert "Unpublished circle" not in first + second
