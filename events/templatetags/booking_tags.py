"""``{% rsvp_form occurrence %}``: the booking form (or why there is none) for one date."""

from django import template

register = template.Library()


@register.inclusion_tag("components/rsvp_form.html", takes_context=True)
def rsvp_form(context, occurrence):
    from events.public.views import rsvp_form_context

    request = context.get("request")
    return {
        **rsvp_form_context(occurrence, request=request),
        # Inclusion tags do not inherit the page's context: carry the CSRF token across.
        "csrf_token": context.get("csrf_token"),
    }
