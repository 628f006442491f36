"""Every background task: booking e-mails (retried) and organisers' messages to attendees.

Tasks are queued after the booking's transaction commits, so a failed send can never undo or
repeat a booking; the send itself is retried with a growing delay on a deferring backend (the
database queue), or at once on the immediate backend.
"""

import datetime as dt
import logging

from django.utils import timezone
from django_tasks import task

from events.mail import booking_message, organiser_message
from events.models import RSVP

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


@task()
def send_booking_email(rsvp_id, kind, extra=None, attempt=1):
    """Send one booking e-mail; on failure queue another attempt (up to MAX_ATTEMPTS)."""
    rsvp = RSVP.objects.select_related("occurrence__event").filter(pk=rsvp_id).first()
    if rsvp is None or not rsvp.email:
        return "skipped"
    try:
        booking_message(rsvp, kind, extra).send()
    except Exception as exc:
        # The address is personal data: log the booking's id only.
        logger.warning(
            "Booking e-mail %s for RSVP %s failed (attempt %s): %s",
            kind,
            rsvp_id,
            attempt,
            exc.__class__.__name__,
        )
        if attempt >= MAX_ATTEMPTS:
            raise
        retry = send_booking_email
        if retry.get_backend().supports_defer:
            delay = dt.timedelta(minutes=2**attempt)
            retry = retry.using(run_after=timezone.now() + delay)
        retry.enqueue(rsvp_id, kind, extra, attempt=attempt + 1)
        return "retrying"
    return "sent"


@task()
def send_organiser_message(rsvp_id, subject, message):
    """One organiser message to one booked person (plain text; their discreet title is used)."""
    rsvp = RSVP.objects.select_related("occurrence__event").filter(pk=rsvp_id).first()
    if rsvp is None or not rsvp.email or not rsvp.is_active:
        return "skipped"
    organiser_message(rsvp, subject, message).send()
    return "sent"
