"""The app's page cache: a repeat visit costs one query, and no change is ever hidden by it."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import FeedGeneration
from events.services import dates
from hearth.models import NavigationSettings
from tests.factories import default_site, make_event_index, make_event_page, make_rsvp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.HEARTH_PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture
def gathering():
    return make_event_page(
        make_event_index(), title="Quiet circle", slug="quiet-circle", capacity=2
    )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, len(queries)


def test_a_repeat_visit_is_the_same_page_for_one_query(client, gathering):
    first, rendered = queries_for(client, "/whats-on/calendar/2026/12/")
    again, cached = queries_for(client, "/whats-on/calendar/2026/12/")

    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Cache-Control"] == first["Cache-Control"]
    assert rendered > 5
    assert cached == 1  # the two version numbers


def test_each_query_string_is_its_own_page(client, gathering):
    client.get("/search/?q=quiet")
    other = client.get("/search/?q=nothing-like-it")

    assert "Quiet circle" not in other.content.decode()


def test_a_cancelled_date_shows_at_once(client, gathering, django_capture_on_commit_callbacks):
    occurrence = gathering.occurrences.order_by("start").first()
    url = f"/whats-on/quiet-circle/{occurrence.date_slug}/"
    assert "cancelled" not in client.get(url).content.decode().lower()

    with django_capture_on_commit_callbacks(execute=True):
        dates.cancel_occurrence(occurrence, reason="The hall is flooded.")

    assert "The hall is flooded." in client.get(url).content.decode()


def test_a_date_that_fills_up_shows_full_at_once(
    client, gathering, django_capture_on_commit_callbacks
):
    occurrence = gathering.occurrences.order_by("start").first()
    url = f"/whats-on/quiet-circle/{occurrence.date_slug}/"
    assert "This date is full" not in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        make_rsvp(occurrence, party_size=2)

    assert "This date is full" in client.get(url).content.decode()


def test_a_menu_edit_shows_on_every_page_at_once(
    client, gathering, django_capture_on_commit_callbacks
):
    client.get("/whats-on/")
    with django_capture_on_commit_callbacks(execute=True):
        navigation = NavigationSettings.for_site(default_site())
        navigation.contact_phone = "0161 496 0000"
        navigation.save()

    assert "0161 496 0000" in client.get("/whats-on/").content.decode()


def test_a_change_in_another_process_retires_this_process_pages(client, gathering):
    """The version is in the database: a worker whose cache holds the page still drops it when
    another worker (here, a bare UPDATE) records a change."""
    client.get("/whats-on/")
    FeedGeneration.bump(2)
    _, queries = queries_for(client, "/whats-on/")

    assert queries > 1


def test_a_signed_in_organiser_is_never_served_a_stored_page_nor_stores_one(
    client, gathering, admin_user
):
    client.force_login(admin_user)
    signed_in, _ = queries_for(client, "/whats-on/")
    client.logout()
    client.cookies.clear()
    _, first_anonymous = queries_for(client, "/whats-on/")
    anonymous, again = queries_for(client, "/whats-on/")
    client.force_login(admin_user)
    signed_in_again, signed_in_queries = queries_for(client, "/whats-on/")

    assert b"userbar" in signed_in.content and b"userbar" in signed_in_again.content
    assert b"userbar" not in anonymous.content
    assert first_anonymous > 1  # the organiser's page was not stored for anyone
    assert again == 1
    assert signed_in_queries > 1


def test_bookings_and_manage_pages_are_never_cached(client, gathering):
    occurrence = gathering.occurrences.order_by("start").first()
    url = f"/rsvp/{occurrence.pk}/"
    client.get(url)
    _, queries = queries_for(client, url)

    assert queries > 1


def test_a_course_that_fills_up_shows_full_at_once_and_a_place_alone_retires_nothing(
    client, django_capture_on_commit_callbacks
):
    from events.models import FeedGeneration
    from tests.factories import make_course, make_course_booking

    course = make_course(title="Clay course", slug="clay-course", capacity=2)
    first = course.occurrences.order_by("start").first()
    url = f"/whats-on/clay-course/{first.date_slug}/"
    assert "This course is full" not in client.get(url).content.decode()

    # A booking that leaves places (and the course place row itself) keeps the stored pages.
    before = FeedGeneration.pages_version()
    with django_capture_on_commit_callbacks(execute=True):
        make_course_booking(course, party_size=1)
    assert FeedGeneration.pages_version() == before

    with django_capture_on_commit_callbacks(execute=True):
        make_course_booking(course, party_size=1)
    assert "This course is full" in client.get(url).content.decode()


def test_the_per_process_cache_keeps_pages_compressed_and_counted(client, gathering, settings):
    """Without Redis each worker keeps its own copies: they are few and small, so a crawler
    asking for endless different addresses cannot grow a worker's memory."""
    page = client.get("/whats-on/calendar/2026/12/").content
    store = caches["pages"]
    assert settings.CACHES["pages"]["OPTIONS"]["MAX_ENTRIES"] <= 500
    # LocMemCache's pickled entries (the page's, beside the site, route and menus remembered).
    kept = sum(len(value) for key, value in store._cache.items() if ":hearth:page:" in key)
    assert 0 < kept < len(page) / 3
    assert client.get("/whats-on/calendar/2026/12/").content == page


def test_a_new_address_of_a_known_page_skips_the_site_route_and_settings(client, gathering):
    """A page asked for under a query string the cache has not seen is rendered again, but the
    site, the route to the page and the menus are remembered from the first visit."""
    _, first = queries_for(client, "/whats-on/quiet-circle/")
    again, second = queries_for(client, "/whats-on/quiet-circle/?from=newsletter")

    assert "Quiet circle" in again.content.decode()
    # Site (1), the walk down the tree (home, What's on, the gathering: each read twice, then
    # one read of the gathering) and both settings rows.
    assert second <= first - 6


def test_a_renamed_page_moves_at_once_and_its_old_address_leads_there(
    client, gathering, django_capture_on_commit_callbacks
):
    client.get("/whats-on/quiet-circle/")
    with django_capture_on_commit_callbacks(execute=True):
        gathering.slug = "still-circle"
        gathering.save_revision().publish()

    old = client.get("/whats-on/quiet-circle/?again=1")
    assert (old.status_code, old["Location"]) == (301, "/whats-on/still-circle/")
    assert "Quiet circle" in client.get("/whats-on/still-circle/").content.decode()


def test_an_unpublished_page_is_gone_at_once(client, gathering, django_capture_on_commit_callbacks):
    client.get("/whats-on/quiet-circle/")
    with django_capture_on_commit_callbacks(execute=True):
        gathering.unpublish()

    assert client.get("/whats-on/quiet-circle/?again=1").status_code == 404


def test_an_address_that_led_nowhere_leads_to_a_new_page_at_once(
    client, django_capture_on_commit_callbacks
):
    index = make_event_index()
    assert client.get("/whats-on/new-circle/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        make_event_page(index, title="New circle", slug="new-circle")

    assert "New circle" in client.get("/whats-on/new-circle/").content.decode()


def test_a_language_remembers_its_own_route(client, gathering, django_capture_on_commit_callbacks):
    """/pl/ and the site's own address of one path lead to different pages once translated."""
    from tests.factories import translate

    client.get("/pl/whats-on/quiet-circle/")
    with django_capture_on_commit_callbacks(execute=True):
        translate(gathering, title="Cichy krąg")

    assert "Cichy krąg" in client.get("/pl/whats-on/quiet-circle/?a=1").content.decode()
    english = client.get("/whats-on/quiet-circle/?a=1").content.decode()
    assert "Quiet circle" in english and "Cichy" not in english
    assert "Cichy krąg" in client.get("/pl/whats-on/quiet-circle/?b=1").content.decode()


def test_links_follow_a_renamed_page_at_once(client, gathering, django_capture_on_commit_callbacks):
    """Links are worked out once per address and language (hearth/language.py): a rename
    changes the address they are worked out from."""
    assert 'href="/whats-on/quiet-circle/' in client.get("/whats-on/").content.decode()
    assert 'href="/pl/whats-on/quiet-circle/' in client.get("/pl/whats-on/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        gathering.slug = "still-circle"
        gathering.save_revision().publish()

    listing = client.get("/whats-on/").content.decode()
    assert 'href="/whats-on/still-circle/' in listing and "quiet-circle" not in listing
    assert 'href="/pl/whats-on/still-circle/' in client.get("/pl/whats-on/").content.decode()


def test_a_page_put_behind_a_password_is_closed_at_once_and_stays_closed(
    client, gathering, django_capture_on_commit_callbacks
):
    """The view restrictions are remembered with the route: a new one applies at once, and a
    visitor without the password never gets the page, however often it is asked for."""
    from wagtail.models import PageViewRestriction

    assert gathering.summary in client.get("/whats-on/quiet-circle/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=gathering, restriction_type=PageViewRestriction.PASSWORD, password="hush"
        )

    for attempt in range(3):
        html = client.get(f"/whats-on/quiet-circle/?try={attempt}").content.decode()
        assert "/_util/authenticate_with_password/" in html  # the password form
        assert gathering.summary not in html


def test_a_visitor_with_cookies_gets_a_fresh_page_without_the_lookups_before_it(client, gathering):
    """After booking, a visitor carries a CSRF cookie: they get their own render every time,
    but the site, the route and the menus are still the ones remembered for everyone."""
    _, anonymous = queries_for(client, "/whats-on/quiet-circle/")
    client.cookies["csrftoken"] = "x" * 32
    first, with_cookie = queries_for(client, "/whats-on/quiet-circle/")
    again, repeat = queries_for(client, "/whats-on/quiet-circle/")

    assert "Quiet circle" in again.content.decode()
    assert repeat == with_cookie > 1  # rendered each time, never answered from the cache
    assert with_cookie <= anonymous - 6  # the first anonymous render walked the tree


def test_the_per_process_memos_of_links_and_wordings_are_bounded(client, monkeypatch):
    """What each worker keeps of links (hearth/language.py) and worded dates
    (events/dates_text.py) stops growing at its bound, however many pages there are."""
    from events import dates_text
    from hearth import language
    from tests.factories import make_cheap_event_pages

    monkeypatch.setattr(language, "URL_PARTS_KEPT", 3)
    language._url_parts.clear()
    make_cheap_event_pages(8, parent=make_event_index())
    listing = client.get("/whats-on/").content.decode()

    assert listing.count('class="occurrence-card') >= 8  # links to eight gatherings made
    assert len(language._url_parts) <= 3
    assert dates_text._formatted.cache_info().maxsize == 4096
