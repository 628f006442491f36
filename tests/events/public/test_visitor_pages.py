"""What a visitor meets: the outcome page, the call to book, dead ends that now lead somewhere."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache

from events.models import Occurrence
from tests.factories import (
    make_category,
    make_event_page,
    make_facilitator,
    make_venue,
)

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)  # Tuesday

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def book(client, occurrence, **data):
    data = {"name": "Ana", "email": "ana@example.org", "party_size": 1, "privacy": "on", **data}
    return client.post(f"/rsvp/{occurrence.pk}/", data, follow=True).content.decode()


def test_the_outcome_page_says_what_when_where_how_many_and_what_next(client):
    event = make_event_page(
        title="Evening sit",
        venue=make_venue(title="Quaker Meeting House", address="6 Carlton Hill\nLeeds"),
        facilitators=[make_facilitator(name="Priya Sharma")],
        capacity=10,
        max_party_size=3,
        what_to_expect="Chairs and cushions; tea afterwards.",
    )
    occurrence = event.occurrences.order_by("start").first()

    page = book(client, occurrence, party_size=3)

    assert "<h1>You're booked</h1>" in page
    assert "Evening sit" in page
    assert "Tuesday 24 November 2026, 19:00–20:30" in page
    assert "Quaker Meeting House<br>6 Carlton Hill<br>Leeds" in page
    assert "3 places: you and 2 more" in page
    assert "Add to Google Calendar" in page and "Download .ics file" in page
    assert "a private link to your booking" in page
    assert "Chairs and cushions; tea afterwards." in page
    assert "Priya Sharma will welcome you" in page
    assert "If that address had already booked" not in page
    assert "already" not in page


def test_the_outcome_page_keeps_back_the_address_when_the_gathering_does(client):
    event = make_event_page(
        venue=make_venue(title="A quiet room", address="9 Secret Street\nLeeds"),
        address_after_booking=True,
    )
    page = book(client, event.occurrences.order_by("start").first())
    assert "A quiet room" in page
    assert "9 Secret Street" not in page
    assert "The exact details are in your e-mail" in page


def test_the_outcome_page_names_the_zone_when_it_is_not_the_sites(client):
    event = make_event_page(time_zone="America/New_York", start_time=dt.time(18, 0))
    page = book(client, event.occurrences.order_by("start").first())
    assert "18:00–19:30 (America/New York time)" in page


def test_the_gathering_page_calls_people_to_book_the_next_date_and_each_date(client):
    event = make_event_page(title="Evening sit", slug="evening-sit", capacity=10)
    first = event.occurrences.order_by("start").first()
    page = client.get(event.url).content.decode()

    assert re.search(
        rf'href="/whats-on/evening-sit/{first.date_slug}/#book">Book the next date', page
    )
    assert "Tuesday 24 November, 19:00–20:30" in page
    # Tonight and next Tuesday are inside the 14-day booking window; later dates say when.
    assert page.count('class="book-link"') == 2
    assert page.count("Places available") == 3  # the call to book and the two dates
    assert "Booking opens Tue 24 Nov" not in page
    assert "Booking opens today at 19:00" in page
    date_page = client.get(f"/whats-on/evening-sit/{first.date_slug}/").content.decode()
    assert 'id="book"' in date_page


def test_a_full_date_links_to_its_waiting_list(client):
    event = make_event_page(slug="tiny", capacity=1)
    first = event.occurrences.order_by("start").first()
    book(client, first)
    page = client.get(event.url).content.decode()
    assert "Full – join the waiting list" in page
    assert "Join the waiting list<span" in page


@pytest.mark.parametrize("debug", [False, True])
def test_a_day_without_a_session_says_why_and_offers_the_next_dates(client, settings, debug):
    settings.DEBUG = debug
    event = make_event_page(title="Evening sit", slug="evening-sit")  # Tuesdays

    response = client.get("/whats-on/evening-sit/2026-11-25/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "No Evening sit on Wednesday 25 November" in page
    assert "has no session on Wednesday 25 November 2026" in page
    assert "Every Tuesday" in page
    for occurrence in event.occurrences.order_by("start")[:3]:
        assert f'href="/whats-on/evening-sit/{occurrence.date_slug}/"' in page


def test_a_date_that_cannot_exist_is_a_friendly_404_too(client, settings):
    settings.DEBUG = False
    make_event_page(slug="evening-sit")
    response = client.get("/whats-on/evening-sit/2026-13-45/")
    assert response.status_code == 404
    assert "doesn’t look like a real date" in response.content.decode()
    assert "The next dates" in response.content.decode()


def test_calendar_opens_next_month_in_the_last_week_of_this_one(client):
    make_event_page()
    with time_machine.travel(dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC), tick=False):
        assert "What’s on in November 2026" in client.get("/whats-on/calendar/").content.decode()
    page = client.get("/whats-on/calendar/").content.decode()  # 24 November: 6 days left
    assert "What’s on in December 2026" in page
    assert "November is nearly over, so this is December" in page
    assert 'href="/whats-on/calendar/2026/11/">the rest of November' in page


def test_a_busy_day_in_the_month_calendar_says_and_n_more(client):
    for n in range(6):
        make_event_page(title=f"Gathering {n}", start_time=dt.time(9 + n, 0))
    page = client.get("/whats-on/calendar/2026/12/").content.decode()
    assert "and 2 more" in page
    assert 'href="/whats-on/day/2026-12-01/"' in page
    day = client.get("/whats-on/day/2026-12-01/").content.decode()
    assert all(f"Gathering {n}" in day for n in range(6))


def test_the_month_calendar_has_an_agenda_for_phones_with_every_date(client):
    make_event_page(title="Evening sit", capacity=10)
    page = client.get("/whats-on/calendar/2026/12/").content.decode()
    agenda = page[page.index('class="month-agenda"') :]
    assert agenda.count("Evening sit") == 5  # every Tuesday in December
    assert "Tuesday 1 December" in agenda


def test_later_list_pages_show_the_year_when_it_is_not_this_one(client):
    make_event_page(rule="RRULE:FREQ=DAILY", title="Daily walk")
    first = client.get("/whats-on/").content.decode()
    later = client.get("/whats-on/?page=2").content.decode()
    assert "Today, Tuesday 24 November</h3>" in first
    assert "2026</h3>" not in first
    assert "Friday 1 January 2027</h3>" in later


def test_listings_show_availability_on_every_kind_of_list(client):
    hall = make_venue(title="The Hall", slug="the-hall")
    make_event_page(title="Evening sit", venue=hall, capacity=10)
    for path in [
        "/",
        "/whats-on/",
        "/whats-on/week/2026-11-23/",
        "/venues/the-hall/",
        "/whats-on/calendar/2026/11/",
    ]:
        assert "Places available" in client.get(path).content.decode(), path


def test_the_subscribe_page_lists_every_feed_and_is_linked_from_whats_on_and_the_footer(
    client,
):
    make_category(name="Walking", slug="walking")
    make_venue(title="The Hall", slug="the-hall")
    make_event_page()
    page = client.get("/whats-on/subscribe/").content.decode()
    for feed in ["all", "category/walking", "venue/the-hall"]:
        assert f'href="webcal://testserver/feeds/{feed}.ics"' in page, feed
        assert f'value="http://testserver/feeds/{feed}.ics"' in page, feed
    for app in ["Apple Calendar", "Google Calendar", "Outlook"]:
        assert app in page
    whats_on = client.get("/whats-on/").content.decode()
    assert 'href="subscribe/"' in whats_on
    assert 'href="/whats-on/subscribe/"' in whats_on  # the footer


def test_the_filters_summary_shows_that_it_opens(client):
    make_event_page()
    page = client.get("/whats-on/").content.decode()
    assert '<span class="when-closed">Filters</span>' in page
    assert "<details" in page and "<summary" in page


def test_a_peer_support_page_says_not_a_crisis_service_once(client):
    support = make_category(name="Peer support", slug="peer", shows_support_panel=True)
    event = make_event_page(category=support)
    for path in [event.url, f"{event.url}{Occurrence.objects.first().date_slug}/"]:
        page = client.get(path).content.decode()
        assert page.count("not a crisis service") == 1, path
        assert page.count("Need support now?") == 1, path


def test_a_programme_too_big_to_count_says_more_than_and_still_pages_on(client, monkeypatch):
    """What's on counts at most COUNT_CAP dates (counting a city's 150,000 was half the page's
    time): past it the page says "more than", points to the filters and the calendar, and the
    pages still lead on up to the cap."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from events import listing

    monkeypatch.setattr(listing, "COUNT_CAP", 40)
    make_event_page(rule="RRULE:FREQ=DAILY", title="Daily walk")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/whats-on/").content.decode()
    assert "More than 40 dates, page 1." in html
    assert 'href="/whats-on/calendar/">day by day in the calendar</a>' in html
    assert "Page 1<" in html and "Later dates" in html
    count = next(q["sql"] for q in queries if "COUNT(" in q["sql"])
    assert "LIMIT 41" in count
    second = client.get("/whats-on/?page=2").content.decode()
    assert "Page 2<" in second and "Later dates" not in second  # 40 dates, 30 a page
    # A small programme is still counted exactly.
    monkeypatch.setattr(listing, "COUNT_CAP", 100_000)
    assert re.search(r"\d+ dates, page 1 of \d+\.", client.get("/whats-on/?x=1").content.decode())


def test_a_month_is_numbered_once_per_change_of_dates_not_per_visitor(client, settings):
    """The calendars' numbering of each day's dates (the costly query at 5,000 gatherings) is
    kept by the version of the dates: another visitor's render skips it, and a new gathering
    shows at once."""
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.HEARTH_PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    make_event_page(title="Evening sit")

    def render(query):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(f"/whats-on/calendar/2026/12/?{query}").content.decode()
        # The page cache's read of the version serves the numbering too: one read a render.
        assert sum("events_feedgeneration" in q["sql"] for q in queries) == 1
        return html, sum("ROW_NUMBER" in q["sql"] for q in queries)

    html, numbered = render("a=1")
    assert "Evening sit" in html and numbered == 1
    html, numbered = render("b=1")  # a query string the page cache has not seen
    assert "Evening sit" in html and numbered == 0
    make_event_page(title="Morning walk", rule="RRULE:FREQ=WEEKLY;BYDAY=WE")
    html, numbered = render("c=1")
    assert "Morning walk" in html and numbered == 1
