"""Serving calendar feeds: find what a feed covers, then answer from the cache or build it.

The work is in events/ical/feeds.py. Each feed costs a constant number of queries whatever the
number of gatherings: one to find the category/venue/gathering and one primary-key read for the
version (ETag, Last-Modified and cache key). Only when the cache misses: one grouped query for
each gathering's part key, and, for the gatherings whose part is not cached (after a publish,
just that one), one each for gatherings, occurrences, moved-to venues and revision counts.

Every feed, the personal one included, answers If-None-Match and If-Modified-Since with 304,
and is gzipped for clients that accept it (calendar apps poll all day; the whole-site feed of a
large programme is megabytes). Compressing makes the ETag weak (W/"..."), which still matches
on revalidation; responses vary on Accept-Encoding, 304s included.
"""

import datetime as dt
import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpResponse, HttpResponseNotFound
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from events.dates_text import date_text
from events.details import absolute, page_url
from events.ical import feeds
from events.ical.bookings import changed_at, personal_calendar
from events.mail import in_language_of
from events.models import Category, EventPage, Occurrence
from events.services import privacy
from hearth import translations
from venues.models import VenuePage

CONTENT_TYPE = "text/calendar; charset=utf-8"
CACHE_SECONDS = 60 * 60 * 24
# Dates whose search window (a day either side) fits in a datetime.
FIRST_FEED_DAY = dt.date.min + dt.timedelta(days=1)
LAST_FEED_DAY = dt.date.max - dt.timedelta(days=2)


def feed_view(view):
    """A feed answers GET and HEAD only, gzipped where the client accepts it.

    Public feeds are cached whole and shared by every subscriber, keyed by their version only,
    so they are written in the site's language whatever language the request came in.
    """

    @functools.wraps(view)
    def in_site_language(request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return view(request, *args, **kwargs)

    return require_safe(gzip_page(in_site_language))


def _conditional(request, *, etag, last_modified, build):
    """304 if the client's copy is current, else the response ``build()`` makes; with the
    validators and ``Vary`` either way.

    HTTP dates carry whole seconds, so ``last_modified`` is compared at whole seconds: with its
    fraction kept, every date a client sent back looked older and If-Modified-Since never
    gave 304.
    """
    etag = quote_etag(etag)
    stamp = int(last_modified.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=stamp)
    if response is None:
        response = build()
    response["ETag"] = etag
    response["Last-Modified"] = http_date(stamp)
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def _not_found(message):
    return HttpResponseNotFound(message, content_type="text/plain; charset=utf-8")


def _site_name():
    return settings.WAGTAIL_SITE_NAME


def _serve(request, *, scope, scope_filter, name, description, filename, extra=(), one=None):
    """Answer a conditional GET for the feed of the occurrences matching ``scope_filter``.

    The version (ETag, Last-Modified, cache key) is one primary-key read; a 304 does nothing
    more. A cache miss puts the feed together from per-gathering parts (``_build``).
    """
    now = timezone.now()
    occurrences = Occurrence.objects.filter(scope_filter)
    version = feeds.feed_version(scope=(scope, settings.BASE_URL), extra=extra, now=now)

    def build():
        cache_key = f"hearth:feed:{version.key}"
        body = cache.get(cache_key)
        if body is None:
            body = _build(
                request, occurrences, now=now, name=name, description=description, one=one
            )
            cache.set(cache_key, body, CACHE_SECONDS)
        response = HttpResponse(body, content_type=CONTENT_TYPE)
        disposition = "attachment" if one is not None else "inline"
        response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
        return response

    response = _conditional(
        request, etag=version.key, last_modified=version.last_modified, build=build
    )
    patch_cache_control(response, public=True, max_age=15 * 60)
    return response


def _build(request, occurrences, *, now, name, description, one):
    ctx = feeds.FeedContext(
        name=name,
        description=description,
        page_url=page_url,
        source_url=absolute(request.path),
    )
    if one is not None:
        ctx.revisions = feeds.revision_counts([one.event_id])
        return feeds.build_occurrence_calendar(one, ctx).to_ical()
    return feeds.feed_from_parts(feeds.feed_rows(occurrences, now), ctx)


@feed_view
def all_feed(request):
    return _serve(
        request,
        scope="all",
        scope_filter=Q(event__live=True),
        name=gettext("{site}: all gatherings").format(site=_site_name()),
        description=gettext("Every gathering at {site}.").format(site=_site_name()),
        filename="all.ics",
    )


@feed_view
def category_feed(request, slug):
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        return _not_found(gettext("There is no category called “{slug}”.").format(slug=slug))
    return _serve(
        request,
        scope=("category", category.pk, category.name),
        scope_filter=Q(event__live=True, event__category=category),
        name=f"{_site_name()}: {category.name}",
        description=category.description,
        filename=f"{category.slug}.ics",
    )


@feed_view
def venue_feed(request, slug):
    venue = (
        translations.in_site_language(VenuePage.objects.live())
        .filter(slug=slug)
        .only("pk", "title", "slug")
        .first()
    )
    if venue is None:
        return _not_found(gettext("There is no venue called “{slug}”.").format(slug=slug))
    # A venue's feed holds the gatherings usually there (whole series; a date moved elsewhere
    # shows its new place in its override).
    return _serve(
        request,
        scope=("venue", venue.pk, venue.title),
        scope_filter=Q(event__live=True, event__venue=venue),
        name=f"{_site_name()}: {venue.title}",
        description=gettext("Gatherings at {venue}.").format(venue=venue.title),
        filename=f"{venue.slug}.ics",
    )


def _gathering(slug):
    return (
        translations.in_site_language(EventPage.objects.live())
        .filter(slug=slug)
        .only("pk", "title", "slug")
        .first()
    )


@feed_view
def gathering_feed(request, slug):
    page = _gathering(slug)
    if page is None:
        return _not_found(
            gettext("There is no published gathering called “{slug}”.").format(slug=slug)
        )
    return _serve(
        request,
        scope=("gathering", page.pk),
        scope_filter=Q(event__live=True, event=page),
        name=f"{_site_name()}: {page.title}",
        description="",
        filename=f"{page.slug}.ics",
    )


@feed_view
def occurrence_feed(request, slug, day):
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        return _not_found(gettext("“{day}” is not a date like 2026-12-01.").format(day=day))
    page = _gathering(slug)
    if page is None:
        return _not_found(
            gettext("There is no published gathering called “{slug}”.").format(slug=slug)
        )
    # The date in the URL is the local date the schedule gave (``Occurrence.date_slug``); a day
    # either side in UTC covers every zone. Around 0001-01-01 and 9999-12-31 that window does
    # not exist as a datetime, and no gathering has a date there.
    around = dt.datetime.combine(date, dt.time(), tzinfo=dt.UTC)
    if not FIRST_FEED_DAY <= date <= LAST_FEED_DAY:
        return _not_found(
            gettext("“{title}” has no date on {day}.").format(title=page.title, day=day)
        )
    candidates = (
        Occurrence.objects.filter(
            event__live=True,
            event=page,
            original_start__gte=around - dt.timedelta(days=1),
            original_start__lt=around + dt.timedelta(days=2),
        )
        .select_related("event", "event__category", "event__venue", "venue")
        .defer("event__body")
    )
    occurrence = next((o for o in candidates if o.date_slug == day), None)
    if occurrence is None:
        return _not_found(
            gettext("“{title}” has no date on {day}.").format(title=page.title, day=day)
        )
    return _serve(
        request,
        scope=("occurrence", occurrence.pk, occurrence.original_start.isoformat()),
        scope_filter=Q(pk=occurrence.pk, event__live=True),
        name=f"{_site_name()}: {page.title}, {date_text(date, 'day_month_year')}",
        description="",
        filename=f"{page.slug}-{day}.ics",
        one=occurrence,
    )


@feed_view
def personal_feed(request, secret):
    """One person's bookings, at the secret URL on their booking page. Never cached shared.

    Built on every request (it is small); the ETag is a hash of the body, Last-Modified the
    latest change to any entry. ``private, no-cache`` keeps it out of shared caches while
    letting the person's own calendar app revalidate instead of downloading it again.
    """
    rsvps = list(privacy.personal_feed_rsvps(secret))
    if not rsvps:
        return _not_found(
            gettext("This calendar link no longer works. Your booking page has the new one.")
        )
    # The person's own calendar, in the language they last booked in.
    with in_language_of(max(rsvps, key=lambda rsvp: rsvp.created_at)):
        body = personal_calendar(rsvps)

    def build():
        response = HttpResponse(body, content_type=CONTENT_TYPE)
        response["Content-Disposition"] = 'inline; filename="my-bookings.ics"'
        return response

    response = _conditional(
        request,
        etag=hashlib.sha256(body).hexdigest()[:32],
        last_modified=max(changed_at(rsvp) for rsvp in rsvps),
        build=build,
    )
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
