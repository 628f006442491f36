"""Privacy services: erasing personal data on schedule, discreet titles, personal feed secrets.

Personal data (names, addresses, access needs) of a date's RSVPs is erased a configurable
number of days after the date ends (``HEARTH_RSVP_RETENTION_DAYS``); counts and statuses stay
for the organisation's records. Manage links and personal feed URLs stop working with it.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from events.models import RSVP, Occurrence, new_token


def retention_days():
    return settings.HEARTH_RSVP_RETENTION_DAYS


def set_discreet_title(*, rsvp, title):
    """The name this person's own e-mails and calendar use for the gathering (blank: its name)."""
    rsvp.discreet_title = " ".join(title.split())[:80]
    rsvp.save(update_fields=["discreet_title", "updated_at"])
    return rsvp


def personal_feed_rsvps(secret):
    """The bookings behind one personal calendar feed (not the waiting list, nothing erased)."""
    if not secret:
        return RSVP.objects.none()
    return (
        RSVP.objects.filter(feed_secret=secret, erased_at__isnull=True)
        .exclude(status=RSVP.Status.WAITLISTED)
        .select_related("occurrence__event", "occurrence__venue", "occurrence__event__venue")
        .order_by("occurrence__start")
    )


@transaction.atomic
def renew_feed_secret(*, rsvp):
    """Stop the old personal feed URL working: every booking that shared it gets a new one."""
    old = RSVP.objects.get(pk=rsvp.pk).feed_secret
    new = new_token()
    RSVP.objects.filter(feed_secret=old).update(feed_secret=new)
    rsvp.feed_secret = new
    return new


def manage_link_expired(rsvp, *, now=None):
    """Links stop working once the date is over and its retention window has passed."""
    now = now or timezone.now()
    return rsvp.erased_at is not None or now > rsvp.occurrence.end + dt.timedelta(
        days=retention_days()
    )


@transaction.atomic
def erase_personal_data(*, occurrence, now=None):
    """Blank the names, addresses and access needs of a date's RSVPs; keep counts and statuses.

    The token is replaced too, so old manage links stop working. Returns how many were erased.
    """
    now = now or timezone.now()
    erased = 0
    for rsvp in occurrence.rsvps.not_erased().select_for_update():
        rsvp.name = ""
        rsvp.email = ""
        rsvp.access_needs = ""
        rsvp.discreet_title = ""
        rsvp.token = new_token()
        rsvp.feed_secret = new_token()
        rsvp.erased_at = now
        rsvp.save()
        erased += 1
    return erased


def purge_personal_data(*, now=None, days=None):
    """Erase personal data for every date that ended more than ``days`` (default setting) ago."""
    now = now or timezone.now()
    days = retention_days() if days is None else days
    cutoff = now - dt.timedelta(days=days)
    occurrences = Occurrence.objects.filter(
        end__lt=cutoff, rsvps__erased_at__isnull=True
    ).distinct()
    return {o.pk: erase_personal_data(occurrence=o, now=now) for o in occurrences}
