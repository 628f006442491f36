"""Turning a gathering's rule set into dated occurrences. Pure functions: no ORM here.

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
