"""Template tags for RSVPs on date pages (filled in by the RSVP work)."""

from django import template

register = template.Library()


@register.inclusion_tag("components/rsvp_form.html", takes_context=True)
def rsvp_form(context, occurrence):
    return {"occurrence": occurrence, "request": context.get("request")}
