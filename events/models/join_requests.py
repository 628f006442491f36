"""Requests to join: someone asking an ask-first or closed group for a place.

The rules (who is told, offering a place, replies, erasure) live in
events/services/join_requests.py; this module only stores. A request holds personal data as an
RSVP does: it is never part of a page revision, the search index or a public page, and its
name, address and message are erased after the retention window.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["JoinRequest", "JoinRequestQuerySet"]


class JoinRequestQuerySet(models.QuerySet):
    def open(self):
        """Still waiting for an organiser: new, or answered but not closed."""
        return self.filter(
            status__in=[JoinRequest.Status.NEW, JoinRequest.Status.REPLIED],
            erased_at__isnull=True,
        )

    def not_erased(self):
        return self.filter(erased_at__isnull=True)


class JoinRequest(models.Model):
    """One person's request to join a gathering whose newcomers ask first.

    ``__str__`` never names the person: audit-log labels outlive the erasure of the request.
    """

    class Status(models.TextChoices):
        NEW = "new", _("New")
        OFFERED = "offered", _("Offered a place")
        REPLIED = "replied", _("Replied")
        CLOSED = "closed", _("Closed")

    event = models.ForeignKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="join_requests"
    )
    name = models.CharField(max_length=100, blank=True)
    # Stored lower-cased, as RSVPs are (booking.normalise_email).
    email = models.EmailField(max_length=254, blank=True)
    message = models.TextField(max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    rsvp = models.ForeignKey(
        "events.RSVP",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The booking an offered place became."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = JoinRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["event", "status", "created_at"], name="join_request_event_idx"),
        ]

    def __str__(self):
        return f"Request to join #{self.pk}"
