"""Attendance reports: fixed query counts over a year of data, numbers equal to a slow recount,
suppression of small numbers, the purge and key rotation, and who sees which gatherings."""

import csv
import datetime as dt
import io
import random
import zoneinfo
from collections import defaultdict

import openpyxl
import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from recurrence import deserialize
from wagtail.models import Page

from events.models import RSVP, EventPage, FeedbackInvitation, Occurrence
from events.services import attendees, booking, privacy, pseudonyms, reports
from events.services import feedback as feedback_service
from events.services.access import make_organiser, set_up_roles
from events.services.dates import cancel_occurrence
from tests.factories import (
    make_category,
    make_event_index,
    make_event_page,
    make_rsvp,
    make_venue,
)

UTC = dt.UTC
LONDON = zoneinfo.ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
YEAR = reports.Period(first=dt.date(2025, 12, 1), last=dt.date(2026, 11, 30))

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")


# A year of generated data ----------------------------------------------------------------------


def bulk_gatherings(count, *, rng, categories, venues, prefix):
    """Gatherings written straight to their tables: no revisions, search index or signals.

    The report reads only their rows; 500 pages through Wagtail's page API take minutes here.
    """
    index = make_event_index()
    index.refresh_from_db()
    content_type = ContentType.objects.get_for_model(EventPage)
    pages = []
    for n in range(count):
        slug = f"{prefix}-{n}"
        pages.append(
            Page(
                content_type=content_type,
                path=EventPage._get_path(index.path, index.depth + 1, index.numchild + n + 1),
                depth=index.depth + 1,
                title=f"Gathering {prefix} {n:03}",
                draft_title=f"Gathering {prefix} {n:03}",
                slug=slug,
                url_path=f"{index.url_path}{slug}/",
                locale_id=index.locale_id,
                live=False,
            )
        )
    Page.objects.bulk_create(pages)
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + count)
    events = []
    for page in pages:
        event = EventPage(
            page_ptr=page,
            summary="Generated.",
            schedule=deserialize(""),
            first_date=dt.date(2025, 10, 6),
            start_time=dt.time(18, 0),
            capacity=rng.choice([None, 6, 8, 12]),
            category=rng.choice([None, *categories]),
            venue=rng.choice([None, *venues]),
        )
        event.save_base(raw=True)
        events.append(event)
    return events


def make_year_of_data(gatherings, *, seed, categories, venues, people=1500):
    """``gatherings`` gatherings, each weekly from October 2025 to now, with bulk-made bookings.

    Statuses, party sizes, check-ins, walk-ins, late and early cancellations, cancelled and
    dropped dates, gatherings with and without a capacity, category or venue, and bookings made
    before pseudonyms existed: every case the report counts.
    """
    rng = random.Random(seed)
    events = bulk_gatherings(
        gatherings, rng=rng, categories=categories, venues=venues, prefix=f"g{seed}"
    )
    first = dt.datetime(2025, 10, 6, 17, 0, tzinfo=UTC)
    occurrences = []
    for event in events:
        start = first + dt.timedelta(days=rng.randrange(7), hours=rng.randrange(5))
        while start < NOW:
            roll = rng.random()
            occurrences.append(
                Occurrence(
                    event=event,
                    original_start=start,
                    start=start,
                    end=start + dt.timedelta(minutes=90),
                    status="cancelled" if roll < 0.06 else "scheduled",
                    removed_from_schedule=roll < 0.02,
                    venue=rng.choice(venues) if rng.random() < 0.03 else None,
                    walk_ins=rng.choice([0, 0, 0, 1, 2, 3]),
                )
            )
            start += dt.timedelta(days=7)
    Occurrence.objects.bulk_create(occurrences, batch_size=2000)

    addresses = [f"person{n}@example.org" for n in range(people)]
    names = {a: pseudonyms.pseudonym(a) for a in addresses}
    key = pseudonyms.key_id()
    regulars = {event.pk: rng.sample(addresses[:300], 3) for event in events}
    rsvps = []
    for occurrence in occurrences:
        # A few regulars per gathering make returning people common, as in life.
        who = set(rng.sample(regulars[occurrence.event_id], rng.randrange(3)))
        if rng.random() < 0.5:
            who.add(rng.choice(addresses))
        door_used = rng.random() < 0.7
        for address in sorted(who):
            weights = [3, 5 if door_used else 0, 1, 1]
            status = rng.choices(["confirmed", "attended", "waitlisted", "cancelled"], weights)[0]
            cancelled_at = None
            if status == "cancelled":
                cancelled_at = occurrence.start - dt.timedelta(hours=rng.choice([2, 23, 25, 100]))
            legacy = rng.random() < 0.03  # erased before pseudonyms existed
            rsvps.append(
                RSVP(
                    occurrence=occurrence,
                    email="" if legacy else address,
                    party_size=rng.choice([1, 1, 1, 2, 3]),
                    status=status,
                    cancelled_at=cancelled_at,
                    created_at=occurrence.start - dt.timedelta(days=3),
                    pseudonym="" if legacy else names[address],
                    pseudonym_key="" if legacy else key,
                )
            )
    RSVP.objects.bulk_create(rsvps, batch_size=2000)
    return events


def slow_recount(period, event_ids, *, now=NOW, late_hours=24):
    """The report's numbers counted one booking at a time in Python, from the definitions."""
    start = dt.datetime.combine(period.first, dt.time.min, LONDON)
    end = min(dt.datetime.combine(period.last + dt.timedelta(days=1), dt.time.min, LONDON), now)
    events = {e.pk: e for e in EventPage.objects.filter(pk__in=event_ids)}
    occurrences = list(Occurrence.objects.filter(event_id__in=event_ids))
    by_date = defaultdict(list)
    fields = ["occurrence_id", "status", "party_size", "cancelled_at", "pseudonym"]
    for values in RSVP.objects.values_list(*fields):
        by_date[values[0]].append(dict(zip(fields, values, strict=True)))

    def keys(o):
        event = events[o.event_id]
        month = o.start.astimezone(LONDON).replace(day=1, hour=0, minute=0, second=0)
        return {
            "gathering": o.event_id,
            "category": event.category_id or 0,
            "venue": o.venue_id or event.venue_id or 0,
            "month": month.replace(tzinfo=None),
            "total": 0,
        }

    def took_part(r, door):
        return r["status"] == "attended" or (r["status"] == "confirmed" and not door)

    counts = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    seen = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))  # who -> dates in period
    dates_in = defaultdict(list)  # (breakdown, scope) -> [(start, who took part)]
    for o in occurrences:
        if o.removed_from_schedule:
            continue
        groups = keys(o)
        held = o.status == "scheduled" and o.start < now
        door = o.walk_ins > 0 or any(r["status"] == "attended" for r in by_date[o.pk])
        came = {r["pseudonym"] for r in by_date[o.pk] if r["pseudonym"] and took_part(r, door)}
        if held:
            for breakdown, group in groups.items():
                scope = 0 if breakdown in ("month", "total") else group
                dates_in[breakdown, scope].append((o.start, came))
        if not start <= o.start < end:
            continue
        for breakdown, group in groups.items():
            c = counts[breakdown][group]
            c["dates_held"] += held
            c["dates_cancelled"] += o.status == "cancelled"
            if not held:
                continue
            c["door_counted"] += door
            c["walk_ins"] += o.walk_ins
            c["places_offered"] += events[o.event_id].capacity or 0
            for r in by_date[o.pk]:
                size, status = r["party_size"], r["status"]
                if status in ("confirmed", "attended"):
                    c["places_booked"] += size
                    if events[o.event_id].capacity:
                        c["booked_with_limit"] += size
                c["checked_in"] += size * (status == "attended")
                c["no_shows"] += size * (status == "confirmed" and door)
                c["turned_away"] += size * (status == "waitlisted")
                late = o.start - dt.timedelta(hours=late_hours)
                if status == "cancelled" and late <= r["cancelled_at"] < o.start:
                    c["late_cancellations"] += size
            for person in came:
                seen[breakdown][group][person].add(o.pk)
    for breakdown, groups in seen.items():
        for group, people in groups.items():
            window_start = group.replace(tzinfo=LONDON) if breakdown == "month" else start
            scope = 0 if breakdown in ("month", "total") else group
            before = set()
            for when, came in dates_in[breakdown, scope]:
                if when < window_start:
                    before |= came
            counts[breakdown][group]["unique_people"] = len(people)
            counts[breakdown][group]["returning_people"] = sum(
                1 for p, dates in people.items() if len(dates) > 1 or p in before
            )
    return counts


def as_dicts(raw):
    fields = list(reports.Counts.__dataclass_fields__)
    out = {}
    for breakdown, groups in [*raw.breakdowns.items(), ("total", {0: raw.total})]:
        out[breakdown] = {}
        for group, c in groups.items():
            if breakdown == "month":
                group = group.astimezone(LONDON).replace(tzinfo=None)
            out[breakdown][group] = {f: getattr(c, f) for f in fields}
    return out


def recounted(counts):
    fields = list(reports.Counts.__dataclass_fields__)
    return {
        breakdown: {group: {f: c.get(f, 0) for f in fields} for group, c in groups.items()}
        for breakdown, groups in counts.items()
    }


def queries_for(user, period):
    with CaptureQueriesContext(connection) as context:
        reports.attendance_report(user, period, now=NOW)
        reports.feedback_report(user, period, now=NOW)
    return len(context.captured_queries)


def test_a_year_of_500_gatherings_takes_the_same_queries_as_one_and_matches_a_slow_recount(
    admin,
):
    places = {"categories": [make_category() for _ in range(5)]}
    places["venues"] = [make_venue() for _ in range(4)]
    make_year_of_data(1, seed=16, **places)
    few = queries_for(admin, YEAR)

    events = make_year_of_data(499, seed=17, **places)
    assert Occurrence.objects.count() > 500 * 50
    assert EventPage.objects.count() == 500
    many = queries_for(admin, YEAR)
    assert many == few

    raw = reports.attendance_counts(admin, YEAR, now=NOW)
    ids = [e.pk for e in EventPage.objects.all()]
    assert as_dicts(raw) == recounted(slow_recount(YEAR, ids))
    assert raw.total.returning_people > 100  # the data really exercise returning people
    assert raw.total.no_shows > 0 and raw.total.late_cancellations > 0
    assert len(raw.breakdowns["gathering"]) == len(events) + 1


# What each count means --------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def weekly_since_october(**kwargs):
    """A gathering on Tuesdays at 19:00 London since 6 October 2026: seven dates held by NOW."""
    with time_machine.travel(dt.datetime(2026, 9, 1, tzinfo=UTC), tick=False):
        event = make_event_page(first_date=dt.date(2026, 10, 6), **kwargs)
    return event, list(event.occurrences.order_by("start"))


def book(occurrence, who, **kwargs):
    return make_rsvp(occurrence, name=who.title(), email=f"{who}@example.org", **kwargs)


def a_season(**kwargs):
    """Four weeks of one gathering with six places, as an organiser would live them."""
    kwargs.setdefault("capacity", 6)
    event, dates = weekly_since_october(**kwargs)
    first, second, third, fourth = dates[:4]
    # 6 Oct: seven want six places; five checked in, one no-show, one never got a place; two
    # walked in.
    people = [book(first, f"p{n}") for n in range(7)]
    for rsvp in people[:5]:
        attendees.check_in(rsvp=rsvp)
    Occurrence.objects.filter(pk=first.pk).update(walk_ins=2)
    # 13 Oct: called off.
    cancel_occurrence(second, reason="The hall flooded.")
    # 20 Oct: nobody checked in at the door, so the three booked count as there.
    for who in ["p0", "p1", "p5"]:
        book(third, who)
    # 27 Oct: one gives up three hours before (late), one three days before, one comes.
    late, early = book(fourth, "q1"), book(fourth, "q2")
    booking.cancel_booking(rsvp=late, now=fourth.start - dt.timedelta(hours=3))
    booking.cancel_booking(rsvp=early, now=fourth.start - dt.timedelta(days=3))
    book(fourth, "q0")
    return event


def test_counts_follow_what_happened_at_the_door(admin):
    a_season()

    total = reports.attendance_counts(admin, YEAR, now=NOW).total

    assert (total.dates_held, total.dates_cancelled, total.door_counted) == (6, 1, 1)
    assert (total.places_offered, total.places_booked) == (36, 10)
    assert (total.checked_in, total.walk_ins, total.came) == (5, 2, 7)
    assert (total.no_shows, total.turned_away, total.late_cancellations) == (1, 1, 1)
    # p0-p4 at the door on 6 Oct, p5 (a no-show then) and q0 later. Returning: p0 and p1,
    # not p5, whose only earlier date was a no-show.
    assert (total.unique_people, total.returning_people) == (7, 2)


def test_dates_to_come_are_not_counted(admin):
    event, dates = weekly_since_october(capacity=6)
    for n in range(6):
        book(dates[7], f"p{n}")  # tonight, 24 November: not held yet

    total = reports.attendance_counts(admin, YEAR, now=NOW).total

    assert (total.dates_held, total.places_booked) == (7, 0)


def test_late_cancellation_window_is_a_setting(admin, settings):
    a_season()
    settings.HEARTH_LATE_CANCELLATION_HOURS = 100

    assert reports.attendance_counts(admin, YEAR, now=NOW).total.late_cancellations == 2


# What may be shown ------------------------------------------------------------------------------


PEOPLE_COLUMNS = [n for n, (_, _, kind) in enumerate(reports.COLUMNS) if kind == "people"]


def column(key):
    return [k for k, _, _ in reports.COLUMNS].index(key)


def shown_number(text):
    return int(str(text).replace(",", ""))


def assert_no_count_of_people_below_five(texts):
    for text in texts:
        assert text in {reports.SUPPRESSED, "not shown"} or shown_number(text) >= 5, text


def test_no_report_cell_shows_a_count_of_people_below_five(admin):
    places = {"categories": [make_category() for _ in range(2)], "venues": [make_venue()]}
    make_year_of_data(12, seed=5, people=60, **places)
    in_period = Occurrence.objects.filter(status="scheduled", start__year=2026)
    first, second = in_period.order_by("start")[:2]
    answers(first, [5, 4, 4, 5, 4, 3], comment="Good")
    answers(second, [2, 3], comment="Hm")
    report = reports.attendance_report(admin, YEAR, now=NOW)
    feedback = reports.feedback_report(admin, YEAR, now=NOW)

    rows = [row for table in report.tables for row in [*table.rows, table.total]]
    people_cells = [row.cells[n] for row in rows for n in PEOPLE_COLUMNS]
    people_cells += [m.came for m in report.months]
    assert_no_count_of_people_below_five(cell.text for cell in people_cells)
    assert {cell.suppressed for cell in people_cells} == {True, False}  # both kinds occur
    for cell in (c for row in rows for c in row.cells if c.text.endswith("%")):
        assert 0 <= cell.value <= 100

    exported = list(csv.reader(io.StringIO(reports.export_csv(report, feedback))))
    table = exported[exported.index(["Breakdown", "Name", *report.columns]) :]
    figures = [r for r in table[1:] if r and r[0] != "Feedback"]
    assert len(figures) == len(rows) - len(report.tables) + 1
    assert_no_count_of_people_below_five(r[2 + n] for r in figures for n in PEOPLE_COLUMNS)
    opinions = [r for r in table if r[:1] == ["Feedback"] and r[1] != "Gathering"]
    assert len(opinions) == 3  # two gatherings and all together
    assert_no_count_of_people_below_five(r[n] for r in opinions for n in (2, 5, 7))
    assert {r[2] for r in opinions} == {"6", "8", reports.SUPPRESSED}


def test_the_purge_leaves_reports_unchanged_and_no_personal_data_anywhere(admin):
    event = a_season()
    secret = book(event.occurrences.order_by("start")[4], "zebedee.quill", party_size=2)
    RSVP.objects.filter(pk=secret.pk).update(
        name="Zebedee Quill", access_needs="Hearing loop, seat 7731"
    )
    before = reports.attendance_report(admin, YEAR, now=NOW)
    personal = list(RSVP.objects.values_list("name", "email", "access_needs"))
    assert ("Zebedee Quill", "zebedee.quill@example.org", "Hearing loop, seat 7731") in personal

    erased = privacy.purge_personal_data(days=0)

    assert sum(erased.values()) == RSVP.objects.filter(occurrence__end__lt=NOW).count() > 10
    after = reports.attendance_report(admin, YEAR, now=NOW)
    assert after.tables == before.tables and after.months == before.months
    assert after.total == before.total
    assert after.total.cells[column("unique_people")].text == "8"  # shown, so it was counted
    everything = database_text()
    values = {v for row in personal for v in row if len(v) >= 6} | {"zebedee.quill"}
    assert len(values) > 10
    for value in values:
        assert value not in everything


def database_text():
    """Every value in every table, as one text: what someone with the whole database could read."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            parts += [str(value) for row in cursor.fetchall() for value in row]
    return "\n".join(parts)


def six_people_each_month(first_month_key, second_month_key, settings):
    """Six people come in October, and again in November; the key may change in between."""
    event, dates = weekly_since_october(capacity=10)
    settings.HEARTH_PSEUDONYM_KEY = first_month_key
    for n in range(6):
        attendees.check_in(rsvp=book(dates[0], f"p{n}"))  # 6 October
    settings.HEARTH_PSEUDONYM_KEY = second_month_key
    for n in range(6):
        attendees.check_in(rsvp=book(dates[5], f"p{n}"))  # 10 November


NOVEMBER = reports.Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
AUTUMN = reports.Period(dt.date(2026, 10, 1), dt.date(2026, 11, 30))


def test_people_who_come_back_count_as_returning(admin, settings):
    six_people_each_month("key-one", "key-one", settings)

    november = reports.attendance_counts(admin, NOVEMBER, now=NOW).total
    autumn = reports.attendance_report(admin, AUTUMN, now=NOW)

    assert (november.unique_people, november.returning_people) == (6, 6)
    assert [c.text for c in autumn.total.cells[-3:]] == ["6", "6", "100%"]
    assert not autumn.key_changed


def test_after_a_key_rotation_returning_counts_start_afresh(admin, settings):
    six_people_each_month("key-one", "key-two", settings)

    november = reports.attendance_counts(admin, NOVEMBER, now=NOW).total
    autumn = reports.attendance_report(admin, AUTUMN, now=NOW)

    assert (november.unique_people, november.returning_people) == (6, 0)
    # Across the change each person counts twice, and the report says why.
    assert [c.text for c in autumn.total.cells[-3:]] == ["12", reports.SUPPRESSED, "not shown"]
    assert autumn.key_changed
    exported = reports.export_csv(autumn, reports.feedback_report(admin, AUTUMN, now=NOW))
    assert reports.KEY_CHANGED_NOTE in exported


def test_organisers_see_their_own_gatherings_and_moderators_all(admin, django_user_model):
    ours = a_season(title="Walk and talk")
    theirs = a_season(title="Grief circle")
    organiser = django_user_model.objects.create_user("sam", "sam@example.org", "pw")
    make_organiser(organiser, ours)
    moderator = django_user_model.objects.create_user("mo", "mo@example.org", "pw")
    moderator.groups.add(set_up_roles()[1])

    mine = reports.attendance_report(organiser, YEAR, now=NOW)
    everyone = reports.attendance_report(moderator, YEAR, now=NOW)

    assert [row.label for row in mine.tables[0].rows] == ["Walk and talk"]
    assert mine.total.cells[0].text == "6"  # dates held: theirs are not in the total
    assert [row.label for row in everyone.tables[0].rows] == ["Grief circle", "Walk and talk"]
    assert everyone.total.cells[0].text == "12"
    assert reports.feedback_comments(organiser, theirs, YEAR, now=NOW) is None


def test_exports_carry_the_period_the_rule_and_the_same_cells_and_never_a_formula(admin):
    a_season(title="=HYPERLINK('http://evil.example','Click')")
    report = reports.attendance_report(admin, YEAR, now=NOW)
    feedback = reports.feedback_report(admin, YEAR, now=NOW)

    rows = list(csv.reader(io.StringIO(reports.export_csv(report, feedback).lstrip("\ufeff"))))
    sheet = openpyxl.load_workbook(io.BytesIO(reports.export_xlsx(report, feedback))).active
    cells = [
        ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
    ]

    assert rows[1] == ["Period", "1 December 2025 to 30 November 2026"]
    assert rows[3] == ["Suppression", reports.SUPPRESSION_RULE]
    gathering = next(r for r in rows if r[:1] == ["By gathering"])
    assert gathering[1] == "'=HYPERLINK('http://evil.example','Click')"
    assert gathering[2:] == [c.text for c in report.tables[0].rows[0].cells]
    trimmed = [[v for v in row if v != ""] for row in cells]
    assert trimmed == [[v for v in row if v != ""] for row in rows]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def answers(occurrence, feelings, comment=""):
    for n, feeling in enumerate(feelings):
        token = FeedbackInvitation.issue(occurrence=occurrence)
        feedback_service.answer(
            now=occurrence.end + dt.timedelta(days=1),
            token=token,
            feeling=feeling,
            less_alone=5,
            comment=f"{comment} {n}" if comment else "",
        )


def test_feedback_figures_show_from_five_answers_and_comments_lose_their_dates_below(admin):
    busy, busy_dates = weekly_since_october(title="Busy")
    quiet, quiet_dates = weekly_since_october(title="Quiet")
    answers(busy_dates[0], [5, 4, 4, 5, 4, 3, 2], comment="Warm welcome")
    answers(busy_dates[1], [3, 4], comment="Few there")
    answers(quiet_dates[2], [1, 5, 4], comment="Small group")

    report = reports.feedback_report(admin, YEAR, now=NOW)
    busy_row, quiet_row = report.rows

    assert [c.text for c in busy_row.cells] == ["9", "3.8", "67%", "9", "100%", "9"]
    assert [c.text for c in quiet_row.cells] == [
        reports.SUPPRESSED,
        *["not shown"] * 4,
        reports.SUPPRESSED,
    ]
    dated = reports.feedback_comments(admin, busy, YEAR, now=NOW)
    undated = reports.feedback_comments(admin, quiet, YEAR, now=NOW)
    assert [c.date for c in dated] == [dt.date(2026, 10, 6)] * 7 + [None, None]
    assert {c.text for c in dated[7:]} == {"Few there 0", "Few there 1"}
    assert sorted(c.text for c in undated) == ["Small group 0", "Small group 1", "Small group 2"]
    assert {c.date for c in undated} == {None}
