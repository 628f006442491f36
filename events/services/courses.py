"""Courses: one booking takes a place on every date of a course.

A course is a gathering marked "book as a course" whose schedule gives a fixed set of dates. A
course place is an ``Enrolment`` owning one ``RSVP`` per date, so attendee lists, check-in,
reports and erasure keep working date by date. Capacity is the gathering's, applied to every
date: a place is given only when the party fits on every remaining date, otherwise the party
waits on every one of them, and the waiting list is the course's (in order of booking): a
freed place is offered, held on every remaining date, as events/services/offers.py describes.

The discipline is booking.py's: lock every remaining date of the course, always in the same
order (by primary key, so two course bookings can never deadlock), re-read the seats, write,
and queue one e-mail in the same transaction (sent after the commit, listing every date).

Booking closes when the first date starts, unless the organiser lets people join late; a late
joiner gets the dates still to come. Cancelling a course place cancels its remaining dates and
offers the freed places to the course's waiting list.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.dates_text import date_text
from events.models import RSVP, Enrolment, Intake, Occurrence
from events.services import booking, cache
from events.services.booking import BookingClosed, BookingError, BookingResult, PartyTooLarge


def course_dates(event):
    """Every date of the course (past ones too), in order; dates the schedule dropped are not."""
    return event.occurrences.filter(removed_from_schedule=False).order_by("start", "pk")


def remaining_dates(event, *, now):
    """The dates a booking made at ``now`` takes a place on: going ahead and not yet started."""
    return course_dates(event).scheduled().filter(start__gt=now)


def course_state(event, *, now=None):
    """One word for the course's form: open, not_yet, closed, cancelled or ask."""
    now = now or timezone.now()
    if not event.live:
        return "cancelled"
    if event.intake != Intake.OPEN:
        return "ask"
    scheduled = list(course_dates(event).scheduled())
    if not scheduled:
        return "cancelled"
    first = scheduled[0]
    if not any(o.start > now for o in scheduled):
        return "closed"
    if now >= first.start and not event.course_allows_late_joining:
        return "closed"
    if now < booking.booking_opens_at(first):
        return "not_yet"
    return "open"


def ensure_course_bookable(event, *, now):
    state = course_state(event, now=now)
    if state == "open":
        return
    if state == "cancelled":
        raise BookingClosed(_("This course is not going ahead, so it cannot be booked."))
    if state == "ask":
        raise BookingClosed(
            _("This group is not taking bookings here: please ask the facilitator.")
        )
    if state == "not_yet":
        first = course_dates(event).scheduled().first()
        opens = booking.booking_opens_at(first)
        raise booking.BookingNotOpenYet(booking.opens_words(opens))
    raise BookingClosed(_("This course has started, so it can no longer be booked."))


def _lock_dates(event, pks):
    """The given dates of ``event``, each locked, in primary-key order (no deadlocks)."""
    return [booking._lock(pk, event=event) for pk in sorted(pks)]


def _active_enrolment(event, email):
    return (
        Enrolment.objects.active()
        .courses()
        .filter(event=event, rsvps__email=email)
        .distinct()
        .first()
    )


@transaction.atomic
def book_course(
    *,
    event,
    name,
    email,
    party_size=1,
    access_needs="",
    feedback_wanted=None,
    now=None,
    check_window=True,
):
    """Book ``party_size`` places on every remaining date of the course ``event``, or queue.

    Never overbooks any date: all the dates are locked (by pk) before the seats are counted.
    An address already holding a place on the course gets no second one; it is e-mailed its
    booking again. Returns a ``BookingResult`` for the booking's first remaining date.
    """
    email = booking.normalise_email(email)
    if not email:
        raise BookingError(_("An e-mail address is needed to book."))
    candidates = remaining_dates(event, now=now or timezone.now()).values_list("pk", flat=True)
    dates = _lock_dates(event, list(candidates))
    # The clock is read under the locks, as in booking.book: the queue order is the lock order.
    now = now or timezone.now()
    dates = [o for o in dates if not o.is_cancelled and o.start > now]
    if check_window:
        ensure_course_bookable(event, now=now)
    if not dates:
        raise BookingClosed(_("This course has no dates left to book."))
    if not 1 <= party_size <= event.max_party_size:
        raise PartyTooLarge(booking.party_limit_words(event.max_party_size))

    taken = {o.pk: o.rsvps.seats_taken() for o in dates}
    # The fullest date decides: one check for the whole course, under every date's lock.
    fullest = max(dates, key=lambda o: taken[o.pk])
    fits = booking._fits(fullest, party_size, taken=taken[fullest.pk])

    existing = _active_enrolment(event, email)
    if existing is not None:
        first = existing.rsvps.filter(occurrence__in=dates).order_by("occurrence__start").first()
        if first is not None:
            booking.email_after_commit(first, "existing")
            # The page says what a new booking would have got, so it reads the same whether
            # or not that address had booked (the e-mail tells the truth).
            waiting = (
                Enrolment.objects.active()
                .courses()
                .filter(
                    event=event, rsvps__occurrence=dates[0], rsvps__status=RSVP.Status.WAITLISTED
                )
            )
            outcome = (
                (RSVP.Status.CONFIRMED, None)
                if fits
                else (RSVP.Status.WAITLISTED, waiting.distinct().count() + 1)
            )
            return BookingResult(rsvp=first, duplicate=True, outcome=outcome)

    status = RSVP.Status.CONFIRMED if fits else RSVP.Status.WAITLISTED
    enrolment = Enrolment.objects.create(
        event=event, kind=Enrolment.Kind.COURSE, party_size=party_size, created_at=now
    )
    feed_secret = booking.latest_feed_secret(email)
    rsvps = []
    for occurrence in dates:
        row = RSVP.objects.filter(occurrence=occurrence, email=email).first()
        rsvp = booking.write_seat(
            row or RSVP(occurrence=occurrence, email=email),
            name=name,
            party_size=party_size,
            access_needs=access_needs,
            status=status,
            now=now,
            feedback_wanted=feedback_wanted,
            feed_secret=feed_secret,
            enrolment=enrolment,
        )
        feed_secret = rsvp.feed_secret
        rsvps.append(rsvp)
    first = min(rsvps, key=lambda r: r.occurrence.start)
    booking.email_after_commit(first, "confirmed" if fits else "waitlisted")
    if fits and any(
        booking._places_left(o, taken[o.pk]) != booking._places_left(o, taken[o.pk] + party_size)
        for o in dates
    ):
        cache.purge_after_commit(lambda: cache.gathering_urls(event))
    return booking._result(BookingResult(rsvp=first), party_size)


def enrolment_dates(enrolment):
    """The enrolment's seats, date by date, with each date loaded."""
    return enrolment.rsvps.select_related("occurrence__event", "occurrence__venue").order_by(
        "occurrence__start"
    )


@transaction.atomic
def cancel_course(*, enrolment, now=None):
    """Give up a course place: every remaining date is cancelled (past ones stay as they were).

    The freed places are offered to the course's waiting list, in order. Returns the enrolments
    offered a place. Declining an offer is cancelling too. Cancelling twice changes nothing.
    """
    event = enrolment.event
    now_guess = now or timezone.now()
    candidates = remaining_dates(event, now=now_guess).values_list("pk", flat=True)
    dates = _lock_dates(event, list(candidates))
    now = now or timezone.now()
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    if not enrolment.is_active:
        return []
    mine = list(
        enrolment.rsvps.filter(
            occurrence__in=[o for o in dates if o.start > now],
            status__in=[RSVP.Status.CONFIRMED, RSVP.Status.WAITLISTED],
        ).order_by("occurrence__start")
    )
    if not mine:
        raise BookingClosed(_("This course has no dates left, so the booking cannot be changed."))
    for rsvp in mine:
        rsvp.status = RSVP.Status.CANCELLED
        rsvp.cancelled_at = now
        rsvp.offer_expires_at = None
        rsvp.save(update_fields=["status", "cancelled_at", "offer_expires_at", "updated_at"])
    enrolment.status = Enrolment.Status.CANCELLED
    enrolment.cancelled_at = now
    enrolment.save(update_fields=["status", "cancelled_at", "updated_at"])
    booking.email_after_commit(mine[0], "enrolment_ended")
    promoted = _promote(event, [o for o in dates if not o.is_cancelled], now=now)
    cache.purge_after_commit(lambda: cache.gathering_urls(event))
    return promoted


def _promote(event, dates, *, now):
    """Offer free places to the course's waiting list in order; the caller holds every date's
    lock (``dates``: the course's remaining dates). A party is offered a place only when it fits
    on every one of its remaining dates (a smaller party behind one that does not fit may go
    first; the larger keeps its place at the head).

    As for one date (booking._promote), the seats are held on every date until the offer runs
    out (``offer_expires_at`` of the next date), and one e-mail links to the accept page
    (events/services/offers.py). Inside the late window before the next date nobody is offered
    a place: it is open to whoever books the course. Returns the enrolments offered a place.
    """
    dates = [o for o in dates if not o.is_cancelled and o.start > now]
    if not dates or event.capacity is None:
        return []
    following = min(dates, key=lambda o: o.start)
    if now >= booking.late_window_starts_at(following):
        return []
    expires = booking.offer_expires_at(following, now=now)
    # Held offers count as taken, so a seat is never offered twice.
    taken = {o.pk: o.rsvps.seats_taken() for o in dates}
    waiting = (
        Enrolment.objects.active()
        .courses()
        .filter(
            event=event,
            rsvps__status=RSVP.Status.WAITLISTED,
            rsvps__offer_expires_at__isnull=True,
            rsvps__occurrence__in=dates,
        )
        .distinct()
        .order_by("created_at", "pk")
    )
    offered = []
    for enrolment in waiting:
        seats = list(
            enrolment.rsvps.waiting().filter(occurrence__in=dates).order_by("occurrence__start")
        )
        if not seats or any(taken[r.occurrence_id] + r.party_size > event.capacity for r in seats):
            continue
        for rsvp in seats:
            rsvp.offer_expires_at = expires
            rsvp.save(update_fields=["offer_expires_at", "updated_at"])
            taken[rsvp.occurrence_id] += rsvp.party_size
        booking.email_after_commit(seats[0], "offered")
        offered.append(enrolment)
    return offered


@transaction.atomic
def give_course_place(*, enrolment, now=None):
    """An organiser gives a party waiting for the course a place, out of turn, on every
    remaining date, if its seats are free on each (seats its own offer holds count as free).

    Returns the seats confirmed; e-mails once.
    """
    event = enrolment.event
    dates, now = lock_remaining_dates(event, now=now)
    seats = list(
        enrolment.rsvps.filter(status=RSVP.Status.WAITLISTED, occurrence__in=dates).order_by(
            "occurrence__start"
        )
    )
    if not seats:
        return []
    if event.capacity is not None:
        by_pk = {o.pk: o for o in dates}
        for seat in seats:
            free = booking.seats_left(by_pk[seat.occurrence_id])
            free += seat.party_size if seat.has_offer else 0
            if seat.party_size > free:
                raise booking.OccurrenceFull(
                    ngettext(
                        "Only %(free)s seat free on %(day)s: raise the capacity or cancel a "
                        "course place before giving one to a party of %(size)s.",
                        "Only %(free)s seats free on %(day)s: raise the capacity or cancel a "
                        "course place before giving one to a party of %(size)s.",
                        free,
                    )
                    % {
                        "free": free,
                        "day": date_text(seat.occurrence.local_start, "short"),
                        "size": seat.party_size,
                    }
                )
    for seat in seats:
        seat.status = RSVP.Status.CONFIRMED
        seat.promoted_at = now
        seat.offer_expires_at = None
        seat.save(update_fields=["status", "promoted_at", "offer_expires_at", "updated_at"])
    booking.email_after_commit(seats[0], "promoted")
    cache.purge_after_commit(lambda: cache.gathering_urls(event))
    return seats


def take_places_on_new_dates(*, event, occurrences, now=None):
    """A date added to a course's schedule: each active course place gets a seat on it too.

    Called by dates.sync_occurrences in the transaction that stores the dates (nobody else can
    see them yet); each is locked and its seats counted as for any booking. A member booked on
    the course is booked on the new date while it fits; one waiting for the course waits there
    too. Returns the RSVPs made.
    """
    now = now or timezone.now()
    enrolments = list(event.enrolments.active().courses().order_by("created_at", "pk"))
    if not enrolments or not occurrences:
        return []
    dates = _lock_dates(event, [o.pk for o in occurrences])
    made = []
    for enrolment in enrolments:
        template = (
            enrolment.rsvps.filter(erased_at__isnull=True)
            .exclude(email="")
            .order_by("-created_at", "-pk")
            .first()
        )
        if template is None:
            continue
        booked = enrolment.rsvps.filter(
            status__in=[RSVP.Status.CONFIRMED, RSVP.Status.ATTENDED]
        ).exists()
        for occurrence in dates:
            if occurrence.is_cancelled or occurrence.rsvps.filter(email=template.email).exists():
                continue
            fits = booked and booking._fits(occurrence, enrolment.party_size)
            made.append(
                booking.write_seat(
                    RSVP(occurrence=occurrence, email=template.email),
                    name=template.name,
                    party_size=enrolment.party_size,
                    access_needs=template.access_needs,
                    status=RSVP.Status.CONFIRMED if fits else RSVP.Status.WAITLISTED,
                    now=now,
                    feedback_wanted=template.feedback_wanted,
                    feed_secret=template.feed_secret,
                    enrolment=enrolment,
                    language=template.language,
                )
            )
    return made


def lock_remaining_dates(event, *, now=None):
    """Every remaining date of the course, locked in primary-key order, and the clock read
    under the locks: (dates, now)."""
    candidates = remaining_dates(event, now=now or timezone.now()).values_list("pk", flat=True)
    dates = _lock_dates(event, list(candidates))
    now = now or timezone.now()
    return [o for o in dates if o.start > now], now


@transaction.atomic
def promote_waiting_list(*, event, now=None):
    """Offer any free places on the course to its waiting list (after a capacity rise, say)."""
    dates, now = lock_remaining_dates(event, now=now)
    return _promote(event, dates, now=now)


def course_summary(event, *, now=None):
    """For pages: the course's dates, and how many are left to book at ``now``."""
    now = now or timezone.now()
    dates = list(course_dates(event))
    return {
        "dates": dates,
        "remaining": [
            o for o in dates if o.status == Occurrence.Status.SCHEDULED and o.start > now
        ],
    }
