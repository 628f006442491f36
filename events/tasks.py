"""Background tasks outside the bookers' outbox: requests to join and feedback questions.

E-mails to people holding a booking go through the outbox (events/outbox.py), sent exactly once
by ``send_queued_email``. A request to join has no booking yet, so its few e-mails (to the
person and to the gathering's team) are queued as tasks after the request commits and retried
with a growing delay on a deferring backend (the database queue), or at once on the immediate
backend.
"""

import datetime as dt
import logging

from django.utils import timezone
from django_tasks import task

from events.ical import feeds
from events.mail import feedback_message, in_language_of, join_request_message
from events.models import RSVP, FeedbackInvitation, JoinRequest

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


@task()
def send_join_request_email(join_request_id, kind, to, extra=None, attempt=1):
    """One e-mail about a request to join, to one address; retried on failure.

    Nothing is sent once the request's personal data has been erased.
    """
    join_request = JoinRequest.objects.select_related("event").filter(pk=join_request_id).first()
    if join_request is None or join_request.erased_at is not None or not to:
        return "skipped"
    try:
        join_request_message(join_request, kind, to=to, extra=extra).send()
    except Exception as exc:
        logger.warning(
            "Join request e-mail %s for request %s failed (attempt %s): %s",
            kind,
            join_request_id,
            attempt,
            exc.__class__.__name__,
        )
        if attempt >= MAX_ATTEMPTS:
            raise
        retry = send_join_request_email
        if retry.get_backend().supports_defer:
            delay = dt.timedelta(minutes=2**attempt)
            retry = retry.using(run_after=timezone.now() + delay)
        retry.enqueue(join_request_id, kind, to, extra, attempt=attempt + 1)
        return "retrying"
    return "sent"


@task()
def send_feedback_request(rsvp_id, attempt=1):
    """The day-after question for one booking, with a new single-use link.

    The invitation is made here, not when the job claims the booking, so the token exists only
    in the e-mail (never in the queue's arguments); a failed send withdraws it before retrying.
    """
    rsvp = RSVP.objects.select_related("occurrence__event").filter(pk=rsvp_id).first()
    if rsvp is None or not rsvp.email:
        return "skipped"
    token = FeedbackInvitation.issue(occurrence=rsvp.occurrence)
    try:
        with in_language_of(rsvp):
            message = feedback_message(rsvp, token)
        message.send()
    except Exception as exc:
        FeedbackInvitation.withdraw(token)
        logger.warning(
            "Feedback e-mail for RSVP %s failed (attempt %s): %s",
            rsvp_id,
            attempt,
            exc.__class__.__name__,
        )
        if attempt >= MAX_ATTEMPTS:
            raise
        retry = send_feedback_request
        if retry.get_backend().supports_defer:
            retry = retry.using(run_after=timezone.now() + dt.timedelta(minutes=2**attempt))
        retry.enqueue(rsvp_id, attempt=attempt + 1)
        return "retrying"
    return "sent"


@task()
def build_feed_parts(event_ids):
    """Gatherings' shares of the calendar feeds, built after their dates changed (only their
    ids travel in the task row), so the next poll finds them ready."""
    feeds.build_parts_ahead(event_ids, now=timezone.now())
