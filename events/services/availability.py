"""How full a date is, in words people choose by: places available, a few left, full, ...

Listings never show the exact number of free seats. An exact count would tell anyone who books
with someone else's address whether that person had booked (a repeat booking takes no seat), so
it was removed. A band changes only at two thresholds (a few left, full), and a repeat booking
never changes the seats, so it never changes the band: the page after booking with an address
that had booked reads exactly as the page before. The "full" edge is the one fact any booking
form has to give (whether a place can be had); the "few" edge tells no more than it does.
"""

import math
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from events.dates_text import date_text, time_text
from events.models import Intake
from events.services.booking import booking_opens_at, booking_state

# "A few places left": at most this many seats, or this share of the capacity if larger.
FEW_SEATS = 3
FEW_SHARE = 0.2


@dataclass(frozen=True)
class Band:
    """One availability band: ``key`` for styling and tests, ``label`` for people.

    ``state`` is the booking form's state (events.services.booking.booking_state): "open" when
    the date's form takes a booking, or a place on the waiting list, right now.
    """

    key: str
    label: str
    state: str = "open"
    brief: str = ""

    @property
    def bookable(self):
        return self.state == "open"

    @property
    def short(self):
        """A word or two for a month calendar's narrow cells."""
        return self.brief or SHORT_LABELS.get(self.key, self.label)


SHORT_LABELS = {
    "available": pgettext_lazy("a month calendar's cell", "places"),
    "few": pgettext_lazy("a month calendar's cell", "few left"),
    "full": pgettext_lazy("a month calendar's cell", "full"),
    "full_closed": pgettext_lazy("a month calendar's cell", "full"),
    "ask": pgettext_lazy("a month calendar's cell", "ask first"),
    "no_booking": pgettext_lazy("a month calendar's cell", "drop in"),
    "closed": pgettext_lazy("a month calendar's cell", "closed"),
}


def seats_taken(occurrence):
    """Seats held, from the listing's annotation when present (no query), else counted."""
    annotated = getattr(occurrence, "seats_taken", None)
    if annotated is not None:
        return annotated
    return occurrence.rsvps.seats_taken()


def few_left_threshold(capacity):
    return max(FEW_SEATS, math.ceil(capacity * FEW_SHARE))


def band_for(occurrence, *, now=None):
    """The availability band of ``occurrence`` at ``now``, from the real seat count."""
    event = occurrence.event
    state = booking_state(occurrence, now=now)
    if state == "cancelled":
        return Band("cancelled", _("Cancelled"), state)
    if state == "ask":
        label = _("Closed group: ask to join") if event.intake == Intake.CLOSED else _("Ask first")
        return Band("ask", label, state)
    # The call's link comes with a booking, so online dates are booked even without a limit.
    if event.capacity is None and not event.offers_online:
        return Band("no_booking", _("No booking needed"), state)
    left = None if event.capacity is None else max(0, event.capacity - seats_taken(occurrence))
    if left == 0:
        if state == "closed":
            return Band("full_closed", _("Full"), state)
        return Band("full", _("Full – join the waiting list"), state)
    if state == "closed":
        return Band("closed", _("Booking closed"), state)
    if state == "not_yet":
        opens = booking_opens_at(occurrence)
        today = (now or timezone.now()).astimezone(occurrence.tz).date()
        if opens.date() == today:
            return Band(
                "not_yet",
                _("Booking opens today at %(time)s") % {"time": time_text(opens)},
                state,
                _("opens today"),
            )
        return Band(
            "not_yet",
            _("Booking opens %(day)s") % {"day": date_text(opens, "short")},
            state,
            _("opens %(day)s") % {"day": date_text(opens, "day_short_month")},
        )
    if left is not None and left <= few_left_threshold(event.capacity):
        return Band("few", _("A few places left"), state)
    return Band("available", _("Places available"), state)
