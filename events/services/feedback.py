"""Anonymous feedback: one question, the day after a date, to the people who came.

Who is asked: bookings that held a place on a date that went ahead (checked in; or, on a date
where nobody was checked in at the door, booked and not cancelled), whose people did not say no
when they booked. A booking with a discreet title is asked only if its person said yes.

Each booking is asked once: the job claims the row (``feedback_requested_at``) under a lock that
a second run skips, then the e-mail task makes a single-use invitation (events/models/feedback.py)
that records nothing about the booking. The answer, once given, deletes the invitation: nothing
written joins an answer to a booking, a person or a pseudonym.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from events import tasks
from events.models import RSVP, FeedbackAnswer, FeedbackInvitation, Occurrence

# If the daily job missed a day, it still asks up to this long after a date; never later.
SEND_WITHIN = dt.timedelta(days=3)


class FeedbackLinkGone(Exception):
    """The link was used already, has expired, or never existed: the page says so kindly."""

    message = "This link has already been used, or it has expired. Thank you all the same."


def due_requests(*, now=None):
    """Bookings to ask now: their date ended on an earlier local day, within ``SEND_WITHIN``."""
    now = now or timezone.now()
    checked_in_there = RSVP.objects.filter(
        occurrence_id=OuterRef("occurrence_id"), status=RSVP.Status.ATTENDED
    )
    rsvps = (
        RSVP.objects.filter(
            feedback_requested_at__isnull=True,
            erased_at__isnull=True,
            occurrence__status=Occurrence.Status.SCHEDULED,
            occurrence__removed_from_schedule=False,
            occurrence__end__lte=now,
            occurrence__end__gt=now - SEND_WITHIN,
        )
        .exclude(email="")
        .filter(Q(feedback_wanted=True) | Q(feedback_wanted__isnull=True, discreet_title=""))
        .filter(
            Q(status=RSVP.Status.ATTENDED)
            | Q(status=RSVP.Status.CONFIRMED) & ~Q(Exists(checked_in_there))
        )
        .select_related("occurrence__event")
    )
    return [
        r for r in rsvps if r.occurrence.local_start.date() < now.astimezone(r.occurrence.tz).date()
    ]


def send_feedback_requests(*, now=None):
    """Queue the feedback e-mail for each due booking, once. Safe to run twice or in parallel.

    Returns how many were queued.
    """
    now = now or timezone.now()
    sent = 0
    for candidate in due_requests(now=now):
        with transaction.atomic():
            # Claim the row: a parallel run skips it, a later run finds it already asked.
            rsvp = (
                RSVP.objects.select_for_update(skip_locked=True)
                .filter(pk=candidate.pk, feedback_requested_at__isnull=True)
                .first()
            )
            if rsvp is None:
                continue
            rsvp.feedback_requested_at = now
            rsvp.save(update_fields=["feedback_requested_at", "updated_at"])
            rsvp_id = rsvp.pk
            transaction.on_commit(
                lambda rsvp_id=rsvp_id: tasks.send_feedback_request.enqueue(rsvp_id)
            )
            sent += 1
    return sent


def set_feedback_wanted(*, rsvp, wanted):
    """The person's own choice, from their booking page: it overrides the discreet default."""
    rsvp.feedback_wanted = bool(wanted)
    rsvp.save(update_fields=["feedback_wanted", "updated_at"])
    return rsvp


def open_invitation(token, *, now=None):
    """The invitation behind ``token`` if it can still be answered; raise FeedbackLinkGone."""
    now = now or timezone.now()
    invitation = (
        FeedbackInvitation.objects.for_token(token)
        .valid(now)
        .select_related("occurrence__event")
        .first()
    )
    if invitation is None:
        raise FeedbackLinkGone
    return invitation


@transaction.atomic
def answer(*, token, feeling, less_alone=None, comment="", now=None):
    """Record one answer and delete the invitation, so the link works once and is forgotten.

    The answer keeps the date, the scores, the comment and the local day: no time, no token.
    """
    now = now or timezone.now()
    # Locked, so two taps on "Send" at once give one answer: the second finds no invitation.
    invitation = (
        FeedbackInvitation.objects.select_for_update()
        .for_token(token)
        .valid(now)
        .select_related("occurrence__event")
        .first()
    )
    if invitation is None:
        raise FeedbackLinkGone
    occurrence = invitation.occurrence
    invitation.delete()
    return FeedbackAnswer.objects.create(
        occurrence=occurrence,
        answered_on=now.astimezone(occurrence.tz).date(),
        feeling=feeling,
        less_alone=less_alone,
        comment=(comment or "").strip()[:1000],
    )


def tidy_feedback(*, now=None):
    """Delete expired invitations; blank comments on dates older than the comment window.

    Scores stay (they are anonymous counts); comments are free text people may have put
    something personal in, so they do not stay for ever. Returns (invitations, comments).
    """
    now = now or timezone.now()
    expired, _ = FeedbackInvitation.objects.filter(expires_at__lte=now).delete()
    cutoff = now - dt.timedelta(days=settings.HEARTH_FEEDBACK_COMMENT_DAYS)
    blanked = (
        FeedbackAnswer.objects.filter(occurrence__end__lt=cutoff).exclude(comment="")
    ).update(comment="")
    return expired, blanked
