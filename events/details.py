"""What a booker is told about a date: links to their booking and the date, and where to go.

Shared by e-mails, calendar attachments, the personal feed and the booking pages, so that exact
details (street address when kept back, room, door code, the online call's link) reach only
people who hold a seat, by the same rule everywhere.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext


def absolute(path):
    """``path`` on the public address, BASE_URL: never the host a request happened to use."""
    return settings.BASE_URL.rstrip("/") + path


def page_url(page):
    """A page's public address: BASE_URL and the page's path in the tree."""
    parts = page.get_url_parts()
    return absolute(parts[2] if parts else "/")


def manage_url(rsvp):
    return absolute(reverse("rsvp:manage", args=[rsvp.token]))


def cancel_url(rsvp):
    return absolute(reverse("rsvp:cancel", args=[rsvp.token]))


def accept_url(rsvp):
    """The page where a waiting person takes the place held for them (one button)."""
    return absolute(reverse("rsvp:accept", args=[rsvp.token]))


def date_url(occurrence):
    """The public page of one date (served by the gathering's routable page)."""
    return f"{page_url(occurrence.event).rstrip('/')}/{occurrence.date_slug}/"


def shows_private_details(rsvp, kind):
    return rsvp.is_confirmed and kind not in {"cancelled", "date_cancelled"}


def place_lines(occurrence, *, private):
    """Where to go: the venue's name always, its street address and private notes to bookers.

    An online gathering says "Online" and a hybrid one adds "or online"; the call's link is
    never a place line (see ``online_link``).
    """
    event = occurrence.event
    venue = None if event.is_online_only else occurrence.effective_venue
    lines = []
    if venue is not None:
        lines.append(venue.title)
        if private or not event.address_after_booking:
            address = getattr(venue, "address", "") or ""
            lines += [line.strip() for line in address.splitlines() if line.strip()]
            postcode = getattr(venue, "postcode", "")
            if postcode:
                lines.append(postcode)
        if event.offers_online:
            lines.append("or online")
    else:
        lines.append(gettext("Online"))
    return lines


def online_link(occurrence, *, private):
    """The call's link, for people holding a seat on an online or hybrid date; else "".

    Never for public pages, public feeds, structured data or the waiting list.
    """
    event = occurrence.event
    if not private or not event.offers_online:
        return ""
    return event.online_link
