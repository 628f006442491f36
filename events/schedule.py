"""A gathering's rule set as dated slots, and in plain words. Pure functions: no ORM here.

django-recurrence stores every datetime in UTC and cannot carry a TZID, and its widget stores
"add date"/"exclude date" and UNTIL as midnight UTC. Expanding aware datetimes would move a 19:00
session by an hour across a daylight-saving change, and a midnight-UTC EXDATE would never match a
19:00 session. So the rule is expanded on naive *local* wall-clock times built from the gathering's
first date and start time, widget dates are read as local calendar dates, and only then is each
start made aware in the gathering's zone and converted to UTC.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import recurrence
from django.utils import timezone
from recurrence import Recurrence, Rule

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


def to_utc(local_naive, tz):
    """Make a local wall-clock time aware in ``tz`` and convert it to UTC.

    A time in the spring-forward gap takes the offset from before the gap, as RFC 5545 says.
    """
    return local_naive.replace(tzinfo=tz).astimezone(UTC)


def expand(recurrence, *, first_date, start_time, duration, time_zone, after, before):
    """Every slot the schedule gives with ``after <= start < before`` (aware datetimes), in order.

    A schedule with no rule and no extra dates is a one-off on ``first_date``.
    """
    tz = ZoneInfo(time_zone) if isinstance(time_zone, str) else time_zone
    dtstart = dt.datetime.combine(first_date, start_time)
    local = local_recurrence(recurrence, start_time)
    if not local.rrules and not local.rdates:
        local.rdates = [dtstart]
    # Widen the naive window by a day each side; the exact UTC bounds are applied below.
    lower = after.astimezone(tz).replace(tzinfo=None) - dt.timedelta(days=1)
    upper = before.astimezone(tz).replace(tzinfo=None) + dt.timedelta(days=1)
    starts = local.between(lower, upper, inc=True, dtstart=dtstart)
    slots = []
    for naive in starts:
        start = to_utc(naive, tz)
        if after <= start < before:
            slots.append(Slot(start=start, end=start + duration))
    return slots


def local_date(moment, time_zone):
    """The calendar date of an aware ``moment`` in ``time_zone``."""
    tz = ZoneInfo(time_zone) if isinstance(time_zone, str) else time_zone
    return moment.astimezone(tz).date()


# Schedules in plain words -------------------------------------------------------------------

WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}


def clock(value, *, suffix=True):
    """7pm, 8:30pm, 12 noon: the way people say times."""
    if value.hour == 12 and value.minute == 0:
        return "12 noon"
    hour = value.hour % 12 or 12
    text = f"{hour}:{value.minute:02d}" if value.minute else str(hour)
    return text + (("am" if value.hour < 12 else "pm") if suffix else "")


def time_range_words(start, end):
    """ "7–8:30pm" when both are on the same side of noon, else "11:30am–1pm"."""
    same_half = (start.hour < 12) == (end.hour < 12) and "noon" not in clock(start)
    same_half = same_half and "noon" not in clock(end)
    return f"{clock(start, suffix=not same_half)}–{clock(end)}"


def ordinal_day(n):
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def _date_words(day, today):
    text = f"{day.day} {day:%B}"
    return text if day.year == today.year else f"{text} {day.year}"


def _join(words):
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _weekdays(rule, first_date):
    numbers = sorted({d.number for d in rule.byday}) if rule.byday else [first_date.weekday()]
    return _join(WEEKDAY_NAMES[n] for n in numbers)


def _rule_words(rule, first_date):
    every = "Every" if rule.interval == 1 else None
    if rule.freq == recurrence.DAILY:
        if rule.interval == 1:
            return "Every day"
        return f"Every {rule.interval} days"
    if rule.freq == recurrence.WEEKLY:
        days = _weekdays(rule, first_date)
        if every:
            return f"Every {days}"
        if rule.interval == 2:
            return f"Every other {days}"
        return f"Every {NUMBER_WORDS.get(rule.interval, rule.interval)} weeks on {days}"
    if rule.freq == recurrence.MONTHLY:
        months = (
            "every month"
            if rule.interval == 1
            else f"every {NUMBER_WORDS.get(rule.interval, rule.interval)} months"
        )
        positional = [d for d in rule.byday if d.index]
        if positional or (rule.byday and rule.bysetpos):
            if positional:
                pairs = [(d.index, d.number) for d in positional]
            else:
                pairs = [(pos, d.number) for pos in rule.bysetpos for d in rule.byday]
            words = _join(
                f"{ORDINALS.get(index, ordinal_day(index))} {WEEKDAY_NAMES[number]}"
                for index, number in pairs
            )
            return f"On the {words} of {months}"
        days = rule.bymonthday or [first_date.day]
        return f"On the {_join(ordinal_day(d) for d in days)} of {months}"
    if rule.freq == recurrence.YEARLY:
        return f"Every year on {first_date.day} {first_date:%B}"
    return "Regularly"


def describe_schedule(schedule, *, first_date, start_time, duration, today=None):
    """The schedule in plain words: "Every Tuesday and Thursday, 7–8:30pm, from 13 January".

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
            return f"On selected dates, {hours}"
        return f"Once, on {first_date:%A} {_date_words(first_date, today)}, {hours}"
    rule = rules[0]
    parts = [_rule_words(rule, first_date), hours]
    if first_date > today:
        parts.append(f"from {_date_words(first_date, today)}")
    if rule.count:
        parts.append(f"{rule.count} sessions" if rule.count != 1 else "one session")
    elif rule.until:
        until = rule.until
        until = until.astimezone(dt.UTC).date() if isinstance(until, dt.datetime) else until
        parts.append(f"until {_date_words(until, today)}")
    text = ", ".join(parts)
    if schedule.rdates:
        text += ", plus some extra dates"
    return text
