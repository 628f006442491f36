"""Booking pieces for templates: the form of one date, the request to join, availability.

``{% rsvp_form occurrence %}`` is the booking form (or why there is none) for one date.

The date page is served to everyone from the front cache, so the form it carries has no CSRF
token: a token in shared HTML would be one visitor's token handed to the next. The token comes
with the submit instead (static/js/rsvp.js asks /rsvp/token/ for one), and without JavaScript
the booking page asks the visitor to confirm, with a fresh token (events/public/views.py).
"""

from django import template

register = template.Library()


@register.inclusion_tag("components/rsvp_form.html", takes_context=True)
def rsvp_form(context, occurrence):
    """``{% rsvp_form occurrence %}``: the booking form (or why there is none) for one date."""
    from events.public.views import rsvp_form_context

    request = context.get("request")
    return rsvp_form_context(occurrence, request=request)


@register.inclusion_tag("components/join_request_form.html", takes_context=True)
def join_request_form(context, event):
    """``{% join_request_form page %}``: ask an ask-first or closed group for a place."""
    from events.public.views import join_form_context

    return {**join_form_context(event), "csrf_token": context.get("csrf_token")}


@register.simple_tag
def availability(occurrence):
    """``{% availability occurrence as band %}``: places available, a few left, full, ...

    Reads the listing's ``seats_taken`` annotation (no query) when the queryset has it.
    """
    from events.services.availability import band_for

    return band_for(occurrence)


@register.simple_tag
def next_bookable(occurrences):
    """``{% next_bookable next_dates as next %}``: the first date taking bookings now, or None."""
    from events.services.availability import band_for

    for occurrence in occurrences:
        if band_for(occurrence).bookable:
            return occurrence
    return None
