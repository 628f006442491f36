"""Dates: keeping stored occurrences in step with each schedule; cancelling or moving one date.

Occurrences are materialised over a rolling horizon so that listings and feeds read one indexed
table. A rebuild matches existing rows by the local date the schedule gave them, so bookings and
organiser changes survive edits of the rule (even a new start time); dates the rule no longer
gives are marked cancelled, never deleted, so subscribers and attendees can be told.

People booked on a date are told of a cancellation or move once the change commits
(events/services/booking.py sends the e-mails).
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from events.models import EventPage, Occurrence
from events.schedule import local_date
from events.services import booking

REMOVED_NOTE = "This date is no longer part of the schedule."
UNPUBLISHED_NOTE = "This gathering is not running at the moment."


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


@transaction.atomic
def sync_occurrences(event, *, now=None):
    """Make the stored future occurrences of ``event`` match its live schedule. Idempotent.

    Returns a dict with the counts created, updated and cancelled. Past dates are never touched.
    """
    now = now or timezone.now()
    counts = {"created": 0, "updated": 0, "cancelled": 0}
    # Lock the gathering's row so two publishes of the same page cannot interleave their rebuilds.
    EventPage.objects.select_for_update().filter(pk=event.pk).first()
    existing = {
        local_date(o.original_start, event.tz): o
        for o in event.occurrences.filter(original_start__gte=now)
    }
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
        if occurrence.removed_from_schedule:
            # Back in the schedule (a rule edit undone, or republished): undo what dropping it
            # did, keeping an organiser's move.
            occurrence.removed_from_schedule = False
            occurrence.status = Occurrence.Status.SCHEDULED
            occurrence.note = ""
        if occurrence.is_exception:
            # Keep the organiser's start, end and status; follow the rule's identity only.
            occurrence.original_start = slot.start
        else:
            occurrence.original_start = slot.start
            occurrence.start = slot.start
            occurrence.end = slot.end
            occurrence.status = Occurrence.Status.SCHEDULED
            occurrence.note = ""
        if before != _state(occurrence):
            occurrence.sequence += 1
            changed.append(occurrence)

    note = REMOVED_NOTE if event.live else UNPUBLISHED_NOTE
    for day, occurrence in existing.items():
        if day in wanted or occurrence.status == Occurrence.Status.CANCELLED:
            continue
        _cancel(occurrence, note, removed=True)
        changed.append(occurrence)
        cancelled.append(occurrence)

    Occurrence.objects.bulk_create(to_create)
    for occurrence in changed:
        occurrence.save()
    counts.update(
        created=len(to_create), updated=len(changed) - len(cancelled), cancelled=len(cancelled)
    )
    for occurrence in cancelled:
        transaction.on_commit(lambda o=occurrence: booking.tell_people_date_cancelled(occurrence=o))
    return counts


def extend_horizon(*, now=None):
    """Sync every live gathering, adding the dates that entered the horizon. Returns totals."""
    totals = {"events": 0, "created": 0, "updated": 0, "cancelled": 0}
    for event in EventPage.objects.live().specific().iterator():
        counts = sync_occurrences(event, now=now)
        totals["events"] += 1
        for key, value in counts.items():
            totals[key] += value
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
    occurrence.sequence += 1
    occurrence.save()
    transaction.on_commit(lambda: booking.tell_people_date_cancelled(occurrence=occurrence))
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
    occurrence.is_exception = True
    occurrence.sequence += 1
    occurrence.save()
    transaction.on_commit(
        lambda: booking.tell_people_date_moved(occurrence=occurrence, previous=previous)
    )
    return occurrence


@transaction.atomic
def restore_occurrence(occurrence):
    """Undo an organiser's change: the date goes ahead as the schedule gives it."""
    occurrence = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
    occurrence.status = Occurrence.Status.SCHEDULED
    occurrence.start = occurrence.original_start
    occurrence.end = occurrence.original_start + occurrence.event.duration
    occurrence.venue = None
    occurrence.note = ""
    occurrence.is_exception = False
    occurrence.sequence += 1
    occurrence.save()
    return occurrence


def publish_changed(page):
    """What a publish or unpublish of ``page`` sets going, in this order.

    First the stored dates follow the schedule (new dates appear, dropped ones are cancelled and
    their people told); then any seats a capacity rise freed go to the waiting lists, on the
    dates as they now stand.
    """
    page.refresh_from_db(fields=["live"])
    sync_occurrences(page)
    if page.live:
        booking.promote_after_publish(page)
