"""Privacy services: erasing personal data on schedule, discreet titles, personal feed secrets.

Personal data (names, addresses, phones and contact notes, access needs) of a date's RSVPs is
erased a configurable number of days after the date ends (``HEARTH_RSVP_RETENTION_DAYS``);
counts and statuses stay for the organisation's records. Manage links and personal feed URLs
stop working with it.
Requests to join are erased ``HEARTH_JOIN_REQUEST_RETENTION_DAYS`` after their last change.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from events.models import RSVP, JoinRequest, Occurrence, OutboundEmail, is_token_shaped, new_token
from hearth.text import one_line


def retention_days():
    return settings.HEARTH_RSVP_RETENTION_DAYS


def join_request_retention_days():
    return settings.HEARTH_JOIN_REQUEST_RETENTION_DAYS


def set_discreet_title(*, rsvp, title):
    """The name this person's own e-mails and calendar use for the gathering (blank: its name)."""
    rsvp.discreet_title = " ".join(one_line(title).split())[:80]
    rsvp.save(update_fields=["discreet_title", "updated_at"])
    return rsvp


def personal_feed_rsvps(secret):
    """The bookings behind one personal calendar feed (not the waiting list, nothing erased)."""
    if not is_token_shaped(secret):
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
    """Blank the names, addresses, phones, notes and access needs of a date's RSVPs; keep counts.

    The token is replaced too, so old manage links stop working; their e-mails in the outbox lose
    what they held (an organiser's text, a moved date's old venue), and any not yet sent never
    will be. Returns how many were erased.
    """
    now = now or timezone.now()
    erased = 0
    emails = OutboundEmail.objects.filter(rsvp__occurrence=occurrence)
    emails.filter(state__in=[OutboundEmail.State.QUEUED, OutboundEmail.State.FAILED]).update(
        state=OutboundEmail.State.SKIPPED, next_attempt_at=now
    )
    emails.update(payload={}, last_error="")
    for rsvp in occurrence.rsvps.not_erased().select_for_update():
        rsvp.name = ""
        rsvp.email = ""
        rsvp.phone = ""
        rsvp.contact_note = ""
        rsvp.access_needs = ""
        rsvp.discreet_title = ""
        rsvp.token = new_token()
        rsvp.feed_secret = new_token()
        rsvp.erased_at = now
        rsvp.save()
        erased += 1
    return erased


def purge_personal_data(*, now=None, days=None):
    """Erase personal data for every date that ended more than ``days`` (default setting) ago.

    Finished background-task results older than that go too: their tracebacks and return
    values are for debugging, and may quote what a task was given. (Queued tasks carry ids
    only: e-mails, the one kind that held personal text, live in the outbox.)
    """
    now = now or timezone.now()
    days = retention_days() if days is None else days
    cutoff = now - dt.timedelta(days=days)
    occurrences = Occurrence.objects.filter(
        end__lt=cutoff, rsvps__erased_at__isnull=True
    ).distinct()
    erased = {o.pk: erase_personal_data(occurrence=o, now=now) for o in occurrences}
    DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return erased


def erase_join_request(*, join_request, now=None):
    """Blank a request to join's name, address and message; its status and dates stay."""
    join_request.name = ""
    join_request.email = ""
    join_request.message = ""
    join_request.erased_at = now or timezone.now()
    join_request.save(update_fields=["name", "email", "message", "erased_at", "updated_at"])
    return join_request


@transaction.atomic
def purge_join_requests(*, now=None, days=None):
    """Erase requests to join untouched for more than ``days`` (default setting). Returns how
    many were erased."""
    now = now or timezone.now()
    days = join_request_retention_days() if days is None else days
    cutoff = now - dt.timedelta(days=days)
    stale = JoinRequest.objects.select_for_update().not_erased().filter(updated_at__lt=cutoff)
    erased = 0
    for join_request in stale:
        erase_join_request(join_request=join_request, now=now)
        erased += 1
    return erased
