"""A person's own calendars: the .ics attached to booking e-mails and the personal feed.

Built with the same text sanitiser and UID rule as the public feeds (events/ical/text.py), and
named as the person chose (their discreet title). Times are in UTC: one booking is one date.

The attachment is an iTIP message (METHOD:PUBLISH, RFC 5546), so it names the organisation (the
address the e-mail comes from) as ORGANIZER and goes out as ``text/calendar; method=PUBLISH``.
The personal feed is a subscription, like the public feeds: no METHOD, and a DTSTAMP that is
when the entry last changed, so the feed is byte-identical (and its ETag holds) until it does.
"""

import datetime as dt
from email.utils import parseaddr

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from events.details import manage_url, online_link, place_lines, shows_private_details
from events.ical.text import booking_uid, one_line, plain_text, text_value

PRODID = "-//Hearth//RSVP//EN"
PERSONAL_PRODID = "-//Hearth//My bookings//EN"
ATTACHMENT_CONTENT_TYPE = "text/calendar; method=PUBLISH"
PERSONAL_REFRESH = dt.timedelta(hours=6)
NEVER = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # for a booking never saved


def changed_at(rsvp):
    """When anything this booking's calendar entry shows last changed, to the whole second."""
    occurrence = rsvp.occurrence
    event = occurrence.event
    stamps = [rsvp.updated_at, occurrence.updated_at, event.last_published_at]
    stamps += [venue.last_published_at for venue in (occurrence.venue, event.venue) if venue]
    stamp = max((s for s in stamps if s), default=NEVER)
    return stamp.astimezone(dt.UTC).replace(microsecond=0)


def organiser_address():
    """The organisation as ORGANIZER: the address booking e-mails come from, never a person."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = icalendar.vCalAddress(f"mailto:{address}")
    organizer.params["CN"] = one_line(name or settings.WAGTAIL_SITE_NAME)
    return organizer


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
    link = online_link(occurrence, private=private)
    location = one_line(", ".join(place_lines(occurrence, private=private)))
    if link and occurrence.event.is_online_only:
        # Calendar apps offer a "join" button for a link in the location of an online meeting.
        location = one_line(link)
    if location:
        event.add("location", location)
    description = [gettext("Your booking: {url}").format(url=manage_url(rsvp))]
    if private and occurrence.event.private_details:
        description.insert(0, occurrence.event.private_details)
    if link:
        description.insert(0, gettext("Join online: {url}").format(url=link))
    event.add("description", plain_text("\n\n".join(description)))
    cancelled = (
        kind in {"cancelled", "date_cancelled"}
        or occurrence.is_cancelled
        or (not rsvp.is_active and rsvp.status != rsvp.Status.ATTENDED)
    )
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def calendar_attachment(rsvp, kind, *, now=None, course_rsvps=()):
    """A calendar for this date, named as this person chose, in UTC.

    For a course place, ``course_rsvps`` (the member's seat on each date of the course) puts
    every course date in it, each with its own UID, so one import holds the whole course.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    for seat in course_rsvps or [rsvp]:
        event = booking_vevent(seat, kind if seat.pk == rsvp.pk else None, now=now)
        event.add("organizer", organiser_address())
        calendar.add_component(event)
    return calendar.to_ical()


def personal_calendar(rsvps, *, now=None):
    """One person's bookings as a calendar to subscribe to (its URL is their secret)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PERSONAL_PRODID)
    calendar.add("version", "2.0")
    calendar.add("name", text_value(gettext("My bookings")))
    calendar.add("x-wr-calname", text_value(gettext("My bookings")))
    calendar.add("refresh-interval", PERSONAL_REFRESH, parameters={"VALUE": "DURATION"})
    calendar["X-PUBLISHED-TTL"] = icalendar.vDuration(PERSONAL_REFRESH)
    for rsvp in rsvps:
        calendar.add_component(booking_vevent(rsvp, "confirmed", now=now or changed_at(rsvp)))
    return calendar.to_ical()
