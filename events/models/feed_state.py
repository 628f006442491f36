"""One number that rises whenever anything the public calendar feeds show may have changed.

A feed's ETag and cache key are made from it (with the feed's scope and the day), so answering a
calendar app's poll, a 304 included, is one primary-key read, whatever the size of the
programme. The number is in the database, not a per-process cache, so every worker and app
server sees a change at once. It is raised in the same transaction as any change to dates,
gatherings, venues or categories (events/receivers.py): it commits, or rolls back, with them.
Its row stays locked until that commit, so changes to the programme (publishing, cancelling a
date) queue behind each other for that moment; bookings never touch it.
"""

import datetime as dt

from django.db import models
from django.db.models import F
from django.utils import timezone

EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


class FeedGeneration(models.Model):
    value = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "feed generation"

    def __str__(self):
        return f"Feed generation {self.value}"

    @classmethod
    def current(cls):
        """(value, changed_at); (0, 2000-01-01) before anything has changed."""
        row = cls.objects.filter(pk=1).values_list("value", "changed_at").first()
        return row or (0, EPOCH)

    @classmethod
    def bump(cls):
        now = timezone.now()
        if not cls.objects.filter(pk=1).update(value=F("value") + 1, changed_at=now):
            cls.objects.get_or_create(pk=1, defaults={"value": 1, "changed_at": now})
