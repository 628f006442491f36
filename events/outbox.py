"""Delivering e-mails to bookers from the outbox: exactly once, in batches, with retries.

``queue`` writes an ``OutboundEmail`` row inside the booking's own transaction, so a booking
never commits without its e-mail on record. ``deliver`` sends what is due:

1. claim a batch of due rows in one statement (``select_for_update(skip_locked=True)`` on
   PostgreSQL; a claim token re-read afterwards, so two workers never hold the same row on any
   engine) and give each a lease;
2. open one SMTP connection for the whole batch;
3. for each row (loaded with the whole batch in one query): compose the message with the
   row's fixed Message-ID, hand it to the SMTP server, and mark the row sent in the very next
   statement, which commits at once. The lease is renewed while the batch runs; a row whose
   lease this worker lost is never sent.

A worker that dies leaves its rows in ``sending``; once the lease runs out any worker takes them
up again. The one window that cannot be closed is between the server's "250 OK" and the sent mark
(one short UPDATE): a crash exactly there sends that e-mail again, with the same Message-ID, so the
receiving server or mail client can drop the repeat. A crash anywhere else sends nothing twice:
an SMTP server accepts a message only when it answers the final ".".

A failed attempt is tried again later (``RETRY_DELAYS``); a refusal the server calls permanent
(5xx) and the last attempt leave the row failed: shown in the admin's "E-mail problems", logged
and reported to ``ADMINS``. Nothing here records a failure as a success. Logs and errors name
the booking's id, never its address or name.
"""

import datetime as dt
import logging
import re
import secrets
import smtplib
from collections import Counter

from django.conf import settings
from django.core.mail import get_connection, mail_admins
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from events.details import absolute
from events.mail import booking_message, in_language_of, organiser_message
from events.models import RSVP, OutboundEmail

logger = logging.getLogger(__name__)

# Minutes to wait after each failed attempt: eight attempts over about two hours, long enough
# to ride out a mail server's restart or a short outage, short enough that a booking e-mail is
# still worth having.
RETRY_DELAYS = (1, 2, 5, 10, 20, 30, 60)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1

State = OutboundEmail.State


# Queueing ---------------------------------------------------------------------------------------


def queue(rsvp, kind, **payload):
    """Record that ``rsvp`` is to get the ``kind`` e-mail; sent after the transaction commits.

    Call inside the transaction that changes the booking: the row commits (or rolls back) with it.
    """
    email = OutboundEmail.objects.create(rsvp=rsvp, kind=kind, payload=payload)
    deliver_after_commit(email)
    return email


def deliver_after_commit(email):
    """Inline delivery (development, tests) sends once the commit is done; a worker polls."""
    if settings.HEARTH_EMAIL_DELIVERY == "inline":
        # robust: a failed send must never turn a committed booking into an error page.
        transaction.on_commit(lambda: deliver(ids=[email.pk]), robust=True)


def queue_message(rsvp, *, subject, message):
    """An organiser's message to one booked person, sent like every other booking e-mail."""
    return queue(rsvp, OutboundEmail.Kind.MESSAGE, subject=subject, message=message)


# Sending ----------------------------------------------------------------------------------------


def new_worker_id():
    return secrets.token_hex(8)


def _lease(now):
    return now + dt.timedelta(seconds=settings.HEARTH_EMAIL_LEASE_SECONDS)


def claim(*, worker, limit, ids=None, now=None):
    """Claim up to ``limit`` due e-mails for ``worker``, counting an attempt on each.

    Returns (token, ids in send order, lease deadline). The attempt is counted before the first
    byte goes out, so a worker that dies mid-send has it counted and a message that kills its
    worker cannot loop for ever.
    """
    now = now or timezone.now()
    token = f"{worker}:{secrets.token_hex(4)}"
    deadline = _lease(now)
    with transaction.atomic():
        due = OutboundEmail.objects.claimable(now)
        if ids is not None:
            due = due.filter(pk__in=ids)
        pks = list(
            due.select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        if not pks:
            return token, [], deadline
        # Claimable is re-checked in the UPDATE itself: on an engine without row locks, a row
        # another worker claimed in the meantime is simply not ours.
        OutboundEmail.objects.claimable(now).filter(pk__in=pks).update(
            state=State.SENDING,
            claimed_by=token,
            lease_until=deadline,
            attempts=F("attempts") + 1,
        )
    claimed = OutboundEmail.objects.filter(pk__in=pks, state=State.SENDING, claimed_by=token)
    pks = list(claimed.order_by("next_attempt_at", "pk").values_list("pk", flat=True))
    return token, pks, deadline


def deliver(*, worker=None, limit=None, ids=None, should_stop=None):
    """Send up to ``limit`` due e-mails (only ``ids``, if given) over one SMTP connection.

    Returns a Counter of outcomes: sent, retry, failed, skipped, lost (another worker took the
    row over after our lease ran out), released (left for later when asked to stop).
    """
    limit = limit or settings.HEARTH_EMAIL_BATCH_SIZE
    token, pks, deadline = claim(worker=worker or new_worker_id(), limit=limit, ids=ids)
    if not pks:
        return Counter()
    return send_claimed(token, pks, deadline=deadline, should_stop=should_stop)


def send_claimed(token, pks, *, deadline, should_stop=None):
    """Send the rows claimed under ``token``, one SMTP connection, one UPDATE per e-mail.

    The lease is renewed for the rest of the batch once half of it is spent, and a row whose
    lease ran out (this worker stalled; another may have taken it over) is never sent.
    """
    rows = OutboundEmail.objects.filter(pk__in=pks).select_related(
        "rsvp__occurrence__event", "rsvp__occurrence__venue", "rsvp__occurrence__event__venue"
    )
    emails = sorted(rows, key=lambda e: pks.index(e.pk))
    lease = dt.timedelta(seconds=settings.HEARTH_EMAIL_LEASE_SECONDS)
    owned = set(pks)
    outcomes = Counter()
    batch = _Batch()
    try:
        for index, email in enumerate(emails):
            if should_stop is not None and should_stop():
                outcomes["released"] += release(token, [e.pk for e in emails[index:]])
                break
            now = timezone.now()
            if now >= deadline - lease / 2:
                rest = [e.pk for e in emails[index:]]
                deadline, owned = _renew(token, rest, now=now), _still_ours(token, rest)
            if email.pk not in owned:
                outcomes["lost"] += 1
                continue
            outcomes[_send_one(email, token, batch)] += 1
    finally:
        batch.close()
    return outcomes


def _renew(token, pks, *, now):
    deadline = _lease(now)
    OutboundEmail.objects.filter(
        pk__in=pks, state=State.SENDING, claimed_by=token, lease_until__gt=now
    ).update(lease_until=deadline)
    return deadline


def _still_ours(token, pks):
    mine = OutboundEmail.objects.filter(
        pk__in=pks, state=State.SENDING, claimed_by=token, lease_until__gt=timezone.now()
    )
    return set(mine.values_list("pk", flat=True))


def release(token, pks):
    """Hand claimed rows back untried (the worker is stopping): due again at once."""
    return OutboundEmail.objects.filter(pk__in=pks, state=State.SENDING, claimed_by=token).update(
        state=State.QUEUED, claimed_by="", lease_until=None, attempts=F("attempts") - 1
    )


class _Batch:
    """One SMTP connection for a batch, opened when first needed.

    If it cannot be opened, the rest of the batch fails with the same error rather than waiting
    out the same timeout once per e-mail.
    """

    def __init__(self):
        self.connection = None
        self.error = None

    def connection_for_sending(self):
        if self.error is not None:
            raise self.error
        if self.connection is None:
            connection = get_connection(fail_silently=False)
            try:
                connection.open()
            except Exception as exc:
                self.error = exc
                raise
            self.connection = connection
        return self.connection

    def drop(self):
        """After an error mid-conversation the connection's state is unknown: start afresh."""
        if self.connection is not None:
            try:
                self.connection.close()
            except Exception:  # noqa: S110 - closing a broken connection may fail too
                pass
        self.connection = None

    def close(self):
        self.drop()


def _send_one(email, token, batch):
    try:
        message = compose(email)
    except Exception as exc:
        logger.exception("Could not compose outbound e-mail %s (RSVP %s)", email.pk, email.rsvp_id)
        return _record_failure(email, token, exc, permanent=False)
    if message is None:
        _finish(email.pk, token, state=State.SKIPPED)
        return "skipped"
    try:
        sent = batch.connection_for_sending().send_messages([message])
        if not sent:
            raise smtplib.SMTPException("the mail backend sent nothing")
    except Exception as exc:
        batch.drop()
        return _record_failure(email, token, exc, permanent=_is_permanent(exc))
    # The server has the message: mark it sent in the very next statement (autocommit).
    _finish(email.pk, token, state=State.SENT, sent_at=timezone.now())
    logger.info(
        "Sent outbound e-mail %s (%s)", email.pk, email.kind, extra={"request_id": email.request_id}
    )
    return "sent"


def _finish(pk, token, **fields):
    OutboundEmail.objects.filter(pk=pk, claimed_by=token).update(
        claimed_by="", lease_until=None, payload={}, last_error="", **fields
    )


def compose(email):
    """The message for an outbox row, with its fixed Message-ID; None if nobody is to get it."""
    rsvp = email.rsvp
    if not rsvp.email or rsvp.erased_at is not None:
        return None
    if email.kind == OutboundEmail.Kind.OFFERED and not (
        rsvp.has_offer and timezone.now() < rsvp.offer_expires_at
    ):
        # The hold ran out (or was taken) while the e-mail waited: "a place is free for you"
        # would send them to a place that has gone. The e-mail saying it ran out still comes.
        return None
    if email.kind == OutboundEmail.Kind.MESSAGE and rsvp.status == RSVP.Status.CANCELLED:
        return None
    with in_language_of(rsvp):
        if email.kind == OutboundEmail.Kind.MESSAGE:
            payload = email.payload
            message = organiser_message(
                rsvp, payload.get("subject", ""), payload.get("message", "")
            )
        else:
            message = booking_message(rsvp, email.kind, email.payload)
    message.extra_headers["Message-ID"] = email.message_id
    return message


# Failures ---------------------------------------------------------------------------------------

_ADDRESS = re.compile(r"[^\s<>\"'(),;:]+@[^\s<>\"'(),;:]+")


def describe_error(exc):
    """Why a send failed, in words fit for logs and the admin: never the recipient's address."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _ in exc.recipients.values()})
        text = f"the mail server refused the address ({', '.join(map(str, codes))})"
    elif isinstance(exc, smtplib.SMTPResponseException):
        reply = exc.smtp_error
        if isinstance(reply, bytes):
            reply = reply.decode("utf-8", "replace")
        text = f"{exc.smtp_code} {reply}"
    elif isinstance(exc, ConnectionRefusedError):
        text = "could not connect to the mail server (connection refused)"
    elif isinstance(exc, TimeoutError):
        text = "the mail server did not answer in time"
    else:
        text = str(exc) or "no details"
    text = _ADDRESS.sub("[address]", " ".join(text.split()))
    return f"{type(exc).__name__}: {text}"[:300]


def _is_permanent(exc):
    """A 5xx answer means the server will never take this message as it is; 4xx means later."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return False  # the site's own settings are wrong: retry while someone fixes them
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return False


def retry_delay(attempts):
    return dt.timedelta(minutes=RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1])


def _record_failure(email, token, exc, *, permanent):
    attempts = email.attempts  # this attempt included (counted when claimed)
    error = describe_error(exc)
    now = timezone.now()
    if permanent or attempts >= MAX_ATTEMPTS:
        updated = OutboundEmail.objects.filter(pk=email.pk, claimed_by=token).update(
            state=State.FAILED, failed_at=now, claimed_by="", lease_until=None, last_error=error
        )
        if updated:
            report_failure(email, error=error, attempts=attempts)
        return "failed"
    OutboundEmail.objects.filter(pk=email.pk, claimed_by=token).update(
        state=State.QUEUED,
        next_attempt_at=now + retry_delay(attempts),
        claimed_by="",
        lease_until=None,
        last_error=error,
    )
    logger.warning(
        "Outbound e-mail %s (%s, RSVP %s) failed on attempt %s of %s, will retry: %s",
        email.pk,
        email.kind,
        email.rsvp_id,
        attempts,
        MAX_ATTEMPTS,
        error,
    )
    return "retry"


def report_failure(email, *, error, attempts):
    """Tell the administrators: which gathering and date, why; never who (no name or address)."""
    occurrence = email.rsvp.occurrence
    when = f"{occurrence.local_start:%a %-d %b %Y, %H:%M}"
    logger.error(
        "Outbound e-mail %s (%s, RSVP %s) could not be sent after %s attempt(s): %s",
        email.pk,
        email.kind,
        email.rsvp_id,
        attempts,
        error,
    )
    body = (
        f"An e-mail to someone booked for {occurrence.event.title} on {when} could not be sent.\n\n"
        f"What: {email.get_kind_display()}\n"
        f"Attempts: {attempts}\n"
        f"Why: {error}\n\n"
        f"See who, and send it again: {absolute(reverse('events_email_problems'))}\n"
    )
    subject = f"E-mail could not be sent: {occurrence.event.title}, {when}"
    try:
        mail_admins(subject, body)
    except Exception as exc:
        # When the mail server is the problem, this report cannot go either; the error log
        # above and the admin's "E-mail problems" still show it.
        logger.error("Could not tell ADMINS about outbound e-mail %s: %s", email.pk, exc)
