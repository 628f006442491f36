"""Attendance reports: fixed query counts over a year of data, numbers equal to a slow recount,
suppression of small numbers, the purge and key rotation, and who sees which gatherings."""

import datetime as dt
import random
import zoneinfo
from collections import defaultdict

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from recurrence import deserialize
from wagtail.models import Page

from events.models import RSVP, EventPage, Occurrence
from events.services import attendees, pseudonyms, reports
from events.services.access import make_organiser
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
