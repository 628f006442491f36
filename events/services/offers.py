"""Waiting-list offers: accepting a held place, and passing on an offer that ran out.

events/services/booking.py makes offers (``_promote``): a freed seat is held for the first party
waiting who fits, until ``offer_expires_at``. Here the same discipline holds: lock the occurrence
row, re-read, write, queue the e-mail in the same transaction (sent after the commit).

When an offer runs out, that party leaves the waiting list (its booking is cancelled, keeping
``offer_expires_at`` so its link can say what happened) and the seats are offered to the next
party who fits. Sending them to the back of the queue instead would, on a short list, offer the
same place straight back to someone who is not reading their e-mail, and hold it from everyone
else until the late window. The e-mail tells them they can book again if places are left.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import RSVP, Enrolment, EventPage
from events.services import booking, courses

# What ``offer_state`` and ``accept_offer`` say about a booking's offer.
OPEN = "open"  # held for them: they may accept
ACCEPTED = "accepted"  # booked (by accepting, or otherwise)
EXPIRED = "expired"  # the hold ran out; the place went on
NO_OFFER = "none"  # waiting without an offer, or cancelled


def offer_state(rsvp, *, now=None):
    """One word for the accept page: open, accepted, expired or none (no database writes)."""
    now = now or timezone.now()
    if rsvp.status in {RSVP.Status.CONFIRMED, RSVP.Status.ATTENDED}:
        return ACCEPTED
    if rsvp.has_offer:
        return OPEN if now < rsvp.offer_expires_at else EXPIRED
    if rsvp.status == RSVP.Status.CANCELLED and rsvp.offer_expires_at is not None:
        return EXPIRED
    return NO_OFFER


@transaction.atomic
def accept_offer(*, rsvp, now=None):
    """Take the place held for ``rsvp``: it becomes a confirmed booking, e-mailed once.

    Returns ``offer_state`` after the attempt: accepted (also when accepted before, so a second
    press changes nothing), expired (the hold had run out: the offer is passed on right here,
    whether or not the scheduled job got to it), or none.
    """
    if _in_a_course(rsvp):
        return _accept_course_offer(rsvp=rsvp, now=now)
    occurrence = booking._lock(rsvp.occurrence_id)
    rsvp = RSVP.objects.get(pk=rsvp.pk)
    now = now or timezone.now()
    state = offer_state(rsvp, now=now)
    if state == EXPIRED and rsvp.has_offer:
        _pass_on_expired(occurrence, now=now)
        return EXPIRED
    if state != OPEN:
        return state
    if occurrence.is_cancelled:
        raise booking.BookingClosed(_("This date is not going ahead, so it cannot be booked."))
    rsvp.status = RSVP.Status.CONFIRMED
    rsvp.promoted_at = now
    rsvp.offer_expires_at = None
    rsvp.save(update_fields=["status", "promoted_at", "offer_expires_at", "updated_at"])
    booking.email_after_commit(rsvp, "promoted")
    return ACCEPTED


def _pass_on_expired(occurrence, *, now):
    """Under the occurrence lock: end the offers that ran out by ``now``, offer their seats on.

    Returns how many offers ended. Re-read under the lock, so two runs never end one twice.
    """
    had_places = booking.has_places(occurrence)
    # A course's offers run out for all its dates together (``_pass_on_expired_course``).
    expired = list(occurrence.rsvps.offered().single_dates().filter(offer_expires_at__lte=now))
    for rsvp in expired:
        rsvp.status = RSVP.Status.CANCELLED
        rsvp.cancelled_at = now
        rsvp.save(update_fields=["status", "cancelled_at", "updated_at"])
        # On a date that is off they were already told so; "the place went on" would be wrong.
        if not occurrence.is_cancelled:
            booking.email_after_commit(rsvp, "offer_expired")
    if expired:
        # Inside the late window this offers nobody: the seats are open to anyone booking.
        booking._promote(occurrence, now=now)
        booking._purge_if_availability_changed(occurrence, had_places)
    return len(expired)


def expire_offers(*, now=None):
    """Pass on every offer that has run out; returns how many ended. Safe on several workers.

    Each date is handled in its own transaction under its occurrence lock: a second run waits
    for the lock, re-reads, and finds nothing left to do, so a seat is never offered twice.
    """
    now = now or timezone.now()
    due = RSVP.objects.offered().filter(offer_expires_at__lte=now).order_by()
    ended = 0
    for occurrence_id in list(
        due.single_dates().values_list("occurrence_id", flat=True).distinct()
    ):
        with transaction.atomic():
            occurrence = booking._lock(occurrence_id)
            ended += _pass_on_expired(occurrence, now=now)
    course_ids = due.filter(enrolment__kind=Enrolment.Kind.COURSE).values_list(
        "enrolment__event_id", flat=True
    )
    for event_id in list(course_ids.distinct()):
        with transaction.atomic():
            event = EventPage.objects.get(pk=event_id)
            dates, _ = courses.lock_remaining_dates(event, now=now)
            ended += _pass_on_expired_course(event, dates, now=now)
    return ended


# Courses ---------------------------------------------------------------------------------------


def _in_a_course(rsvp):
    return rsvp.enrolment_id is not None and rsvp.enrolment.is_course


@transaction.atomic
def _accept_course_offer(*, rsvp, now=None):
    """Take the course place held for ``rsvp``'s enrolment: booked on every remaining date."""
    event = rsvp.enrolment.event
    dates, now = courses.lock_remaining_dates(event, now=now)
    rsvp = RSVP.objects.get(pk=rsvp.pk)
    state = offer_state(rsvp, now=now)
    if state == EXPIRED and rsvp.has_offer:
        _pass_on_expired_course(event, dates, now=now)
        return EXPIRED
    if state != OPEN:
        return state
    seats = list(rsvp.enrolment.rsvps.offered().order_by("occurrence__start"))
    for seat in seats:
        seat.status = RSVP.Status.CONFIRMED
        seat.promoted_at = now
        seat.offer_expires_at = None
        seat.save(update_fields=["status", "promoted_at", "offer_expires_at", "updated_at"])
    booking.email_after_commit(seats[0], "promoted")
    return ACCEPTED


def _pass_on_expired_course(event, dates, *, now):
    """Under the locks of the course's remaining ``dates``: end the course offers that ran out
    (each enrolment leaves the waiting list, e-mailed once) and offer their places on.

    Returns how many course offers ended.
    """
    expired = (
        RSVP.objects.offered()
        .filter(offer_expires_at__lte=now, enrolment__event=event)
        .filter(enrolment__kind=Enrolment.Kind.COURSE)
        .order_by("occurrence__start")
    )
    ended = {}
    for rsvp in expired:
        ended.setdefault(rsvp.enrolment_id, []).append(rsvp)
    for enrolment_id, seats in ended.items():
        for rsvp in seats:
            rsvp.status = RSVP.Status.CANCELLED
            rsvp.cancelled_at = now
            rsvp.save(update_fields=["status", "cancelled_at", "updated_at"])
        Enrolment.objects.filter(pk=enrolment_id).update(
            status=Enrolment.Status.CANCELLED, cancelled_at=now, updated_at=now
        )
        booking.email_after_commit(seats[0], "offer_expired")
    if ended:
        courses._promote(event, dates, now=now)
    return len(ended)
