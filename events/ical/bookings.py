"""A person's own calendars: the .ics attached to booking e-mails and the personal feed.

Built with the same text sanitiser and UID rule as the public feeds (events/ical/text.py), and
named as the person chose (their discreet title). Times are in UTC: one booking is one date.
"""

import datetime as dt

import icalendar
from django.utils import timezone

from events.details import manage_url, place_lines, shows_private_details
from events.ical.text import booking_uid, one_line, plain_text

PRODID = "-//Hearth//RSVP//EN"
PERSONAL_PRODID = "-//Hearth//My bookings//EN"


def booking_vevent(rsvp, kind=None, *, now=None):
    """One booking as a VEVENT in UTC, named as this person chose (attachment, personal feed)."""
    occurrence = rsvp.occurrence
    private = shows_private_details(rsvp, kind)
    event = icalendar.Event()
    event.add("uid", booking_uid(rsvp))
    event.add("dtstamp", now or timezone.now())
    event.add("dtstart", occurrence.start.astimezone(dt.UTC))
    event.add("dtend", occurrence.end.astimezone(dt.UTC))
    event.add("sequence", occurrence.sequence)
    event.add("summary", one_line(rsvp.title))
    location = one_line(", ".join(place_lines(occurrence, private=private)))
    if location:
        event.add("location", location)
    description = [f"Your booking: {manage_url(rsvp)}"]
    if private and occurrence.event.private_details:
        description.insert(0, occurrence.event.private_details)
    event.add("description", plain_text("\n\n".join(description)))
    cancelled = (
        kind in {"cancelled", "date_cancelled"}
        or occurrence.is_cancelled
        or (not rsvp.is_active and rsvp.status != rsvp.Status.ATTENDED)
    )
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def calendar_attachment(rsvp, kind, *, now=None):
    """A one-event calendar for this date, named as this person chose, in UTC."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(booking_vevent(rsvp, kind, now=now))
    return calendar.to_ical()


def personal_calendar(rsvps, *, now=None):
    """One person's bookings as a calendar to subscribe to (its URL is their secret)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PERSONAL_PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "My bookings")
    calendar.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    for rsvp in rsvps:
        calendar.add_component(booking_vevent(rsvp, "confirmed", now=now))
    return calendar.to_ical()
