"""Stored occurrences: one row per dated instance of a gathering, in UTC."""

from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from events.dates_text import date_text, time_text
from events.models.rsvps import RSVP, holding_seats_via
from events.schedule import clock_span
from hearth import translations

# What the schedule sync writes on a date it cancels (events/services/dates.py). Stored as
# written, like an organiser's note; shown in the reader's language (``note_text``).
REMOVED_NOTE = gettext_noop("This date is no longer part of the schedule.")
UNPUBLISHED_NOTE = gettext_noop("This gathering is not running at the moment.")
SCHEDULE_NOTES = {REMOVED_NOTE, UNPUBLISHED_NOTE}


class OccurrenceQuerySet(models.QuerySet):
    def public(self):
        """What visitors see: dates of published gatherings.

        Dates a schedule change removed are left out: their people were e-mailed, the feeds
        carry the ones that matter as cancelled, and listing a year of them would bury the real
        dates.
        """
        return self.filter(event__live=True, removed_from_schedule=False)

    def in_feeds(self):
        """What calendar feeds carry: every date except those a schedule edit dropped quietly.

        A dropped date nobody had booked, far enough ahead, is simply absent from feeds rather
        than a "Cancelled" entry in every subscriber's calendar (see ``dropped_quietly``).
        """
        return self.exclude(removed_from_schedule=True, dropped_quietly=True)

    def upcoming(self, now=None):
        """Not yet over."""
        return self.filter(end__gt=now or timezone.now())

    def scheduled(self):
        return self.filter(status=Occurrence.Status.SCHEDULED)

    def between(self, start, end):
        return self.filter(start__gte=start, start__lt=end)

    def at_venue(self, venue):
        """Held at ``venue``: moved there, or at their gathering's usual venue and not moved."""
        return self.filter(Q(venue=venue) | Q(venue__isnull=True, event__venue=venue))

    def with_attendance(self):
        """Annotate ``booked`` (seats held, checked-in included) and ``waiting`` (parties)."""
        # Seats held include offers (nobody else can take them), as under the booking lock.
        return self.annotate(
            booked=Coalesce(Sum("rsvps__party_size", filter=holding_seats_via("rsvps__")), 0),
            waiting=Count("rsvps", filter=Q(rsvps__status=RSVP.Status.WAITLISTED)),
        )

    def with_seats_taken(self):
        """Annotate ``seats_taken`` (party sizes of bookings holding seats) with a subquery.

        A subquery rather than a join, so it composes with ``select_related`` and paging and a
        whole listing's availability costs no extra query.
        """
        seats = (
            RSVP.objects.filter(holding_seats_via(), occurrence=OuterRef("pk"))
            .order_by()
            .values("occurrence")
            .annotate(seats=Sum("party_size"))
            .values("seats")
        )
        return self.annotate(seats_taken=Coalesce(Subquery(seats), 0))

    def with_related(self):
        return self.select_related("event", "event__category", "event__venue", "venue")

    def in_visitor_language(self):
        """When evaluated, each date's gathering and venue show their translation in the active
        language where they have one (hearth/translations.py): one query per kind of page for
        the whole list, none in the site's own language. For lists loaded ``with_related``."""
        clone = self._chain()
        clone._in_visitor_language = True
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._in_visitor_language = getattr(self, "_in_visitor_language", False)
        return clone

    def _fetch_all(self):
        loading = self._result_cache is None
        super()._fetch_all()
        if loading and getattr(self, "_in_visitor_language", False):
            show_in_visitor_language(self._result_cache)


class Occurrence(models.Model):
    """One dated instance of a gathering.

    Its identity is ``original_start``, the start the schedule gave it (the iCalendar
    RECURRENCE-ID); ``start``, ``end``, ``venue`` and ``status`` may differ when an organiser moves
    or cancels the date. ``is_exception`` marks organiser changes, which survive rule edits.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Going ahead")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="occurrences"
    )
    original_start = models.DateTimeField(
        help_text=_("The start the schedule gave this date (UTC).")
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    venue = models.ForeignKey(
        "venues.VenuePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Only when this date is somewhere other than the gathering's usual venue."),
    )
    note = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("Shown to the public: why this date is cancelled or moved."),
    )
    is_exception = models.BooleanField(
        default=False, help_text=_("Changed by an organiser; kept when the schedule is edited.")
    )
    removed_from_schedule = models.BooleanField(
        default=False, help_text=_("The schedule no longer gives this date.")
    )
    dropped_quietly = models.BooleanField(
        default=False,
        help_text=_(
            "Dropped by a schedule edit with nobody booked and far enough ahead that "
            "nobody will have planned for it: feeds leave it out instead of showing it cancelled."
        ),
    )
    sequence = models.PositiveIntegerField(
        default=0, help_text=_("Rises with each change (iCalendar).")
    )
    # A count only: who walked in is nobody's business but theirs. Changed with F() updates
    # (events.services.attendees.count_walk_in), so two volunteers counting at once both count.
    walk_ins = models.PositiveIntegerField(
        default=0, help_text=_("People counted at the door who had not booked.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("date")
        verbose_name_plural = _("dates")
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "original_start"], name="unique_occurrence_per_original_start"
            ),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="occurrence_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["start"], name="occurrence_start_idx"),
            models.Index(fields=["event", "start"], name="occurrence_event_start_idx"),
        ]

    def __str__(self):
        start = self.local_start
        return f"{self.event.title}, {date_text(start, 'short_year')} {time_text(start)}"

    @property
    def tz(self):
        return self.event.tz

    @property
    def local_start(self):
        return self.start.astimezone(self.tz)

    @property
    def local_end(self):
        return self.end.astimezone(self.tz)

    @property
    def local_hours(self):
        """ "19:00–20:30" in the gathering's zone; offsets named where the clocks change."""
        return clock_span(self.local_start, self.local_end)

    @property
    def local_original_start(self):
        return self.original_start.astimezone(self.tz)

    @property
    def note_text(self):
        """The note to show: an organiser's as they wrote it, the schedule's own in the active
        language."""
        return gettext(self.note) if self.note in SCHEDULE_NOTES else self.note

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_moved(self):
        """Moved in time or place by an organiser (and still going ahead)."""
        return not self.is_cancelled and (
            self.start != self.original_start or self.venue_id is not None
        )

    @property
    def date_slug(self):
        """The stable key of this date in URLs: the local date the schedule gave it."""
        return self.local_original_start.date().isoformat()

    @property
    def effective_venue(self):
        return self.venue or self.event.venue


def show_in_visitor_language(occurrences):
    """The gatherings and venues of loaded ``occurrences`` in the visitor's language."""
    dates = [o for o in occurrences if isinstance(o, Occurrence)]
    if not dates:
        return occurrences
    translations.show_in_visitor_language([o.event for o in dates])
    # Only venues loaded with the dates (``with_related``): never a query per date.
    venues = [o.venue for o in dates if o.venue_id and "venue" in o._state.fields_cache]
    venues += [
        o.event.venue for o in dates if o.event.venue_id and "venue" in o.event._state.fields_cache
    ]
    translations.show_in_visitor_language(venues)
    return occurrences
