"""One number that rises whenever anything the public calendar feeds show may have changed.

A feed's ETag and cache key are made from it (with the feed's scope and the day), so answering a
calendar app's poll, a 304 included, is one primary-key read, whatever the size of the
programme. The number is in the database, not a per-process cache, so every worker and app
server sees a change at once. It is raised in the same transaction as any change to dates,
gatherings, venues or categories (events/receivers.py): it commits, or rolls back, with them.
Its row stays locked until that commit, so changes to the programme (publishing, cancelling a
date) queue behind each other for that moment; bookings never touch it.

A second row counts changes that only pages show (menus, snippets, images, a date filling up or
freeing a place): the page cache (hearth/pagecache.py) keys a rendered page by both rows.
"""

import datetime as dt

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


# The rows: what the calendar feeds show, and what any public page shows (raised after commit by
# ``bump_pages``; a page shows everything a feed does, so the page cache reads both rows).
FEEDS = 1
PAGES = 2


class FeedGeneration(models.Model):
    value = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("feed generation")

    def __str__(self):
        return f"Feed generation {self.value}"

    @classmethod
    def current(cls):
        """(value, changed_at) of the feeds' row; (0, 2000-01-01) before anything has changed."""
        row = cls.objects.filter(pk=FEEDS).values_list("value", "changed_at").first()
        return row or (0, EPOCH)

    @classmethod
    def pages_version(cls):
        """One number for everything public pages show: both rows, in one primary-key read."""
        values = dict(cls.objects.filter(pk__in=(FEEDS, PAGES)).values_list("pk", "value"))
        return f"{values.get(FEEDS, 0)}.{values.get(PAGES, 0)}"

    @classmethod
    def bump(cls, key=FEEDS):
        now = timezone.now()
        if not cls.objects.filter(pk=key).update(value=F("value") + 1, changed_at=now):
            cls.objects.get_or_create(pk=key, defaults={"value": 1, "changed_at": now})

    @classmethod
    def bump_pages(cls):
        """Something only pages show changed (a menu, a snippet, seats running out): once the
        change has committed, in a short transaction of its own. So no lock is held across an
        editor's transaction, and a page cached under the old number is never read again."""
        transaction.on_commit(lambda: cls.bump(PAGES), robust=True)
