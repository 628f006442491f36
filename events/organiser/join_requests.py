"""Admin views for requests to join: each gathering's list, one request, offer a place, reply.

Only users who may see a gathering's attendees (who may edit its page) see its requests;
anyone else gets a 404 that reveals nothing. Every view of a request is written to the audit
log (the gathering's history), as attendee lists are. URLs are registered with Wagtail's admin
in events/wagtail_hooks.py.
"""

from django import forms
from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from wagtail.admin.menu import MenuItem

from events.dates_text import date_text, date_time_text
from events.models import EventPage, JoinRequest
from events.services import access, booking, join_requests


class JoinRequestsMenuItem(MenuItem):
    """Shown to users who organise a gathering that takes requests to join."""

    def is_shown(self, request):
        return _gatherings(request.user).exists()


def _gatherings(user):
    """The user's gatherings that take requests (ask first or closed), or have some."""
    return (
        access.manageable_events(user)
        .filter(Q(intake__in=["ask", "closed"]) | Q(join_requests__isnull=False))
        .distinct()
    )


def _event_for(request, event_id):
    event = get_object_or_404(EventPage, pk=event_id)
    if not access.can_manage_attendees(request.user, event):
        raise Http404(gettext("No such gathering."))
    return event


def _request_for(request, request_id):
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("event", "rsvp__occurrence"), pk=request_id
    )
    event = join_request.event
    if join_request.erased_at is not None or not access.can_manage_attendees(request.user, event):
        raise Http404(gettext("No such request."))
    return join_request


class OfferForm(forms.Form):
    occurrence = forms.ModelChoiceField(
        label=_("Date"),
        queryset=None,
        empty_label=None,
        help_text=_("Upcoming dates of this gathering."),
    )
    party_size = forms.TypedChoiceField(label=_("Places"), coerce=int, initial=1)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        dates = event.occurrences.upcoming().scheduled().exclude(removed_from_schedule=True)
        self.fields["occurrence"].queryset = dates.select_related("event").order_by("start")
        self.fields["occurrence"].label_from_instance = lambda o: date_time_text(
            o.local_start, "long_year"
        )
        self.fields["party_size"].choices = [
            (
                n,
                gettext("Just them")
                if n == 1
                else ngettext("{count} person", "{count} people", n).format(count=n),
            )
            for n in range(1, event.max_party_size + 1)
        ]


class ReplyForm(forms.Form):
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=3000,
        help_text=_(
            "Sent from the site's address, not yours. Say who you are and how they can "
            "reach you, e.g. “I'm Aisha, who leads the group. Could I ring you on Thursday?”"
        ),
    )


def overview(request):
    """Every gathering of this user's that takes requests, with how many are waiting."""
    events = (
        _gatherings(request.user)
        .annotate(
            open_requests=Count(
                "join_requests",
                filter=Q(
                    join_requests__status__in=[JoinRequest.Status.NEW, JoinRequest.Status.REPLIED],
                    join_requests__erased_at__isnull=True,
                ),
            )
        )
        .order_by("title")
    )
    return TemplateResponse(
        request,
        "events/admin/join_request_overview.html",
        {"events": events, "title": gettext("Requests to join")},
    )


def gathering_requests(request, event_id):
    """One gathering's requests to join, open ones first."""
    event = _event_for(request, event_id)
    rows = join_requests.requests_for(event)
    join_requests.record(request.user, event, join_requests.VIEWED, requests=[r.pk for r in rows])
    return TemplateResponse(
        request,
        "events/admin/join_requests.html",
        {
            "event": event,
            "requests": rows,
            "title": gettext("Requests to join: {title}").format(title=event.title),
        },
    )


@sensitive_post_parameters("message")  # kept out of error reports
def request_detail(request, request_id):
    """One request: offer a place on a date, reply, or close it."""
    join_request = _request_for(request, request_id)
    event = join_request.event
    offer_form = OfferForm(event=event)
    reply_form = ReplyForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "offer":
                offer_form = OfferForm(request.POST, event=event)
                if offer_form.is_valid():
                    occurrence = offer_form.cleaned_data["occurrence"]
                    result = join_requests.offer_place(
                        join_request=join_request,
                        occurrence=occurrence,
                        party_size=offer_form.cleaned_data["party_size"],
                        user=request.user,
                    )
                    messages.success(request, _offer_message(join_request, result, occurrence))
                    return redirect("events_join_requests", event.pk)
            elif action == "reply":
                reply_form = ReplyForm(request.POST)
                if reply_form.is_valid():
                    join_requests.reply(
                        join_request=join_request,
                        message=reply_form.cleaned_data["message"],
                        user=request.user,
                    )
                    messages.success(
                        request,
                        gettext("Your reply is on its way to {name}.").format(
                            name=join_request.name
                        ),
                    )
                    return redirect("events_join_requests", event.pk)
            elif action == "close":
                join_requests.close(join_request=join_request, user=request.user)
                messages.success(
                    request,
                    gettext("{name}'s request is closed.").format(name=join_request.name),
                )
                return redirect("events_join_requests", event.pk)
        except booking.BookingError as error:
            messages.error(request, error.message)
        status = 400
    else:
        join_requests.record(request.user, event, join_requests.VIEWED, request=join_request.pk)
    return TemplateResponse(
        request,
        "events/admin/join_request.html",
        {
            "event": event,
            "join_request": join_request,
            "offer_form": offer_form,
            "reply_form": reply_form,
            "title": gettext("Request to join {title}").format(title=event.title),
        },
        status=status,
    )


def _offer_message(join_request, result, occurrence):
    words = {"name": join_request.name, "when": date_text(occurrence.local_start)}
    if result.duplicate:
        return gettext("{name} already had a booking for {when}; it was e-mailed again.").format(
            **words
        )
    if result.rsvp.is_waitlisted:
        return gettext(
            "{when} is full, so {name} is on its waiting list and has been told by e-mail."
        ).format(**words)
    return gettext("{name} is booked for {when} and has been e-mailed the booking's link.").format(
        **words
    )


urlpatterns = [
    path("join-requests/", overview, name="events_join_request_overview"),
    path(
        "join-requests/gathering/<int:event_id>/", gathering_requests, name="events_join_requests"
    ),
    path("join-requests/<int:request_id>/", request_detail, name="events_join_request"),
]
