"""Standing bookings: a regular's "book every week" on an open recurring gathering.

A standing booking is an ``Enrolment`` that takes a place on every upcoming date when it is
made, and on each new date as it is stored (``take_places_on_new_dates``, called by
events/services/dates.py right after it stores them), or joins that date's waiting list when it
is full, until it is cancelled. Each seat is an ordinary ``RSVP``, under exactly the rules of a
single booking: the date's row is locked, the seats re-read, then the row written. Skipping one
date ("can't make it this time") cancels that date's seat alone, which frees it and offers it
to that date's waiting list as any cancellation does; the standing booking goes on.

Making a standing booking also locks the gathering's row, as storing its dates does, so a
standing booking made while new dates are being stored either sees them or is seen by them:
it never misses a date. Standing places are taken ahead of the booking window (a regular's
place is kept from the day the date is stored); e-mails are not sent for each new date (the
day-before reminder comes as for anyone, with its "can't make it" link).

The enrolment keeps no personal data: each new date's seat copies the name, address and access
needs from the standing booking's latest seat that still has them.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import RSVP, Enrolment, EventPage, Intake
from events.services import booking, cache, courses
from events.services.booking import BookingClosed, BookingError, BookingResult, PartyTooLarge


def is_recurring(event):
    schedule = event.schedule
    return bool(schedule and (schedule.rrules or len(schedule.rdates) > 1))


def takes_standing_bookings(event):
    """Whether "book every week" is offered: an open, published, recurring gathering (no course)."""
    return (
        event.live and event.intake == Intake.OPEN and not event.is_course and is_recurring(event)
    )


def _bookable_dates(event, *, now):
    """The upcoming dates a standing booking made now takes a place on."""
    dates = event.occurrences.filter(removed_from_schedule=False).scheduled().filter(start__gt=now)
    closing = booking.booking_closes_at
    return [o for o in dates.order_by("pk") if now < closing(o)]


def _active_standing(event, email):
    return (
        Enrolment.objects.active()
        .standing()
        .filter(event=event, rsvps__email=email)
        .distinct()
        .first()
    )


def _take_place(occurrence, *, enrolment, seat, now, feed_secret=None):
    """Under ``occurrence``'s lock: a seat for the standing booking, or its waiting list.

    ``seat`` carries the person's details. An address already booked on that date keeps that
    booking; a date this standing booking skipped stays skipped.
    """
    email = seat["email"]
    row = RSVP.objects.filter(occurrence=occurrence, email=email).first()
    if row is not None and (row.is_active or row.enrolment_id == enrolment.pk):
        return None
    taken = occurrence.rsvps.seats_taken()
    fits = booking._fits(occurrence, enrolment.party_size, taken=taken)
    rsvp = booking.write_seat(
        row or RSVP(occurrence=occurrence, email=email),
        name=seat["name"],
        party_size=enrolment.party_size,
        access_needs=seat["access_needs"],
        status=RSVP.Status.CONFIRMED if fits else RSVP.Status.WAITLISTED,
        now=now,
        feedback_wanted=seat["feedback_wanted"],
        feed_secret=feed_secret,
        enrolment=enrolment,
        language=seat.get("language"),
    )
    if fits and booking._places_left(occurrence, taken) != booking._places_left(
        occurrence, taken + enrolment.party_size
    ):
        cache.purge_after_commit(lambda: cache.occurrence_urls(occurrence))
    return rsvp


@transaction.atomic
def book_every_week(
    *, event, name, email, party_size=1, access_needs="", feedback_wanted=None, now=None
):
    """A standing booking for ``email``: a place (or the waiting list) on every upcoming date.

    Returns a ``BookingResult`` for the first date it holds. An address that already has a
    standing booking on this gathering gets no second one; it is e-mailed its booking again.
    """
    email = booking.normalise_email(email)
    if not email:
        raise BookingError(_("An e-mail address is needed to book."))
    # The gathering's row first, as dates.sync_occurrences does (see the module docstring).
    event = EventPage.objects.select_for_update().get(pk=event.pk)
    now = now or timezone.now()
    if not takes_standing_bookings(event):
        raise BookingClosed(_("This gathering does not take bookings for every week."))
    if not 1 <= party_size <= event.max_party_size:
        raise PartyTooLarge(booking.party_limit_words(event.max_party_size))
    dates = [booking._lock(o.pk, event=event) for o in _bookable_dates(event, now=now)]
    if not dates:
        raise BookingClosed(_("There are no dates to book at the moment."))

    existing = _active_standing(event, email)
    if existing is not None:
        first = existing.rsvps.active().order_by("occurrence__start").first()
        if first is not None:
            booking.email_after_commit(first, "existing")
            # What a new standing booking would have got on its first date, so the page reads
            # the same whether or not that address had booked (the e-mail tells the truth).
            following = min(dates, key=lambda o: o.start)
            outcome = (
                (RSVP.Status.CONFIRMED, None)
                if booking._fits(following, party_size)
                else (RSVP.Status.WAITLISTED, following.rsvps.waiting().count() + 1)
            )
            return BookingResult(rsvp=first, duplicate=True, outcome=outcome)

    enrolment = Enrolment.objects.create(
        event=event, kind=Enrolment.Kind.STANDING, party_size=party_size, created_at=now
    )
    seat = {
        "name": name,
        "email": email,
        "access_needs": access_needs,
        "feedback_wanted": feedback_wanted,
    }
    feed_secret = booking.latest_feed_secret(email)
    held = []
    for occurrence in dates:
        rsvp = _take_place(
            occurrence, enrolment=enrolment, seat=seat, now=now, feed_secret=feed_secret
        )
        if rsvp is not None:
            feed_secret = rsvp.feed_secret
            held.append(rsvp)
    if not held:
        raise BookingError(_("You are already booked on every upcoming date."))
    first = min(held, key=lambda r: r.occurrence.start)
    booking.email_after_commit(first, "confirmed" if first.is_confirmed else "waitlisted")
    return booking._result(BookingResult(rsvp=first), party_size)


def take_places_on_new_dates(*, event, occurrences, now=None):
    """Give every active standing booking of ``event`` a place on each of the new dates.

    Called by dates.sync_occurrences in the transaction that stores them (it holds the
    gathering's lock). Each date is locked, in primary-key order, and the seats re-read, exactly
    as for a single booking. Returns the RSVPs made.
    """
    now = now or timezone.now()
    enrolments = list(event.enrolments.active().standing().order_by("created_at", "pk"))
    if not enrolments or not occurrences:
        return []
    made = []
    dates = [booking._lock(o.pk, event=event) for o in sorted(occurrences, key=lambda o: o.pk)]
    for enrolment in enrolments:
        template = (
            enrolment.rsvps.filter(erased_at__isnull=True)
            .exclude(email="")
            .order_by("-created_at", "-pk")
            .first()
        )
        if template is None:
            continue
        seat = {
            "name": template.name,
            "email": template.email,
            "access_needs": template.access_needs,
            "feedback_wanted": template.feedback_wanted,
            # A date added later speaks the language the standing booking was made in.
            "language": template.language,
        }
        for occurrence in dates:
            if occurrence.is_cancelled:
                continue
            rsvp = _take_place(
                occurrence,
                enrolment=enrolment,
                seat=seat,
                now=now,
                feed_secret=template.feed_secret,
            )
            if rsvp is not None:
                made.append(rsvp)
    return made


def skip_date(*, rsvp, now=None):
    """ "Can't make it this time": free this one date's seat; the standing booking goes on.

    The seat is offered to that date's waiting list by the usual rules. Returns those offered.
    """
    return booking.cancel_booking(rsvp=rsvp, now=now, email_kind="skipped_date")


@transaction.atomic
def end_standing_booking(*, enrolment, now=None):
    """Stop booking every week: every upcoming seat is cancelled and offered on, date by date.

    Dates already past stay as they were. Ending it twice changes nothing.
    """
    now_guess = now or timezone.now()
    pks = (
        enrolment.rsvps.active()
        .filter(occurrence__start__gt=now_guess)
        .values_list("occurrence_id", flat=True)
    )
    dates = [booking._lock(pk) for pk in sorted(pks)]
    now = now or timezone.now()
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    if not enrolment.is_active:
        return []
    enrolment.status = Enrolment.Status.CANCELLED
    enrolment.cancelled_at = now
    enrolment.save(update_fields=["status", "cancelled_at", "updated_at"])
    offered, told = [], False
    for occurrence in dates:
        rsvp = enrolment.rsvps.active().filter(occurrence=occurrence).first()
        if rsvp is None or occurrence.start <= now:
            continue
        had_places = booking.has_places(occurrence)
        held_seats = rsvp.is_confirmed or rsvp.has_offer
        rsvp.status = RSVP.Status.CANCELLED
        rsvp.cancelled_at = now
        rsvp.offer_expires_at = None
        rsvp.save(update_fields=["status", "cancelled_at", "offer_expires_at", "updated_at"])
        if not told:
            booking.email_after_commit(rsvp, "enrolment_ended")
            told = True
        if held_seats:
            offered += booking._promote(occurrence, now=now)
        booking._purge_if_availability_changed(occurrence, had_places)
    return offered


def end_enrolment(*, enrolment, now=None):
    """Cancel a course place or a standing booking, whichever ``enrolment`` is."""
    if enrolment.is_course:
        return courses.cancel_course(enrolment=enrolment, now=now)
    return end_standing_booking(enrolment=enrolment, now=now)
