"""The outbox: one row per e-mail to a booker, from the moment a booking change calls for it.

The sending rules (claim, send, retry, give up) live in events/outbox.py; this module only
stores.
"""

import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["OutboundEmail", "OutboundEmailQuerySet", "new_message_id"]


def new_message_id():
    """A Message-ID made once per e-mail and kept for every attempt, so a repeat is recognisable."""
    domain = urlsplit(settings.BASE_URL).hostname or "hearth.invalid"
    return f"<{uuid.uuid4().hex}@{domain}>"


class OutboundEmailQuerySet(models.QuerySet):
    def claimable(self, now=None):
        """Due to be tried: queued and due, or left sending by a worker whose lease ran out."""
        now = now or timezone.now()
        return self.filter(
            Q(state=OutboundEmail.State.QUEUED, next_attempt_at__lte=now)
            | Q(state=OutboundEmail.State.SENDING, lease_until__lt=now)
        )

    def failed(self):
        return self.filter(state=OutboundEmail.State.FAILED)

    def retrying(self):
        """Waiting for another try after at least one failed attempt."""
        return self.filter(state=OutboundEmail.State.QUEUED, attempts__gt=0)

    def unsent(self):
        return self.filter(
            state__in=[
                OutboundEmail.State.QUEUED,
                OutboundEmail.State.SENDING,
                OutboundEmail.State.FAILED,
            ]
        )


class OutboundEmail(models.Model):
    """One e-mail about one booking, and how far its delivery got.

    Written in the same transaction as the booking change that calls for it, so no commit can
    happen without its e-mail on record. ``message_id`` is fixed here and sent on every
    attempt. ``state`` goes queued -> sending -> sent; a failed attempt puts it back to queued
    with a later ``next_attempt_at``; after the last attempt it is failed (never sent). A row a
    worker left in sending (the worker died) is claimable again once ``lease_until`` passes.
    ``payload`` holds what the e-mail needs beyond the booking (a moved date's old time and
    place, an organiser's subject and text); it is blanked once sent and by the retention purge.
    """

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", _("Booking confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        PROMOTED = "promoted", _("A place came up")
        OFFERED = "offered", _("A place is held for them")
        OFFER_EXPIRED = "offer_expired", _("Their offer ran out")
        EXISTING = "existing", _("Their booking, sent again")
        CHANGED = "changed", _("Booking changed")
        CANCELLED = "cancelled", _("Booking cancelled")
        DATE_CANCELLED = "date_cancelled", _("Date cancelled")
        DATE_MOVED = "date_moved", _("Date moved")
        REMINDER = "reminder", _("Day-before reminder")
        MESSAGE = "message", _("Message from the organiser")
        SKIPPED_DATE = "skipped_date", _("Skipping one date of a standing booking")
        ENROLMENT_ENDED = "enrolment_ended", _("Course place or standing booking cancelled")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be sent")
        SKIPPED = "skipped", _("Not sent: nobody to send it to")

    rsvp = models.ForeignKey("events.RSVP", on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    payload = models.JSONField(default=dict, blank=True)
    message_id = models.CharField(max_length=200, unique=True, default=new_message_id)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # The worker's claim: whoever holds it may send; once the lease runs out, anyone may.
    claimed_by = models.CharField(max_length=64, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    # Why the last attempt failed, in words without the address (see events/outbox.py).
    last_error = models.CharField(max_length=300, blank=True)
    # The id of the request that queued it (hearth.observability fills it in), so the worker's
    # "sent" line can be found from the booking's request in the logs.
    request_id = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outbound e-mail")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_due_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for RSVP {self.rsvp_id} ({self.state})"
