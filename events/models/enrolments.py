"""Enrolments: one booking that spans several dates of a gathering.

A course place holds a seat on every date of a course; a standing booking ("book every week")
holds one on each date of an open recurring gathering as it is stored. Either way the seats are
ordinary per-date ``RSVP`` rows that point back here, so attendee lists, check-in, reports and
erasure keep working date by date. The enrolment itself keeps no personal data: a person's name
and address live on its RSVP rows only, and are erased with them.

The rules live in events/services/courses.py and events/services/regulars.py.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["Enrolment", "EnrolmentQuerySet"]


class EnrolmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Enrolment.Status.ACTIVE)

    def courses(self):
        return self.filter(kind=Enrolment.Kind.COURSE)

    def standing(self):
        return self.filter(kind=Enrolment.Kind.STANDING)


class Enrolment(models.Model):
    """A course place or a standing booking; its per-date seats are ``rsvps``.

    ``status`` is the enrolment's own: a standing booking stays active while single dates are
    skipped (those RSVPs are cancelled); cancelling the enrolment cancels its remaining dates.
    """

    class Kind(models.TextChoices):
        COURSE = "course", _("Course place")
        STANDING = "standing", _("Every week")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="enrolments"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    party_size = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["event", "kind", "status"], name="enrolment_event_kind_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk} for {self.event_id} ({self.status})"

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    @property
    def is_course(self):
        return self.kind == self.Kind.COURSE

    @property
    def is_standing(self):
        return self.kind == self.Kind.STANDING
