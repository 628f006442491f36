"""A gathering's rule set as dated slots, and in plain words. Pure functions: no ORM here.

django-recurrence stores every datetime in UTC and cannot carry a TZID, and its widget stores
"add date"/"exclude date" and UNTIL as midnight UTC. Expanding aware datetimes would move a 19:00
session by an hour across a daylight-saving change, and a midnight-UTC EXDATE would never match a
19:00 session. So the rule is expanded on naive *local* wall-clock times built from the gathering's
first date and start time, widget dates are read as local calendar dates, and only then is each
start made aware in the gathering's zone and converted to UTC.

The nights the clocks change follow one rule, RFC 5545 section 3.3.5, everywhere (storage, pages,
e-mails, feeds): a local time that does not exist (the spring-forward gap) is read with the UTC
offset from before the gap, so a 01:30 London session on that night starts at 02:30 BST, the
instant "01:30 GMT" names; a local time that happens twice (autumn) is the first of the two.
Ends are the start plus the duration in absolute time, never local arithmetic, so a 60-minute
session that starts at the first 01:30 ends at the second.
"""

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import recurrence
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext, npgettext, pgettext, pgettext_lazy
from recurrence import Recurrence, Rule

from events.dates_text import date_text, time_text, with_year_if_not

UTC = dt.UTC


@dataclass(frozen=True)
class Slot:
    """One dated instance the rule gives: aware UTC start and end."""

    start: dt.datetime
    end: dt.datetime


def widget_date(value):
    """The calendar date an organiser picked in the widget (stored as midnight UTC)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.date()
    return value


def _local_rule(rule, start_time):
    """A copy of ``rule`` whose UNTIL is the end of that local day, naive."""
    until = rule.until
    if until is not None:
        until = dt.datetime.combine(widget_date(until), dt.time.max)
    return Rule(
        rule.freq,
        interval=rule.interval,
        wkst=rule.wkst,
        count=rule.count,
        until=until,
        **{param: getattr(rule, param) for param in Rule.byparams if getattr(rule, param)},
    )


def local_recurrence(recurrence, start_time):
    """The rule set in local wall-clock time; added/excluded dates fall at ``start_time``."""
    recurrence = recurrence or Recurrence()
    return Recurrence(
        rrules=[_local_rule(rule, start_time) for rule in recurrence.rrules],
        exrules=[_local_rule(rule, start_time) for rule in recurrence.exrules],
        rdates=[dt.datetime.combine(widget_date(d), start_time) for d in recurrence.rdates],
        exdates=[dt.datetime.combine(widget_date(d), start_time) for d in recurrence.exdates],
        include_dtstart=False,
    )


def _zone(time_zone):
    return ZoneInfo(time_zone) if isinstance(time_zone, str) else time_zone


def to_utc(local_naive, tz):
    """Make a local wall-clock time aware in ``tz`` and convert it to UTC (RFC 5545 3.3.5).

    A time in the spring-forward gap takes the offset from before the gap; a time that happens
    twice is the first of the two (``fold=0`` means both in Python's zoneinfo).
    """
    return local_naive.replace(tzinfo=_zone(tz), fold=0).astimezone(UTC)


GAP = "gap"
REPEAT = "repeat"


def clock_change_at(local_naive, tz):
    """``GAP`` if this wall-clock time does not exist in ``tz``, ``REPEAT`` if it happens twice,
    else ""."""
    tz = _zone(tz)
    first = local_naive.replace(tzinfo=tz, fold=0)
    if first.utcoffset() == local_naive.replace(tzinfo=tz, fold=1).utcoffset():
        return ""
    back = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    return GAP if back != local_naive else REPEAT


def nominal_end_is_exact(local_naive, duration, tz):
    """Whether adding ``duration`` on the wall clock gives the same instant as in absolute time.

    Calendar apps compute a series' ends, and read its local times, on the wall clock; where
    the clocks change during a session (or at its start) they disagree with the site and with
    each other, so such dates are written out explicitly (events/ical/feeds.py).
    """
    end = local_naive + duration
    if clock_change_at(local_naive, tz) or clock_change_at(end, tz):
        return False
    return to_utc(end, tz) - to_utc(local_naive, tz) == duration


def next_instant(day, wall_time, tz, *, after):
    """The first moment after ``after`` at which the clock in ``tz`` shows ``wall_time``, on
    ``day`` or the day after: how an end time typed on a form is read. On the autumn night
    "01:30" after a start at the first 01:30 is the second one."""
    tz = _zone(tz)
    for candidate_day in (day, day + dt.timedelta(days=1)):
        naive = dt.datetime.combine(candidate_day, wall_time)
        for fold in (0, 1):
            moment = naive.replace(tzinfo=tz, fold=fold).astimezone(UTC)
            if moment > after:
                return moment
    return to_utc(dt.datetime.combine(day + dt.timedelta(days=1), wall_time), tz)


def _local_starts(recurrence, *, first_date, start_time, tz, after, before):
    """The naive local starts the schedule gives, a day either side of [after, before)."""
    dtstart = dt.datetime.combine(first_date, start_time)
    local = local_recurrence(recurrence, start_time)
    if not local.rrules and not local.rdates:
        local.rdates = [dtstart]
    # Widen the naive window by a day each side; callers apply the exact UTC bounds.
    lower = after.astimezone(tz).replace(tzinfo=None) - dt.timedelta(days=1)
    upper = before.astimezone(tz).replace(tzinfo=None) + dt.timedelta(days=1)
    return local.between(lower, upper, inc=True, dtstart=dtstart)


def expand(recurrence, *, first_date, start_time, duration, time_zone, after, before):
    """Every slot the schedule gives with ``after <= start < before`` (aware datetimes), in order.

    A schedule with no rule and no extra dates is a one-off on ``first_date``.
    """
    tz = _zone(time_zone)
    slots = []
    starts = _local_starts(
        recurrence, first_date=first_date, start_time=start_time, tz=tz, after=after, before=before
    )
    for naive in starts:
        start = to_utc(naive, tz)
        if after <= start < before:
            slots.append(Slot(start=start, end=start + duration))
    return slots


@dataclass(frozen=True)
class ClockChange:
    """A date whose start time falls where the clocks change: in the gap or the repeated hour."""

    day: dt.date
    kind: str  # GAP or REPEAT
    start: dt.datetime  # the start as stored (RFC 5545 3.3.5), aware in the gathering's zone


def clock_changes(recurrence, *, first_date, start_time, time_zone, after, before):
    """The dates in [after, before) whose start time does not exist or happens twice."""
    tz = _zone(time_zone)
    found = []
    starts = _local_starts(
        recurrence, first_date=first_date, start_time=start_time, tz=tz, after=after, before=before
    )
    for naive in starts:
        kind = clock_change_at(naive, tz)
        start = to_utc(naive, tz)
        if kind and after <= start < before:
            found.append(ClockChange(day=naive.date(), kind=kind, start=start.astimezone(tz)))
    return found


def clock_change_words(change, start_time):
    """What the organiser should know about one ``ClockChange``, in a sentence."""
    words = {
        "day": date_text(change.day, "long_year"),
        "asked": time_text(start_time),
        "actual": f"{time_text(change.start)} {change.start:%Z}",
    }
    if change.kind == GAP:
        return (
            gettext(
                "%(day)s: the clocks go forward and there is no %(asked)s that night, so this "
                "date starts at %(actual)s."
            )
            % words
        )
    return (
        gettext(
            "%(day)s: the clocks go back and %(asked)s happens twice that night; this date "
            "starts at the first, %(actual)s."
        )
        % words
    )


def clock_span(start, end):
    """ "19:00–20:30" for local ``start`` and ``end``; "23:30–Sun 01:00" past midnight.

    Where the clocks change in between, each end names its offset ("01:30 BST–01:30 GMT"), so
    that an hour across the autumn change never reads as "01:30–01:30".
    """
    start_text, end_text = time_text(start), time_text(end)
    if start.utcoffset() != end.utcoffset():
        start_text, end_text = f"{start_text} {start:%Z}", f"{end_text} {end:%Z}"
    if start.date() != end.date():
        end_text = f"{date_text(end, 'short_weekday')} {end_text}"
    return f"{start_text}–{end_text}"


def local_date(moment, time_zone):
    """The calendar date of an aware ``moment`` in ``time_zone``."""
    return moment.astimezone(_zone(time_zone)).date()


# Schedules in plain words -------------------------------------------------------------------
#
# Each phrase is a whole sentence pattern in the catalogue, because languages put the parts of
# a schedule in different orders and cases: Polish says "w drugą sobotę każdego miesiąca" (the
# ordinal agrees with the weekday, both in the accusative), Arabic "السبت الثاني من كل شهر" (the
# ordinal after the weekday). So a weekday of the month is one phrase per ordinal and weekday,
# and a weekday after "every" has its own context. django-recurrence's own to_text() has no
# Polish and words Arabic ordinals wrongly, so Hearth words schedules itself in every language.

WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}

# The weekdays as they follow "Every" ("Every Monday", "Every other Monday").
_EVERY_WEEKDAY = [
    pgettext_lazy("weekday after 'every', as in 'Every Monday'", "Monday"),
    pgettext_lazy("weekday after 'every', as in 'Every Monday'", "Tuesday"),
    pgettext_lazy("weekday after 'every', as in 'Every Monday'", "Wednesday"),
    pgettext_lazy("weekday after 'every', as in 'Every Monday'", "Thursday"),
    pgettext_lazy("weekday after 'every', as in 'Every Monday'", "Friday"),
    pgettext_lazy("weekday after 'every', as in 'Every Monday'", "Saturday"),
    pgettext_lazy("weekday after 'every', as in 'Every Monday'", "Sunday"),
]

# (index, weekday number) -> "second Saturday"
_WEEKDAY_OF_MONTH = {
    (1, 0): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "first Monday"
    ),
    (1, 1): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "first Tuesday"
    ),
    (1, 2): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "first Wednesday"
    ),
    (1, 3): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "first Thursday"
    ),
    (1, 4): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "first Friday"
    ),
    (1, 5): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "first Saturday"
    ),
    (1, 6): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "first Sunday"
    ),
    (2, 0): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "second Monday"
    ),
    (2, 1): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "second Tuesday"
    ),
    (2, 2): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "second Wednesday"
    ),
    (2, 3): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "second Thursday"
    ),
    (2, 4): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "second Friday"
    ),
    (2, 5): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "second Saturday"
    ),
    (2, 6): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "second Sunday"
    ),
    (3, 0): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "third Monday"
    ),
    (3, 1): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "third Tuesday"
    ),
    (3, 2): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "third Wednesday"
    ),
    (3, 3): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "third Thursday"
    ),
    (3, 4): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "third Friday"
    ),
    (3, 5): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "third Saturday"
    ),
    (3, 6): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "third Sunday"
    ),
    (4, 0): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "fourth Monday"
    ),
    (4, 1): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "fourth Tuesday"
    ),
    (4, 2): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "fourth Wednesday"
    ),
    (4, 3): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "fourth Thursday"
    ),
    (4, 4): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "fourth Friday"
    ),
    (4, 5): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "fourth Saturday"
    ),
    (4, 6): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "fourth Sunday"
    ),
    (5, 0): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "fifth Monday"
    ),
    (5, 1): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "fifth Tuesday"
    ),
    (5, 2): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "fifth Wednesday"
    ),
    (5, 3): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "fifth Thursday"
    ),
    (5, 4): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "fifth Friday"
    ),
    (5, 5): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "fifth Saturday"
    ),
    (5, 6): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "fifth Sunday"
    ),
    (-1, 0): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "last Monday"
    ),
    (-1, 1): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "last Tuesday"
    ),
    (-1, 2): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "last Wednesday"
    ),
    (-1, 3): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "last Thursday"
    ),
    (-1, 4): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "last Friday"
    ),
    (-1, 5): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "last Saturday"
    ),
    (-1, 6): pgettext_lazy(
        "a weekday of the month, as in 'On the second Saturday of every month'", "last Sunday"
    ),
}

# Intervals of weeks and months above two, as words ("Every three weeks on Monday").
_NUMBER_WORDS = {
    2: pgettext_lazy("a number of weeks or months", "two"),
    3: pgettext_lazy("a number of weeks or months", "three"),
    4: pgettext_lazy("a number of weeks or months", "four"),
    5: pgettext_lazy("a number of weeks or months", "five"),
    6: pgettext_lazy("a number of weeks or months", "six"),
}


def _english():
    return (translation.get_language() or settings.LANGUAGE_CODE).lower().startswith("en")


def clock(value, *, suffix=True):
    """7pm, 8:30pm, 12 noon: the way English speakers say times; 19:00 in other languages."""
    if not _english():
        return time_text(value)
    if value.hour == 12 and value.minute == 0:
        return "12 noon"
    hour = value.hour % 12 or 12
    text = f"{hour}:{value.minute:02d}" if value.minute else str(hour)
    return text + (("am" if value.hour < 12 else "pm") if suffix else "")


def time_range_words(start, end):
    """ "7–8:30pm" when both are on the same side of noon, else "11:30am–1pm" (English);
    "19:00–20:30" in other languages."""
    if not _english():
        return f"{time_text(start)}–{time_text(end)}"
    same_half = (start.hour < 12) == (end.hour < 12) and "noon" not in clock(start)
    same_half = same_half and "noon" not in clock(end)
    return f"{clock(start, suffix=not same_half)}–{clock(end)}"


# Lengths of time, as organisers write them -----------------------------------------------------

SHORTEST_SESSION = dt.timedelta(minutes=5)
LONGEST_SESSION = dt.timedelta(hours=24)

_HOURS = r"(?P<hours>\d{1,2}(?:[.,]\d{1,2})?)\s*(?:h|hr|hrs|hour|hours)\.?"
_MINUTES = r"(?P<minutes>\d{1,4})\s*(?:m|min|mins|minute|minutes)\.?"
_LENGTH_IN_WORDS = re.compile(
    rf"^(?:{_HOURS})?\s*(?:and\s+)?(?:{_MINUTES}|(?P<bare>\d{{1,2}}))?$", re.IGNORECASE
)
_LENGTH_AS_CLOCK = re.compile(r"^(?P<hours>\d{1,2}):(?P<minutes>\d{2})(?::(?P<seconds>\d{2}))?$")


def hours_and_minutes(duration):
    """A length of time as people write it: "1 h 30 min", "45 min", "2 h" (never 01:30:00)."""
    minutes = round(duration.total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{hours} h" if hours else "", f"{minutes} min" if minutes else ""]
    return " ".join(part for part in parts if part) or "0 min"


def parse_hours_and_minutes(text):
    """Read "1 h 30 min", "1h30", "90 min", "1.5 hours" or "1:30" as a timedelta.

    Raises ValueError with a sentence for the organiser when it cannot be read. A bare number
    ("90") is refused: nobody can tell whether it means minutes or hours.
    """
    text = " ".join(str(text).split())
    clock_match = _LENGTH_AS_CLOCK.match(text)
    if clock_match:
        if int(clock_match["seconds"] or 0):
            raise ValueError(gettext("Give the length in whole minutes, e.g. “1 h 30 min”."))
        if int(clock_match["minutes"]) > 59:
            raise ValueError(gettext("Minutes after a colon go up to 59, e.g. “1:30”."))
        return dt.timedelta(hours=int(clock_match["hours"]), minutes=int(clock_match["minutes"]))
    match = _LENGTH_IN_WORDS.match(text)
    if not text or not match or (match["bare"] and not match["hours"]):
        raise ValueError(gettext("Write hours and minutes, e.g. “1 h 30 min”, “2 h” or “45 min”."))
    hours = float((match["hours"] or "0").replace(",", "."))
    minutes = int(match["minutes"] or match["bare"] or 0)
    total = dt.timedelta(hours=hours, minutes=minutes)
    if total.total_seconds() % 60:
        raise ValueError(gettext("Give the length in whole minutes, e.g. “1 h 20 min”."))
    return total


def ordinal_day(n):
    """ "15th" of a month (English); "15." or "15" as the language writes a day's number."""
    if not _english():
        return pgettext("a day of the month as a number, as in 'On the 15th'", "%(day)s") % {
            "day": n
        }
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def _date_words(day, today):
    return with_year_if_not(day, "day_month", today)


def join_words(words):
    """ "a, b and c" in the active language."""
    words = [str(word) for word in words]
    if len(words) <= 1:
        return "".join(words)
    separator = pgettext("between the items of a list, as in 'Monday, Tuesday and Friday'", ", ")
    return pgettext("the last two items of a list", "%(first)s and %(last)s") % {
        "first": separator.join(words[:-1]),
        "last": words[-1],
    }


def _weekdays(rule, first_date):
    numbers = sorted({d.number for d in rule.byday}) if rule.byday else [first_date.weekday()]
    return join_words(_EVERY_WEEKDAY[n] for n in numbers)


def _weekday_of_month(index, number):
    phrase = _WEEKDAY_OF_MONTH.get((index, number))
    if phrase is not None:
        return phrase
    return pgettext(
        "a weekday of the month, as in 'On the second Saturday of every month'",
        "%(ordinal)s %(weekday)s",
    ) % {
        "ordinal": ordinal_day(index),
        "weekday": _EVERY_WEEKDAY[number],
    }


def _months(interval):
    if interval == 1:
        return pgettext("as in 'On the 15th of every month'", "every month")
    return npgettext(
        "as in 'On the 15th of every two months'",
        "every %(number)s month",
        "every %(number)s months",
        interval,
    ) % {"number": _NUMBER_WORDS.get(interval, interval)}


def _rule_words(rule, first_date):
    if rule.freq == recurrence.DAILY:
        if rule.interval == 1:
            return gettext("Every day")
        return ngettext("Every %(count)s day", "Every %(count)s days", rule.interval) % {
            "count": rule.interval
        }
    if rule.freq == recurrence.WEEKLY:
        days = _weekdays(rule, first_date)
        if rule.interval == 1:
            return gettext("Every %(weekdays)s") % {"weekdays": days}
        if rule.interval == 2:
            return gettext("Every other %(weekdays)s") % {"weekdays": days}
        return ngettext(
            "Every %(number)s week on %(weekdays)s",
            "Every %(number)s weeks on %(weekdays)s",
            rule.interval,
        ) % {"number": _NUMBER_WORDS.get(rule.interval, rule.interval), "weekdays": days}
    if rule.freq == recurrence.MONTHLY:
        months = _months(rule.interval)
        positional = [d for d in rule.byday if d.index]
        if positional or (rule.byday and rule.bysetpos):
            if positional:
                pairs = [(d.index, d.number) for d in positional]
            else:
                pairs = [(pos, d.number) for pos in rule.bysetpos for d in rule.byday]
            words = join_words(_weekday_of_month(index, number) for index, number in pairs)
            return pgettext(
                "weekdays of the month: 'On the second Saturday of every month'",
                "On the %(days)s of %(months)s",
            ) % {"days": words, "months": months}
        days = rule.bymonthday or [first_date.day]
        return pgettext(
            "days of the month: 'On the 1st and 15th of every month'",
            "On the %(days)s of %(months)s",
        ) % {"days": join_words(ordinal_day(d) for d in days), "months": months}
    if rule.freq == recurrence.YEARLY:
        return gettext("Every year on %(date)s") % {"date": date_text(first_date, "day_month")}
    return gettext("Regularly")


def describe_schedule(schedule, *, first_date, start_time, duration, today=None):
    """The schedule in plain words, in the active language: "Every Tuesday and Thursday,
    7–8:30pm, from 13 January".

    Reads the first rule only (the one organisers set in the widget); extra dates are mentioned,
    not listed, because the next dates are listed right below on the page.
    """
    today = today or timezone.localdate()
    end_time = (dt.datetime.combine(first_date, start_time) + duration).time()
    hours = time_range_words(start_time, end_time)
    rules = list(schedule.rrules) if schedule else []
    if not rules:
        extra = list(schedule.rdates) if schedule else []
        if extra:
            return gettext("On selected dates, %(hours)s") % {"hours": hours}
        return gettext("Once, on %(date)s, %(hours)s") % {
            "date": with_year_if_not(first_date, "long", today),
            "hours": hours,
        }
    rule = rules[0]
    parts = [_rule_words(rule, first_date), hours]
    if first_date > today:
        parts.append(gettext("from %(date)s") % {"date": _date_words(first_date, today)})
    if rule.count:
        parts.append(
            ngettext("one session", "%(count)s sessions", rule.count) % {"count": rule.count}
        )
    elif rule.until:
        until = rule.until
        until = until.astimezone(dt.UTC).date() if isinstance(until, dt.datetime) else until
        parts.append(gettext("until %(date)s") % {"date": _date_words(until, today)})
    separator = pgettext("between the parts of a schedule, as in 'Every day, 7–8pm'", ", ")
    text = separator.join(str(part) for part in parts)
    if schedule.rdates:
        text = gettext("%(schedule)s, plus some extra dates") % {"schedule": text}
    return text
