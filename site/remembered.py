"""What every public page looks up first, kept until anything a public page shows changes.

A page's request starts the same way each time: which Site the host is, which page the path
routes to (Wagtail reads each page on the way down and then each one's specific row: about
4 ms for a gathering's page), and the site's settings (menus, support signposting). None of it
changes unless something a public page shows changes, and the page cache (hearth/pagecache.py)
has already read the number that rises with every such change for this request. So the answers
are kept in the page cache's store under that number: the next request finds them, and the first
after a change works them out again. They are the same for everyone, so visitors with cookies
and signed-in organisers find them too (only the stored page itself is for cookie-less
visitors). Without the number (the page cache off; not a public page: a POST, the admin, the
feeds) nothing is kept and Wagtail looks everything up as usual.

Stands alone (hearth.translations, hearth.models and events.listing import it): Django only.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches

# Stored for an answer of None (no such site, no such page), which the cache cannot hold.
NOTHING = "hearth:nothing"


def version_of(request):
    """The number the page cache read for ``request``, or None when it did not read one."""
    return getattr(request, "pages_version", None) if request is not None else None


def remembered(request, name, make):
    """``make()``, kept under ``name`` until the pages' number changes (see above)."""
    version = version_of(request)
    if version is None:
        return make()
    return kept(version, name, make, settings.HEARTH_PAGE_CACHE_SECONDS)


def kept(version, name, make, seconds):
    """``make()``, kept in the page cache's store under ``name`` and ``version`` (a number that
    rises with what ``make`` reads) for at most ``seconds``."""
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    key = f"hearth:kept:{version}:{digest}"
    store = caches["pages"]
    value = store.get(key)
    if value is None:
        value = make()
        store.set(key, NOTHING if value is None else value, seconds)
        return value
    return None if value == NOTHING else value


class KnownRestrictions:
    """Page mixin: the view restrictions (login, password, groups) on a page and its ancestors,
    as routing remembered them with the route (hearth.translations), instead of Wagtail's two
    reads of the ancestors and their restrictions on every request. Wagtail still checks them
    against each request; a page routed without the pages' number reads them as Wagtail does."""

    def get_view_restrictions(self):
        known = getattr(self, "_known_view_restrictions", None)
        return super().get_view_restrictions() if known is None else known
