"""Requests to join an ask-first or closed group: ask, offer a place, reply, close.

A request carries the same personal data as a booking and follows the same rules: only the
gathering's facilitators (by e-mail) and organisers (users who may edit its page) see it, every
admin view of it is written to the audit log, and its name, address and message are erased
``HEARTH_JOIN_REQUEST_RETENTION_DAYS`` after its last change (events/services/privacy.py). The
facilitator's own address is never shown to the person: their e-mails come from the site.
E-mail is queued only after the transaction commits.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from events import tasks
from events.models import Intake, JoinRequest
from events.services import booking
from events.services.access import organisers_of

VIEWED = "hearth.join_request.viewed"
OFFERED = "hearth.join_request.offered"
REPLIED = "hearth.join_request.replied"
CLOSED = "hearth.join_request.closed"


class JoinRequestError(booking.BookingError):
    """A request to join could not be made or answered; ``message`` is for the person."""


def _email_after_commit(join_request, kind, to, **extra):
    request_id = join_request.pk
    transaction.on_commit(
        lambda: tasks.send_join_request_email.enqueue(request_id, kind, to, extra or None)
    )


def team_addresses(event):
    """Where a request goes: the gathering's facilitators and its organisers, once each."""
    addresses = [f.email for f in event.facilitators.all() if f.email]
    addresses += [u.email for u in organisers_of(event).order_by("pk") if u.email]
    seen = set()
    unique = []
    for address in addresses:
        key = booking.normalise_email(address)
        if key and key not in seen:
            seen.add(key)
            unique.append(address)
    return unique


@transaction.atomic
def ask_to_join(*, event, name, email, message="", now=None):
    """Record a request to join ``event`` and tell its team and the person (after commit).

    An address that already has an open request for the gathering gets no second one: its
    message is added to the first and the team is told again, so the page reads the same
    whether or not that address had asked before.
    """
    if not event.live:
        raise JoinRequestError(_("This gathering is not taking requests at the moment."))
    if event.intake == Intake.OPEN:
        raise JoinRequestError(_("This gathering is open to newcomers: book a date instead."))
    email = booking.normalise_email(email)
    name = " ".join(name.split())
    message = message.strip()
    now = now or timezone.now()
    existing = (
        JoinRequest.objects.select_for_update()
        .open()
        .filter(event=event, email=email)
        .order_by("created_at")
        .first()
    )
    if existing is not None:
        existing.name = name
        if message:
            existing.message = "\n\n".join(filter(None, [existing.message, message]))[-1000:]
        existing.status = JoinRequest.Status.NEW
        existing.save(update_fields=["name", "message", "status", "updated_at"])
        join_request = existing
    else:
        join_request = JoinRequest.objects.create(
            event=event, name=name, email=email, message=message, created_at=now
        )
    for address in team_addresses(event):
        _email_after_commit(join_request, "received", address)
    _email_after_commit(join_request, "acknowledged", email)
    return join_request


def requests_for(event):
    """The gathering's requests that still hold personal data, open ones first, newest first."""
    return sorted(
        JoinRequest.objects.filter(event=event).not_erased().select_related("rsvp__occurrence"),
        key=lambda r: (r.status not in {JoinRequest.Status.NEW, JoinRequest.Status.REPLIED},),
    )


def record(user, event, action, **data):
    """Write who did what to which requests to join to Wagtail's audit log.

    Logged against the gathering (its history), with the requests' numbers only: log entries
    outlive erasure, so they never carry a person's name.
    """
    log(instance=event, action=action, user=user, data=data)


def _locked(join_request):
    locked = JoinRequest.objects.select_for_update().select_related("event").get(pk=join_request.pk)
    if locked.erased_at is not None:
        raise JoinRequestError(_("This request has been erased."))
    return locked


@transaction.atomic
def offer_place(*, join_request, occurrence, party_size=1, user=None):
    """Give the person a place on ``occurrence``: a normal booking, its manage link e-mailed.

    Booked by the booking rules (seats under the date's lock; a full date puts them on its
    waiting list), outside the online window as an organiser's booking by hand is. Returns the
    ``BookingResult``.
    """
    join_request = _locked(join_request)
    if occurrence.event_id != join_request.event_id:
        raise JoinRequestError(_("That date belongs to another gathering."))
    result = booking.book(
        occurrence=occurrence,
        name=join_request.name,
        email=join_request.email,
        party_size=party_size,
        check_window=False,
        # Offered from the admin, in the organiser's language: the person gets the site's.
        language="",
    )
    join_request.status = JoinRequest.Status.OFFERED
    join_request.rsvp = result.rsvp
    join_request.save(update_fields=["status", "rsvp", "updated_at"])
    record(user, join_request.event, OFFERED, request=join_request.pk, occurrence=occurrence.pk)
    return result


@transaction.atomic
def reply(*, join_request, message, user=None):
    """E-mail the organiser's ``message`` to the person (from the site, not from anyone's own
    address); the request stays open until it is closed or a place is offered."""
    join_request = _locked(join_request)
    message = message.strip()
    if not message:
        raise JoinRequestError(_("Please write a message to send."))
    _email_after_commit(join_request, "reply", join_request.email, message=message)
    if join_request.status == JoinRequest.Status.NEW:
        join_request.status = JoinRequest.Status.REPLIED
        join_request.save(update_fields=["status", "updated_at"])
    record(user, join_request.event, REPLIED, request=join_request.pk)
    return join_request


@transaction.atomic
def close(*, join_request, user=None):
    """Mark a request as dealt with (its data is still erased on schedule)."""
    join_request = _locked(join_request)
    join_request.status = JoinRequest.Status.CLOSED
    join_request.save(update_fields=["status", "updated_at"])
    record(user, join_request.event, CLOSED, request=join_request.pk)
    return join_request
