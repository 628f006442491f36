"""The app's own cache of rendered public pages, for the requests the front cache would share.

Varnish (issue 9) keeps pages in front of the app servers; this keeps them in the app's cache
(Redis when CACHE_URL is set, else each process's memory) so a page is rendered once per change,
not once per visitor, where there is no Varnish, on a Varnish miss and after each purge.

A page is stored only when it is the same for every anonymous visitor, by exactly the rule the
front cache uses (``hearth.frontcache.shareable``): a GET without cookies, answered without
cookies or a Cache-Control of its own. Its key holds:

- the two numbers of ``FeedGeneration`` (one primary-key read): the feeds' number rises in the
  same transaction as any change to dates, gatherings, venues, categories or the Site, and the
  pages' number after the commit of any other change a public page may show (menus, settings,
  pages, snippets, images: ``hearth.receivers``) and with every front-cache purge (a date
  filling up or freeing a place). The numbers live in the database, so every worker and app
  server drops the same pages at once, even with a per-process cache;
- the site's local date, so "today" and "this week" move at midnight;
- the host and the full path with its query string.

What changes with the clock alone within a day (booking closing as a date starts, the exact
count of places left, which no purge follows) lives at most ``HEARTH_PAGE_CACHE_SECONDS``, as it
does in the front cache for its own, longer lifetime. ``0`` turns the cache off.
"""

import hashlib
import zlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone

from events.models import FeedGeneration
from hearth import language
from hearth.frontcache import shareable

# Paths whose answers are never a shared page, cache themselves (the feeds) or cost less than
# the lookup (robots.txt, the benchmarks' floor).
NOT_PAGES = (
    "/admin/", "/django-admin/", "/rsvp/", "/feedback/", "/feeds/", "/documents/", "/health/",
    "/static/", "/media/", "/robots.txt", "/favicon.ico",
)  # fmt: skip
# A page larger than this is not worth a cache entry (nothing public comes near it).
MAX_BYTES = 1024 * 1024
# Headers that the middleware around this one sets for each response on its way out.
PER_RESPONSE = {"x-request-id", "date"}


def _key(request, version):
    where = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(where.encode("utf-8", "surrogateescape")).hexdigest()
    return f"hearth:page:{version}:{timezone.localdate().isoformat()}:{digest}"


def _a_page(request):
    """A public page being read: what the site, route and settings kept under the pages'
    number serve (hearth/remembered.py), whoever asks: they are the same for everyone."""
    return request.method in ("GET", "HEAD") and not language.strip(request.path).startswith(
        NOT_PAGES
    )


def _askable(request):
    """A page the same for every visitor: one that may be answered from, and stored in, here."""
    return (
        request.method == "GET"
        and not request.META.get("HTTP_COOKIE", "").strip()
        and not request.META.get("HTTP_AUTHORIZATION")
    )


class PageCacheMiddleware:
    """Answers a repeat request for a shareable page from the cache; stores new ones."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.HEARTH_PAGE_CACHE_SECONDS
        if seconds <= 0 or not _a_page(request):
            return self.get_response(request)
        version = FeedGeneration.pages_version()
        # The site, the route and the settings are kept under it (hearth/remembered.py), the
        # calendars' numbering under the dates' part of it (events/listing.py), for everyone;
        # the page itself only for visitors without cookies.
        request.pages_version = version
        request.dates_version = version.split(".")[0]
        if not _askable(request):
            return self.get_response(request)
        key = _key(request, version)
        stored = caches["pages"].get(key)
        if stored is not None:
            status, headers, packed = stored
            response = HttpResponse(zlib.decompress(packed), status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and shareable(request, response)
            and len(response.content) <= MAX_BYTES
            and set(response.get("Vary", "").replace(" ", "").lower().split(",")) <= {"", "cookie"}
        ):
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in PER_RESPONSE
            ]
            # Compressed (a month page of 100 KB keeps as about 10 KB): the per-process cache's
            # entries are counted (settings: MAX_ENTRIES), so this is what bounds its memory.
            packed = zlib.compress(response.content, 1)
            caches["pages"].set(key, (response.status_code, headers, packed), seconds)
        return response
