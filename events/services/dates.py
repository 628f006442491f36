"""Dates: keeping stored occurrences in step with each schedule; cancelling or moving one date.

Occurrences are materialised over a rolling horizon so that listings and feeds read one indexed
table. A rebuild matches existing rows by the local date the schedule gave them, so bookings and
organiser changes survive edits of the rule (even a new start time).

What a rule edit does to each stored future date:
- the rule still gives its local date: it follows the rule's time, unless an organiser moved or
  cancelled it (``is_exception``), which is kept as the organiser left it;
- the rule no longer gives it and an organiser had changed it: kept as the organiser left it (a
  moved date still goes ahead where it was moved to, a cancelled one stays cancelled with its
  reason), because the organiser decided about that one date after the rule was set;
- the rule no longer gives it otherwise: cancelled and marked removed, never deleted, so people
  booked are told. Subscribers see it as cancelled only where that helps someone: it had
  bookings, or it was within ``HEARTH_FEED_DROPPED_NOTICE_DAYS``; otherwise it is dropped quietly
  (left out of feeds, see ``Occurrence.dropped_quietly``).

People booked on a date are told of a cancellation or move once the change commits
(events/services/booking.py sends the e-mails), and the pages that show the date are purged from
the front cache (events/services/cache.py).
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from events.models import RSVP, EventPage, FeedGeneration, Occurrence
from events.models.occurrences import REMOVED_NOTE, UNPUBLISHED_NOTE
from events.schedule import local_date
from events.services import booking, cache, courses, regulars
from hearth import translations


def horizon_end(now):
    return now + dt.timedelta(days=settings.HEARTH_OCCURRENCE_HORIZON_DAYS)


def _state(occurrence):
    """What a resync may change about a stored date (a change raises its SEQUENCE)."""
    o = occurrence
    return (o.original_start, o.start, o.end, o.status, o.removed_from_schedule)


def _cancel(occurrence, note, *, removed):
    occurrence.status = Occurrence.Status.CANCELLED
    occurrence.removed_from_schedule = removed
    # An organiser's note ("this week we meet on Friday") no longer applies to a removed date.
    occurrence.note = note
    occurrence.sequence += 1


def _drops_quietly(occurrence, now):
    """Whether subscribers can do without a "Cancelled" entry for this dropped date.

    Nobody holds a place or waits for one, and it is further ahead than people plan.
    """
    notice = dt.timedelta(days=settings.HEARTH_FEED_DROPPED_NOTICE_DAYS)
    return not occurrence.has_bookings and occurrence.start - now > notice


def _follow_slot(occurrence, slot):
    """Bring a stored date the rule still gives into line with the rule's ``slot``."""
    if occurrence.removed_from_schedule:
        # Back in the schedule (a rule edit undone, or republished): undo what dropping it did,
        # keeping an organiser's move.
        _restore_dropped(occurrence)
    occurrence.original_start = slot.start
    if not occurrence.is_exception:
        occurrence.start = slot.start
        occurrence.end = slot.end
        occurrence.status = Occurrence.Status.SCHEDULED
        occurrence.note = ""


def _restore_dropped(occurrence):
    occurrence.removed_from_schedule = False
    occurrence.dropped_quietly = False
    occurrence.status = Occurrence.Status.SCHEDULED
    occurrence.note = ""


def _stored_future_dates(event, now):
    """The stored dates from ``now`` on, by the local date the schedule gave them."""
    booked = RSVP.objects.active().filter(occurrence=OuterRef("pk"))
    rows = event.occurrences.filter(original_start__gte=now).annotate(has_bookings=Exists(booked))
    return {local_date(o.original_start, event.tz): o for o in rows}


@transaction.atomic
def sync_occurrences(event, *, now=None):
    """Make the stored future occurrences of ``event`` match its live schedule. Idempotent.

    Returns a dict with the counts created, updated and cancelled. Past dates are never touched,
    and neither is an organiser's change to one date (see the module docstring).
    """
    now = now or timezone.now()
    # Lock the gathering's row so two publishes of the same page cannot interleave their rebuilds.
    EventPage.objects.select_for_update().filter(pk=event.pk).first()
    existing = _stored_future_dates(event, now)
    wanted = {}
    if event.live:
        for slot in event.slots(now, horizon_end(now)):
            wanted.setdefault(local_date(slot.start, event.tz), slot)

    to_create, changed, cancelled = [], [], []
    for day, slot in wanted.items():
        occurrence = existing.get(day)
        if occurrence is None:
            to_create.append(
                Occurrence(event=event, original_start=slot.start, start=slot.start, end=slot.end)
            )
            continue
        before = _state(occurrence)
        _follow_slot(occurrence, slot)
        if before != _state(occurrence):
            occurrence.sequence += 1
            changed.append(occurrence)

    for day, occurrence in existing.items():
        if day in wanted:
            continue
        if occurrence.is_exception and event.live:
            if occurrence.removed_from_schedule:
                # Cancelled only because the gathering was unpublished: the move stands again.
                _restore_dropped(occurrence)
                occurrence.sequence += 1
                changed.append(occurrence)
            continue
        if occurrence.status == Occurrence.Status.CANCELLED:
            continue
        if event.live:
            _cancel(occurrence, REMOVED_NOTE, removed=True)
            occurrence.dropped_quietly = _drops_quietly(occurrence, now)
        else:
            _cancel(occurrence, UNPUBLISHED_NOTE, removed=True)
        changed.append(occurrence)
        cancelled.append(occurrence)

    Occurrence.objects.bulk_create(to_create)
    if to_create:
        FeedGeneration.bump()  # bulk_create sends no post_save
        # Course members and regulars take their places on each new date before anyone else
        # can see it.
        new_dates = event.occurrences.filter(
            original_start__in=[o.original_start for o in to_create]
        )
        if event.is_course:
            courses.take_places_on_new_dates(event=event, occurrences=list(new_dates), now=now)
        else:
            regulars.take_places_on_new_dates(event=event, occurrences=list(new_dates), now=now)
    for occurrence in changed:
        occurrence.save()
    # The e-mails go in the outbox in this same transaction: sent once it commits, never without.
    for occurrence in cancelled:
        booking.tell_people_date_cancelled(occurrence=occurrence)
    return {
        "created": len(to_create),
        "updated": len(changed) - len(cancelled),
        "cancelled": len(cancelled),
    }


def share_with_translations(event, *, only=None):
    """Give ``event``'s translations (or just ``only``) its schedule, places and booking rules."""
    translated = EventPage.objects.filter(translation_key=event.translation_key).exclude(
        pk=event.pk
    )
    if only is not None:
        translated = translated.filter(pk=only.pk)
    fields = [EventPage._meta.get_field(name).attname for name in EventPage.SHARED_FIELDS]
    translated.update(**{field: getattr(event, field) for field in fields})
    # Who leads it is read from the source when a translation is shown (EventPage.source).


def extend_horizon(*, now=None):
    """Sync every live gathering, adding the dates that entered the horizon. Returns totals."""
    totals = {"events": 0, "created": 0, "updated": 0, "cancelled": 0}
    changed = []
    for event in translations.in_site_language(EventPage.objects.live()).iterator():
        counts = sync_occurrences(event, now=now)
        totals["events"] += 1
        for key, value in counts.items():
            totals[key] += value
        if any(counts.values()):
            cache.purge_after_commit(lambda event=event: cache.gathering_urls(event))
            changed.append(event.pk)
    # One task for every gathering the horizon moved, not one each.
    cache.feed_parts_after_commit(changed)
    return totals


@transaction.atomic
def cancel_occurrence(occurrence, *, reason):
    """Cancel one date with a reason the public sees. Attendees are told after commit."""
    occurrence = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
    if occurrence.is_cancelled and occurrence.note == reason:
        return occurrence
    occurrence.status = Occurrence.Status.CANCELLED
    occurrence.note = reason
    occurrence.is_exception = True
    # From now on this date is the organiser's decision, whatever happened to it before.
    occurrence.removed_from_schedule = False
    occurrence.dropped_quietly = False
    occurrence.sequence += 1
    occurrence.save()
    booking.tell_people_date_cancelled(occurrence=occurrence)  # outbox, same transaction
    cache.purge_after_commit(lambda: cache.occurrence_urls(occurrence))
    cache.feed_parts_after_commit([occurrence.event_id])
    return occurrence


@transaction.atomic
def move_occurrence(occurrence, *, start, end, venue=None, note=""):
    """Move one date to another start, end or venue (``venue=None``: the usual venue)."""
    occurrence = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
    previous = {
        "start": occurrence.start,
        "end": occurrence.end,
        "venue": occurrence.effective_venue,
    }
    occurrence.start = start
    occurrence.end = end
    occurrence.venue = venue
    occurrence.note = note
    occurrence.status = Occurrence.Status.SCHEDULED
    occurrence.removed_from_schedule = False
    occurrence.dropped_quietly = False
    occurrence.is_exception = True
    occurrence.sequence += 1
    occurrence.save()
    booking.tell_people_date_moved(occurrence=occurrence, previous=previous)  # outbox, same txn
    cache.purge_after_commit(
        lambda: cache.occurrence_urls(occurrence, previous_venue=previous["venue"])
    )
    cache.feed_parts_after_commit([occurrence.event_id])
    return occurrence


@transaction.atomic
def restore_occurrence(occurrence):
    """Undo an organiser's change: the date goes ahead as the schedule gives it."""
    occurrence = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
    moved_to = occurrence.venue
    occurrence.status = Occurrence.Status.SCHEDULED
    occurrence.start = occurrence.original_start
    occurrence.end = occurrence.original_start + occurrence.event.duration
    occurrence.venue = None
    occurrence.note = ""
    occurrence.is_exception = False
    occurrence.sequence += 1
    occurrence.save()
    cache.purge_after_commit(lambda: cache.occurrence_urls(occurrence, previous_venue=moved_to))
    cache.feed_parts_after_commit([occurrence.event_id])
    return occurrence


def publish_changed(page):
    """What a publish or unpublish of ``page`` sets going, in this order.

    First the stored dates follow the schedule (new dates appear, dropped ones are cancelled and
    their people told); then any seats a capacity rise freed go to the waiting lists, on the
    dates as they now stand; last, every page and feed that shows the dates is purged from the
    front cache (Wagtail purges the gathering's own pages).
    """
    page.refresh_from_db(fields=["live"])
    if not translations.is_source(page):
        # A translation owns no dates: it shows its source's, and takes the source's schedule,
        # places and rules, whatever its editor held (hearth/translations.py).
        source = translations.source_of(page)
        if source is not page:
            share_with_translations(source, only=page)
            cache.purge_after_commit(lambda: cache.gathering_urls(source))
        return
    sync_occurrences(page)
    share_with_translations(page)
    if page.live:
        booking.promote_after_publish(page)
        if page.is_course:
            courses.promote_waiting_list(event=page)
    cache.purge_after_commit(lambda: cache.gathering_urls(page))
    if page.live:
        cache.feed_parts_after_commit([page.pk])
