"""Booking services: book, change, cancel, promote the waiting list, erase personal data.

Every change to who holds a seat happens in one transaction that first locks the occurrence row
(``select_for_update``), then re-reads the seats taken, then writes. On PostgreSQL two requests
for the same date, in any worker, queue on that lock, so the check and the write can never
interleave and a date is never overbooked. E-mail is written to the outbox in the same
transaction and sent after the commit.

A change that turns a date full, or gives a full date places again, purges the pages that
show it from the front cache after the commit (events/services/cache.py).

Seats are given in queue order to whoever fits: a party of two waiting for one free seat does not
hold back a party of one behind it, and the party of two keeps its place at the head.

A freed seat is not given outright: the first party waiting who fits is offered it, and the seat
is held for them (it counts as taken) until ``offer_expires_at``; accepting, and passing on an
offer that ran out, live in events/services/offers.py. Inside the late window before the start
nobody is offered a place: it is open to whoever books now (HEARTH_OFFER_LATE_WINDOW_HOURS).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events import outbox
from events.dates_text import date_at_time_text
from events.models import RSVP, Intake, Occurrence
from events.services import cache, pseudonyms


class BookingError(Exception):
    """A booking rule said no; ``message`` is written for the visitor."""

    default_message = "Sorry, that did not work."

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(self.message)


class BookingClosed(BookingError):
    default_message = "Booking for this date has closed."


class BookingNotOpenYet(BookingClosed):
    default_message = "Booking for this date is not open yet."


class OccurrenceFull(BookingError):
    default_message = "There are not enough places left for that."


class PartyTooLarge(BookingError):
    default_message = "That party is larger than this gathering allows."


@dataclass
class BookingResult:
    """What ``book`` did. ``duplicate``: the address already had a booking, which it was sent.

    ``outcome`` is what the visitor is told, worked out under the lock before the commit, so the
    page can be answered without touching the database again (it may be gone by then).
    """

    rsvp: RSVP
    duplicate: bool = False
    promoted: list = field(default_factory=list)
    outcome: tuple = ()

    @property
    def position(self):
        return self.rsvp.waitlist_position()

    def visitor_outcome(self, *, party_size):
        """What the page tells the visitor: ("confirmed", None) or ("waitlisted", position).

        For a duplicate it is what a new booking would have got right now, so the page reads
        the same whether or not that address had booked (the e-mail tells the truth).
        """
        if not self.duplicate:
            return self.rsvp.status, self.position
        occurrence = self.rsvp.occurrence
        if _fits(occurrence, party_size):
            return RSVP.Status.CONFIRMED, None
        return RSVP.Status.WAITLISTED, occurrence.rsvps.waiting().count() + 1


def normalise_email(email):
    return (email or "").strip().lower()


# Window ----------------------------------------------------------------------------------------


def booking_opens_at(occurrence):
    """Booking opens a number of calendar days before the local start (same local time)."""
    # Aware arithmetic in the local zone keeps the wall-clock time across a DST change.
    return occurrence.local_start - dt.timedelta(days=occurrence.event.booking_opens_days)


def booking_closes_at(occurrence):
    return occurrence.start - dt.timedelta(hours=occurrence.event.booking_closes_hours)


def booking_state(occurrence, *, now=None):
    """One word for what the form should offer: open, not_yet, closed, cancelled, ask."""
    now = now or timezone.now()
    event = occurrence.event
    if occurrence.is_cancelled or not event.live:
        return "cancelled"
    if event.intake != Intake.OPEN:
        return "ask"
    if now >= booking_closes_at(occurrence):
        return "closed"
    if now < booking_opens_at(occurrence):
        return "not_yet"
    return "open"


def party_limit_words(limit):
    """ "Each booking can be for up to 6 people." """
    return ngettext(
        "Each booking can be for up to %(count)s person.",
        "Each booking can be for up to %(count)s people.",
        limit,
    ) % {"count": limit}


def opens_words(opens):
    """ "Booking opens on Monday 7 December at 19:00." (``opens`` local to the gathering)."""
    return _("Booking opens on %(when)s.") % {"when": date_at_time_text(opens)}


def ensure_bookable(occurrence, *, now=None):
    """Raise the visitor-facing error when ``occurrence`` cannot be booked at ``now``."""
    state = booking_state(occurrence, now=now)
    if state == "open":
        return
    if state == "cancelled":
        raise BookingClosed(_("This date is not going ahead, so it cannot be booked."))
    if state == "ask":
        raise BookingClosed(
            _("This group is not taking bookings here: please ask the facilitator.")
        )
    if state == "not_yet":
        opens = booking_opens_at(occurrence)
        raise BookingNotOpenYet(opens_words(opens))
    raise BookingClosed(_("Booking for this date has closed."))


def seats_left(occurrence):
    """Free seats, or None when the gathering has no capacity (a headcount only)."""
    capacity = occurrence.event.capacity
    if capacity is None:
        return None
    return max(0, capacity - occurrence.rsvps.seats_taken())


# Locking ---------------------------------------------------------------------------------------


def _lock(occurrence_id, *, event=None):
    """The occurrence row, locked until the transaction ends. Every seat change starts here.

    ``event``: its gathering as the caller already loaded it, which saves reading the page's
    wide rows again under the lock (the lock guards the date's seats, not the page).
    """
    if event is None:
        return (
            Occurrence.objects.select_related("event")
            .select_for_update(of=("self",))
            .get(pk=occurrence_id)
        )
    occurrence = Occurrence.objects.select_for_update().get(pk=occurrence_id)
    if occurrence.event_id == event.pk:
        occurrence.event = event
    return occurrence


def _fits(occurrence, party_size, *, taken=None):
    capacity = occurrence.event.capacity
    if capacity is None:
        return True
    if taken is None:
        taken = occurrence.rsvps.seats_taken()
    return taken + party_size <= capacity


def _places_left(occurrence, taken):
    """Whether pages say "places available" with ``taken`` seats held (None: no capacity)."""
    capacity = occurrence.event.capacity
    return None if capacity is None else capacity - taken > 0


def has_places(occurrence):
    """Whether the public pages say "places available" (None: no capacity, never full)."""
    left = seats_left(occurrence)
    return None if left is None else left > 0


def _purge_if_availability_changed(occurrence, had_places):
    """After a seat change under the lock: purge the date's pages if "full" flipped."""
    if has_places(occurrence) != had_places:
        cache.purge_after_commit(lambda: cache.occurrence_urls(occurrence))


def email_after_commit(rsvp, kind, **extra):
    """Put the ``kind`` e-mail for ``rsvp`` in the outbox, in this transaction; sent after commit.

    The outbox row commits or rolls back with the booking change, so neither happens without
    the other (events/outbox.py sends it, exactly once). A booking taken by hand without an
    address gets nothing: organisers see that it has no e-mail and tell the person themselves.
    """
    if not rsvp.email:
        return None
    return outbox.queue(rsvp, kind, **extra)


def late_window_starts_at(occurrence):
    """From here to the start nobody is offered a place: a freed one is open to anyone booking.

    Someone offered a place ten minutes before the start would likely never see the e-mail.
    """
    return occurrence.start - dt.timedelta(hours=settings.HEARTH_OFFER_LATE_WINDOW_HOURS)


def offer_expires_at(occurrence, *, now):
    """How long an offer made at ``now`` holds its seats: HEARTH_OFFER_HOURS, shorter near the
    start, never past the start of the late window (then the place is open to anyone)."""
    return min(
        now + dt.timedelta(hours=settings.HEARTH_OFFER_HOURS), late_window_starts_at(occurrence)
    )


def _promote(occurrence, *, now):
    """Offer free seats to the waiting list in order; caller holds the occurrence lock.

    Each party that fits is held its seats until ``offer_expires_at`` and e-mailed a link to
    accept (events/services/offers.py); a party booked by hand without an e-mail address is
    confirmed outright, as nothing could reach it to accept. Nobody is offered a place on a
    date that is not going ahead, nor inside the late window. Returns the RSVPs offered (or
    given) a place.
    """
    if occurrence.is_cancelled or now >= late_window_starts_at(occurrence):
        return []
    capacity = occurrence.event.capacity
    # Held offers are counted as taken, so a seat is never offered twice.
    taken = occurrence.rsvps.seats_taken()
    expires = offer_expires_at(occurrence, now=now)
    offered = []
    # A course's waiting list is the course's (events/services/courses.py): a seat freed on one
    # date is never given to a course member for that date alone.
    for rsvp in occurrence.rsvps.waiting().single_dates():
        if capacity is not None and taken >= capacity:
            break
        if capacity is None or taken + rsvp.party_size <= capacity:
            if rsvp.email:
                rsvp.offer_expires_at = expires
                rsvp.save(update_fields=["offer_expires_at", "updated_at"])
                email_after_commit(rsvp, "offered")
            else:
                # Taken by hand without an address: no link could reach them to accept, and
                # the organiser who took it tells them, so the place is theirs as before.
                rsvp.status = RSVP.Status.CONFIRMED
                rsvp.promoted_at = now
                rsvp.save(update_fields=["status", "promoted_at", "updated_at"])
            taken += rsvp.party_size
            offered.append(rsvp)
    return offered


# Services --------------------------------------------------------------------------------------


@transaction.atomic
def book(
    *,
    occurrence,
    name,
    email,
    party_size=1,
    access_needs="",
    phone="",
    contact_note="",
    feedback_wanted=None,
    now=None,
    check_window=True,
    language=None,
):
    """Book ``party_size`` seats for ``email`` on ``occurrence``, or queue it when full.

    Never overbooks: the seat check and the insert run under the occurrence lock. An address
    that already holds a booking for the date gets no second one; its booking is e-mailed again.
    ``check_window=False`` is for organisers taking a booking by hand outside the online window;
    only they may leave ``email`` blank (with a ``phone`` or ``contact_note`` instead), and such
    a booking is never matched with another nor sent any e-mail.
    ``feedback_wanted=False`` is the visitor saying no to the feedback e-mail (None: not asked).
    The booking keeps the address's pseudonym, so reports can count people after erasure.
    ``language``: what its e-mails are written in; None is the active language (the visitor's).
    """
    email = normalise_email(email)
    if not email and check_window:
        raise BookingError(_("An e-mail address is needed to book."))
    if not email and not (phone.strip() or contact_note.strip()):
        raise BookingError(
            _("Give an e-mail address, or a phone number or a note on how to reach them.")
        )
    loaded = occurrence.event if Occurrence.event.is_cached(occurrence) else None
    occurrence = _lock(occurrence.pk, event=loaded)
    if check_window and occurrence.event.is_course:
        # Online, a course is booked whole (events/services/courses.py); by hand, one date may be.
        raise BookingClosed(_("This is a course: please book the whole course."))
    # The clock is read under the lock, so the queue order is the order the lock was granted.
    now = now or timezone.now()
    # Seats are counted once, under the lock: what the page said before, whether this fits, and
    # what it says after all follow from this one number.
    taken = occurrence.rsvps.seats_taken()
    had_places = _places_left(occurrence, taken)
    if check_window:
        ensure_bookable(occurrence, now=now)
    elif occurrence.is_cancelled:
        raise BookingClosed(_("This date is not going ahead, so it cannot be booked."))
    if not 1 <= party_size <= occurrence.event.max_party_size:
        raise PartyTooLarge(party_limit_words(occurrence.event.max_party_size))

    existing, feed_secret = _address_history(occurrence, email)
    if existing is not None and existing.status != RSVP.Status.CANCELLED:
        email_after_commit(existing, "existing")
        return _result(BookingResult(rsvp=existing, duplicate=True), party_size)

    fits = _fits(occurrence, party_size, taken=taken)
    status = RSVP.Status.CONFIRMED if fits else RSVP.Status.WAITLISTED
    rsvp = write_seat(
        existing or RSVP(occurrence=occurrence, email=email),
        name=name,
        party_size=party_size,
        access_needs=access_needs,
        phone=phone,
        contact_note=contact_note,
        status=status,
        now=now,
        feedback_wanted=feedback_wanted,
        feed_secret=feed_secret,
        language=language,
    )
    email_after_commit(rsvp, "confirmed" if status == RSVP.Status.CONFIRMED else "waitlisted")
    if _places_left(occurrence, taken + (party_size if fits else 0)) != had_places:
        cache.purge_after_commit(lambda: cache.occurrence_urls(occurrence))
    return _result(BookingResult(rsvp=rsvp), party_size)


def write_seat(
    rsvp,
    *,
    name,
    party_size,
    status,
    now,
    access_needs="",
    phone="",
    contact_note="",
    feedback_wanted=None,
    feed_secret=None,
    enrolment=None,
    language=None,
):
    """Save ``rsvp`` (new, or a cancelled one coming back to life at the back of the queue)
    holding ``status``. The caller holds the date's lock and has checked the seats.

    ``enrolment``: the course place or standing booking this seat belongs to (None keeps what
    the row had, so a skipped date booked again stays part of its standing booking).
    ``language``: the language its e-mails and calendar files are written in; None takes the
    active one, the language the person is booking in."""
    rsvp.name = name.strip()
    rsvp.party_size = party_size
    rsvp.access_needs = access_needs.strip()
    rsvp.phone = phone.strip()
    rsvp.contact_note = contact_note.strip()
    rsvp.status = status
    rsvp.created_at = now
    rsvp.cancelled_at = None
    rsvp.promoted_at = None
    rsvp.offer_expires_at = None
    rsvp.reminder_sent_at = None
    rsvp.feedback_wanted = feedback_wanted
    rsvp.feedback_requested_at = None
    rsvp.pseudonym = pseudonyms.pseudonym(rsvp.email)
    rsvp.pseudonym_key = pseudonyms.key_id()
    if enrolment is not None:
        rsvp.enrolment = enrolment
    if feed_secret is not None:
        rsvp.feed_secret = feed_secret
    rsvp.language = translation.get_language() or "" if language is None else language
    rsvp.save()
    return rsvp


def _address_history(occurrence, email):
    """(the address's booking of ``occurrence`` or None, its latest booking's feed secret or
    None), in one read: its booking of this date first, then its latest. The latest booking is
    one of those two rows, whichever is newer."""
    if not email:
        return None, None
    here = Case(When(occurrence=occurrence, then=Value(0)), default=Value(1))
    rows = list(RSVP.objects.filter(email=email).order_by(here, "-created_at", "-pk")[:2])
    existing = rows[0] if rows and rows[0].occurrence_id == occurrence.pk else None
    latest = max(rows, key=lambda row: (row.created_at, row.pk), default=None)
    return existing, latest.feed_secret if latest else None


def latest_feed_secret(email):
    """The address's latest booking's personal feed secret (one link per person), or None."""
    if not email:
        return None
    return (
        RSVP.objects.filter(email=email)
        .order_by("-created_at")
        .values_list("feed_secret", flat=True)
        .first()
    )


def _result(result, party_size):
    result.outcome = result.visitor_outcome(party_size=party_size)
    return result


@transaction.atomic
def cancel_booking(*, rsvp, now=None, email_kind="cancelled"):
    """The person can't make it: free their seats and offer them to the waiting list in order.

    Declining an offer is cancelling too: its seats pass to the next person waiting. Returns the
    RSVPs offered a place. Cancelling twice changes nothing. ``email_kind`` is what they are
    told ("skipped_date": one date of a standing booking, which goes on).
    """
    occurrence = _lock(rsvp.occurrence_id)
    rsvp = RSVP.objects.get(pk=rsvp.pk)
    now = now or timezone.now()
    if not rsvp.is_active:
        return []
    if now >= occurrence.start:
        raise BookingClosed(_("This date has already started, so the booking cannot be changed."))
    held_seats = rsvp.is_confirmed or rsvp.has_offer
    had_places = has_places(occurrence)
    rsvp.status = RSVP.Status.CANCELLED
    rsvp.cancelled_at = now
    rsvp.offer_expires_at = None
    rsvp.save(update_fields=["status", "cancelled_at", "offer_expires_at", "updated_at"])
    email_after_commit(rsvp, email_kind)
    promoted = _promote(occurrence, now=now) if held_seats else []
    _purge_if_availability_changed(occurrence, had_places)
    return promoted


@transaction.atomic
def change_party_size(*, rsvp, party_size, now=None):
    """Change how many seats a booking holds. Growing needs free seats; shrinking offers them on.

    A waiting party may change freely (and may then fit); one holding an offer grows only into
    free seats, like a booking. Returns the RSVPs offered a place.
    """
    occurrence = _lock(rsvp.occurrence_id)
    rsvp = RSVP.objects.get(pk=rsvp.pk)
    now = now or timezone.now()
    if not rsvp.is_active:
        raise BookingClosed(_("This booking is cancelled; book again from the date's page."))
    if occurrence.is_cancelled:
        raise BookingClosed(_("This date is not going ahead, so the booking cannot be changed."))
    if now >= occurrence.start:
        raise BookingClosed(_("This date has already started, so the booking cannot be changed."))
    limit = occurrence.event.max_party_size
    if not 1 <= party_size <= limit:
        raise PartyTooLarge(party_limit_words(limit))
    if party_size == rsvp.party_size:
        return []
    if (rsvp.is_confirmed or rsvp.has_offer) and party_size > rsvp.party_size:
        taken = occurrence.rsvps.seats_taken() - rsvp.party_size
        if not _fits(occurrence, party_size, taken=taken):
            free = occurrence.event.capacity - taken
            raise OccurrenceFull(
                _(
                    "There are not enough places for %(asked)s: your booking can be for up to "
                    "%(free)s. It stays at %(size)s."
                )
                % {"asked": party_size, "free": free, "size": rsvp.party_size}
            )
    had_places = has_places(occurrence)
    rsvp.party_size = party_size
    rsvp.save(update_fields=["party_size", "updated_at"])
    email_after_commit(rsvp, "changed")
    promoted = _promote(occurrence, now=now)
    _purge_if_availability_changed(occurrence, had_places)
    return promoted


@transaction.atomic
def promote_waiting_list(*, occurrence, now=None):
    """Offer any free seats to the waiting list in order (after a capacity rise, say)."""
    occurrence = _lock(occurrence.pk)
    if occurrence.is_cancelled:
        return []
    had_places = has_places(occurrence)
    promoted = _promote(occurrence, now=now or timezone.now())
    _purge_if_availability_changed(occurrence, had_places)
    return promoted


def due_reminders(*, now=None):
    """Confirmed bookings for dates on the next local calendar day, not yet reminded."""
    now = now or timezone.now()
    rsvps = (
        RSVP.objects.confirmed()
        .exclude(email="")
        .filter(
            reminder_sent_at__isnull=True,
            erased_at__isnull=True,
            occurrence__status=Occurrence.Status.SCHEDULED,
            occurrence__start__gt=now,
            occurrence__start__lt=now + dt.timedelta(days=3),
        )
        .select_related("occurrence__event")
    )
    return [
        r
        for r in rsvps
        if r.occurrence.local_start.date()
        == now.astimezone(r.occurrence.tz).date() + dt.timedelta(1)
    ]


def send_reminders(*, now=None):
    """Queue the day-before reminder for each due booking, once. Returns how many were queued."""
    now = now or timezone.now()
    sent = 0
    for candidate in due_reminders(now=now):
        with transaction.atomic():
            # Claim the row so two runs (or two workers) never send the same reminder twice.
            rsvp = (
                RSVP.objects.select_for_update(skip_locked=True)
                .filter(pk=candidate.pk, reminder_sent_at__isnull=True)
                .first()
            )
            if rsvp is None:
                continue
            rsvp.reminder_sent_at = now
            rsvp.save(update_fields=["reminder_sent_at", "updated_at"])
            email_after_commit(rsvp, "reminder")
            sent += 1
    return sent


# Date changes ----------------------------------------------------------------------------------


def tell_people_date_cancelled(*, occurrence):
    """E-mail everyone booked or waiting that the date is off (with the organiser's reason)."""
    with transaction.atomic():
        for rsvp in occurrence.rsvps.active().not_erased():
            email_after_commit(rsvp, "date_cancelled")


def tell_people_date_moved(*, occurrence, previous):
    """E-mail everyone booked or waiting the new time and place; their bookings follow the date."""
    venue = previous.get("venue")
    extra = {
        "previous_start": previous["start"].isoformat(),
        "previous_venue": getattr(venue, "title", "") if venue else "",
    }
    with transaction.atomic():
        for rsvp in occurrence.rsvps.active().not_erased():
            email_after_commit(rsvp, "date_moved", **extra)


def promote_after_publish(page):
    """A published capacity rise frees seats: offer them on each upcoming date with a queue."""
    waiting = page.occurrences.upcoming().scheduled().filter(rsvps__status=RSVP.Status.WAITLISTED)
    for occurrence in waiting.distinct():
        promote_waiting_list(occurrence=occurrence)
