"""The visitor's language, read from the address alone.

English pages keep their addresses (``/whats-on/``); the same pages in another language live
under its code (``/pl/whats-on/``, ``/ar/whats-on/``). Nothing else picks the language: not a
cookie, not the browser's Accept-Language. So one address is always one page in one language,
which the front cache and the app's page cache can share with everyone, and a link sent to a
friend opens in the language it was copied in. The switcher in every page's header links to
the other languages' addresses of the same page.

Feeds, documents, the admin and the machine-read files (robots.txt, the sitemap, health) have
one address each (``UNPREFIXED``).

Stands alone (events/ and venues/ import it): it knows settings and Django only.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language_from_path, get_language_info

UNPREFIXED = (
    "/admin/", "/django-admin/", "/documents/", "/feeds/", "/health/", "/static/", "/media/",
    "/robots.txt", "/favicon.ico", "/sitemap.xml",
)  # fmt: skip


def default():
    return settings.LANGUAGE_CODE


def current():
    """The active language, or the site's own when none is (management commands, tasks)."""
    return translation.get_language() or default()


def codes():
    return [code for code, _name in settings.LANGUAGES]


def from_path(path):
    """The language an address is in: its prefix, else the site's own."""
    code = get_language_from_path(path)
    return code if code and code != default() else default()


def strip(path):
    """``path`` without its language prefix."""
    code = from_path(path)
    if code == default():
        return path
    return path[len(code) + 1 :] or "/"


def translatable(path):
    return not strip(path).startswith(UNPREFIXED)


def in_language(path, code=None):
    """``path`` (with or without a prefix) as it reads in ``code`` (the active language)."""
    code = code or current()
    bare = strip(path)
    if code == default() or not translatable(bare) or code not in codes():
        return bare
    return f"/{code}{bare}"


def url_in_language(url, code=None):
    """``in_language`` for a relative or absolute URL (a page of another site has a host)."""
    parts = urlsplit(url)
    if not parts.path.startswith("/"):
        return url
    return urlunsplit(parts._replace(path=in_language(parts.path, code)))


def variants(url):
    """``url`` in every language the site speaks (for purging caches)."""
    return {url_in_language(url, code) for code in codes()}


def choices(path):
    """The language switcher's links for the page at ``path``: code, name in that language,
    address, whether it is the current one, and the script's direction."""
    here = from_path(path)
    links = []
    for code in codes():
        info = get_language_info(code)
        # British English is just "English" here; a name starts with a capital in a menu.
        name = "English" if code.startswith("en") else info["name_local"]
        links.append(
            {
                "code": code,
                "name": name[:1].upper() + name[1:],
                "url": in_language(path, code),
                "current": code == here,
                "bidi": info["bidi"],
            }
        )
    return links


class PathLanguageMiddleware:
    """Activates the address's language for the request (Django's LocaleMiddleware would also
    look at cookies and Accept-Language, and say ``Vary: Accept-Language``, which would make
    every page uncacheable for everyone)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = from_path(request.path_info)
        request.LANGUAGE_CODE = code
        # Only for this request: whatever runs next in this thread (a task, the next test)
        # starts from the language it had, not from the last visitor's.
        with translation.override(code):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", code)
        return response


class LanguageUrls:
    """Page mixin: a page in the site's language has an address in every language (``/pl/``
    for Polish, where its translation or, until there is one, itself is shown), and its links
    follow the active language, so a Polish visitor's links stay in Polish. A translation keeps
    its own language's address. Purges and e-mails get the language they run in."""

    def get_url_parts(self, request=None):
        shown = getattr(self, "translation_in_view", None)  # hearth/translations.py
        if shown is not None:
            return shown.get_url_parts(request)
        parts = self._remembered_url_parts(request)
        if parts is None:
            return None
        site_id, root_url, page_path = parts
        if page_path is None or from_path(page_path) != default():
            # A translation (hearth/translations.py) has its own language's address already.
            return parts
        return site_id, root_url, in_language(page_path)

    def _remembered_url_parts(self, request):
        """Wagtail's URL parts, worked out once per address: they follow from the page's
        ``url_path``, the sites it is under and the active language alone (and, for a page
        under two sites, the request's site), and Wagtail's way costs a URL reverse in a
        switched language each time: a month calendar links 112 dates."""
        sites = self._get_relevant_site_root_paths(request)
        here = None
        if len({site[0] for site in sites}) > 1 and request is not None:
            from wagtail.models import Site

            found = Site.find_for_request(request)
            here = found.pk if found else None
        key = (type(self), self.url_path, sites, translation.get_language(), here)
        if key not in _url_parts:
            if len(_url_parts) >= URL_PARTS_KEPT:
                _url_parts.clear()
            _url_parts[key] = super().get_url_parts(request)
        return _url_parts[key]


# Addresses worked out (``LanguageUrls._remembered_url_parts``): about 1 MB at most, then forgotten.
URL_PARTS_KEPT = 5_000
_url_parts = {}
