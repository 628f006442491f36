"""Attendance and feedback reports: what happened, per gathering, category, venue and month.

Reports count and never list. Every count of people below 5, none included, is shown as "fewer
than 5"; no pseudonym, name or address ever leaves this module. Counts of dates are exact: the
dates are public anyway. Suppression is cell by cell; README (Data protection) says what that
does and does not prevent.

All numbers come from a fixed number of aggregate queries (two per breakdown, a few for labels),
whatever the number of gatherings, dates and bookings. ``attendance_counts`` returns the raw
numbers (for tests); ``attendance_report`` and ``feedback_report`` only the suppressed cells that
pages and exports show.

How each count is made (also shown on the report page, see ``DEFINITIONS``):
- a date is *held* when it went ahead and has started; dates to come are not counted;
- a date is *counted at the door* when someone was checked in or walk-ins were recorded; only
  there can a booking be a no-show;
- someone *took part* when checked in, or booked on a date not counted at the door;
- *returning*: took part on an earlier date of the same gathering (category, venue; for months
  and totals: any of the user's gatherings), in the period or before it. People are matched by
  pseudonym, so a party's guests and bookings older than pseudonyms are not counted as people.
"""

import csv
import datetime as dt
import io
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    Avg,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, DenseRank, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, ngettext

from events.dates_text import date_text, time_text
from events.models import RSVP, Category, EventPage, FeedbackAnswer, Occurrence
from events.services.access import manageable_events
from venues.models import VenuePage

THRESHOLD = 5
# Kept in English here and translated where shown (gettext_noop marks them for the catalogue).
SUPPRESSED = gettext_noop("fewer than 5")
SUPPRESSION_RULE = gettext_noop(
    "Any count of people below 5 (none included) is shown as “fewer than 5”, and a share is "
    "shown only when the counts it is made of are 5 or more, so that no cell points at a "
    "person. Counts of dates are exact. No report lists people."
)

# (key, table title, heading of its first column)
BREAKDOWNS = [
    ("gathering", gettext_noop("By gathering"), gettext_noop("Gathering")),
    ("category", gettext_noop("By category"), gettext_noop("Category")),
    ("venue", gettext_noop("By venue"), gettext_noop("Venue")),
    ("month", gettext_noop("By month"), gettext_noop("Month")),
]

# (key, heading, kind): "dates" are exact, "people" suppressed, "share" computed below.
COLUMNS = [
    ("dates_held", gettext_noop("Dates held"), "dates"),
    ("dates_cancelled", gettext_noop("Dates cancelled"), "dates"),
    ("places_booked", gettext_noop("Places booked"), "people"),
    ("checked_in", gettext_noop("Checked in"), "people"),
    ("walk_ins", gettext_noop("Walk-ins"), "people"),
    ("no_shows", gettext_noop("No-shows"), "people"),
    ("late_cancellations", gettext_noop("Cancelled late"), "people"),
    ("turned_away", gettext_noop("Waited, no place"), "people"),
    ("capacity_used", gettext_noop("Capacity used"), "share"),
    ("unique_people", gettext_noop("Different people"), "people"),
    ("returning_people", gettext_noop("Returning people"), "people"),
    ("returning_share", gettext_noop("Returning share"), "share"),
]


def definitions():
    """What each column means, in the organisers' words (shown on the page and in exports)."""
    late = settings.HEARTH_LATE_CANCELLATION_HOURS
    return [
        (
            gettext("Dates held"),
            gettext("Dates that went ahead and have started. Dates to come are not counted."),
        ),
        (
            gettext("Dates cancelled"),
            gettext("Dates an organiser called off (not dates a schedule change dropped)."),
        ),
        (
            gettext("Places booked"),
            gettext("Places held on dates held, by people checked in or not."),
        ),
        (gettext("Checked in"), gettext("Places checked in at the door.")),
        (gettext("Walk-ins"), gettext("People counted at the door who had not booked.")),
        (
            gettext("No-shows"),
            gettext(
                "Places booked but not checked in, on dates where the door was counted "
                "(someone checked in or walk-ins recorded)."
            ),
        ),
        (
            gettext("Cancelled late"),
            ngettext(
                "Places given up in the {late} hour before the start (booked or waiting).",
                "Places given up in the {late} hours before the start (booked or waiting).",
                late,
            ).format(late=late),
        ),
        (
            gettext("Waited, no place"),
            gettext("Places still on the waiting list when the date began."),
        ),
        (
            gettext("Capacity used"),
            gettext("Places booked as a share of places offered (dates with a limit)."),
        ),
        (
            gettext("Different people"),
            gettext(
                "People who took part (checked in, or booked where the door was not counted), "
                "each counted once through a pseudonym of their e-mail address. Guests in a "
                "party are not counted here."
            ),
        ),
        (
            gettext("Returning people"),
            gettext(
                "Of those, people who had taken part on an earlier date: of the same gathering, "
                "category or venue in those tables; of any of your gatherings by month and "
                "overall."
            ),
        ),
        (gettext("Returning share"), gettext("Returning people as a share of different people.")),
    ]


# Periods ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Calendar days ``first`` to ``last`` (both included), in the organisation's time zone."""

    first: dt.date
    last: dt.date

    @classmethod
    def last_twelve_months(cls, today):
        """This month so far and the eleven before it."""
        month = today.month - 11
        year = today.year + (month - 1) // 12
        return cls(first=dt.date(year, (month - 1) % 12 + 1, 1), last=today)

    @property
    def tz(self):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    def bounds(self, now):
        """Aware [start, end): the end is the period's end or ``now``, whichever is sooner."""
        start = dt.datetime.combine(self.first, dt.time.min, self.tz)
        end = dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time.min, self.tz)
        return start, min(end, now)

    def __str__(self):
        return (
            f"{date_text(self.first, 'day_month_year')} to {date_text(self.last, 'day_month_year')}"
        )


# Cells -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One shown value. ``value`` is None when it is not shown; ``text`` is what people read."""

    value: float | int | None
    text: str

    @property
    def suppressed(self):
        return self.value is None


def people_cell(count):
    count = count or 0
    if count < THRESHOLD:
        return Cell(None, gettext(SUPPRESSED))
    return Cell(count, f"{count:,}")


def dates_cell(count):
    return Cell(count or 0, f"{count or 0:,}")


def share_cell(part, whole, *, people):
    """``part / whole`` as a percentage, shown only when every count in ``people`` is >= 5."""
    if not whole:
        return Cell(None, "–")
    if any((n or 0) < THRESHOLD for n in people):
        return Cell(None, "not shown")
    percent = round(100 * part / whole)
    return Cell(percent, f"{percent}%")


# Raw counts ------------------------------------------------------------------------------------


@dataclass
class Counts:
    """Raw numbers for one row. Never shown as they are: see ``row_cells``."""

    dates_held: int = 0
    dates_cancelled: int = 0
    door_counted: int = 0
    walk_ins: int = 0
    places_offered: int = 0
    places_booked: int = 0
    booked_with_limit: int = 0
    checked_in: int = 0
    no_shows: int = 0
    late_cancellations: int = 0
    turned_away: int = 0
    unique_people: int = 0
    returning_people: int = 0

    @property
    def came(self):
        return self.checked_in + self.walk_ins


OCCURRENCE_FIELDS = {"dates_held", "dates_cancelled", "door_counted", "walk_ins", "places_offered"}


def _key(breakdown, prefix=""):
    """The expression a breakdown groups by; None (no category, online) becomes 0."""
    if breakdown == "gathering":
        return F(f"{prefix}event_id")
    if breakdown == "category":
        return Coalesce(F(f"{prefix}event__category_id"), Value(0))
    if breakdown == "venue":
        return Coalesce(F(f"{prefix}venue_id"), F(f"{prefix}event__venue_id"), Value(0))
    if breakdown == "month":
        return TruncMonth(f"{prefix}start", tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return Value(0)


def _door_counted(occurrence_ref):
    """The date had a door count: someone checked in, or walk-ins were recorded."""
    checked_in = RSVP.objects.filter(
        occurrence_id=OuterRef(occurrence_ref), status=RSVP.Status.ATTENDED
    )
    walk_in_field = "walk_ins__gt" if occurrence_ref == "pk" else "occurrence__walk_ins__gt"
    return Q(Exists(checked_in)) | Q(**{walk_in_field: 0})


def _took_part():
    """For an RSVP queryset: checked in, or booked on a date nobody counted at the door."""
    return Q(status=RSVP.Status.ATTENDED) | (
        Q(status=RSVP.Status.CONFIRMED) & ~_door_counted("occurrence_id")
    )


HELD = Q(occurrence__status=Occurrence.Status.SCHEDULED)


def _occurrence_counts(event_ids, start, end, breakdown):
    occurrences = Occurrence.objects.filter(
        event_id__in=event_ids, removed_from_schedule=False, start__gte=start, start__lt=end
    )
    held = Q(status=Occurrence.Status.SCHEDULED)
    aggregates = {
        "dates_held": Count("pk", filter=held),
        "dates_cancelled": Count("pk", filter=Q(status=Occurrence.Status.CANCELLED)),
        "door_counted": Count("pk", filter=held & _door_counted("pk")),
        "walk_ins": Sum("walk_ins", filter=held),
        "places_offered": Sum("event__capacity", filter=held),
    }
    rows = (
        occurrences.annotate(group=_key(breakdown))
        .order_by()
        .values("group")
        .annotate(**aggregates)
    )
    return {row.pop("group"): row for row in rows}


def _rsvp_counts(event_ids, start, end, breakdown):
    rsvps = RSVP.objects.filter(
        occurrence__event_id__in=event_ids,
        occurrence__removed_from_schedule=False,
        occurrence__start__gte=start,
        occurrence__start__lt=end,
    ).annotate(group=_key(breakdown, "occurrence__"))
    holding = Q(status__in=[RSVP.Status.CONFIRMED, RSVP.Status.ATTENDED])
    late_from = ExpressionWrapper(
        F("occurrence__start") - dt.timedelta(hours=settings.HEARTH_LATE_CANCELLATION_HOURS),
        output_field=DateTimeField(),
    )
    late = Q(
        status=RSVP.Status.CANCELLED,
        cancelled_at__gte=late_from,
        cancelled_at__lt=F("occurrence__start"),
    )
    person = HELD & _took_part() & ~Q(pseudonym="")
    aggregates = {
        "places_booked": Sum("party_size", filter=HELD & holding),
        "booked_with_limit": Sum(
            "party_size", filter=HELD & holding & Q(occurrence__event__capacity__isnull=False)
        ),
        "checked_in": Sum("party_size", filter=HELD & Q(status=RSVP.Status.ATTENDED)),
        "no_shows": Sum(
            "party_size",
            filter=HELD & Q(status=RSVP.Status.CONFIRMED) & _door_counted("occurrence_id"),
        ),
        "late_cancellations": Sum("party_size", filter=HELD & late),
        "turned_away": Sum("party_size", filter=HELD & Q(status=RSVP.Status.WAITLISTED)),
        "unique_people": Count("pseudonym", distinct=True, filter=person),
    }
    rows = rsvps.order_by().values("group").annotate(**aggregates)
    counts = {row.pop("group"): row for row in rows}
    for group, returning in _returning_counts(event_ids, start, end, breakdown).items():
        counts.setdefault(group, {})["returning_people"] = returning
    return counts


def _returning_counts(event_ids, start, end, breakdown):
    """Per group: people who took part in the period on a date that was not their first.

    Someone is returning when one of their dates in the period has an earlier date they took
    part in (earlier start, or the same start and a lower id), at any time before: of the same
    gathering, category or venue for those breakdowns, of any gathering for months and totals.
    One pass over the participations up to the period's end, numbered per person (and group) in
    date order by a window function: a date numbered above 1 has an earlier one. Set-based, so
    it stays one query whatever the number of dates (a correlated subquery per booking took
    minutes on PostgreSQL with a year of 500 gatherings).
    """
    partition = [F("pseudonym")]
    if breakdown in {"gathering", "category", "venue"}:
        partition.append(_key(breakdown, "occurrence__"))
    participations = RSVP.objects.filter(
        HELD & _took_part(),
        occurrence__event_id__in=event_ids,
        occurrence__removed_from_schedule=False,
        occurrence__start__lt=end,
    ).exclude(pseudonym="")
    not_first = participations.annotate(
        order=Window(
            DenseRank(),
            partition_by=partition,
            order_by=[F("occurrence__start").asc(), F("occurrence_id").asc()],
        )
    ).filter(order__gt=1)
    rows = (
        RSVP.objects.filter(pk__in=not_first.values("pk"), occurrence__start__gte=start)
        .annotate(group=_key(breakdown, "occurrence__"))
        .order_by()
        .values("group")
        .annotate(n=Count("pseudonym", distinct=True))
    )
    return {row["group"]: row["n"] for row in rows}


def _merge(occurrence_rows, rsvp_rows):
    merged = {}
    for group, values in occurrence_rows.items():
        counts = Counts(**{k: v or 0 for k, v in values.items()})
        for k, v in rsvp_rows.get(group, {}).items():
            setattr(counts, k, v or 0)
        merged[group] = counts
    return merged


@dataclass
class RawReport:
    """Raw numbers by breakdown and group key, and for everything together."""

    period: Period
    breakdowns: dict = field(default_factory=dict)
    total: Counts = field(default_factory=Counts)
    keys_in_period: int = 0


def attendance_counts(user, period, *, now=None):
    """The raw numbers for ``user``'s gatherings (all of them for moderators) in ``period``."""
    now = now or timezone.now()
    event_ids = list(manageable_events(user).values_list("pk", flat=True))
    start, end = period.bounds(now)
    raw = RawReport(period=period)
    for breakdown in [key for key, _, _ in BREAKDOWNS] + ["total"]:
        merged = _merge(
            _occurrence_counts(event_ids, start, end, breakdown),
            _rsvp_counts(event_ids, start, end, breakdown),
        )
        if breakdown == "total":
            raw.total = merged.get(0, Counts())
        else:
            raw.breakdowns[breakdown] = merged
    raw.keys_in_period = (
        RSVP.objects.filter(
            occurrence__event_id__in=event_ids,
            occurrence__start__gte=start,
            occurrence__start__lt=end,
        )
        .exclude(pseudonym_key="")
        .values("pseudonym_key")
        .distinct()
        .count()
    )
    return raw


# Shown reports ---------------------------------------------------------------------------------


def row_cells(counts):
    """The cells of one row, in ``COLUMNS`` order, every count of people suppressed below 5."""
    c = counts
    cells = {
        "capacity_used": share_cell(
            c.booked_with_limit, c.places_offered, people=[c.booked_with_limit]
        ),
        "returning_share": share_cell(
            c.returning_people, c.unique_people, people=[c.returning_people, c.unique_people]
        ),
    }
    for key, _, kind in COLUMNS:
        if kind == "dates":
            cells[key] = dates_cell(getattr(c, key))
        elif kind == "people":
            cells[key] = people_cell(getattr(c, key))
    return [cells[key] for key, _, _ in COLUMNS]


@dataclass
class Row:
    label: str
    cells: list


@dataclass
class MonthPoint:
    """One month of the charts: people who came, returning share, capacity used (all cells)."""

    month: dt.datetime
    came: Cell
    returning_share: Cell
    capacity_used: Cell

    @property
    def label(self):
        return date_text(self.month, "month_year")

    @classmethod
    def of(cls, month, counts):
        c = counts
        return cls(
            month=month,
            came=people_cell(c.came),
            returning_share=share_cell(
                c.returning_people, c.unique_people, people=[c.returning_people, c.unique_people]
            ),
            capacity_used=share_cell(
                c.booked_with_limit, c.places_offered, people=[c.booked_with_limit]
            ),
        )


@dataclass
class Table:
    key: str
    title: str
    heading: str
    rows: list
    total: Row


@dataclass
class AttendanceReport:
    period: Period
    tables: list
    total: Row
    months: list  # MonthPoint, in order, for the charts
    key_changed: bool
    columns: list = field(default_factory=lambda: [gettext(h) for _, h, _ in COLUMNS])
    definitions: list = field(default_factory=definitions)
    suppression_rule: str = field(default_factory=lambda: gettext(SUPPRESSION_RULE))

    @property
    def headline(self):
        """(column, cell) for everything together: the figures at the top of the page."""
        return list(zip(self.columns, self.total.cells, strict=True))


def _labels(breakdown, keys):
    if breakdown == "gathering":
        titles = dict(EventPage.objects.filter(pk__in=keys).values_list("pk", "title"))
        return {k: titles.get(k, gettext("A removed gathering")) for k in keys}
    if breakdown == "category":
        names = dict(Category.objects.filter(pk__in=keys).values_list("pk", "name"))
        return {k: names.get(k, gettext("No category")) for k in keys}
    if breakdown == "venue":
        titles = dict(VenuePage.objects.filter(pk__in=keys).values_list("pk", "title"))
        return {k: titles.get(k, gettext("Online or no venue")) for k in keys}
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return {k: date_text(timezone.localtime(k, tz), "month_year") for k in keys}


def attendance_report(user, period, *, now=None):
    """What a report page and its exports show: suppressed cells, never a raw count of people."""
    raw = attendance_counts(user, period, now=now)
    total = Row(gettext("All"), row_cells(raw.total))
    tables = []
    months = []
    for breakdown, title, heading in BREAKDOWNS:
        groups = raw.breakdowns[breakdown]
        labels = _labels(breakdown, list(groups))
        if breakdown == "month":
            ordered = sorted(groups.items(), key=lambda item: item[0])
            rows = [Row(labels[k], row_cells(c)) for k, c in ordered]
            months = [MonthPoint.of(timezone.localtime(k, period.tz), c) for k, c in ordered]
        else:
            rows = [Row(labels[k], row_cells(c)) for k, c in groups.items()]
            rows.sort(key=lambda row: row.label.lower())
        tables.append(Table(breakdown, gettext(title), gettext(heading), rows, total))
    return AttendanceReport(
        period=period,
        tables=tables,
        total=total,
        months=months,
        key_changed=raw.keys_in_period > 1,
    )


# Feedback --------------------------------------------------------------------------------------

FEEDBACK_COLUMNS = [
    gettext_noop("Answers"),
    gettext_noop("Average feeling (1–5)"),
    gettext_noop("Felt good or very good"),
    gettext_noop("Answered “I feel less alone”"),
    gettext_noop("Agree they feel less alone"),
    gettext_noop("Comments"),
]


@dataclass
class FeedbackRow:
    label: str
    cells: list
    event_id: int | None = None
    comments: int = 0


def _feedback_cells(row):
    answers = row["answers"] or 0
    if answers < THRESHOLD:
        hidden = Cell(None, "not shown")
        return [people_cell(answers), hidden, hidden, hidden, hidden]
    average = round(row["feeling_average"], 1)
    less_alone = row["less_alone_answers"] or 0
    return [
        people_cell(answers),
        Cell(average, f"{average:.1f}"),
        share_cell(row["good"], answers, people=[answers, row["good"]]),
        people_cell(less_alone),
        share_cell(row["agree"], less_alone, people=[less_alone, row["agree"]]),
    ]


def _feedback_rows(answers, group):
    aggregates = {
        "answers": Count("pk"),
        "feeling_average": Avg("feeling"),
        "good": Count("pk", filter=Q(feeling__gte=4)),
        "less_alone_answers": Count("less_alone"),
        "agree": Count("pk", filter=Q(less_alone__gte=4)),
        "comments": Count("pk", filter=~Q(comment="")),
    }
    if group is None:
        return answers.aggregate(**aggregates)
    return list(answers.order_by().values(group).annotate(**aggregates))


@dataclass
class FeedbackReport:
    period: Period
    rows: list
    total: FeedbackRow
    columns: list = field(default_factory=lambda: [gettext(c) for c in FEEDBACK_COLUMNS])
    suppression_rule: str = field(default_factory=lambda: gettext(SUPPRESSION_RULE))


def _answers(user, period, now):
    start, end = period.bounds(now)
    return FeedbackAnswer.objects.filter(
        occurrence__event__in=manageable_events(user),
        occurrence__start__gte=start,
        occurrence__start__lt=end,
    )


def feedback_report(user, period, *, now=None):
    """Per gathering: how people felt, from 5 answers up; how many comments there are to read."""
    now = now or timezone.now()
    answers = _answers(user, period, now)
    rows = _feedback_rows(answers, "occurrence__event_id")
    titles = dict(
        EventPage.objects.filter(pk__in=[r["occurrence__event_id"] for r in rows]).values_list(
            "pk", "title"
        )
    )
    shown = [
        FeedbackRow(
            titles.get(r["occurrence__event_id"], "A removed gathering"),
            [*_feedback_cells(r), people_cell(r["comments"])],
            event_id=r["occurrence__event_id"],
            comments=r["comments"],
        )
        for r in rows
    ]
    shown.sort(key=lambda row: row.label.lower())
    overall = _feedback_rows(answers, None)
    total = FeedbackRow(
        gettext("All"), [*_feedback_cells(overall), people_cell(overall["comments"])]
    )
    return FeedbackReport(period=period, rows=shown, total=total)


@dataclass
class Comment:
    text: str
    date: dt.date | None  # the date it is about; None when that date had fewer than 5 answers


def feedback_comments(user, event, period, *, now=None):
    """The comments on ``event``'s dates in ``period``; a date is given only from 5 answers up.

    Returns None when ``user`` may not see the gathering. A comment about a date with fewer than
    5 answers could point at one of the few people there, so it comes without its date, after
    the dated ones, in no particular order (answers have random ids).
    """
    now = now or timezone.now()
    if not manageable_events(user).filter(pk=event.pk).exists():
        return None
    answers = _answers(user, period, now).filter(occurrence__event=event)
    per_date = dict(
        answers.order_by()
        .values("occurrence")
        .annotate(n=Count("pk"))
        .values_list("occurrence", "n")
    )
    comments = answers.exclude(comment="").select_related("occurrence__event")
    dated, undated = [], []
    for answer in comments.order_by("occurrence__start", "id"):
        if per_date[answer.occurrence_id] >= THRESHOLD:
            dated.append(Comment(answer.comment, answer.occurrence.local_start.date()))
        else:
            undated.append((answer.pk, Comment(answer.comment, None)))
    return dated + [comment for _, comment in sorted(undated, key=lambda pair: pair[0])]


# Exports ---------------------------------------------------------------------------------------

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value):
    """A spreadsheet cell that can never run as a formula (names are typed by organisers)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _value(cell):
    """Numbers stay numbers; suppressed and share cells are their text."""
    if isinstance(cell.value, int) and not cell.text.endswith("%"):
        return cell.value
    return cell.text


def export_rows(attendance, feedback, *, now=None):
    """The rows of an export: the period and the rule first, then the two tables."""
    now = now or timezone.now()
    rows = [
        [gettext("Hearth attendance report")],
        [gettext("Period"), str(attendance.period)],
        [
            gettext("Made on"),
            f"{date_text(timezone.localtime(now, attendance.period.tz), 'day_month_year')} "
            f"{time_text(now.astimezone(attendance.period.tz))}",
        ],
        [gettext("Suppression"), attendance.suppression_rule],
    ]
    if attendance.key_changed:
        rows.append([gettext("Note"), gettext(KEY_CHANGED_NOTE)])
    rows += [[f"{name}:", meaning] for name, meaning in attendance.definitions]
    rows.append([])
    rows.append([gettext("Breakdown"), gettext("Name"), *attendance.columns])
    for table in attendance.tables:
        for row in table.rows:
            rows.append([table.title, _text(row.label), *map(_value, row.cells)])
    rows.append([gettext("All"), gettext("All"), *map(_value, attendance.total.cells)])
    rows.append([])
    rows.append([gettext("Feedback"), gettext("Gathering"), *feedback.columns])
    for row in feedback.rows:
        rows.append([gettext("Feedback"), _text(row.label), *map(_value, row.cells)])
    rows.append([gettext("Feedback"), gettext("All"), *map(_value, feedback.total.cells)])
    return rows


KEY_CHANGED_NOTE = gettext_noop(
    "The pseudonym key changed during this period: someone who came both before and after the "
    "change is counted as two different people, and as new after it."
)


def export_csv(attendance, feedback, *, now=None):
    """UTF-8 with a BOM, so spreadsheets read every script."""
    out = io.StringIO()
    out.write("\ufeff")
    csv.writer(out).writerows(export_rows(attendance, feedback, now=now))
    return out.getvalue()


def export_xlsx(attendance, feedback, *, now=None):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Report"
    headings = {
        (gettext("Breakdown"), gettext("Name")),
        (gettext("Feedback"), gettext("Gathering")),
    }
    for values in export_rows(attendance, feedback, now=now):
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                # openpyxl reads a leading "=" as a formula; every text cell is typed as text.
                cell.data_type = "s"
            if tuple(values[:2]) in headings or sheet.max_row == 1:
                cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 36
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
