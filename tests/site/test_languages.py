"""Each page in each language Hearth speaks: chosen by the address alone, said in <html lang dir>
and Content-Language, linked to its other languages, and every link staying in the language."""

import html as html_module
import http.server
import re
import threading

import pytest
from django.utils.translation import trans_real

from events.models import RSVP, Occurrence
from hearth.frontcache import LanguagesHTTPBackend
from tests.factories import make_programme

pytestmark = pytest.mark.django_db

LANGUAGES = {"": ("en-GB", "ltr"), "/pl": ("pl", "ltr"), "/ar": ("ar", "rtl")}


@pytest.fixture(autouse=True)
def programme(frozen_clock):
    return make_programme()


def public_pages():
    occurrence = Occurrence.objects.filter(event__slug="evening-art-therapy").order_by("start")[0]
    return [
        "/",
        "/whats-on/",
        "/whats-on/calendar/2026/12/",
        "/whats-on/week/2026-11-23/",
        "/whats-on/day/2026-11-26/",
        "/whats-on/evening-art-therapy/",
        f"/whats-on/evening-art-therapy/{occurrence.date_slug}/",
        "/venues/",
        "/venues/riverside-hall/",
        "/search/?q=art",
        f"/rsvp/{occurrence.pk}/",
    ]


def html_tag(response):
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


@pytest.mark.parametrize("prefix", list(LANGUAGES))
def test_every_public_page_says_its_language_and_direction(client, prefix):
    lang, direction = LANGUAGES[prefix]
    for path in public_pages():
        response = client.get(prefix + path)
        assert response.status_code == 200, prefix + path
        assert html_tag(response) == f'<html lang="{lang}" dir="{direction}">', prefix + path
        assert response["Content-Language"] == lang.lower()
        assert "accept-language" not in response.get("Vary", "").lower()


def test_a_polish_page_links_to_polish_pages_only(client):
    html = client.get("/pl/whats-on/").content.decode()
    switcher = html.split('class="languages"', 1)[1].split("</nav>", 1)[0]
    rest = html.replace(switcher, "")
    internal = re.findall(r'(?:href|action)="(/[^"]*)"', rest)
    assert any(url.startswith("/pl/whats-on/evening-art-therapy/") for url in internal)
    strays = [u for u in internal if not u.startswith(("/pl/", "/static/", "/feeds/", "/media/"))]
    assert strays == []


def test_the_switcher_links_the_same_page_in_each_language_in_its_own_name(client):
    html = client.get("/ar/venues/riverside-hall/").content.decode()
    switcher = html.split('class="languages"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<a href="([^"]+)" lang="([^"]+)"[^>]*>([^<]+)</a>', switcher)
    assert links == [
        ("/venues/riverside-hall/", "en-gb", "English"),
        ("/pl/venues/riverside-hall/", "pl", "Polski"),
        ("/ar/venues/riverside-hall/", "ar", "العربيّة"),
    ]
    assert re.search(r'lang="ar"[^>]*aria-current="true"', switcher)
    assert '<link rel="alternate" hreflang="pl" href="http' in html


def test_only_the_address_chooses_the_language(client):
    """Not the browser's languages nor a cookie: one address is one page for everyone, so
    caches can share it."""
    response = client.get(
        "/whats-on/", HTTP_ACCEPT_LANGUAGE="pl,ar;q=0.8", HTTP_COOKIE="django_language=ar"
    )
    assert html_tag(response) == '<html lang="en-GB" dir="ltr">'


def test_feeds_and_the_admin_have_one_address(client):
    assert client.get("/pl/feeds/all.ics").status_code == 404
    assert client.get("/feeds/all.ics").status_code == 200
    assert client.get("/ar/admin/").status_code == 404
    assert client.get("/en-gb/whats-on/").status_code == 404


def test_the_booking_form_of_a_polish_page_posts_in_polish(client):
    occurrence = Occurrence.objects.filter(event__slug="evening-art-therapy").order_by("start")[0]
    html = client.get(f"/pl/whats-on/evening-art-therapy/{occurrence.date_slug}/").content
    assert f'action="/pl/rsvp/{occurrence.pk}/"' in html.decode()


class PurgeRecorder(http.server.BaseHTTPRequestHandler):
    seen = []

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.seen.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_purge_reaches_every_language_address_of_a_page():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        backend = LanguagesHTTPBackend({"LOCATION": f"http://127.0.0.1:{server.server_port}"})
        backend.purge("https://hearth.example.org/whats-on/yoga/*")
        backend.purge("https://hearth.example.org/feeds/all.ics")
    finally:
        server.shutdown()
    assert sorted(PurgeRecorder.seen) == [
        "/ar/whats-on/yoga/*",
        "/feeds/all.ics",
        "/pl/whats-on/yoga/*",
        "/whats-on/yoga/*",
    ]


def test_robots_keep_out_of_booking_and_search_in_every_language(client):
    robots = client.get("/robots.txt").content.decode()
    for path in ["/rsvp/", "/pl/rsvp/", "/ar/rsvp/", "/search/", "/pl/search/", "/ar/feedback/"]:
        assert f"Disallow: {path}\n" in robots


def test_a_booking_made_on_the_polish_page_is_answered_in_polish(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """The booking keeps the language of the address it was made at: its e-mail is Polish and
    its links (manage, the gathering) stay on the Polish addresses."""
    occurrence = Occurrence.objects.filter(event__slug="evening-art-therapy").order_by("start")[0]
    data = {"name": "Ola", "email": "ola@example.org", "party_size": 1, "privacy": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/pl/rsvp/{occurrence.pk}/", data)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/pl/rsvp/{occurrence.pk}/")
    assert RSVP.objects.get(email="ola@example.org").language == "pl"
    (confirmation,) = mailoutbox
    assert confirmation.subject.startswith("Masz rezerwację: Evening art therapy")
    links = re.findall(r"https?://[^/\s]+(/[^\s]*)", confirmation.body)
    assert any(link.startswith("/pl/rsvp/manage/") for link in links), links
    assert not any(link.startswith("/rsvp/") for link in links), links


def test_arrows_point_the_way_the_page_reads(client):
    """Right to left, "back" is to the right: the month's previous and next links mirror."""
    english = client.get("/whats-on/calendar/2026/12/").content.decode()
    arabic = client.get("/ar/whats-on/calendar/2026/12/").content.decode()
    assert re.search(r'rel="prev"[^>]*>← ', english) and re.search(r" →</a>", english)
    assert re.search(r'rel="prev"[^>]*>→ ', arabic) and re.search(
        r'rel="next"[^>]*>[^<]* ←</a>', arabic
    )


def visible_text(response):
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    # The support panel's words are the organisation's (site settings), not the catalogue's.
    html = re.sub(r'<aside class="support-panel.*?</aside>', " ", html, flags=re.S)
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.parametrize("code", ["pl", "ar"])
def test_no_interface_english_is_left_on_a_translated_page(client, code):
    """Every catalogue string an English page shows (whole phrases of three words or more)
    reads in the visitor's language on the same page under /pl/ or /ar/; what stays English is
    the organisation's own text, which the catalogues do not cover."""
    catalogue = trans_real.translation(code)._catalog
    phrases = {
        msgid
        for msgid, msgstr in catalogue.items()
        if isinstance(msgid, str)
        and "%" not in msgid
        and "{" not in msgid
        and len(msgid.split()) >= 3
        and msgstr
        and msgstr != msgid
    }
    left = {}
    for path in public_pages():
        english = visible_text(client.get(path))
        shown = {phrase for phrase in phrases if phrase in english}
        assert shown, path  # the check has something to check on every page
        translated = visible_text(client.get(f"/{code}{path}"))
        if stray := {phrase for phrase in shown if phrase in translated}:
            left[path] = sorted(stray)
    assert left == {}
