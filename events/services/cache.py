"""Front-cache purges: which public URLs show a gathering's dates, and purging them after commit.

Wagtail purges a page's own URLs when it is published or unpublished (``get_cached_paths`` on
the page models lists the routable sub-pages). Everything else that shows a date is purged from
here, by the service that changed it, once its transaction has committed: a date cancelled,
moved or restored; a date becoming full or having places again; the dates a publish rebuilt;
a venue, category or facilitator edited (events/receivers.py). The purge itself goes through
Wagtail's frontend cache (``WAGTAILFRONTENDCACHE``), which sends it through the task queue.

A URL ending in ``*`` purges every URL that starts with what comes before it (a gathering and
all its date pages; every month of the calendar). Varnish's configuration
(deploy/varnish/default.vcl) reads it so; CloudFront reads a trailing ``*`` the same way.
"""

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Site

from events import tasks
from events.details import absolute
from events.models import EventIndexPage, EventPage, FeedGeneration

EVERYTHING_UNDER = "*"


def purge(urls):
    """Purge ``urls`` from the front cache now (queued as a task by Wagtail), and retire every
    page the app's own page cache holds (hearth/pagecache.py)."""
    urls = {url for url in urls if url}
    if urls:
        FeedGeneration.bump_pages()
        PurgeBatch(urls).purge()


def purge_after_commit(urls):
    """Purge ``urls`` once the current transaction commits (at once outside one).

    ``urls`` is a set, or a function giving one, called after the commit: working out the URLs
    takes queries, which have no place inside a seat lock. The change must be in the database
    before the cache fetches the page again; a failed purge is logged and never undoes it (the
    page then lives out its short lifetime in the cache).
    """

    def run():
        purge(urls() if callable(urls) else urls)

    transaction.on_commit(run, robust=True)


def feed_parts_after_commit(event_ids):
    """Build these gatherings' parts of the calendar feeds once this commits, in the task
    queue (in-process without a worker)."""
    event_ids = sorted(set(event_ids))
    if event_ids:
        transaction.on_commit(lambda: tasks.build_feed_parts.enqueue(event_ids), robust=True)


def site_urls():
    """The home page (this week's dates) and What's on in all its views, with any filters."""
    urls = {f"{site.root_url}/" for site in Site.objects.all()}
    for index in EventIndexPage.objects.live():
        url = index.get_full_url()
        if url:
            urls |= {url + path.lstrip("/") for path in index.get_cached_paths()}
    return urls


def _feed(name, *args):
    return absolute(reverse(f"feeds:{name}", args=args))


def gathering_urls(event, *, venues=()):
    """Every public URL that shows ``event``'s dates: its own pages, the listings and calendars,
    the home page, the venue pages and the calendar feeds that carry them."""
    urls = site_urls()
    url = event.get_full_url()
    if url:
        urls.add(url + EVERYTHING_UNDER)
    # Its translations' pages show its dates too (hearth/translations.py).
    for translation in event.get_translations():
        url = translation.specific_deferred.get_full_url()
        if url:
            urls.add(url + EVERYTHING_UNDER)
    urls.add(_feed("all"))
    # The gathering's series feed and each of its single-date feeds.
    urls.add(_feed("gathering", event.slug).removesuffix(".ics") + EVERYTHING_UNDER)
    if event.category_id:
        urls.add(_feed("category", event.category.slug))
    for venue in {event.venue, *venues}:
        if venue is not None:
            urls.add(venue.get_full_url())
            urls.add(_feed("venue", venue.slug))
    return urls


def occurrence_urls(occurrence, *, previous_venue=None):
    """What to purge when one date changes (cancelled, moved, restored, full or not)."""
    event = occurrence.event
    return gathering_urls(event, venues=[occurrence.venue, previous_venue])


def venue_urls(venue):
    """A venue edited: its page, the venues list, and every gathering held there."""
    urls = {venue.get_full_url(), _feed("venue", venue.slug)}
    parent = venue.get_parent()
    if parent is not None:
        urls.add(parent.get_full_url())
    held_there = (
        EventPage.objects.live().filter(Q(venue=venue) | Q(occurrences__venue=venue)).distinct()
    )
    for event in held_there.select_related("category", "venue"):
        urls |= gathering_urls(event, venues=[venue])
    return urls


def category_urls(category):
    """A category edited: every gathering of that kind shows its name and colour."""
    urls = site_urls() | {_feed("category", category.slug)}
    for event in EventPage.objects.live().filter(category=category).select_related("venue"):
        urls |= gathering_urls(event)
    return urls


def facilitator_urls(facilitator):
    urls = set()
    for event in facilitator.events.live().select_related("category", "venue"):
        urls |= gathering_urls(event)
    return urls
