"""Which responses the front cache (Varnish) may keep and hand to anyone: an explicit opt-in.

Varnish (deploy/varnish/default.vcl) stores a response only when it says ``Cache-Control:
public``. This middleware says so only for a GET that carried no cookie at all and whose
response sets none and chose no Cache-Control of its own. Such a response cannot be anyone's in
particular: with no cookie there is no session, no signed-in organiser and no CSRF token to echo,
and a page that uses a CSRF token sets the cookie (Django renews it on every use), which keeps it
out. Varnish removes the cookies of anonymous visitors before it asks for a cacheable URL, so
that is the usual case. Views that say ``never_cache`` (booking, manage pages) or choose their
own lifetime (feeds) are left as they are; everything else is marked ``private``, so a page
that forgot ``never_cache`` is still never served to someone else.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control
from wagtail.contrib.frontend_cache.backends import HTTPBackend

from hearth import language

CACHEABLE_STATUS = {200, 301, 404}
NOT_FOUND_SECONDS = 60


def shareable(request, response):
    """True when ``response`` is the same for every anonymous visitor of ``request``'s URL."""
    if request.method not in ("GET", "HEAD") or response.status_code not in CACHEABLE_STATUS:
        return False
    if response.has_header("Cache-Control") or response.cookies:
        return False
    if request.META.get("HTTP_COOKIE", "").strip() or request.META.get("HTTP_AUTHORIZATION"):
        return False
    return "*" not in response.get("Vary", "")


class FrontCacheMiddleware:
    """Marks shareable responses ``public`` for the front cache, for HEARTH_FRONT_CACHE_SECONDS.

    Browsers revalidate every time (``max-age=0``): a purge must reach visitors at once.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if shareable(request, response):
            seconds = settings.HEARTH_FRONT_CACHE_SECONDS
            if response.status_code == 404:
                seconds = min(seconds, NOT_FOUND_SECONDS)
            patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
        elif not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True)
        return response


class LanguagesHTTPBackend(HTTPBackend):
    """Wagtail's HTTP purger (Varnish), purging every language's address of a page: a publish
    or a date filling up changes ``/whats-on/x/``, ``/pl/whats-on/x/`` and ``/ar/whats-on/x/``
    alike (hearth/language.py)."""

    def purge(self, url):
        for variant in sorted(language.variants(url)):
            super().purge(variant)
