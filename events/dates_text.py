"""Dates and times for people, in the active language: the one place Hearth words them.

Pure: no ORM. Every date or time a visitor, a booker or an organiser reads (pages, e-mails,
.ics text, the admin) goes through ``date_text``/``time_text`` with a named form, so a new
language needs no change here, only its catalogue.

English keeps the words the site has always printed ("Monday 7 December", "Mon 7 Dec, 19:00"):
its patterns are written out, and the month and day names come from Babel's plain ``en`` data,
whose abbreviations match strftime's ("Sep", where CLDR's en-GB says "Sept"). Any other language
gets CLDR's own pattern for the same fields (Babel's ``format_skeleton``), with the weekday at
the width asked for: CLDR's Polish "E, d MMMM" would otherwise shorten "poniedziałek" to "pon.".
Polish months come out in the genitive ("7 grudnia") because CLDR's day-and-month patterns
use the formatting context.

Values are printed in the zone they carry: callers pass a datetime already converted to the
gathering's zone (``Occurrence.local_start``); times are stored in UTC and never shown so.
"""

import datetime as dt
import re
from functools import cache, lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime, match_skeleton
from django.conf import settings
from django.utils import translation
from django.utils.translation import pgettext

# name: (CLDR skeleton for any language, the English pattern the site has always used)
FORMATS = {
    "long": ("MMMMEEEEd", "EEEE d MMMM"),  # Monday 7 December
    "long_year": ("yMMMMEEEEd", "EEEE d MMMM y"),  # Monday 7 December 2026
    "short": ("MMMEd", "EEE d MMM"),  # Mon 7 Dec
    "long_short_month": ("MMMEEEEd", "EEEE d MMM"),  # Monday 7 Dec
    "short_year": ("yMMMEd", "EEE d MMM y"),  # Mon 7 Dec 2026
    "day_month": ("MMMMd", "d MMMM"),  # 7 December
    "day_month_year": ("yMMMMd", "d MMMM y"),  # 7 December 2026
    "day_short_month": ("MMMd", "d MMM"),  # 7 Dec
    "day_short_month_year": ("yMMMd", "d MMM y"),  # 7 Dec 2026
    "month_year": ("yMMMM", "MMMM y"),  # December 2026
    "month": ("MMMM", "MMMM"),  # December
    "short_month": ("MMM", "MMM"),  # Dec
    "weekday": ("EEEE", "EEEE"),  # Monday
    "short_weekday": ("EEE", "EEE"),  # Mon
    "time": ("Hm", "HH:mm"),  # 19:00
}

_ENGLISH = Locale.parse("en")
_FIELD_RUN = re.compile(r"'[^']*'|E+|c+|M+|L+")


def _language():
    return translation.get_language() or settings.LANGUAGE_CODE


@cache
def _locale(language):
    try:
        return Locale.parse(translation.to_locale(language))
    except (UnknownLocaleError, ValueError):
        return _ENGLISH


def _is_english(language):
    return language.lower().split("-")[0] == "en"


@cache
def _pattern(name, language):
    """The pattern for the named form in ``language`` (a Django language code)."""
    skeleton, english = FORMATS[name]
    if _is_english(language):
        return english
    locale = _locale(language)
    matched = match_skeleton(skeleton, locale.datetime_skeletons)
    if matched is None:
        return english
    pattern = str(locale.datetime_skeletons[matched].pattern)
    # CLDR matches "EEEE" to an "E" pattern, or "MMMM" to "LLL", without widening the field to
    # the width asked for (Babel does not either): widen weekdays and months here.
    widths = {"E": skeleton.count("E"), "c": skeleton.count("E")}
    widths |= {"M": skeleton.count("M"), "L": skeleton.count("M")}

    def widen(field):
        text = field.group(0)
        width = widths.get(text[0], 0)
        if text.startswith("'") or not width or (text[0] in "ML" and min(width, len(text)) < 3):
            return text
        return text[0] * width

    pattern = _FIELD_RUN.sub(widen, pattern)
    return pattern


def date_text(value, name="long"):
    """``value`` (a date or an aware datetime, in the zone it should be read in) as the named
    form of ``FORMATS``, in the active language. Empty for None."""
    if value in (None, ""):
        return ""
    if isinstance(value, dt.time):
        value = dt.datetime.combine(dt.date(2000, 1, 1), value)
    elif isinstance(value, dt.datetime) and value.tzinfo is not None:
        # No form prints a zone, so the local clock's reading is all that is printed.
        value = value.replace(tzinfo=None)
    return _formatted(value, name, _language())


@lru_cache(maxsize=4096)
def _formatted(value, name, language):
    """One date or local time in one form and language, worked out once: a month page prints
    its days and times about 250 times, and Babel takes as long for each as the rest of the
    page's template for a date. Bounded: a few hundred KB at most."""
    locale = _ENGLISH if _is_english(language) else _locale(language)
    pattern = _pattern(name, language)
    if isinstance(value, dt.datetime):
        return format_datetime(value, pattern, locale=locale)
    return format_date(value, pattern, locale=locale)


def time_text(value):
    """ "19:00": a time of day on the 24-hour clock, in the active language's digits."""
    return date_text(value, "time")


def _date_and_time(value, name, joined):
    if value in (None, ""):
        return ""
    return joined % {"date": date_text(value, name), "time": time_text(value)}


def date_time_text(value, name="long"):
    """ "Monday 7 December, 19:00": a date as ``name`` and its time."""
    return _date_and_time(value, name, pgettext("a date, then a time", "%(date)s, %(time)s"))


def date_at_time_text(value, name="long"):
    """ "Monday 7 December at 19:00"."""
    return _date_and_time(value, name, pgettext("a date, then a time", "%(date)s at %(time)s"))


def with_year_if_not(value, name, today):
    """``value`` as ``name``, or as ``name_year`` when it falls in another year than ``today``."""
    if value in (None, ""):
        return ""
    return date_text(value, name if value.year == today.year else f"{name}_year")
