"""Editable header and footer navigation, the contact route, titles and the favicon."""

import pytest
from django.core.exceptions import ValidationError

from hearth.blocks import NavigationLinkBlock
from hearth.models import NavigationSettings, StandardPage
from tests.factories import default_site, home_page, make_event_index, make_venue_index

pytestmark = pytest.mark.django_db


def standard_page(title, slug, **kwargs):
    page = StandardPage(title=title, slug=slug, **kwargs)
    home_page().add_child(instance=page)
    page.save_revision().publish()
    return page


def header(html):
    return html[html.index('<nav aria-label="Main">') : html.index("</header>")]


def footer(html):
    return html[html.index('<footer class="site-footer">') :]


def test_a_new_site_has_whats_on_calendar_venues_and_search_in_the_header(client):
    make_event_index()
    page = client.get("/whats-on/").content.decode()
    nav = header(page)
    for href in ["/whats-on/", "/whats-on/calendar/", "/venues/", "/search/"]:
        assert f'href="{href}"' in nav
    assert '<a href="/whats-on/" aria-current="page">' in nav
    assert 'href="/whats-on/subscribe/"' in footer(page)


def test_organisers_choose_the_links_and_the_contact_details(client):
    make_event_index()
    make_venue_index()
    about = standard_page("About us", "about-us")
    privacy = standard_page("Privacy notice", "privacy")
    hidden = standard_page("Draft page", "draft")
    hidden.unpublish()
    navigation = NavigationSettings.for_site(default_site())
    navigation.header_links = [
        ("link", {"page": None, "path": "/whats-on/", "label": "What’s on"}),
        ("link", {"page": about, "path": "", "label": ""}),
        ("link", {"page": hidden, "path": "", "label": ""}),
    ]
    navigation.footer_links = [("link", {"page": privacy, "path": "", "label": "Privacy"})]
    navigation.contact_email = "hello@hearth.example"
    navigation.contact_phone = "0113 496 0000"
    navigation.save()

    page = client.get("/about-us/").content.decode()

    assert '<a href="/about-us/" aria-current="page">About us</a>' in header(page)
    assert "Draft page" not in header(page)
    assert 'href="/search/"' in header(page)
    assert 'href="/venues/"' not in header(page)
    assert '<a href="/privacy/">Privacy</a>' in footer(page)
    assert 'href="mailto:hello@hearth.example"' in footer(page)
    assert 'href="tel:01134960000"' in footer(page)


def test_a_link_needs_a_page_or_a_path_on_this_site():
    block = NavigationLinkBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"page": None, "path": "", "label": "Nowhere"}))
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"page": None, "path": "https://evil.example/", "label": "x"}))
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"page": None, "path": "//evil.example/", "label": "x"}))
    assert block.clean(block.to_python({"page": None, "path": "/venues/", "label": "Venues"}))


def test_the_home_page_title_is_the_sites_name_once(client):
    page = client.get("/").content.decode()
    assert "<title>Hearth</title>" in page
    standard_page("About us", "about-us")
    assert "<title>About us · Hearth</title>" in client.get("/about-us/").content.decode()


def test_every_page_names_a_favicon_and_favicon_ico_leads_to_it(client):
    page = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert 'rel="apple-touch-icon"' in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.ico"


def test_the_demo_fills_the_navigation_with_its_pages_once():
    from collections import Counter
    from io import StringIO

    from django.core.management.color import no_style

    from hearth.demo import content
    from hearth.demo.loader import DemoLoader

    make_event_index()
    for data in content.STANDARD_PAGES:
        standard_page(data["title"], data["slug"])
    loader = DemoLoader(stdout=StringIO(), style=no_style())
    loader.created = Counter()

    loader.load_navigation(home_page())
    loader.load_navigation(home_page())

    navigation = NavigationSettings.for_site(default_site())
    footer_pages = [b.value["page"].slug for b in navigation.footer_links if b.value["page"]]
    assert footer_pages == ["about-us", "safe-space-guidelines", "resources", "contact", "privacy"]
    assert [b.value["path"] for b in navigation.header_links][1] == "/whats-on/calendar/"
    assert navigation.contact_email == "hello@hearth.example"
    assert loader.created["navigation filled in"] == 1
