"""Whatever arrives at a public URL, the site never answers 500.

Hypothesis writes the requests: every public URL pattern (the project's URLconf outside the
admin, and the routes of Wagtail's routable pages) with its parts filled by NUL and other
control bytes, invalid UTF-8, huge and negative numbers, dates from year 1 to 9999 (real and
impossible), long strings and the site's real slugs, ids and tokens; query strings; form bodies
for every public form; and odd headers, bad Host headers among them. The client raises any
exception a view lets escape, so a failure shows the traceback and the smallest example.

The examples are the same on every run (the "ci" profile in tests/conftest.py): CI never fails
by chance. ``HYPOTHESIS_PROFILE=explore`` searches afresh.
"""

import datetime as dt
import re
from urllib.parse import quote

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.models import EventIndexPage, EventPage
from tests.factories import make_programme, make_rsvp

NOW = dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)
PRIVATE_PREFIXES = ("admin/",)
FUZZ = settings(
    max_examples=6,
    suppress_health_check=list(HealthCheck),
    deadline=None,
)

# Strategies --------------------------------------------------------------------------------

control_bytes = st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1, max_size=5)
odd_characters = st.sampled_from(
    ["\x00", "\x7f", "\u2028", "\u2029", "\ufeff", "%", ".", "/", "\\", "'", '"', "<"]
)
any_text = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]) | odd_characters, max_size=30
)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([0, -1, 1, 2**31, 2**63, 10**100]),
).map(str)
dates = st.one_of(
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(dt.date.isoformat),
    st.builds(
        "{:04d}-{:02d}-{:02d}".format,
        st.integers(0, 99999),
        st.integers(0, 13),
        st.integers(0, 32),
    ),
    st.sampled_from(["9999-12-31", "0001-01-01", "2026-02-30", "2026-13-01", "----------"]),
)
raw_bytes = st.binary(min_size=1, max_size=12).map(lambda b: "".join(f"%{x:02X}" for x in b))
long_strings = st.sampled_from(["a" * 3000, "9" * 400, "%00" * 300, "-" * 1000])


def segments(known):
    """One URL part: usually something odd, sometimes a value the site really has."""
    return st.one_of(
        st.sampled_from(known),
        numbers,
        dates,
        any_text.map(lambda t: quote(t, safe="")),
        control_bytes.map(lambda t: quote(t, safe="")),
        raw_bytes,
        long_strings,
    )


def query_strings(known):
    keys = st.sampled_from(
        ["q", "page", "category", "venue", "day", "time", "access", "newcomers", "o", "mode"]
    ) | any_text.map(lambda t: quote(t, safe=""))
    pair = st.tuples(keys, segments(known)).map(lambda kv: f"{kv[0]}={kv[1]}")
    return st.lists(pair, max_size=6).map("&".join)


# The URL patterns --------------------------------------------------------------------------

_GROUP = re.compile(r"\((?:[^()]|\([^()]*\))*\)")
_CONVERTER = re.compile(r"<(?:\w+:)?\w+>")


def _template(pattern):
    """A URL pattern as a format string, each of its parameters a ``{}``."""
    if isinstance(pattern, RoutePattern):
        return _CONVERTER.sub("{}", str(pattern))
    if isinstance(pattern, RegexPattern):
        return _GROUP.sub("{}", str(pattern)).lstrip("^").rstrip("$")
    if isinstance(pattern, LocalePrefixPattern):
        return ""  # English addresses; another language's differ only by its code in front
    raise AssertionError(f"unknown pattern type {pattern!r}")


def public_url_templates():
    """Every URL pattern of the project's URLconf outside the admin, as "/feeds/{}.ics" etc."""
    found = []

    def walk(patterns, prefix):
        for entry in patterns:
            template = prefix + _template(entry.pattern)
            if template.startswith(PRIVATE_PREFIXES):
                continue
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, template)
            elif isinstance(entry, URLPattern):
                found.append("/" + template)

    walk(get_resolver().url_patterns, "")
    return found


def routable_page_templates():
    """The routes of each routable page, under a real page of that kind."""
    found = []
    for model in (EventIndexPage, EventPage):
        page = model.objects.live().first()
        for entry in model.get_subpage_urls():
            found.append(page.url + _template(entry.pattern))
    return found


# One odd part at a time, in a URL that is otherwise real: the boundaries random search rarely
# combines with the right slug (a date feed of 9999-12-31 needs a real gathering's slug).
EDGES = [
    "%00",
    "a%00b",
    "%0A",
    "%E2%80%A8",
    "%FF%FE",
    "%2F",
    "..",
    "0",
    "-1",
    "2147483648",
    "99999999999999999999999",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "a" * 3000,
]


def real_urls(site):
    occurrence, rsvp = site["occurrence"], site["rsvp"]
    day = occurrence.date_slug
    return [
        f"/rsvp/{occurrence.pk}/",
        f"/rsvp/{occurrence.pk}/outcome/",
        f"/rsvp/manage/{rsvp.token}/",
        f"/rsvp/manage/{rsvp.token}/cancel/",
        f"/feeds/mine/{rsvp.feed_secret}.ics",
        "/feeds/category/art-therapy.ics",
        "/feeds/venue/riverside-hall.ics",
        "/feeds/gathering/evening-art-therapy.ics",
        f"/feeds/gathering/evening-art-therapy/{day}.ics",
        "/whats-on/calendar/2026/11/",
        "/whats-on/week/2026-11-24/",
        f"/whats-on/evening-art-therapy/{day}/",
        "/venues/riverside-hall/",
    ]


def real_parts(template, urls):
    """The parts of the first real URL that ``template`` matches, or None."""
    pattern = re.compile("^" + re.escape(template).replace(r"\{\}", "([^/]+)") + "$")
    for url in urls:
        match = pattern.match(url)
        if match:
            return list(match.groups())
    return None


# The site ------------------------------------------------------------------------------------


@pytest.fixture
def site(settings):
    """The factories' programme, a booking (for a real token), and limits that stay out of
    the way (429 is a fine answer, but would hide the forms behind it)."""
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    settings.HEARTH_RSVP_RATE_PER_IP = "100000/h"
    settings.HEARTH_RSVP_RATE_PER_EMAIL = "100000/h"
    settings.HEARTH_RSVP_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        made = make_programme()
        occurrence = made["art_evening"].occurrences.order_by("start").first()
        rsvp = make_rsvp(occurrence, email="ana@example.org")
        known = [
            "evening-art-therapy",
            "art-therapy",
            "riverside-hall",
            "whats-on",
            "venues",
            str(occurrence.pk),
            occurrence.date_slug,
            rsvp.token,
            rsvp.feed_secret,
            "2026",
            "11",
            "",
        ]
        yield {"occurrence": occurrence, "rsvp": rsvp, "known": known}
    cache.clear()


def client():
    return Client(raise_request_exception=True)


def check(response, what):
    assert response.status_code < 500, (response.status_code, what)


# The tests ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_public_url_pattern_with_odd_parts_never_answers_500(site):
    templates = public_url_templates() + routable_page_templates()
    # Sanity: the patterns of the project and of the routable pages are all here.
    assert {"/feeds/mine/{}.ics", "/rsvp/manage/{}/cancel/", "/search/"} <= set(templates)
    assert "/whats-on/calendar/{}/{}/" in templates
    assert "/whats-on/evening-art-therapy/{}/" in templates
    browser = client()

    def fuzz(template):
        holes = template.count("{}")

        @FUZZ
        @given(parts=st.lists(segments(site["known"]), min_size=holes, max_size=holes))
        def visit(parts):
            path = template.format(*parts)
            for method in ("get", "head"):
                check(getattr(browser, method)(path), (method, path))

        visit()

    urls = real_urls(site)
    swept = 0
    for template in templates:
        fuzz(template)
        parts = real_parts(template, urls)
        for hole in range(len(parts or [])):
            for edge in EDGES:
                path = template.format(*parts[:hole], edge, *parts[hole + 1 :])
                check(browser.get(path), path)
                swept += 1
    assert swept > 100  # the real URLs above still match the site's patterns


@pytest.mark.django_db
def test_odd_query_strings_on_the_pages_that_read_them_never_answer_500(site):
    browser = client()
    occurrence = site["occurrence"]
    pages = [
        "/",
        "/whats-on/",
        "/whats-on/calendar/",
        "/whats-on/week/",
        "/search/",
        "/venues/",
        "/venues/riverside-hall/",
        "/whats-on/evening-art-therapy/",
        f"/rsvp/{occurrence.pk}/outcome/",
        "/feeds/all.ics",
    ]

    @settings(max_examples=80, suppress_health_check=list(HealthCheck), deadline=None)
    @given(page=st.sampled_from(pages), query=query_strings(site["known"]))
    def visit(page, query):
        check(browser.get(f"{page}?{query}"), (page, query))

    visit()


@pytest.mark.django_db
def test_odd_form_bodies_on_every_public_form_never_answer_500(site):
    browser = client()
    occurrence, rsvp = site["occurrence"], site["rsvp"]
    forms = {
        f"/rsvp/{occurrence.pk}/": [
            "name",
            "email",
            "party_size",
            "access_needs",
            "privacy",
            "website",
        ],
        f"/rsvp/manage/{rsvp.token}/": ["action", "party_size", "discreet_title"],
        f"/rsvp/manage/{rsvp.token}/cancel/": ["confirm"],
    }
    values = st.one_of(segments(site["known"]), any_text, st.sampled_from(["on", "1", "3"]))

    @settings(max_examples=100, suppress_health_check=list(HealthCheck), deadline=None)
    @given(
        url=st.sampled_from(sorted(forms)),
        data=st.data(),
        encoding=st.sampled_from(["urlencoded", "multipart", "raw"]),
    )
    def post(url, data, encoding):
        fields = data.draw(
            st.dictionaries(
                st.sampled_from(forms[url] + ["action", "csrfmiddlewaretoken", "x" * 300, "\x00"]),
                values,
                max_size=7,
            )
        )
        if fields.get("action") is None and "action" in forms[url]:
            fields["action"] = data.draw(
                st.sampled_from(["party_size", "title", "renew_feed", "cancel", ""])
            )
        if encoding == "multipart":
            response = browser.post(url, fields)
        else:
            body = "&".join(f"{quote(k, safe='')}={v}" for k, v in fields.items())
            if encoding == "raw":
                body = body.encode() + data.draw(st.binary(max_size=20))
            response = browser.post(
                url, body, content_type="application/x-www-form-urlencoded; charset=utf-8"
            )
        check(response, (url, fields))

    post()


@pytest.mark.django_db
def test_odd_headers_never_answer_500(site):
    browser = client()
    rsvp = site["rsvp"]
    header_values = st.one_of(
        any_text,
        st.sampled_from(["", "*", "W/", '"', "0", "-1", "Mon, 99 Foo 9999 99:99:99 GMT"]),
        long_strings,
        numbers,
    )
    hosts = st.sampled_from(
        [
            "evil.example",
            "testserver:99999",
            "testserver:abc",
            "[::1",
            "a b",
            "testserver\x00",
            "",
            "xn--",
            "x" * 300,
            "testserver",
            "localhost",
        ]
    )
    pages = [
        "/",
        "/whats-on/",
        "/feeds/all.ics",
        "/feeds/gathering/evening-art-therapy.ics",
        f"/feeds/mine/{rsvp.feed_secret}.ics",
        f"/rsvp/manage/{rsvp.token}/",
        "/search/?q=art",
        "/robots.txt",
        "/sitemap.xml",
        "/admin/login/",
    ]

    @settings(max_examples=80, suppress_health_check=list(HealthCheck), deadline=None)
    @given(
        page=st.sampled_from(pages),
        host=hosts,
        headers=st.dictionaries(
            st.sampled_from(
                [
                    "HTTP_ACCEPT_LANGUAGE",
                    "HTTP_IF_NONE_MATCH",
                    "HTTP_IF_MODIFIED_SINCE",
                    "HTTP_X_FORWARDED_FOR",
                    "HTTP_X_FORWARDED_PROTO",
                    "HTTP_COOKIE",
                    "HTTP_RANGE",
                    "HTTP_USER_AGENT",
                    "HTTP_REFERER",
                    "HTTP_ACCEPT",
                    "HTTP_ACCEPT_ENCODING",
                ]
            ),
            header_values,
            max_size=5,
        ),
        method=st.sampled_from(["get", "head", "post", "options"]),
    )
    def visit(page, host, headers, method):
        # A WSGI server hands headers over as bytes read as Latin-1 (PEP 3333), whatever the
        # client sent: do the same with the generated text.
        environ = {
            k: v.encode().decode("latin-1") for k, v in {**headers, "HTTP_HOST": host}.items()
        }
        response = getattr(browser, method)(page, **environ)
        check(response, (method, page, host, headers))

    visit()
