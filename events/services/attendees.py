"""Organisers' work on one date: who is coming, door check-in, walk-ins, hand bookings, messages,
CSV.

Attendee data is personal (attending a grief group says something about a person): only users
who may edit the gathering's page see it, and every view or export is written to the audit log.
"""

import csv
import datetime as dt
import io

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from events import outbox
from events.dates_text import date_text, time_text
from events.models import RSVP, Occurrence
from events.services import booking, courses
from events.services.access import manageable_occurrences

VIEWED = "hearth.attendees.viewed"
EXPORTED = "hearth.attendees.exported"
MESSAGED = "hearth.attendees.messaged"
CHANGED = "hearth.attendees.changed"


# Reading --------------------------------------------------------------------------------------


def upcoming_dates(user, *, days, limit):
    """The next ``days`` of dates of the gatherings ``user`` organises, with their counts."""
    now = timezone.now()
    return list(
        manageable_occurrences(user)
        .upcoming(now)
        .filter(start__lt=now + dt.timedelta(days=days))
        .with_related()
        .with_attendance()
        .order_by("start")[:limit]
    )


def attendance(occurrence):
    """Counts for one date: seats booked, capacity, people waiting, seats checked in."""
    rows = list(occurrence.rsvps.values_list("status", "party_size"))

    def seats(*statuses):
        return sum(size for status, size in rows if status in statuses)

    return {
        "booked": seats(RSVP.Status.CONFIRMED, RSVP.Status.ATTENDED),
        "attended": seats(RSVP.Status.ATTENDED),
        "waiting": sum(1 for status, _ in rows if status == RSVP.Status.WAITLISTED),
        "capacity": occurrence.event.capacity,
    }


def attendee_rows(occurrence):
    """Booked and checked-in people first (in booking order), then the waiting list in order."""
    rsvps = list(
        occurrence.rsvps.exclude(status=RSVP.Status.CANCELLED)
        .select_related("enrolment")
        .order_by("created_at", "id")
    )
    booked = [r for r in rsvps if r.status != RSVP.Status.WAITLISTED]
    waiting = [r for r in rsvps if r.status == RSVP.Status.WAITLISTED]
    return booked, waiting


def _waiting_label(rsvp, place):
    label = f"{rsvp.get_status_display()} ({place})"
    if rsvp.has_offer:
        until = rsvp.local_offer_expires_at()
        label += f", place held until {date_text(until, 'day_short_month')} {time_text(until)}"
    return label


def without_email(occurrence):
    """Booked or waiting people nobody can e-mail: an organiser has to tell them of changes."""
    return list(
        occurrence.rsvps.active().not_erased().filter(email="").order_by("created_at", "id")
    )


def record(user, occurrence, action, **data):
    """Write who did what to whose attendee data to Wagtail's audit log."""
    log(instance=occurrence, action=action, user=user, data=data)


# CSV ------------------------------------------------------------------------------------------

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """A spreadsheet cell that can never run as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def attendee_csv(occurrence):
    """The date's attendee list as CSV text, UTF-8 with a BOM so spreadsheets read any script."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(
        [
            "Name",
            "E-mail",
            "Party size",
            "Status",
            "Access needs",
            "Booked at",
            "Checked in",
            "Phone",
            "Contact note",
        ]
    )
    booked, waiting = attendee_rows(occurrence)
    labelled = [(r, r.get_status_display()) for r in booked]
    labelled += [(r, _waiting_label(r, n)) for n, r in enumerate(waiting, 1)]
    for rsvp, status in labelled:
        writer.writerow(
            [
                _cell(rsvp.name),
                _cell(rsvp.email),
                rsvp.party_size,
                status,
                _cell(rsvp.access_needs),
                timezone.localtime(rsvp.created_at, occurrence.tz).strftime("%Y-%m-%d %H:%M"),
                "Yes" if rsvp.status == RSVP.Status.ATTENDED else "No",
                _cell(rsvp.phone),
                _cell(rsvp.contact_note),
            ]
        )
    # A summary below the list, after an empty row, so a spreadsheet's sort leaves it alone.
    walk_ins = Occurrence.objects.values_list("walk_ins", flat=True).get(pk=occurrence.pk)
    writer.writerow([])
    writer.writerow(["Walk-ins (came without booking)", walk_ins])
    return out.getvalue()


# Changes --------------------------------------------------------------------------------------


@transaction.atomic
def check_in(*, rsvp, attended=True):
    """Mark a booked party as arrived (or undo it). Seats stay taken either way."""
    Occurrence.objects.select_for_update().get(pk=rsvp.occurrence_id)
    rsvp = RSVP.objects.get(pk=rsvp.pk)
    wanted_from = RSVP.Status.CONFIRMED if attended else RSVP.Status.ATTENDED
    if rsvp.status != wanted_from:
        return rsvp
    rsvp.status = RSVP.Status.ATTENDED if attended else RSVP.Status.CONFIRMED
    rsvp.save(update_fields=["status", "updated_at"])
    return rsvp


@transaction.atomic
def confirm_from_waiting_list(*, rsvp, now=None):
    """An organiser gives a waiting party a place, out of turn, if its seats are free.

    A party holding an offer is confirmed into the seats its offer holds. A party waiting for a
    course is given its place on every remaining date of the course (courses.py).
    """
    if rsvp.enrolment_id and rsvp.enrolment.is_course:
        courses.give_course_place(enrolment=rsvp.enrolment, now=now)
        return RSVP.objects.get(pk=rsvp.pk)
    occurrence = (
        Occurrence.objects.select_for_update().select_related("event").get(pk=rsvp.occurrence_id)
    )
    rsvp = RSVP.objects.get(pk=rsvp.pk)
    if rsvp.status != RSVP.Status.WAITLISTED:
        return rsvp
    free = booking.seats_left(occurrence)
    if free is not None and rsvp.has_offer:
        # Their offer already holds their seats: confirming by hand just takes them.
        free += rsvp.party_size
    if free is not None and rsvp.party_size > free:
        raise booking.OccurrenceFull(
            ngettext(
                "Only %(free)s seat free: raise the capacity or cancel a booking before "
                "confirming a party of %(size)s.",
                "Only %(free)s seats free: raise the capacity or cancel a booking before "
                "confirming a party of %(size)s.",
                free,
            )
            % {"free": free, "size": rsvp.party_size}
        )
    rsvp.status = RSVP.Status.CONFIRMED
    rsvp.promoted_at = now or timezone.now()
    rsvp.offer_expires_at = None
    rsvp.save(update_fields=["status", "promoted_at", "offer_expires_at", "updated_at"])
    booking.email_after_commit(rsvp, "promoted")
    return rsvp


def add_booking_by_hand(
    *, occurrence, name, email="", phone="", contact_note="", party_size=1, access_needs=""
):
    """A booking taken by phone: the same seat rules, but open outside the online window.

    Someone without an e-mail address can be booked with a phone number or a note instead;
    they are sent nothing, and the attendee list says so.
    """
    return booking.book(
        occurrence=occurrence,
        name=name,
        email=email,
        phone=phone,
        contact_note=contact_note,
        party_size=party_size,
        access_needs=access_needs,
        check_window=False,
        # The organiser's admin language says nothing about the person's: the site's language.
        language="",
    )


def count_walk_in(*, occurrence, change=1):
    """Count one more (``change=1``) or one fewer (``-1``) person who came without booking.

    One UPDATE with F(): two volunteers counting at the same door never lose a count, and the
    count never drops below zero. ``updated_at`` stays as it was: a headcount changes nothing
    that pages or feeds show. Returns the new count.
    """
    if change not in (1, -1):
        raise ValueError(_("Walk-ins are counted one at a time."))
    rows = Occurrence.objects.filter(pk=occurrence.pk)
    if change < 0:
        rows = rows.filter(walk_ins__gt=0)
    rows.update(walk_ins=F("walk_ins") + change)
    occurrence.walk_ins = Occurrence.objects.values_list("walk_ins", flat=True).get(
        pk=occurrence.pk
    )
    return occurrence.walk_ins


# Messages -------------------------------------------------------------------------------------


@transaction.atomic
def email_attendees(*, occurrence, subject, message, include_waiting=False):
    """Queue a short message to everyone booked (and waiting, if asked), sent after commit.

    Returns how many people it goes to.
    """
    statuses = [RSVP.Status.CONFIRMED, RSVP.Status.ATTENDED]
    if include_waiting:
        statuses.append(RSVP.Status.WAITLISTED)
    rsvps = list(
        occurrence.rsvps.filter(status__in=statuses, erased_at__isnull=True).exclude(email="")
    )
    for rsvp in rsvps:
        outbox.queue_message(rsvp, subject=subject, message=message)
    return len(rsvps)
