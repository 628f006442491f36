"""Site-wide views: search, robots.txt and the favicon."""

import logging
import re

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.search.query import And, Or, PlainText

from events.listing import paginate, word_forms
from hearth import language, translations

MAX_QUERY_LENGTH = 200
PER_PAGE = 20
KINDS = {
    "eventpage": _("Gathering"),
    "venuepage": _("Venue"),
    "eventindexpage": _("What’s on"),
}


def clean_query(raw):
    """The query as text we can search for, and a notice when it had to be changed."""
    query = " ".join(raw.replace("\x00", " ").split())
    notice = ""
    if len(query) > MAX_QUERY_LENGTH:
        query = query[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or query[:MAX_QUERY_LENGTH]
        notice = gettext(
            "Your search was long, so only its first {count} characters were used."
        ).format(count=MAX_QUERY_LENGTH)
    return query, notice


def search_terms(query):
    """Plain lower-case words: punctuation and upper-case AND/OR/NOT are query syntax to the
    search backends (SQLite FTS5 refuses a stray quote), and visitors never mean them so."""
    return " ".join(re.sub(r"[^\w]+", " ", query).lower().split())


def stemmed(terms):
    """Every word must match, in any of its common forms: "walks" finds "walk" and "walking".

    PostgreSQL's full-text search stems by itself; SQLite's index matches whole words only.
    """
    return And([Or([PlainText(form) for form in word_forms(word)]) for word in terms.split()])


logger = logging.getLogger(__name__)


def _describe(page):
    model_name = page.specific_class._meta.model_name if page.specific_class else ""
    kind = KINDS.get(model_name, _("Page"))
    text = getattr(page, "summary", "") or getattr(page, "intro", "") or page.search_description
    if model_name == "venuepage":
        text = ", ".join(page.address_lines)
    return {"page": page, "kind": kind, "text": text}


def search(request):
    """Search gatherings, venues and pages. Long or strange queries are tidied and said to be."""
    query, notice = clean_query(request.GET.get("q", ""))
    results = Page.objects.none()
    if terms := search_terms(query):
        pages = translations.in_visitor_language(Page.objects.live().public())
        results = pages.specific().search(stemmed(terms))
    try:
        choice = paginate(results, request.GET.get("page"), per_page=PER_PAGE)
    except DatabaseError:
        logger.warning("Search backend refused a query", exc_info=True)
        choice = paginate(Page.objects.none(), 1)
        notice = gettext("We couldn’t search for that. Please try simpler words.")
    if choice.message and query:
        notice = " ".join(filter(None, [notice, choice.message]))
    page = choice.page
    page.object_list = [_describe(result) for result in page.object_list]
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query, "search_results": page, "notice": notice},
    )


def robots_txt(request):
    private = ["/rsvp/", "/feedback/", "/search/"]
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        # In every language's address too (/pl/rsvp/, hearth/language.py).
        *sorted(
            {
                f"Disallow: {language.in_language(path, code)}"
                for path in private
                for code in language.codes()
            }
        ),
        f"Sitemap: {settings.BASE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever a page's <link rel="icon"> says.

    Resolved per request: with hashed static file names the URL is known only after
    collectstatic.
    """
    return HttpResponsePermanentRedirect(static("favicon.ico"))
