"""The e-mails a booking sends: plain text and HTML, with an .ics file for the date.

Each message uses the person's discreet title, when they chose one, in place of the gathering's
name, in the subject, the body and the calendar attachment. Exact details (room, door code,
online link) go only to people holding a seat.
"""

import datetime as dt

import icalendar
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

# One subject per kind of message; {title} is the discreet title when the person chose one.
SUBJECTS = {
    "confirmed": "You're booked: {title}, {when}",
    "waitlisted": "You're on the waiting list: {title}, {when}",
    "promoted": "A place came up: you're booked for {title}, {when}",
    "existing": "Your booking: {title}, {when}",
    "changed": "Your booking is updated: {title}, {when}",
    "cancelled": "Booking cancelled: {title}, {when}",
    "date_cancelled": "Cancelled: {title}, {when}",
    "date_moved": "Changed: {title} is now {when}",
    "reminder": "Tomorrow: {title}, {when}",
}


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


def booking_vevent(rsvp, kind=None, *, now=None):
    """One booking as a VEVENT in UTC, named as this person chose (attachment, personal feed)."""
    occurrence = rsvp.occurrence
    private = shows_private_details(rsvp, kind)
    event = icalendar.Event()
    host = settings.WAGTAILADMIN_BASE_URL.split("//")[-1].split("/")[0] or "hearth"
    event.add("uid", f"rsvp-{rsvp.pk}@{host}")
    event.add("dtstamp", now or timezone.now())
    event.add("dtstart", occurrence.start.astimezone(dt.UTC))
    event.add("dtend", occurrence.end.astimezone(dt.UTC))
    event.add("sequence", occurrence.sequence)
    event.add("summary", rsvp.title)
    location = ", ".join(place_lines(occurrence, private=private))
    if location:
        event.add("location", location)
    description = [f"Your booking: {manage_url(rsvp)}"]
    if private and occurrence.event.private_details:
        description.insert(0, occurrence.event.private_details)
    event.add("description", "\n\n".join(description))
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
    calendar.add("prodid", "-//Hearth//RSVP//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(booking_vevent(rsvp, kind, now=now))
    return calendar.to_ical()


def personal_calendar(rsvps, *, now=None):
    """One person's bookings as a calendar to subscribe to (its URL is their secret)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Hearth//My bookings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "My bookings")
    calendar.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    for rsvp in rsvps:
        calendar.add_component(booking_vevent(rsvp, "confirmed", now=now))
    return calendar.to_ical()


def booking_message(rsvp, kind, extra=None):
    """The e-mail for ``kind`` (see SUBJECTS) about ``rsvp``, ready to send."""
    extra = extra or {}
    occurrence = rsvp.occurrence
    local_start = occurrence.local_start
    when = f"{local_start:%a %-d %b, %H:%M}"
    previous_start = extra.get("previous_start")
    if previous_start:
        previous_start = dt.datetime.fromisoformat(previous_start).astimezone(occurrence.tz)
    private = shows_private_details(rsvp, kind)
    context = {
        "kind": kind,
        "rsvp": rsvp,
        "occurrence": occurrence,
        "event": occurrence.event,
        "title": rsvp.title,
        "local_start": local_start,
        "local_end": occurrence.local_end,
        "zone_name": "" if occurrence.event.time_zone == settings.TIME_ZONE else occurrence.tz,
        "place_lines": place_lines(occurrence, private=private),
        "private_details": occurrence.event.private_details if private else "",
        "position": rsvp.waitlist_position(),
        "manage_url": manage_url(rsvp),
        "cancel_url": cancel_url(rsvp),
        "date_url": date_url(occurrence),
        "previous_start": previous_start,
        "previous_venue": extra.get("previous_venue", ""),
        "reason": occurrence.note,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    subject = SUBJECTS[kind].format(title=rsvp.title, when=when)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("emails/booking.txt", context),
        to=[rsvp.email],
    )
    message.attach_alternative(render_to_string("emails/booking.html", context), "text/html")
    message.attach("booking.ics", calendar_attachment(rsvp, kind), "text/calendar; charset=utf-8")
    return message
