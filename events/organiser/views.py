"""Admin views for organisers: a date's attendees, door check-in and walk-ins, CSV, messages,
and the e-mails to their bookers that could not be sent.

Every view first checks that the user may edit the gathering's page; otherwise it answers 404,
so attendee URLs of other gatherings reveal nothing.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from events.dates_text import date_time_text
from events.models import RSVP, Occurrence
from events.organiser.forms import HandBookingForm, MessageForm
from events.services import access, attendees, booking, email_problems


def _occurrence_for(request, occurrence_id):
    occurrence = get_object_or_404(
        Occurrence.objects.select_related("event", "venue", "event__venue"), pk=occurrence_id
    )
    if not access.can_manage_attendees(request.user, occurrence.event):
        raise Http404(gettext("No such date."))
    return occurrence


def dates(request):
    """Upcoming dates of the gatherings this user organises, with how full each is."""
    occurrences = attendees.upcoming_dates(request.user, days=42, limit=200)
    return TemplateResponse(
        request,
        "events/admin/dates.html",
        {"occurrences": occurrences, "title": gettext("Attendees")},
    )


def attendee_list(request, occurrence_id):
    occurrence = _occurrence_for(request, occurrence_id)
    attendees.record(request.user, occurrence, attendees.VIEWED)
    form = HandBookingForm(max_party_size=occurrence.event.max_party_size)
    return _attendee_page(request, occurrence, form)


def _told(rsvp):
    """How a person offered a place, or confirmed, hears of it, for the organiser's message."""
    if rsvp.has_offer:
        return gettext(
            "{name} is offered the place until {until} and has been told by e-mail."
        ).format(
            name=rsvp.name, until=date_time_text(rsvp.local_offer_expires_at(), "day_short_month")
        )
    if rsvp.email:
        return gettext("{name} is booked and has been told by e-mail.").format(name=rsvp.name)
    return gettext("{name} is booked. {contact}: tell them yourself.").format(
        name=rsvp.name, contact=rsvp.without_email_summary()
    )


def _attendee_page(request, occurrence, form, status=200):
    booked, waiting = attendees.attendee_rows(occurrence)
    return TemplateResponse(
        request,
        "events/admin/attendees.html",
        {
            "occurrence": occurrence,
            "booked": booked,
            "waiting": waiting,
            "counts": attendees.attendance(occurrence),
            "untold": attendees.without_email(occurrence)
            if occurrence.is_cancelled or occurrence.is_moved
            else [],
            "form": form,
            "title": gettext("Attendees: {date}").format(date=occurrence),
        },
        status=status,
    )


@require_POST
def change(request, occurrence_id):
    """One action on one booking: cancel, confirm from the waiting list, check in or undo."""
    occurrence = _occurrence_for(request, occurrence_id)
    rsvp = get_object_or_404(RSVP, pk=request.POST.get("rsvp") or 0, occurrence=occurrence)
    action = request.POST.get("action")
    back = request.POST.get("next") or "attendees"
    try:
        if action == "cancel":
            promoted = booking.cancel_booking(rsvp=rsvp)
            text = gettext("{name}'s booking is cancelled.").format(name=rsvp.name)
            if promoted:
                text += " " + gettext("From the waiting list: {told}").format(
                    told=" ".join(_told(r) for r in promoted)
                )
            messages.success(request, text)
        elif action == "confirm":
            messages.success(request, _told(attendees.confirm_from_waiting_list(rsvp=rsvp)))
        elif action in {"check_in", "undo_check_in"}:
            attendees.check_in(rsvp=rsvp, attended=action == "check_in")
        else:
            messages.error(request, gettext("Unknown action."))
    except booking.BookingError as error:
        messages.error(request, error.message)
    attendees.record(request.user, occurrence, attendees.CHANGED, change=action, rsvp=rsvp.pk)
    name = "events_checkin" if back == "checkin" else "events_attendees"
    return redirect(f"{reverse(name, args=[occurrence.pk])}#rsvp-{rsvp.pk}")


@require_POST
def walk_in(request, occurrence_id):
    """Count someone who came without booking (or take back a miscount): a number, no names."""
    occurrence = _occurrence_for(request, occurrence_id)
    change = -1 if request.POST.get("change") == "remove" else 1
    count = attendees.count_walk_in(occurrence=occurrence, change=change)
    attendees.record(
        request.user,
        occurrence,
        attendees.CHANGED,
        change="walk_in" if change > 0 else "walk_in_removed",
        walk_ins=count,
    )
    return redirect(f"{reverse('events_checkin', args=[occurrence.pk])}#walk-ins")


@sensitive_post_parameters("name", "email", "phone", "contact_note", "access_needs")
@require_POST
def add(request, occurrence_id):
    occurrence = _occurrence_for(request, occurrence_id)
    form = HandBookingForm(request.POST, max_party_size=occurrence.event.max_party_size)
    if form.is_valid():
        try:
            result = attendees.add_booking_by_hand(occurrence=occurrence, **form.cleaned_data)
        except booking.BookingError as error:
            form.add_error(None, error.message)
        else:
            rsvp = result.rsvp
            if result.duplicate:
                messages.warning(
                    request,
                    gettext("{email} already has a booking for this date.").format(
                        email=rsvp.email
                    ),
                )
            elif not rsvp.email:
                text = (
                    gettext(
                        "{name} is on the waiting list. They have no e-mail address, so nothing "
                        "is sent: tell them yourself, and if anything changes."
                    )
                    if rsvp.is_waitlisted
                    else gettext(
                        "{name} is booked. They have no e-mail address, so nothing is sent: "
                        "tell them yourself, and if anything changes."
                    )
                )
                messages.success(request, text.format(name=rsvp.name))
            elif rsvp.is_waitlisted:
                messages.success(
                    request, gettext("{name} is on the waiting list.").format(name=rsvp.name)
                )
            else:
                messages.success(
                    request,
                    gettext("{name} is booked and has been e-mailed.").format(name=rsvp.name),
                )
            attendees.record(request.user, occurrence, attendees.CHANGED, change="add")
            return redirect("events_attendees", occurrence.pk)
    return _attendee_page(request, occurrence, form, status=400)


def export(request, occurrence_id):
    occurrence = _occurrence_for(request, occurrence_id)
    attendees.record(request.user, occurrence, attendees.EXPORTED)
    response = HttpResponse(
        attendees.attendee_csv(occurrence), content_type="text/csv; charset=utf-8"
    )
    filename = f"attendees-{occurrence.event.slug}-{occurrence.date_slug}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def checkin(request, occurrence_id):
    """The door list, for a phone or tablet: one big button per booking, access needs at hand,
    the waiting list with a button to give someone a free seat, and the walk-in counter."""
    occurrence = _occurrence_for(request, occurrence_id)
    booked, waiting = attendees.attendee_rows(occurrence)
    counts = attendees.attendance(occurrence)
    free = booking.seats_left(occurrence)
    for rsvp in waiting:
        rsvp.fits = free is None or rsvp.party_size <= free
    attendees.record(request.user, occurrence, attendees.VIEWED, view="check-in")
    return TemplateResponse(
        request,
        "events/admin/checkin.html",
        {
            "occurrence": occurrence,
            "booked": booked,
            "waiting": waiting,
            "free_seats": free,
            "counts": counts,
            "in_the_room": counts["attended"] + occurrence.walk_ins,
            "title": gettext("Check-in: {date}").format(date=occurrence),
        },
    )


def message(request, occurrence_id):
    occurrence = _occurrence_for(request, occurrence_id)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        count = attendees.email_attendees(occurrence=occurrence, **form.cleaned_data)
        attendees.record(request.user, occurrence, attendees.MESSAGED, recipients=count)
        messages.success(
            request,
            ngettext(
                "Your message is on its way to {count} person.",
                "Your message is on its way to {count} people.",
                count,
            ).format(count=count),
        )
        return redirect("events_attendees", occurrence.pk)
    return TemplateResponse(
        request,
        "events/admin/message.html",
        {
            "occurrence": occurrence,
            "form": form,
            "title": gettext("Message: {date}").format(date=occurrence),
        },
    )


def email_problem_list(request):
    """E-mails to the user's gatherings' bookers that could not be sent, and ones still trying."""
    return TemplateResponse(
        request,
        "events/admin/email_problems.html",
        {
            "failed": list(email_problems.failed_for(request.user)[:200]),
            "retrying": list(email_problems.retrying_for(request.user)[:200]),
            "title": gettext("E-mail problems"),
        },
    )


@require_POST
def resend_email(request, email_id):
    email = email_problems.resend(email_id=email_id, user=request.user)
    if email is None:
        messages.error(request, gettext("That e-mail is not waiting to be sent again."))
    else:
        who = email.rsvp.name or gettext("the person")
        messages.success(
            request, gettext("The e-mail to {who} is on its way again.").format(who=who)
        )
    return redirect("events_email_problems")
