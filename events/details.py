"""What a booker is told about a date: links to their booking and the date, and where to go.

Shared by e-mails, calendar attachments, the personal feed and the booking pages, so that exact
details (street address when kept back, room, door code, online link) reach only people who hold
a seat, by the same rule everywhere.
"""

from django.conf import settings
from django.urls import reverse


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def manage_url(rsvp):
    return absolute(reverse("rsvp:manage", args=[rsvp.token]))


def cancel_url(rsvp):
    return absolute(reverse("rsvp:cancel", args=[rsvp.token]))


def date_url(occurrence):
    """The public page of one date (served by the gathering's routable page)."""
    base = occurrence.event.get_full_url() or absolute(occurrence.event.url or "/")
    return f"{base.rstrip('/')}/{occurrence.date_slug}/"


def shows_private_details(rsvp, kind):
    return rsvp.is_confirmed and kind not in {"cancelled", "date_cancelled"}


def place_lines(occurrence, *, private):
    """Where to go: the venue's name always, its street address and private notes to bookers."""
    event = occurrence.event
    venue = occurrence.effective_venue
    lines = []
    if venue is not None:
        lines.append(venue.title)
        if private or not event.address_after_booking:
            address = getattr(venue, "address", "") or ""
            lines += [line.strip() for line in address.splitlines() if line.strip()]
            postcode = getattr(venue, "postcode", "")
            if postcode:
                lines.append(postcode)
    elif not event.address_after_booking or private:
        lines.append("Online")
    return lines
