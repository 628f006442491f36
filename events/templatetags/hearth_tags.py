"""Template helpers for the public pages: URLs built without queries, times, structured data."""

from django import template
from django.conf import settings
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from events import dates_text, listing

register = template.Library()


@register.simple_tag(takes_context=True)
def occurrence_url(context, occurrence):
    """The date page of ``occurrence``: its gathering's URL plus the stable date slug.

    Built from the already-loaded gathering (its url_path and the request's cached site roots),
    so a list of 200 dates costs no extra queries.
    """
    url = occurrence.event.get_url(context.get("request")) or ""
    return f"{url}{occurrence.date_slug}/"


@register.simple_tag(takes_context=True)
def month_entry(context, occurrence):
    """One date as the month view lists it, in its grid cell and again in the phones' list:
    its time and title as a link, then "(cancelled)", "(changed)" or its availability (a
    symbol in the grid, words in the list). Made once per date and page, in Python: the month
    view shows up to 170 dates twice, and this was most of its time in templates."""
    from events.templatetags.booking_tags import availability

    known = getattr(occurrence, "_month_entry", None)
    if known is not None:
        return known
    link = format_html(
        '<a href="{}"><time datetime="{}">{}</time> {}</a>',
        occurrence_url(context, occurrence),
        occurrence.local_start.isoformat(),
        dates_text.time_text(occurrence.local_start),
        occurrence.event.title,
    )
    if occurrence.is_cancelled:
        state = format_html(" <strong>{}</strong>", gettext("(cancelled)"))
    else:
        band = availability(occurrence)
        state = format_html(
            '{} <span class="band band-{}" title="{}"><span class="band-short" '
            'aria-hidden="true">{}</span><span class="band-long">{}</span></span>',
            format_html(" <strong>{}</strong>", gettext("(changed)"))
            if occurrence.is_moved
            else "",
            band.key,
            band.label,
            band.short,
            band.label,
        )
    occurrence._month_entry = link + state
    return occurrence._month_entry


def _state(occurrence):
    if occurrence.is_cancelled:
        return "is-cancelled"
    return "is-moved" if occurrence.is_moved else ""


def _entries(context, day):
    """A day's first few dates as the month view's list items."""
    return format_html_join(
        "",
        '<li class="{}">{}</li>',
        ((_state(o), month_entry(context, o)) for o in day.first_few),
    )


def _more(wrapper, day, page_url, long_day):
    """ "and 12 more" (on that day, for screen readers), linking to the day's own list, in
    ``wrapper``; nothing when the day shows all its dates."""
    if not day.more:
        return ""
    link = format_html(
        '<a href="{}day/{}/">{}<span class="visually-hidden"> {}</span></a>',
        page_url,
        day.date.isoformat(),
        gettext("and %(more)s more") % {"more": day.more},
        gettext("on %(day)s") % {"day": long_day},
    )
    return format_html(wrapper, link)


@register.simple_tag(takes_context=True)
def month_cell(context, day, today, page_url):
    """One day of the month grid: its number, its first few dates and "and N more". Made in
    Python like ``month_entry``: 42 cells of template tags were a third of the month's time."""
    long_day = long_date(day.date)
    number = (
        str(day.date.day) if day.in_month else dates_text.date_text(day.date, "day_short_month")
    )
    is_today = day.date == today
    classes = " ".join(
        name for name, wanted in (("other-month", not day.in_month), ("today", is_today)) if wanted
    )
    content = ""
    if day.count:
        more = _more('<li class="more">{}</li>', day, page_url, long_day)
        content = format_html("<ul>{}{}</ul>", _entries(context, day), more)
    return format_html(
        '<td class="{}"{}><span class="day-number">{}<span class="visually-hidden"> {}</span>'
        "</span>{}</td>",
        classes,
        mark_safe(' aria-current="date"') if is_today else "",
        number,
        long_day,
        content,
    )


@register.simple_tag(takes_context=True)
def month_agenda_day(context, day, today, page_url):
    """One day of the phones' list of the month (the same dates as its grid cell)."""
    long_day = long_date(day.date)
    key = f"agenda-{day.date.isoformat()}"
    return format_html(
        '<section class="day" aria-labelledby="{}"><h3 id="{}" class="day-heading">{}{}</h3>'
        '<ul class="month-entries">{}</ul>{}</section>',
        key,
        key,
        gettext("Today,") + " " if day.date == today else "",
        long_day,
        _entries(context, day),
        _more('<p class="more">{}</p>', day, page_url, long_day),
    )


@register.simple_tag(takes_context=True)
def url_of(context, page):
    """A page's URL without the per-page queries ``pageurl`` may run on related pages."""
    if page is None:
        return ""
    return page.get_url(context.get("request")) or ""


@register.filter
def time_range(occurrence):
    """ "19:00–20:30" in the gathering's own zone, named when it differs from the site's."""
    text = occurrence.local_hours
    zone = listing.zone_label(occurrence.event.time_zone, settings.TIME_ZONE)
    return gettext("%(hours)s (%(zone)s time)") % {"hours": text, "zone": zone} if zone else text


@register.filter
def long_date(value):
    """ "Tuesday 1 December", or "Tuesday 5 January 2027" when not this year."""
    return dates_text.with_year_if_not(value, "long", timezone.localdate())


@register.filter
def short_date(value):
    """ "Tue 1 Dec", or "Tue 5 Jan 2027" when not this year."""
    return dates_text.with_year_if_not(value, "short", timezone.localdate())


@register.filter
def human_date(value, name="long"):
    """A date in the active language, as one of the forms in events/dates_text.py:
    ``{{ start|human_date:"short_year" }}`` is "Tue 1 Dec 2026"."""
    return dates_text.date_text(value, name)


@register.filter
def human_time(value):
    """ "19:00"."""
    return dates_text.time_text(value)


@register.filter
def human_date_time(value, name="long"):
    """ "Tuesday 1 December, 19:00" (``name`` as in ``human_date``)."""
    return dates_text.date_time_text(value, name)


@register.simple_tag
def language_attributes():
    """``lang="en-GB" dir="ltr"`` for the active language (``dir="rtl"`` for Arabic)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    tag = translation.to_locale(language).replace("_", "-")
    direction = "rtl" if translation.get_language_bidi() else "ltr"
    return format_html('lang="{}" dir="{}"', tag, direction)


@register.simple_tag
def json_ld_script(data):
    """A <script type="application/ld+json"> from text made by ``structured_data.json_ld``.

    A data block: browsers never run it and the Content-Security-Policy does not govern it, so it
    carries no nonce and the page stays the same for every visitor (the front cache shares it).
    """
    if not data:
        return ""
    # structured_data.json_ld escapes <, > and &, so the text cannot close the script element.
    return mark_safe(f'<script type="application/ld+json">{data}</script>')  # noqa: S308


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some values replaced (None removes one)."""
    request = context.get("request")
    query = request.GET.copy() if request else {}
    for key, value in changes.items():
        query.pop(key, None)
        if value not in (None, ""):
            query[key] = value
    encoded = query.urlencode() if query else ""
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def category_badge(category):
    if category is None:
        return ""
    return format_html(
        '<span class="badge" style="--badge: {}">{}</span>', category.colour, category.local_name
    )
