"""RSVPs: one person's booking for one occurrence.

The rules (seats, waiting list, promotion) live in events/services/booking.py; this module only
stores.
"""

import re
import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = [
    "RSVP",
    "TOKEN_PATTERN",
    "RSVPQuerySet",
    "holding_seats_via",
    "is_token_shaped",
    "new_token",
]


def new_token():
    """An unguessable secret for links: 32 random bytes (256 bits), URL-safe."""
    return secrets.token_urlsafe(32)


# What new_token makes (URL-safe base64); anything else in a link is no token of ours, and is
# never sent to the database (PostgreSQL refuses a NUL byte in a query).
TOKEN_PATTERN = r"[A-Za-z0-9_-]{1,64}"  # noqa: S105 - a shape, not a secret
_TOKEN = re.compile(TOKEN_PATTERN)


def is_token_shaped(value):
    """Whether ``value`` could be a token or feed secret made by ``new_token``."""
    return isinstance(value, str) and _TOKEN.fullmatch(value) is not None


def holding_seats_via(prefix=""):
    """Who takes seats, as one condition: booked, checked in, or holding an offer.

    ``prefix`` reaches RSVPs from another model ("rsvps__" from occurrences), so every count of
    seats (under the lock, and in listings' availability) agrees.
    """
    return Q(**{f"{prefix}status__in": ["confirmed", "attended"]}) | Q(
        **{f"{prefix}status": "waitlisted", f"{prefix}offer_expires_at__isnull": False}
    )


class RSVPQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=RSVP.Status.CONFIRMED)

    def waiting(self):
        """The waiting list still waiting for an offer, first come first served."""
        return self.filter(status=RSVP.Status.WAITLISTED, offer_expires_at__isnull=True).order_by(
            "created_at", "id"
        )

    def single_dates(self):
        """Not part of a course place: a course's seats are given for the whole course only."""
        return self.exclude(enrolment__kind="course")

    def offered(self):
        """Waiting parties holding an offer of a place (events/services/offers.py)."""
        return self.filter(status=RSVP.Status.WAITLISTED, offer_expires_at__isnull=False)

    def active(self):
        """Booked or waiting: the people to tell when a date changes."""
        return self.filter(status__in=[RSVP.Status.CONFIRMED, RSVP.Status.WAITLISTED])

    def holding_seats(self):
        """Booked, checked in at the door, or holding an offer: all take seats.

        A held offer counts as taken so nobody else can book the place while it is held.
        """
        return self.filter(holding_seats_via())

    def seats_taken(self):
        """Seats held by bookings (party sizes, not people), including people checked in."""
        return self.holding_seats().aggregate(seats=Sum("party_size"))["seats"] or 0

    def not_erased(self):
        return self.filter(erased_at__isnull=True)


class RSVP(models.Model):
    """One person's booking (or place in the queue) for one occurrence.

    ``token`` is the only key to the manage page; it is never shown on a public page. After the
    retention window the personal fields are blanked and the token replaced (counts survive).
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Booked")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")

    occurrence = models.ForeignKey(
        "events.Occurrence", on_delete=models.CASCADE, related_name="rsvps"
    )
    # Set when this seat is one date of a course place or a standing booking (enrolments.py).
    enrolment = models.ForeignKey(
        "events.Enrolment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rsvps",
    )
    name = models.CharField(max_length=100, blank=True)
    # Stored lower-cased (booking.normalise_email) so "Ann@X" and "ann@x" are one person.
    email = models.EmailField(max_length=254, blank=True)
    party_size = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    # A booking taken by hand may have no e-mail address (a phone call from someone who has
    # none): then the organiser keeps a phone number or a note instead, and no e-mail is sent.
    phone = models.CharField(
        max_length=40, blank=True, help_text=_("Seen by organisers only; erased with the booking.")
    )
    contact_note = models.CharField(
        max_length=200,
        blank=True,
        help_text=_(
            "How to reach them without e-mail, or that there is no way to. "
            "Seen by organisers only; erased with the booking."
        ),
    )
    access_needs = models.TextField(
        max_length=500, blank=True, help_text=_("Seen by organisers only.")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    feed_secret = models.CharField(
        max_length=64,
        default=new_token,
        editable=False,
        db_index=True,
        help_text=_("Shared by one address's bookings: the key to a personal calendar feed."),
    )
    discreet_title = models.CharField(
        max_length=80,
        blank=True,
        help_text=_("Used instead of the gathering's name in this person's e-mails and calendar."),
    )
    # Kept when the personal data is erased: reports count unique and returning people with it.
    pseudonym = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("A keyed hash of the e-mail address (services/pseudonyms.py); never shown."),
    )
    pseudonym_key = models.CharField(
        max_length=8,
        blank=True,
        editable=False,
        help_text=_("Which key made the pseudonym: pseudonyms of different keys never match."),
    )
    feedback_wanted = models.BooleanField(
        null=True,
        blank=True,
        help_text=_(
            "The feedback question after the date: yes, no, or unset (then yes unless the "
            "booking has a discreet title)."
        ),
    )
    feedback_requested_at = models.DateTimeField(null=True, blank=True)
    # The language the booking was made in (a code of settings.LANGUAGES): its e-mails and
    # calendar files are written in it. Empty: the site's language (bookings made before).
    language = models.CharField(max_length=16, blank=True, default="")
    # The queue position is by created_at (set under the occurrence lock, see booking.book).
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Set while a waiting party holds an offer of a freed place (its seats count as taken). Kept
    # on a booking whose offer ran out (status cancelled), so its link can say so kindly.
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = RSVPQuerySet.as_manager()

    class Meta:
        verbose_name = _("RSVP")
        ordering = ["created_at", "id"]
        constraints = [
            # One booking per address per date; erased rows have no address and do not count.
            models.UniqueConstraint(
                fields=["occurrence", "email"],
                condition=~Q(email=""),
                name="one_rsvp_per_email_per_occurrence",
            ),
            models.CheckConstraint(condition=Q(party_size__gte=1), name="rsvp_party_at_least_one"),
        ]
        indexes = [
            models.Index(fields=["occurrence", "status", "created_at"], name="rsvp_queue_idx"),
            # Booking looks up the address's latest booking (to keep one personal feed link).
            models.Index(fields=["email", "-created_at"], name="rsvp_email_latest_idx"),
        ]

    def __str__(self):
        return f"{self.name or 'Erased'} ({self.party_size}) for {self.occurrence_id}"

    @property
    def is_active(self):
        return self.status in {self.Status.CONFIRMED, self.Status.WAITLISTED}

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED

    @property
    def is_waitlisted(self):
        return self.status == self.Status.WAITLISTED

    @property
    def has_offer(self):
        """Waiting, and holding an offer of a place until ``offer_expires_at``."""
        return self.is_waitlisted and self.offer_expires_at is not None

    def local_offer_expires_at(self):
        """When the held place goes on, in the gathering's zone (None: no offer held)."""
        if not self.has_offer:
            return None
        return self.offer_expires_at.astimezone(self.occurrence.tz)

    @property
    def has_email(self):
        return bool(self.email)

    def without_email_summary(self):
        """For organisers: "No e-mail: phone …" when nothing can reach this person by e-mail."""
        if self.email or self.erased_at is not None:
            return ""
        ways = [f"phone {self.phone}" if self.phone else "", self.contact_note]
        return "No e-mail: " + ("; ".join(w for w in ways if w) or "no way to reach them")

    @property
    def wants_feedback(self):
        """Asked for the feedback question, or did not say no (discreet bookings must ask)."""
        if self.feedback_wanted is not None:
            return self.feedback_wanted
        return not self.discreet_title

    @property
    def title(self):
        """What this person's own e-mails and calendar call the gathering."""
        return self.discreet_title or self.occurrence.event.title

    def waitlist_position(self):
        """1 for the first person waiting; None when not waiting."""
        if not self.is_waitlisted or self.has_offer:
            return None
        ahead = (
            RSVP.objects.waiting()
            .filter(occurrence_id=self.occurrence_id)
            .filter(
                Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, id__lt=self.id)
            )
            .count()
        )
        return ahead + 1
