"""Anonymous feedback on one date: single-use invitations and the answers they allow.

The two tables never point at a booking, a person or a pseudonym. An invitation holds a hash of
the token that only the e-mail carries, the date and when it expires; it is deleted when used.
An answer holds the date, the scores, an optional comment and the day it was given, no time: so
nothing written anywhere joins an answer back to whoever gave it.
"""

import datetime as dt
import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AGREEMENT", "FACES", "FEELINGS", "FeedbackAnswer", "FeedbackInvitation"]

# The five faces, saddest first. The words are the accessible names of the faces.
FEELINGS = [
    (1, _("Very low")),
    (2, _("Low")),
    (3, _("Okay")),
    (4, _("Good")),
    (5, _("Very good")),
]
FACES = {1: "😞", 2: "🙁", 3: "😐", 4: "🙂", 5: "😄"}

# "I feel less alone": a five-point agreement scale.
AGREEMENT = [
    (1, _("Strongly disagree")),
    (2, _("Disagree")),
    (3, _("Neither agree nor disagree")),
    (4, _("Agree")),
    (5, _("Strongly agree")),
]


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


class FeedbackInvitationQuerySet(models.QuerySet):
    def valid(self, now):
        return self.filter(expires_at__gt=now)

    def for_token(self, token):
        return self.filter(token_hash=_hash(token or ""))


class FeedbackInvitation(models.Model):
    """A single-use key to answer the question about one date, for whoever holds the e-mail.

    The hash is the primary key, so no sequence number records the order they were sent in;
    the expiry is the same for every invitation of a date, so no time ties one to its booking.
    """

    token_hash = models.CharField(max_length=64, primary_key=True, editable=False)
    occurrence = models.ForeignKey("events.Occurrence", on_delete=models.CASCADE, related_name="+")
    expires_at = models.DateTimeField(db_index=True)

    objects = FeedbackInvitationQuerySet.as_manager()

    def __str__(self):
        return f"Feedback invitation for date {self.occurrence_id}"

    @classmethod
    def expiry_for(cls, occurrence):
        return occurrence.end + dt.timedelta(days=settings.HEARTH_FEEDBACK_LINK_DAYS)

    @classmethod
    def issue(cls, *, occurrence):
        """Store a new invitation for ``occurrence``; return its token (stored nowhere)."""
        token = secrets.token_urlsafe(32)
        cls.objects.create(
            token_hash=_hash(token), occurrence=occurrence, expires_at=cls.expiry_for(occurrence)
        )
        return token

    @classmethod
    def withdraw(cls, token):
        """Delete the invitation of ``token`` (its e-mail was never sent)."""
        cls.objects.for_token(token).delete()


class FeedbackAnswer(models.Model):
    """One anonymous answer about one date. Only the date, the scores, a comment and the day.

    A random id rather than a sequence, so not even the order of answering is kept.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    occurrence = models.ForeignKey(
        "events.Occurrence", on_delete=models.CASCADE, related_name="feedback_answers"
    )
    answered_on = models.DateField(help_text=_("The day of the answer (never the time)."))
    feeling = models.PositiveSmallIntegerField(choices=FEELINGS)
    less_alone = models.PositiveSmallIntegerField(
        "I feel less alone", choices=AGREEMENT, null=True, blank=True
    )
    comment = models.TextField(max_length=1000, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(feeling__gte=1, feeling__lte=5), name="feedback_feeling_1_to_5"
            ),
            models.CheckConstraint(
                condition=models.Q(less_alone__isnull=True)
                | models.Q(less_alone__gte=1, less_alone__lte=5),
                name="feedback_less_alone_1_to_5",
            ),
        ]

    def __str__(self):
        return f"Feedback on date {self.occurrence_id}"
