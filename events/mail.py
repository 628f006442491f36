"""Composing the e-mails a booking sends: plain text and HTML, with an .ics file for the date.

Each message uses the person's discreet title, when they chose one, in place of the gathering's
name, in the subject, the body and the calendar attachment. Exact details (room, door code,
the online call's link) go only to people holding a seat.
"""

import contextlib
import datetime as dt

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from events.dates_text import date_at_time_text, date_text, date_time_text
from events.details import (
    absolute,
    accept_url,
    cancel_url,
    date_url,
    manage_url,
    online_link,
    place_lines,
    shows_private_details,
)
from events.ical.bookings import ATTACHMENT_CONTENT_TYPE, calendar_attachment
from events.models import FACES, FEELINGS, FeedbackInvitation
from events.models.occurrences import show_in_visitor_language
from events.schedule import join_words

# One subject per kind of message; {title} is the discreet title when the person chose one.
SUBJECTS = {
    "confirmed": _("You're booked: {title}, {when}"),
    "waitlisted": _("You're on the waiting list: {title}, {when}"),
    "promoted": _("A place came up: you're booked for {title}, {when}"),
    "offered": _("A place is free for you: {title}, {when}"),
    "offer_expired": _("The place we held has gone on: {title}, {when}"),
    "existing": _("Your booking: {title}, {when}"),
    "changed": _("Your booking is updated: {title}, {when}"),
    "cancelled": _("Booking cancelled: {title}, {when}"),
    "date_cancelled": _("Cancelled: {title}, {when}"),
    "date_moved": _("Changed: {title} is now {when}"),
    "reminder": _("Tomorrow: {title}, {when}"),
    "skipped_date": _("You're skipping {title}, {when}"),
    "enrolment_ended": _("Cancelled: your place on {title}"),
}


@contextlib.contextmanager
def in_language_of(rsvp):
    """Write what follows in the language ``rsvp`` was booked in (the site's for older ones):
    an e-mail and its calendar file are composed by a worker, whose language is nobody's. The
    gathering and venue go by their translated names where the organisers translated them."""
    with translation.override(rsvp.language or settings.LANGUAGE_CODE):
        show_in_visitor_language([rsvp.occurrence])
        yield


def enrolment_rsvps(rsvp):
    """A course member's seats on every date of the course, in order (else just ``rsvp``)."""
    enrolment = rsvp.enrolment
    if enrolment is None or not enrolment.is_course:
        return [rsvp]
    rows = enrolment.rsvps.select_related("occurrence__event", "occurrence__venue")
    return [rsvp if r.pk == rsvp.pk else r for r in rows.order_by("occurrence__start")]


def booking_message(rsvp, kind, extra=None):
    """The e-mail for ``kind`` (see SUBJECTS) about ``rsvp``, ready to send."""
    extra = extra or {}
    occurrence = rsvp.occurrence
    local_start = occurrence.local_start
    when = date_time_text(local_start, "short")
    previous_start = extra.get("previous_start")
    if previous_start:
        previous_start = dt.datetime.fromisoformat(previous_start).astimezone(occurrence.tz)
    private = shows_private_details(rsvp, kind)
    enrolment = rsvp.enrolment
    course_rsvps = enrolment_rsvps(rsvp) if enrolment and enrolment.is_course else []
    context = {
        "enrolment": enrolment,
        "is_course": bool(course_rsvps),
        "is_standing": bool(enrolment and enrolment.is_standing and enrolment.is_active),
        "course_rsvps": course_rsvps,
        "kind": kind,
        "rsvp": rsvp,
        "occurrence": occurrence,
        "event": occurrence.event,
        "title": rsvp.title,
        "local_start": local_start,
        "zone_name": "" if occurrence.event.time_zone == settings.TIME_ZONE else occurrence.tz,
        "place_lines": place_lines(occurrence, private=private),
        "private_details": occurrence.event.private_details if private else "",
        "online_link": online_link(occurrence, private=private),
        "position": rsvp.waitlist_position(),
        "manage_url": manage_url(rsvp),
        "cancel_url": cancel_url(rsvp),
        "accept_url": accept_url(rsvp),
        "offer_expires": (
            rsvp.offer_expires_at.astimezone(occurrence.tz) if rsvp.offer_expires_at else None
        ),
        # " for 3 people", only for a party: a phrase the intro's sentences put in.
        "for_party": (
            ngettext(" for %(count)s person", " for %(count)s people", rsvp.party_size)
            % {"count": rsvp.party_size}
            if rsvp.party_size > 1
            else ""
        ),
        "date_url": date_url(occurrence),
        "previous_start": previous_start,
        "previous_venue": extra.get("previous_venue", ""),
        "reason": occurrence.note_text,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    subject = str(SUBJECTS[kind]).format(title=rsvp.title, when=when)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("emails/booking.txt", context),
        to=[rsvp.email],
    )
    message.attach_alternative(render_to_string("emails/booking.html", context), "text/html")
    calendar = calendar_attachment(rsvp, kind, course_rsvps=course_rsvps)
    message.attach("booking.ics", calendar, ATTACHMENT_CONTENT_TYPE)
    return message


def organiser_message(rsvp, subject, message):
    """An organiser's short note to one booked person (plain text; their discreet title)."""
    start = rsvp.occurrence.local_start
    body = gettext("Hello {name},\n\n{message}\n\nThis is about {title} on {when}.\n").format(
        name=rsvp.name, message=message, title=rsvp.title, when=date_at_time_text(start)
    )
    return EmailMultiAlternatives(subject=subject, body=body, to=[rsvp.email])


# Requests to join ------------------------------------------------------------------------------

# Subjects to the person never name the gathering: an inbox preview of "Bereavement peer
# support" says something about them. The body does, for them alone.
JOIN_SUBJECTS = {
    "received": _("Request to join {title}: {name}"),
    "acknowledged": _("We have passed on your request to join a group"),
    "reply": _("A reply about your request to join a group"),
}


def join_request_message(join_request, kind, *, to, extra=None):
    """The e-mail for ``kind`` (see JOIN_SUBJECTS) about ``join_request``, to one address.

    "received" goes to each facilitator and organiser separately (nobody sees another's
    address), with Reply-To set to the person so a facilitator can answer from their mailbox.
    """
    extra = extra or {}
    event = join_request.event
    names = [f.name for f in event.facilitators.all()]
    context = {
        "kind": kind,
        "join_request": join_request,
        "event": event,
        "facilitator_names": names,
        "facilitators": join_words(names),
        "message": extra.get("message", ""),
        "admin_url": absolute(reverse("events_join_requests", args=[event.pk])),
        "page_url": event.get_full_url() or absolute(event.url or "/"),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    subject = str(JOIN_SUBJECTS[kind]).format(title=event.title, name=join_request.name)
    reply_to = [join_request.email] if kind == "received" and join_request.email else None
    return EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string(f"emails/join_request_{kind}.txt", context),
        to=[to],
        reply_to=reply_to,
    )


def feedback_url(token, feeling=None):
    """The feedback page; ``feeling`` pre-selects a face (the page still asks to press Send)."""
    url = absolute(reverse("feedback:answer", args=[token]))
    return f"{url}?feeling={feeling}" if feeling else url


def feedback_message(rsvp, token):
    """The day-after question: five faces, each a link to the page with that face chosen."""
    occurrence = rsvp.occurrence
    local_start = occurrence.local_start
    context = {
        "rsvp": rsvp,
        "title": rsvp.title,
        "local_start": local_start,
        "faces": [
            {
                "value": value,
                "label": label,
                "face": FACES[value],
                "url": feedback_url(token, value),
            }
            for value, label in FEELINGS
        ],
        "url": feedback_url(token),
        "expires": FeedbackInvitation.expiry_for(occurrence).astimezone(occurrence.tz),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    subject = gettext("How did you feel after {title}? ({when})").format(
        title=rsvp.title, when=date_text(local_start, "short")
    )
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("emails/feedback.txt", context),
        to=[rsvp.email],
    )
    message.attach_alternative(render_to_string("emails/feedback.html", context), "text/html")
    return message
