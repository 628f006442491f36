"""RSVP pages under /rsvp/: book (the date page's form posts here), the outcome, manage, cancel,
and asking an ask-first or closed group to join (/rsvp/join/<gathering>/).

Thin: parse input, call events/services/booking.py, render. Manage pages are keyed by a secret
token, so they are never cached and never leak the URL through a Referer header.

CSRF and the front cache: the date page (cached, the same for everyone) carries the form without
a token. Its script fetches one from ``token_view`` as the visitor submits; without JavaScript the
post arrives without one, and ``book_view`` shows the form again, filled in, with a token of the
visitor's own, to send once more. The CSRF check itself is Django's, unchanged.
"""

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import Http404, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from events.details import absolute, date_url, online_link, place_lines
from events.models import RSVP, EventPage, Occurrence, is_token_shaped
from events.models.pages import EDITING_COLUMNS, GATHERING_PAGE_ONLY, unread
from events.public.forms import (
    DiscreetTitleForm,
    FeedbackChoiceForm,
    JoinRequestForm,
    PartySizeForm,
    RSVPForm,
)
from events.schedule import join_words
from events.services import (
    availability,
    booking,
    courses,
    feedback,
    join_requests,
    offers,
    privacy,
    regulars,
)

OUTCOME_SALT = "hearth.rsvp.outcome"
ENROLMENT_SIZE_MESSAGE = gettext_lazy(
    "The number of places is the same on every date of this booking: to change it, cancel it "
    "and book again."
)
CONFIRM_MESSAGE = gettext_lazy(
    "Please check your details and press the button again to send your booking."
)
RATE_LIMITED_MESSAGE = gettext_lazy(
    "There have been too many booking attempts from here just now. Please try again in a while."
)


# Rate limits -----------------------------------------------------------------------------------


def hit_rate_limit(request, scope, key, rate):
    """Count one attempt for ``key``; True once ``rate`` (e.g. "6/h") is exceeded.

    django-ratelimit counts in the default cache with atomic increments, so the limit holds
    across gunicorn workers when CACHE_URL points at Redis; it stores only a hash of the key
    (addresses and IPs are personal data).
    """
    return is_ratelimited(
        request,
        group=f"hearth.rsvp.{scope}",
        key=lambda group, request: key,
        rate=rate,
        increment=True,
    )


def client_ip(request):
    header = settings.HEARTH_RSVP_CLIENT_IP_HEADER
    if header and request.META.get(header):
        # The right-most address is the one our own proxy added; anything left of it was
        # written by the client and could be changed on every request to dodge the limit.
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


# Views -----------------------------------------------------------------------------------------

# What a booking does not read of its gathering: what only the gathering's page shows, and what
# Wagtail keeps about editing it. Profiled under load, the date's read was a quarter of a
# booking's CPU, most of it in the page's 60 columns.
BOOKING_LEAVES_OUT = unread("event", *GATHERING_PAGE_ONLY, "summary", "cost", *EDITING_COLUMNS)


def _occurrence(occurrence_id, *, for_booking=False):
    """The public date, with its gathering, venue and category for showing it; a booking
    (POST) loads the gathering alone without what only its page shows, which is all a booking
    needs (the form coming back loads the date again, as its page shows it)."""
    dates = Occurrence.objects.public()
    if for_booking:
        dates = dates.select_related("event").defer(*BOOKING_LEAVES_OUT)
    else:
        dates = dates.with_related().in_visitor_language()
    return get_object_or_404(dates, pk=occurrence_id)


def _outcome_redirect(occurrence_id, status, position, party_size=1, kind=""):
    """``kind``: "course" or "standing" when the booking spans dates, else empty."""
    outcome = {"s": status, "n": position, "p": party_size}
    if kind:
        outcome["k"] = kind
    value = signing.dumps(outcome, salt=OUTCOME_SALT, compress=True)
    return redirect(f"{reverse('rsvp:outcome', args=[occurrence_id])}?o={value}")


def _party_size(raw):
    try:
        return max(1, int(raw))
    except (TypeError, ValueError):
        return 1


def _csrf_refused(request):
    """True when Django's CSRF check refuses this request (the view is exempt only to decide
    what to show: the same check runs here, and a refused post books nothing)."""
    checker = CsrfViewMiddleware(lambda request: None)
    return checker.process_view(request, None, (), {}) is not None


def _confirm_form(request, occurrence):
    """The form again, with what the visitor typed and a fresh token of their own."""
    kept = {
        name: request.POST.get(name, "")
        for name in ("name", "email", "party_size", "access_needs")
        if request.POST.get(name)
    }
    if request.POST.get("every_week"):
        kept["every_week"] = True
    if request.POST.get("privacy"):
        kept["privacy"] = True
    form = RSVPForm(initial=kept, occurrence=occurrence, every_week=_every_week(occurrence))
    context = rsvp_form_context(occurrence, form=form, request=request, with_token=True)
    context["confirm_message"] = CONFIRM_MESSAGE
    return render(request, "events/rsvp/book.html", context, status=403)


@never_cache
@require_http_methods(["GET"])
def token_view(request):
    """A CSRF token for the form on a cached date page, with the cookie it pairs with."""
    response = JsonResponse({"token": get_token(request)})
    response["X-Robots-Tag"] = "noindex"
    return response


@csrf_exempt  # checked inside, by Django's own middleware (see _csrf_refused)
@sensitive_post_parameters("name", "email", "access_needs")  # kept out of error reports
@never_cache
@require_http_methods(["GET", "POST"])
def book_view(request, occurrence_id):
    """The form's own page: the date page posts here; errors re-render with the input kept."""
    occurrence = _occurrence(occurrence_id, for_booking=request.method == "POST")
    status = 200
    if request.method == "POST" and _csrf_refused(request):
        return _confirm_form(request, occurrence)
    if request.method == "POST":
        form = RSVPForm(request.POST, occurrence=occurrence, every_week=_every_week(occurrence))
        if hit_rate_limit(request, "ip", client_ip(request), settings.HEARTH_RSVP_RATE_PER_IP):
            form.is_valid()
            form.add_error(None, RATE_LIMITED_MESSAGE)
            status = 429
        elif form.is_bot:
            # Look like success to the robot; nothing is stored and nothing is sent.
            return _outcome_redirect(
                occurrence.pk,
                RSVP.Status.CONFIRMED,
                None,
                _party_size(request.POST.get("party_size")),
            )
        elif form.is_valid():
            data = form.cleaned_data
            email = booking.normalise_email(data["email"])
            if hit_rate_limit(request, "email", email, settings.HEARTH_RSVP_RATE_PER_EMAIL):
                form.add_error(None, RATE_LIMITED_MESSAGE)
                status = 429
            else:
                details = {
                    "name": data["name"],
                    "email": email,
                    "party_size": data["party_size"],
                    "access_needs": data["access_needs"],
                    # Unticked is a no; ticked is no answer yet (a discreet title still
                    # keeps the question away, unless they ask for it on their booking page).
                    "feedback_wanted": None if data["ask_feedback"] else False,
                }
                event = occurrence.event
                kind = ""
                try:
                    if event.is_course:
                        kind = "course"
                        result = courses.book_course(event=event, **details)
                    elif data.get("every_week"):
                        kind = "standing"
                        result = regulars.book_every_week(event=event, **details)
                    else:
                        result = booking.book(occurrence=occurrence, **details)
                except booking.BookingError as error:
                    form.add_error(None, error.message)
                else:
                    # Nothing after the commit touches the database: if the connection drops
                    # now, the visitor still learns they are booked (the e-mail is on record).
                    shown, position = result.outcome
                    return _outcome_redirect(
                        result.rsvp.occurrence_id, shown, position, data["party_size"], kind
                    )
        if status == 200:
            status = 400
    else:
        form = RSVPForm(occurrence=occurrence, every_week=_every_week(occurrence))
    if request.method == "POST":
        # The form comes back: the date as its page shows it (the booking read less of it).
        occurrence = _occurrence(occurrence_id)
        form.occurrence = occurrence
    context = rsvp_form_context(occurrence, form=form, request=request, with_token=True)
    return render(request, "events/rsvp/book.html", context, status=status)


def _every_week(occurrence):
    """Whether the form offers "book every week" for this date's gathering."""
    return regulars.takes_standing_bookings(occurrence.event)


@never_cache
def outcome_view(request, occurrence_id):
    """What was booked: what, when, where, how many, add to calendar, what happens next.

    It reads the same for a new booking and for an address that had already booked (which was
    e-mailed its booking again): it shows only what the visitor asked for and the public facts
    of the date, never the person's booking, and nothing hints at the difference.
    """
    occurrence = _occurrence(occurrence_id)
    try:
        outcome = signing.loads(request.GET.get("o", ""), salt=OUTCOME_SALT, max_age=86400)
    except signing.BadSignature:
        return redirect(date_url(occurrence))
    event = occurrence.event
    facilitators = list(event.facilitators.all())
    party_size = _party_size(outcome.get("p"))
    kind = outcome.get("k", "")
    return render(
        request,
        "events/rsvp/outcome.html",
        {
            "is_course": kind == "course",
            "is_standing": kind == "standing",
            "course_dates": courses.course_summary(event)["remaining"] if kind == "course" else [],
            "occurrence": occurrence,
            "event": event,
            "waitlisted": outcome.get("s") == RSVP.Status.WAITLISTED,
            "position": outcome.get("n"),
            "party_size": party_size,
            "guests": party_size - 1,
            "place_lines": place_lines(occurrence, private=False),
            "date_url": date_url(occurrence),
            "page_url": event.get_url(request) or "",
            "facilitators": facilitators,
            "facilitator_names": join_words(f.name for f in facilitators),
        },
    )


def _rsvp_by_token(token):
    if not is_token_shaped(token):
        raise Http404("No booking here")
    rsvp = (
        RSVP.objects.select_related("occurrence__event", "occurrence__venue")
        .filter(token=token)
        .first()
    )
    if rsvp is None or privacy.manage_link_expired(rsvp):
        raise Http404("No booking here")
    return rsvp


def _private(response):
    # "same-origin", not "no-referrer": the token never leaves the site, yet the browser still
    # sends an Origin header with the cancel form, which the CSRF check needs.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def manage_view(request, token):
    """See a booking; change its party size or discreet title."""
    rsvp = _rsvp_by_token(token)
    size_form = PartySizeForm(rsvp=rsvp)
    title_form = DiscreetTitleForm(instance=rsvp)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "party_size":
            size_form = PartySizeForm(request.POST, rsvp=rsvp)
            if rsvp.enrolment_id and size_form.is_valid():
                # One party size holds on every date of a course or standing booking.
                size_form.add_error(None, ENROLMENT_SIZE_MESSAGE)
            elif size_form.is_valid():
                try:
                    booking.change_party_size(
                        rsvp=rsvp, party_size=size_form.cleaned_data["party_size"]
                    )
                except booking.BookingError as error:
                    size_form.add_error(None, error.message)
                else:
                    messages.success(request, _("Your booking is updated."))
                    return redirect("rsvp:manage", token=token)
        elif action == "end_enrolment" and rsvp.enrolment_id:
            try:
                regulars.end_enrolment(enrolment=rsvp.enrolment)
            except booking.BookingError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("Your place on the course is cancelled. Thank you for letting us know.")
                    if rsvp.enrolment.is_course
                    else _(
                        "Done: you no longer have a place every week. Thank you for letting us "
                        "know."
                    ),
                )
            return redirect("rsvp:manage", token=token)
        elif action == "renew_feed":
            privacy.renew_feed_secret(rsvp=rsvp)
            messages.success(
                request, _("Done: the old calendar link has stopped working. Here is a new one.")
            )
            return redirect("rsvp:manage", token=token)
        elif action == "feedback":
            choice = FeedbackChoiceForm(request.POST)
            if choice.is_valid():
                feedback.set_feedback_wanted(rsvp=rsvp, wanted=choice.cleaned_data["wanted"])
                messages.success(request, _("Saved."))
                return redirect("rsvp:manage", token=token)
        elif action == "title":
            title_form = DiscreetTitleForm(request.POST, instance=RSVP.objects.get(pk=rsvp.pk))
            if title_form.is_valid():
                privacy.set_discreet_title(
                    rsvp=rsvp, title=title_form.cleaned_data["discreet_title"]
                )
                messages.success(request, _("Saved. Your e-mails will use that name."))
                return redirect("rsvp:manage", token=token)
        status = 400
    return _private(
        render(
            request,
            "events/rsvp/manage.html",
            _manage_context(rsvp, size_form, title_form),
            status=status,
        )
    )


def _manage_context(rsvp, size_form=None, title_form=None):
    occurrence = rsvp.occurrence
    feed_url = absolute(reverse("feeds:personal", args=[rsvp.feed_secret]))
    now = timezone.now()
    started = now >= occurrence.start
    enrolment = rsvp.enrolment
    enrolment_rsvps = []
    if enrolment is not None:
        seats = courses.enrolment_dates(enrolment)
        if enrolment.is_standing:
            seats = seats.filter(occurrence__end__gt=now)[:8]
        enrolment_rsvps = list(seats)
    return {
        "enrolment": enrolment,
        "enrolment_rsvps": enrolment_rsvps,
        "can_end_enrolment": enrolment is not None
        and enrolment.is_active
        and any(r.is_active and r.occurrence.start > now for r in enrolment_rsvps),
        "rsvp": rsvp,
        "occurrence": occurrence,
        "event": occurrence.event,
        "position": rsvp.waitlist_position(),
        "place_lines": place_lines(occurrence, private=rsvp.is_confirmed),
        "private_details": occurrence.event.private_details if rsvp.is_confirmed else "",
        "online_link": online_link(occurrence, private=rsvp.is_confirmed),
        "can_change": rsvp.is_active
        and not started
        and not occurrence.is_cancelled
        and enrolment is None,
        "can_cancel": rsvp.is_active and not started,
        "size_form": size_form,
        "title_form": title_form,
        "feedback_form": FeedbackChoiceForm(
            initial={"wanted": rsvp.wants_feedback}, auto_id="feedback-%s"
        ),
        "can_choose_feedback": rsvp.is_active and rsvp.feedback_requested_at is None,
        "date_url": date_url(occurrence),
        "personal_feed_url": feed_url,
        "personal_webcal_url": "webcal://" + feed_url.split("://", 1)[-1],
    }


@never_cache
@require_http_methods(["GET", "POST"])
def cancel_view(request, token):
    """ "Can't make it": one button. GET only asks, so link scanners in mailboxes cancel nothing."""
    rsvp = _rsvp_by_token(token)
    error = None
    enrolment = rsvp.enrolment
    if request.method == "POST":
        try:
            if enrolment is not None and enrolment.is_course:
                # One booking holds every date of a course: cancelling it gives them all up.
                courses.cancel_course(enrolment=enrolment)
                done = _("Your place on the course is cancelled. Thank you for letting us know.")
            elif enrolment is not None and enrolment.is_active:
                regulars.skip_date(rsvp=rsvp)
                done = _("Done: you're skipping this date. Your place every week goes on.")
            else:
                booking.cancel_booking(rsvp=rsvp)
                done = _("Your booking is cancelled. Thank you for letting us know.")
        except booking.BookingError as exc:
            error = exc.message
        else:
            messages.success(request, done)
            return redirect("rsvp:manage", token=token)
    context = {**_manage_context(rsvp), "error": error}
    return _private(
        render(request, "events/rsvp/cancel.html", context, status=400 if error else 200)
    )


@never_cache
@require_http_methods(["GET", "POST"])
def accept_view(request, token):
    """Take a place held from the waiting list: one button, so link scanners accept nothing."""
    rsvp = _rsvp_by_token(token)
    error = None
    if request.method == "POST":
        try:
            state = offers.accept_offer(rsvp=rsvp)
        except booking.BookingError as exc:
            error = exc.message
        else:
            if state == offers.ACCEPTED:
                messages.success(request, _("You're booked. See you there."))
                return redirect("rsvp:manage", token=token)
        rsvp = _rsvp_by_token(token)
    context = {
        **_manage_context(rsvp),
        "offer_state": offers.offer_state(rsvp),
        "offer_expires": rsvp.offer_expires_at.astimezone(rsvp.occurrence.tz)
        if rsvp.offer_expires_at
        else None,
        "error": error,
    }
    return _private(
        render(request, "events/rsvp/accept.html", context, status=400 if error else 200)
    )


# The inclusion tag's context (templatetags/booking_tags.py) and the form page share this.
def rsvp_form_context(occurrence, *, form=None, request=None, join_form=None, with_token=False):
    # The gathering in the site's language holds the dates and rules (a translation's page
    # shows the form too: hearth/translations.py).
    event = occurrence.event.source
    if event.is_course:
        return {
            **_course_form_context(occurrence, form=form, join_form=join_form),
            "request": request,
            "with_token": with_token,
        }
    state = booking.booking_state(occurrence)
    every_week = state == "open" and regulars.takes_standing_bookings(event)
    return {
        **(join_form_context(event, form=join_form) if state == "ask" else {}),
        "occurrence": occurrence,
        "event": event,
        "state": state,
        "form": form
        if form is not None
        else RSVPForm(occurrence=occurrence, every_week=every_week),
        "every_week": every_week,
        "seats_left": booking.seats_left(occurrence) if state == "open" else None,
        "band": availability.band_for(occurrence),
        "opens_at": booking.booking_opens_at(occurrence).astimezone(occurrence.tz),
        "closes_at": booking.booking_closes_at(occurrence).astimezone(occurrence.tz),
        "facilitators": list(event.facilitators.all()) if state == "ask" else [],
        "action": reverse("rsvp:book", args=[occurrence.pk]),
        "request": request,
        "with_token": with_token,
    }


def _course_form_context(occurrence, *, form=None, join_form=None):
    """The course's form, whichever of its dates the page shows: one booking, every date."""
    event = occurrence.event.source
    now = timezone.now()
    state = courses.course_state(event, now=now)
    summary = courses.course_summary(event, now=now)
    scheduled = [o for o in summary["dates"] if not o.is_cancelled]
    remaining = summary["remaining"]
    for o in summary["dates"]:
        o.event = event
    seats_left = None
    if state == "open" and event.capacity is not None:
        seats_left = min((booking.seats_left(o) for o in remaining), default=0)
    first = scheduled[0] if scheduled else occurrence
    closes = remaining[-1] if event.course_allows_late_joining and remaining else first
    return {
        **(join_form_context(event, form=join_form) if state == "ask" else {}),
        "occurrence": occurrence,
        "event": event,
        "state": state,
        "is_course": True,
        "course_dates": summary["dates"],
        "course_remaining": remaining,
        "late_joining": event.course_allows_late_joining,
        "started": now >= first.start,
        "form": form if form is not None else RSVPForm(occurrence=occurrence),
        "seats_left": seats_left,
        "band": availability.band_for(occurrence),
        "opens_at": booking.booking_opens_at(first).astimezone(occurrence.tz),
        "closes_at": closes.local_start,
        "facilitators": list(event.facilitators.all()) if state == "ask" else [],
        "action": reverse("rsvp:book", args=[occurrence.pk]),
    }


# Requests to join -----------------------------------------------------------------------------


def join_form_context(event, *, form=None):
    """The request-to-join form of an ask-first or closed gathering (page and date pages)."""
    return {
        "join_event": event,
        "join_form": form if form is not None else JoinRequestForm(event=event),
        "join_action": reverse("rsvp:join", args=[event.pk]),
        "join_facilitators": [f.name for f in event.facilitators.all()],
        "join_closed_group": event.intake == "closed",
    }


def _gathering_taking_requests(event_id):
    # A translation's page asks on behalf of its gathering, whose organisers see requests.
    event = get_object_or_404(EventPage.objects.live(), pk=event_id).source
    if event.intake == "open":
        raise Http404(_("This gathering takes bookings, not requests."))
    return event


@sensitive_post_parameters("name", "email", "message")  # kept out of error reports
@never_cache
@require_http_methods(["GET", "POST"])
def join_view(request, event_id):
    """Ask to join: the gathering and date pages post here; errors re-render with input kept."""
    event = _gathering_taking_requests(event_id)
    status = 200
    if request.method == "POST":
        form = JoinRequestForm(request.POST, event=event)
        if hit_rate_limit(request, "join-ip", client_ip(request), settings.HEARTH_RSVP_RATE_PER_IP):
            form.is_valid()
            form.add_error(None, RATE_LIMITED_MESSAGE)
            status = 429
        elif form.is_bot:
            # Look like success to the robot; nothing is stored and nothing is sent.
            return redirect("rsvp:join_sent", event_id=event.pk)
        elif form.is_valid():
            data = form.cleaned_data
            email = booking.normalise_email(data["email"])
            if hit_rate_limit(request, "join-email", email, settings.HEARTH_RSVP_RATE_PER_EMAIL):
                form.add_error(None, RATE_LIMITED_MESSAGE)
                status = 429
            else:
                try:
                    join_requests.ask_to_join(
                        event=event, name=data["name"], email=email, message=data["message"]
                    )
                except join_requests.JoinRequestError as error:
                    form.add_error(None, error.message)
                else:
                    return redirect("rsvp:join_sent", event_id=event.pk)
        if status == 200:
            status = 400
    else:
        form = JoinRequestForm(event=event)
    context = {"event": event, "page_url": event.get_url(request) or "", "request": request}
    context.update(join_form_context(event, form=form))
    return render(request, "events/rsvp/join.html", context, status=status)


@never_cache
def join_sent_view(request, event_id):
    """What happens next, the same for everyone who asked (and for robots)."""
    event = _gathering_taking_requests(event_id)
    return render(
        request,
        "events/rsvp/join_sent.html",
        {
            "event": event,
            "page_url": event.get_url(request) or "",
            "facilitators": [f.name for f in event.facilitators.all()],
        },
    )
