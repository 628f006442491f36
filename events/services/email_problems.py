"""E-mails that could not be sent: who sees them (the gathering's organisers, administrators)
and sending one again.

Shown in the admin as "E-mail problems": the person's name (never the address), the date, what
the e-mail was, why it failed and when. Resending puts the same e-mail (same Message-ID: it
never reached anyone) back in the outbox, and is written to the audit log.
"""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from events import outbox
from events.models import OutboundEmail
from events.services.access import manageable_events

RESENT = "hearth.email.resent"


def visible_to(user):
    """Outbox rows about the gatherings ``user`` organises (all of them for administrators)."""
    return OutboundEmail.objects.filter(
        rsvp__occurrence__event__in=manageable_events(user)
    ).select_related("rsvp__occurrence__event")


def failed_for(user):
    return visible_to(user).failed().order_by("-failed_at", "-pk")


def retrying_for(user):
    """Still being tried after a failed attempt (a mail server outage shows up here first)."""
    return visible_to(user).retrying().order_by("next_attempt_at", "pk")


@transaction.atomic
def resend(*, email_id, user):
    """Queue a failed e-mail again, from its first attempt. Returns it, or None if not allowed."""
    email = visible_to(user).select_for_update(of=("self",)).filter(pk=email_id).first()
    if email is None or email.state != OutboundEmail.State.FAILED:
        return None
    email.state = OutboundEmail.State.QUEUED
    email.attempts = 0
    email.next_attempt_at = timezone.now()
    email.failed_at = None
    email.last_error = ""
    email.save(update_fields=["state", "attempts", "next_attempt_at", "failed_at", "last_error"])
    log(
        instance=email.rsvp.occurrence,
        action=RESENT,
        user=user,
        data={"email": email.pk, "kind": email.kind},
    )
    outbox.deliver_after_commit(email)
    return email
