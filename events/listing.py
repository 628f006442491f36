"""What's on: filters, paging, grouping by day, and the month and week calendars.

Plain functions over stored ``Occurrence`` rows (and one Django form for the query string), so
the page models stay thin and tests can call these directly. Every filter is a plain GET value:
shareable, bookmarkable and working without JavaScript. A value we cannot use is dropped with a
message; it never raises.
"""

import calendar
import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db import NotSupportedError
from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hearth.remembered import kept

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 8
PER_PAGE = 30
# Calendars beyond these years are almost certainly typing mistakes or robots.
FIRST_YEAR, LAST_YEAR = 2000, 2100

DAYS = [
    ("mon", _("Monday"), 2),
    ("tue", _("Tuesday"), 3),
    ("wed", _("Wednesday"), 4),
    ("thu", _("Thursday"), 5),
    ("fri", _("Friday"), 6),
    ("sat", _("Saturday"), 7),
    ("sun", _("Sunday"), 1),
]
# Local start hour ranges, [from, to).
TIMES_OF_DAY = [
    ("morning", _("Morning (before 12)"), 0, 12),
    ("afternoon", _("Afternoon (12 to 5pm)"), 12, 17),
    ("evening", _("Evening (from 5pm)"), 17, 24),
]
ACCESS_FILTERS = [
    ("step_free_access", _("Step-free access")),
    ("accessible_toilet", _("Accessible toilet")),
    ("hearing_loop", _("Hearing loop")),
    ("quiet_space", _("Quiet space")),
    ("parking", _("Parking")),
]


class ForgivingTextField(forms.CharField):
    """Free text, trimmed and cut to a sane length rather than refused."""

    def to_python(self, value):
        value = super().to_python(value)
        return " ".join(value.split())[:MAX_QUERY_LENGTH]


class FilterForm(forms.Form):
    """The What's on filters, read from the query string. Every field is optional."""

    q = ForgivingTextField(label=_("Words"), required=False)
    category = forms.MultipleChoiceField(
        label=_("Kind of gathering"), required=False, widget=forms.CheckboxSelectMultiple
    )
    venue = forms.ChoiceField(label=_("Venue"), required=False)
    day = forms.MultipleChoiceField(
        label=_("Day of the week"),
        required=False,
        choices=[(key, label) for key, label, _ in DAYS],
        widget=forms.CheckboxSelectMultiple,
    )
    time = forms.MultipleChoiceField(
        label=_("Time of day"),
        required=False,
        choices=[(key, label) for key, label, _, _ in TIMES_OF_DAY],
        widget=forms.CheckboxSelectMultiple,
    )
    access = forms.MultipleChoiceField(
        label=_("Access"),
        required=False,
        choices=ACCESS_FILTERS,
        widget=forms.CheckboxSelectMultiple,
    )
    newcomers = forms.BooleanField(label=_("Open to newcomers"), required=False)

    def __init__(self, data=None, *, categories=(), venues=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["category"].choices = [(c.slug, c.local_name) for c in categories]
        self.fields["venue"].choices = [("", _("Any venue")), *((v.slug, v.title) for v in venues)]

    def usable_data(self):
        """The values that can be applied; invalid fields are left out (see ``problems``)."""
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value not in ("", [], None, False)
        }

    def problems(self):
        """One plain sentence for each filter that could not be used."""
        self.is_valid()
        messages = []
        for name in self.errors:
            if name not in self.fields:
                continue
            raw = self.data.getlist(name) if hasattr(self.data, "getlist") else self.data.get(name)
            shown = ", ".join(str(v) for v in raw) if isinstance(raw, list) else str(raw)
            shown = shown.replace("\x00", "")
            if len(shown) > 40:
                shown = shown[:40] + "…"
            messages.append(
                gettext("We couldn’t use “{shown}” for {filter}, so that filter is off.").format(
                    shown=shown, filter=str(self.fields[name].label).lower()
                )
            )
        return messages


# Endings taken off a word so "walks", "walking" and "walked" all find "walk": (ending, what
# replaces it, the shortest stem left).
ENDINGS = [("ies", "y", 3), ("sses", "ss", 3), ("ing", "", 4), ("ed", "", 4), ("s", "", 3)]
KEEP_FINAL_S = ("ss", "us", "is")


def word_stem(word):
    """A plain English stem for matching: "walks" -> "walk", "classes" -> "class".

    Deliberately simple (no dictionary): searches match the stem anywhere in a word, so a stem
    that is a little short only finds a little more.
    """
    word = word.lower()
    for ending, replacement, shortest in ENDINGS:
        if not word.endswith(ending) or len(word) - len(ending) < shortest:
            continue
        if ending == "s" and word.endswith(KEEP_FINAL_S):
            continue
        return word[: -len(ending)] + replacement
    return word


def word_forms(word):
    """The word, its stem and the stem's common endings, for search engines that match whole
    words (SQLite's full-text index does not stem)."""
    stem = word_stem(word)
    forms = {word.lower(), stem}
    if len(stem) >= 3:
        forms |= {stem + ending for ending in ("s", "es", "ing", "ed", "er", "ers")}
        if stem.endswith("y"):
            forms.add(stem[:-1] + "ies")
    return sorted(forms)


def _venue_is(name, value):
    """Occurrences whose effective venue (moved-to venue, else the gathering's) has ``name``."""
    return Q(**{f"venue__{name}": value}) | Q(
        venue__isnull=True, **{f"event__venue__{name}": value}
    )


def apply_filters(queryset, filters):
    """Narrow an Occurrence queryset by the usable values of a ``FilterForm``."""
    if categories := filters.get("category"):
        queryset = queryset.filter(event__category__slug__in=categories)
    if venue := filters.get("venue"):
        queryset = queryset.filter(_venue_is("slug", venue))
    if days := filters.get("day"):
        numbers = [number for key, _, number in DAYS if key in days]
        # Django reads __week_day and __hour in the current (site) time zone.
        queryset = queryset.filter(start__week_day__in=numbers)
    if times := filters.get("time"):
        hours = Q()
        for key, _, start, end in TIMES_OF_DAY:
            if key in times:
                hours |= Q(start__hour__gte=start, start__hour__lt=end)
        queryset = queryset.filter(hours)
    for fact in filters.get("access", []):
        queryset = queryset.filter(_venue_is(fact, True))
    if filters.get("newcomers"):
        queryset = queryset.filter(event__intake="open")
    if text := filters.get("q"):
        for word in text.split()[:MAX_QUERY_WORDS]:
            word = word_stem(word)
            queryset = queryset.filter(
                Q(event__title__icontains=word)
                | Q(event__summary__icontains=word)
                | Q(event__category__name__icontains=word)
                | _venue_is("title__icontains", word)
            )
    return queryset


def describe_filters(form, filters):
    """A short sentence of what is applied, for the heading above results."""
    parts = []
    labels = {
        name: dict(form.fields[name].choices)
        for name in ("category", "venue", "day", "time", "access")
    }
    for name in ("category", "day", "time", "access"):
        if filters.get(name):
            parts.append(gettext(" or ").join(str(labels[name].get(v, v)) for v in filters[name]))
    if filters.get("venue"):
        venue = labels["venue"].get(filters["venue"], filters["venue"])
        parts.append(gettext("at {venue}").format(venue=venue))
    if filters.get("newcomers"):
        parts.append(gettext("open to newcomers"))
    if filters.get("q"):
        parts.append(gettext("matching “{words}”").format(words=filters["q"]))
    return gettext("; ").join(parts)


@dataclass
class PageChoice:
    """The page of results to show, and a message when the asked-for page could not be used."""

    page: object
    message: str = ""


# What's on counts its dates up to this many: counting every upcoming date of a city-wide
# programme (150,000 at 5,000 gatherings) was half the page's time. Past it the page says
# "more than 3,000 dates" and pages on to the 100th; the filters, the calendar and the day
# lists reach every date.
COUNT_CAP = 3000


class CappedPaginator(Paginator):
    """A paginator that counts at most ``cap`` + 1 rows (``capped`` says when there are more)."""

    def __init__(self, *args, cap, **kwargs):
        super().__init__(*args, **kwargs)
        self.cap = cap

    @cached_property
    def _found(self):
        # Only whether rows exist, up to the cap: no order, no seat counts.
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @property
    def count(self):
        """Pages run to the cap: page 100 of 3,000 dates is full, and the last one."""
        return min(self._found, self.cap)

    @property
    def capped(self):
        return self._found > self.cap


def paginate(queryset, raw_page, per_page=PER_PAGE, *, cap=None):
    """A page of ``queryset``; a bad, negative or too-large page number falls back, with a note.
    With ``cap``, at most that many rows are counted (``CappedPaginator``)."""
    if cap is None:
        paginator = Paginator(queryset, per_page)
    else:
        paginator = CappedPaginator(queryset, per_page, cap=cap)
    message = ""
    try:
        number = int(str(raw_page).strip()) if raw_page not in (None, "") else 1
    except (TypeError, ValueError):
        number = 1
        message = gettext("That page number didn’t make sense, so here is the first page.")
    if number < 1:
        number = 1
        message = gettext("Pages start at 1, so here is the first page.")
    elif number > paginator.num_pages:
        if paginator.count:
            message = gettext("There aren’t that many pages, so here is the last one.")
        number = paginator.num_pages
    return PageChoice(paginator.page(number), message)


# A month calendar's cell lists this many dates, then "and N more" (a link to that day's list).
CELL_LIMIT = 4
# A day of the week view lists this many, then "and N more": pages stay the same size however
# many gatherings a programme has.
WEEK_DAY_LIMIT = 8
# With fewer days than this left in a month after today, "Calendar" opens the next month.
MONTH_END_DAYS = 7


@dataclass
class Day:
    date: dt.date
    occurrences: list = field(default_factory=list)
    in_month: bool = True
    # How many dates the day has in all (the calendars load only the first few of them).
    total: int | None = None
    limit: int = CELL_LIMIT

    @property
    def is_today(self):
        return self.date == timezone.localdate()

    @property
    def first_few(self):
        """What a calendar shows of this day; the rest is ``more``."""
        return self.occurrences[: self.limit]

    @property
    def count(self):
        return len(self.occurrences) if self.total is None else self.total

    @property
    def more(self):
        return max(0, self.count - len(self.first_few))


class EpochSeconds(Func):
    """Whole seconds since 1970 (UTC) of a datetime column, in SQL."""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        # Django keeps datetimes in SQLite as UTC text, which strftime reads natively.
        template = "CAST(strftime('%%%%s', %(expressions)s) AS INTEGER)"
        return super().as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        template = "CAST(FLOOR(EXTRACT(EPOCH FROM %(expressions)s)) AS BIGINT)"
        return super().as_sql(compiler, connection, template=template, **extra)

    def as_sql(self, compiler, connection, **extra):
        # Hearth runs on SQLite or PostgreSQL (README, "Settings").
        raise NotSupportedError(f"EpochSeconds has no SQL for {connection.vendor}")


DAY = 86_400


def _day_index(start, end, tz):
    """A SQL expression giving each date's local day as a number (0 for ``start``'s day), and
    the days it numbers. No time-zone functions in the database (SQLite's would run in Python,
    row by row): within a stretch of days with one UTC offset the day is plain arithmetic on
    the start's seconds; a day the clocks change on is matched by its bounds. So a month is a
    CASE of two or three branches whatever happens in it, not one per day."""
    first = start.astimezone(tz).date()
    last = (end - dt.timedelta(microseconds=1)).astimezone(tz).date()
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    bounds = [local_bounds(day, day, tz) for day in days]
    base = calendar.timegm(dt.datetime.combine(first, dt.time.min).timetuple())
    whens = []
    run_offset = None  # the UTC offset of the stretch of ordinary days being gathered
    for n, (low, high) in enumerate(bounds):
        offset = low.utcoffset().total_seconds()
        ordinary = high.timestamp() - low.timestamp() == DAY and high.utcoffset() == low.utcoffset()
        if run_offset is not None and (not ordinary or offset != run_offset):
            whens.append(_stretch(low, run_offset, base))
            run_offset = None
        if ordinary:
            run_offset = offset
        else:
            whens.append(When(start__lt=high, then=Value(n)))
    if run_offset is not None:
        whens.append(_stretch(bounds[-1][1], run_offset, base))
    return Case(*whens, output_field=IntegerField()), days


def _stretch(until, offset, base):
    """Days before ``until`` whose local time is UTC + ``offset``: (seconds + offset - the
    first day's local midnight) // a day. Never negative, so SQL's integer division floors."""
    shift = int(offset) - base
    return When(
        start__lt=until,
        then=ExpressionWrapper(
            (EpochSeconds("start") + Value(shift)) / Value(DAY), output_field=IntegerField()
        ),
    )


def first_per_day(queryset, start, end, *, limit, tz=None, version=None):
    """The first ``limit`` dates of each local day in [start, end), and every day's count.

    Two queries whatever the size of the programme: the ids of the dates numbered within their
    day by a window function, with their day's count beside them, then the first ``limit`` of
    each day loaded in full. So a month with 3,000 dates loads and shows what one with 170 does.
    """
    tz = tz or timezone.get_current_timezone()
    within = queryset.between(start, end)
    day_index, days = _day_index(start, end, tz)
    # Numbered on ids alone, so nothing else (seat counts, related rows) is worked out for the
    # dates that are not shown; then only the shown ones are loaded in full.
    shown = (
        within.order_by()
        .annotate(
            day=day_index,
            position=Window(
                RowNumber(),
                partition_by=[day_index],
                order_by=[F("start").asc(), F("event__title").asc(), F("pk").asc()],
            ),
            total=Window(Count("pk"), partition_by=[day_index]),
        )
        .filter(position__lte=limit)
        .values_list("pk", "day", "total")
    )
    ids, counts = [], {}
    for pk, day, total in _numbered(shown, version):
        ids.append(pk)
        if day is not None:
            counts[days[day]] = total
    # Loaded afresh every time: places left change with every booking.
    rows = queryset.filter(pk__in=ids).order_by("start", "event__title", "pk")
    return list(rows), counts


def _numbered(shown, version):
    """The rows of the numbering query, kept in the app's page cache under ``version()``, a
    number that rises with any change to dates, gatherings, venues or categories (the caller's
    ``FeedGeneration``), so each month or week is numbered once per change, not once per
    visitor. At 5,000 gatherings numbering a month's 44,000 dates is most of its time. Off
    where the page cache is off, or without ``version``."""
    if not settings.HEARTH_PAGE_CACHE_SECONDS or version is None:
        return list(shown)
    sql, params = shown.query.sql_with_params()
    # The key changes with the dates; the clock changes nothing here.
    return kept(f"dates-{version()}", repr((sql, params)), lambda: list(shown), DAY)


def group_by_day(occurrences, tz=None):
    """Consecutive occurrences grouped under the local date they start on, in order."""
    tz = tz or timezone.get_current_timezone()
    days = []
    for occurrence in occurrences:
        date = occurrence.start.astimezone(tz).date()
        if not days or days[-1].date != date:
            days.append(Day(date))
        days[-1].occurrences.append(occurrence)
    return days


def valid_month(year, month):
    """A message saying what is wrong with year/month, or "" when we can show that month."""
    if not 1 <= month <= 12:
        return gettext("There is no month {month}: months go from 1 to 12.").format(month=month)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return gettext("We can show calendars from {first} to {last}.").format(
            first=FIRST_YEAR, last=LAST_YEAR
        )
    return ""


def local_bounds(first_day, last_day, tz=None):
    """Aware start of ``first_day`` and start of the day after ``last_day`` in ``tz``."""
    tz = tz or timezone.get_current_timezone()
    start = dt.datetime.combine(first_day, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def month_weeks(year, month):
    """The weeks (Monday first) of the month's grid, as lists of dates."""
    return calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)


def _by_local_date(occurrences, tz):
    by_date = {}
    for occurrence in occurrences:
        by_date.setdefault(occurrence.start.astimezone(tz).date(), []).append(occurrence)
    return by_date


def month_grid(year, month, occurrences, tz=None, counts=None):
    """The month as weeks of ``Day``s, each holding its occurrences (local dates); ``counts``
    gives each day's number of dates when only the first few were loaded."""
    tz = tz or timezone.get_current_timezone()
    by_date = _by_local_date(occurrences, tz)
    return [
        [
            Day(
                day,
                by_date.get(day, []),
                in_month=day.month == month,
                total=None if counts is None else counts.get(day, 0),
            )
            for day in week
        ]
        for week in month_weeks(year, month)
    ]


def calendar_month(today):
    """The month "Calendar" opens: this month, or the next in this month's last week.

    At the end of a month the rest of it is a row or two, and what people look for is what
    comes next; the page says so and links back to this month.
    """
    days_in_month = calendar.monthrange(today.year, today.month)[1]
    if days_in_month - today.day < MONTH_END_DAYS:
        following = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
        if following[0] <= LAST_YEAR:
            return following
    return today.year, today.month


def agenda_days(weeks):
    """The days of a month grid that are in the month and have dates: a phone's agenda."""
    return [day for week in weeks for day in week if day.in_month and day.count]


def neighbour_months(year, month):
    """(previous, next) as (year, month) pairs, or None beyond the years we show."""
    previous = (year - 1, 12) if month == 1 else (year, month - 1)
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return (
        previous if previous[0] >= FIRST_YEAR else None,
        following if following[0] <= LAST_YEAR else None,
    )


def week_start(day):
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def week_days(monday, occurrences, tz=None, counts=None):
    """Seven ``Day``s from ``monday``, each with its occurrences (the first few of them when
    ``counts`` gives the days' totals)."""
    tz = tz or timezone.get_current_timezone()
    by_date = _by_local_date(occurrences, tz)
    days = [monday + dt.timedelta(days=n) for n in range(7)]
    return [
        Day(
            day,
            by_date.get(day, []),
            total=None if counts is None else counts.get(day, 0),
            limit=WEEK_DAY_LIMIT,
        )
        for day in days
    ]


def parse_day(text):
    """A date from yyyy-mm-dd, or None when it is not a real date we can show."""
    try:
        day = dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return None
    return day


def zone_label(time_zone, site_zone):
    """The zone's name when it differs from the site's, for showing beside times."""
    if not time_zone or time_zone == site_zone:
        return ""
    return escape(ZoneInfo(time_zone).key.replace("_", " "))
