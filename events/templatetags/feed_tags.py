"""Links to calendar feeds: feed paths, absolute https and webcal:// URLs, "add to" links.

Used by templates/components/subscribe_links.html and add_to_calendar.html; page templates use
the ``*_feed_url`` tags to give those components their ``feed_url``.
"""

import datetime as dt
from urllib.parse import urlencode, urlsplit

from django import template
from django.urls import reverse

from events.details import absolute, page_url
from events.ical import feeds
from events.ical.text import one_line
from hearth import translations

register = template.Library()


@register.simple_tag
def all_feed_url():
    return reverse("feeds:all")


@register.simple_tag
def category_feed_url(category):
    return reverse("feeds:category", args=[category.slug])


@register.simple_tag
def venue_feed_url(venue):
    # Feeds go by the slug in the site's language (a translation may have its own).
    return reverse("feeds:venue", args=[translations.source_of(venue).slug])


@register.simple_tag
def gathering_feed_url(page):
    return reverse("feeds:gathering", args=[page.source.slug])


@register.simple_tag
def occurrence_feed_url(occurrence):
    return reverse("feeds:occurrence", args=[occurrence.event.source.slug, occurrence.date_slug])


def _absolute(context, path):
    return absolute(path)


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """``path`` as an absolute URL on the public address (BASE_URL), whatever the request's host."""
    return _absolute(context, path)


@register.simple_tag(takes_context=True)
def webcal_url(context, path):
    """``path`` as a webcal:// URL: calendar apps open it as a subscription."""
    parts = urlsplit(_absolute(context, path))
    return f"webcal://{parts.netloc}{parts.path}"


def _details(context, occurrence):
    event = occurrence.event
    return feeds.event_description(event, page_url(event), note=occurrence.note)


def _location(occurrence):
    return one_line(feeds.location_text(occurrence.effective_venue))


def _google_time(moment):
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


@register.simple_tag(takes_context=True)
def google_calendar_url(context, occurrence):
    """Google Calendar's "new event" form filled in with this date (times in UTC)."""
    query = {
        "action": "TEMPLATE",
        "text": one_line(occurrence.event.title),
        "dates": f"{_google_time(occurrence.start)}/{_google_time(occurrence.end)}",
        "ctz": occurrence.event.time_zone,
        "details": _details(context, occurrence),
        "location": _location(occurrence),
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


@register.simple_tag(takes_context=True)
def outlook_calendar_url(context, occurrence):
    """Outlook on the web's "new event" form filled in with this date."""
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": one_line(occurrence.event.title),
        "startdt": occurrence.start.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        "enddt": occurrence.end.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        "location": _location(occurrence),
        "body": _details(context, occurrence),
    }
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(query)
