"""``{% rsvp_form occurrence %}``: the booking form (or why there is none) for one date.

The date page is served to everyone from the front cache, so the form it carries has no CSRF
token: a token in shared HTML would be one visitor's token handed to the next. The token comes
with the submit instead (static/js/rsvp.js asks /rsvp/token/ for one), and without JavaScript
the booking page asks the visitor to confirm, with a fresh token (events/public/views.py).
"""

from django import template

register = template.Library()


@register.inclusion_tag("components/rsvp_form.html", takes_context=True)
def rsvp_form(context, occurrence):
    from events.public.views import rsvp_form_context

    request = context.get("request")
    return rsvp_form_context(occurrence, request=request)
