"""Composing the e-mails a booking sends: plain text and HTML, with an .ics file for the date.

Each message uses the person's discreet title, when they chose one, in place of the gathering's
name, in the subject, the body and the calendar attachment. Exact details (room, door code,
online link) go only to people holding a seat.
"""

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from events.details import (
    cancel_url,
    date_url,
    manage_url,
    place_lines,
    shows_private_details,
)
from events.ical.bookings import calendar_attachment

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


def organiser_message(rsvp, subject, message):
    """An organiser's short note to one booked person (plain text; their discreet title)."""
    start = rsvp.occurrence.local_start
    body = (
        f"Hello {rsvp.name},\n\n{message}\n\n"
        f"This is about {rsvp.title} on {start:%A %-d %B at %H:%M}.\n"
    )
    return EmailMultiAlternatives(subject=subject, body=body, to=[rsvp.email])
