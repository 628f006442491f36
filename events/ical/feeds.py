"""Building iCalendar (RFC 5545) feeds from stored occurrences. No request handling here.

How a gathering reaches calendar apps
-------------------------------------
Each gathering is one series (one UID). The site's truth is its stored occurrences, which cover
a rolling horizon (HEARTH_OCCURRENCE_HORIZON_DAYS) while a rule goes on for ever, so the series
is rebuilt from the stored dates rather than copied from the rule:

- DTSTART;TZID is the first stored date the rule itself gives (local wall-clock time), RRULE is
  the gathering's rule made local (see events/schedule.py) without COUNT, bounded by an UNTIL
  (in UTC, as RFC 5545 requires with a TZID) at the last stored date the rule gives. A client
  therefore never invents dates beyond the horizon; the next day's feed moves UNTIL on.
- The bounded rule is expanded here with dateutil exactly as clients expand it, and its local
  times are read as instants by the site's one rule (RFC 5545 3.3.5, events/schedule.py); stored
  dates it misses (organisers' extra dates, older dates from a previous start time) become
  RDATEs, and dates it gives that are not stored become EXDATEs. Dates are compared as instants,
  never as local times, so one date is never both an RDATE and an EXDATE. So the series expands
  to exactly the stored dates, whatever the rule.
- A schedule without a single plain rule (several rules, exclusion rules, only extra dates) is
  sent as DTSTART plus RDATEs: explicit dates, same UID.
- Every stored date that differs from the plain series instance (cancelled, moved in time or
  place, a different length or a public note) gets a RECURRENCE-ID override with the same UID.
  A cancelled date is an override with STATUS:CANCELLED (not an EXDATE) so that apps keep it,
  struck through, with its reason, as the site shows it. Dates a schedule edit dropped quietly
  are not given to the builder at all (``OccurrenceQuerySet.in_feeds``).
- Calendar apps read a series' local times, and add its DURATION, on the wall clock, and they do
  not agree on a local time that happens twice (ical.js takes the second). So every date where
  the clocks change at its start or during it is an override too, its RECURRENCE-ID the local
  time the series gives (each app matches that with its own reading), its DTSTART and DTEND
  explicit, in UTC where the local time would be ambiguous.
- No METHOD: a subscription feed is not an iTIP message (RFC 5546 would want an ORGANIZER on
  every event and ``method=`` in the Content-Type).
- No X-WR-TIMEZONE: every time names its zone (TZID or UTC), and readers that follow that
  property (recurring-ical-events does) rewrite UTC times into it, losing which of two repeated
  local times was meant.

Everything written is derived from stored values (no "now" in the output apart from the day the
window starts), so a feed is byte-identical until something in it changes: its ETag and cache
key come from a cheap aggregate (``feed_version``).
"""

import contextlib
import datetime as dt
import functools
import hashlib
import logging
import re
from dataclasses import dataclass, field

import recurrence
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, transaction
from django.db.models import Count, Max, Min, Sum
from django.utils import translation
from django.utils.translation import gettext, pgettext
from icalendar import Calendar, Event, Timezone, vRecur
from icalendar.prop import vDuration
from recurrence import Recurrence, Rule

from events import schedule
from events.dates_text import date_time_text
from events.details import page_url
from events.ical.text import UTC, occurrence_uid, plain_text, series_uid, text_value
from events.models import EventPage, FeedGeneration, Occurrence
from venues.models import VenuePage

logger = logging.getLogger(__name__)

# Bump when the output changes shape, so cached bodies and ETags are renewed on deploy.
FEED_FORMAT = 2
# Dates already over stay in the feed this long, so subscribers keep recent history.
PAST_DAYS = 92
REFRESH_INTERVAL = dt.timedelta(hours=12)
PRODID = "-//Hearth//Gathering calendar feeds//EN"


def window_start(now):
    """The earliest original start a feed includes: midnight UTC, ``PAST_DAYS`` ago.

    Day-granular so that a feed's content (and cache key) changes at most once a day by itself.
    """
    day = (now - dt.timedelta(days=PAST_DAYS)).astimezone(UTC).date()
    return dt.datetime.combine(day, dt.time(), tzinfo=UTC)


@dataclass(frozen=True)
class FeedVersion:
    """What a feed's content depends on, read with one aggregate query."""

    key: str
    last_modified: dt.datetime


def feed_version(*, scope, now, extra=()):
    """The version of a public feed: one primary-key read, whatever the size of the programme.

    Made of the site-wide ``FeedGeneration`` (raised after any change feeds show), the feed's
    scope, the day's window and ``extra`` values the feed also depends on. Anything changing
    anywhere gives every feed a new ETag; the body is then put together again from per-gathering
    parts of which only the changed gathering's is built anew (``part_stamps``).
    """
    start = window_start(now)
    generation, changed_at = FeedGeneration.current()
    parts = [FEED_FORMAT, scope, start.isoformat(), generation, *extra]
    key = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    # Every change that renews the key also moves Last-Modified, and never past the present,
    # so a client that only sends If-Modified-Since is not told "unchanged" wrongly.
    stamps = [v for v in (start, changed_at, *extra) if _is_dt(v) and v <= now]
    return FeedVersion(key=key, last_modified=max(stamps, default=start))


@dataclass(frozen=True)
class PartStamp:
    """One gathering's share of a feed: its cache key, its place in the feed, its dates' span."""

    key: str
    order: tuple
    first: dt.datetime
    last: dt.datetime


def part_stamps(rows, *, base):
    """Per gathering among ``rows`` (the feed's occurrences): what its VEVENTs depend on.

    One grouped query. ``base`` holds what every part depends on (the public address, the
    window). Revisions rise with each publish, which also moves ``last_published_at``.
    """
    values = (
        rows.order_by()
        .values("event_id", "event__title", "event__url_path")
        .annotate(
            n=Count("id"),
            seq=Sum("sequence"),
            updated=Max("updated_at"),
            published=Max("event__last_published_at"),
            usual_venue_published=Max("event__venue__last_published_at"),
            other_venue_published=Max("venue__last_published_at"),
            category_updated=Max("event__category__updated_at"),
            first=Min("original_start"),
            last=Max("start"),
            last_original=Max("original_start"),
        )
    )
    stamps = {}
    for row in values:
        parts = [FEED_FORMAT, *base, *sorted(row.items())]
        stamps[row["event_id"]] = PartStamp(
            key="hearth:feed-part:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:32],
            order=(row["event__title"], row["event_id"]),
            first=min(row["first"], row["last"]),
            last=max(row["last"], row["last_original"]),
        )
    return stamps


# Parts are kept a week (a part's key changes with anything in it; the oldest just expire).
PART_SECONDS = 60 * 60 * 24 * 7


# Gatherings whose parts are built together (``_build_and_store``).
BUILD_BATCH = 100


def part_store():
    """Where gatherings' parts are kept: a cache every worker and app server shares (Redis with
    CACHE_URL, else a table in the database), so a part is built once per change, not once per
    worker, and survives restarts."""
    return caches["feeds"]


def _part_base():
    return (settings.BASE_URL,)


def _guarded(store):
    """A savepoint around a database store's work, so its failure never aborts the transaction
    around it (PostgreSQL refuses every later query in an aborted one)."""
    return transaction.atomic() if isinstance(store, DatabaseCache) else contextlib.nullcontext()


def _stored(keys):
    """The stored parts among ``keys``; none when the store cannot be read (its table missing,
    the database busy): the feed is then built, slower but whole."""
    store = part_store()
    try:
        with _guarded(store):
            return store.get_many(keys)
    except DatabaseError:
        logger.warning("Calendar feed parts could not be read; building them instead.")
        return {}


def _store(parts):
    store = part_store()
    try:
        with _guarded(store):
            store.set_many(parts, PART_SECONDS)
    except DatabaseError:
        logger.warning("Calendar feed parts could not be stored; they will be built again.")


def build_parts(rows, event_ids, ctx):
    """The VEVENTs of the gatherings ``event_ids``: a constant number of queries for any number."""
    # Neither the bookkeeping of walk-ins nor when a row was made is in a feed.
    rows = list(rows.defer("walk_ins", "created_at"))
    events = list(
        EventPage.objects.filter(pk__in=event_ids).select_related("category", "venue").defer("body")
    )
    venue_ids = {o.venue_id for o in rows if o.venue_id}
    venues = {v.pk: v for v in VenuePage.objects.filter(pk__in=venue_ids)} if venue_ids else {}
    by_event = {}
    for occurrence in rows:
        if occurrence.venue_id:
            occurrence.venue = venues.get(occurrence.venue_id)
        by_event.setdefault(occurrence.event_id, []).append(occurrence)
    ctx.revisions = revision_counts(event_ids)
    parts = {}
    for event in events:
        for occurrence in by_event.get(event.pk, []):
            occurrence.event = event
        parts[event.pk] = series_part(event, by_event.get(event.pk, []), ctx)
    return parts


def feed_from_parts(rows, ctx):
    """A whole feed of the stored dates ``rows``: each gathering's part from the part store,
    built (and stored) only for the gatherings whose part changed since."""
    # A part depends on its gathering's rows, which the stamp sums up (their number, first and
    # last dates): not on the window's start, so the window moving on at midnight rebuilds only
    # the gatherings that lost a date to it, not every gathering.
    stamps = part_stamps(rows, base=_part_base())
    parts = _stored([stamp.key for stamp in stamps.values()])
    missing = [event_id for event_id, stamp in stamps.items() if stamp.key not in parts]
    parts.update(_build_and_store(rows, missing, stamps, ctx))
    ordered = sorted(stamps.values(), key=lambda stamp: stamp.order)
    if not ordered:
        return build_calendar([], [], ctx).to_ical()
    return assemble(
        ctx,
        [parts[stamp.key] for stamp in ordered],
        first=min(stamp.first for stamp in ordered),
        last=max(stamp.last for stamp in ordered),
    )


def feed_rows(queryset, now):
    """The stored dates a public feed carries from ``queryset``: those in the window."""
    return queryset.in_feeds().filter(original_start__gte=window_start(now))


def build_parts_ahead(event_ids, *, now):
    """Build and store the parts of the gatherings ``event_ids`` as the public feeds will ask
    for them, where they are not stored already: run after a change to their dates commits, so
    no subscriber waits for them. A constant number of queries for any number of gatherings."""
    rows = feed_rows(Occurrence.objects.filter(event__live=True, event_id__in=event_ids), now)
    stamps = part_stamps(rows, base=_part_base())
    stored = _stored([stamp.key for stamp in stamps.values()])
    missing = [event_id for event_id, stamp in stamps.items() if stamp.key not in stored]
    _build_and_store(rows, missing, stamps, FeedContext(name="", page_url=page_url))
    return missing


def _build_and_store(rows, event_ids, stamps, ctx):
    """The parts of the gatherings ``event_ids`` from their ``rows``, built and stored
    ``BUILD_BATCH`` gatherings at a time: building every part at once (a cold store, a new
    deploy) held every date of the programme in memory together, 26,000 rows at 500 gatherings,
    and a worker keeps the memory it has once needed. A few queries per batch."""
    parts = {}
    for first in range(0, len(event_ids), BUILD_BATCH):
        batch = event_ids[first : first + BUILD_BATCH]
        built = build_parts(rows.filter(event_id__in=batch), batch, ctx)
        new = {stamps[event_id].key: part for event_id, part in built.items()}
        _store(new)
        parts.update(new)
    return parts


def series_part(event, occurrences, ctx):
    """One gathering's VEVENTs as iCalendar text: a part to cache and put in any feed.

    A part is shared by every subscriber of every feed it is in, and its cache key knows no
    language, so it is written in the site's language whatever language is active.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return b"".join(c.to_ical() for c in series_components(event, occurrences, ctx))


_TZID = re.compile(
    rb"^(?:DTSTART|DTEND|RECURRENCE-ID|EXDATE|RDATE)[^:\r\n]*;TZID=([^:;\r\n]+)", re.M
)


@functools.lru_cache(maxsize=64)
def _vtimezone(tzid, first, last):
    vtimezone = Timezone.from_tzid(tzid, first_date=first, last_date=last)
    _one_onset_per_observance(vtimezone)
    return vtimezone.to_ical()


def assemble(ctx, parts, *, first, last):
    """A whole feed from cached parts: the calendar's properties, one VTIMEZONE per zone the
    parts use (with the transitions of ``first`` to ``last``, a year either side), the parts."""
    zones_from = (first - dt.timedelta(days=366)).date()
    zones_to = (last + dt.timedelta(days=366)).date()
    head = _calendar(ctx, [], zones_from, zones_to).to_ical()
    end = b"END:VCALENDAR\r\n"
    tzids = sorted({m.decode() for part in parts for m in _TZID.findall(part)})
    zones = b"".join(_vtimezone(tzid, zones_from, zones_to) for tzid in tzids)
    return head[: -len(end)] + zones + b"".join(parts) + end


def _is_dt(value):
    return isinstance(value, dt.datetime)


class _ExactDuration(vDuration):
    """A DURATION in hours, minutes and seconds only.

    icalendar writes 24 hours as P1D, a *nominal* day that calendar apps stretch to 23 or 25
    hours across a daylight-saving change; the site stores exact durations.
    """

    def to_ical(self):
        seconds = int(self.td.total_seconds())
        hours, rest = divmod(seconds, 3600)
        minutes, secs = divmod(rest, 60)
        text = "PT"
        if hours:
            text += f"{hours}H"
        if minutes:
            text += f"{minutes}M"
        if secs or text == "PT":
            text += f"{secs}S"
        return text.encode()


@dataclass
class FeedContext:
    """What the builder needs beyond the occurrences: how to name and link things."""

    name: str
    page_url: object  # callable(page) -> absolute URL
    description: str = ""
    source_url: str = ""
    # Number of saved revisions per gathering id: the series' SEQUENCE.
    revisions: dict = field(default_factory=dict)


def _local(moment, tz):
    return moment.astimezone(tz)


def _naive_local(moment, tz):
    return moment.astimezone(tz).replace(tzinfo=None)


def _aware(naive, tz):
    return naive.replace(tzinfo=tz)


def _moment(instant, tz):
    """An instant as a DTSTART/DTEND value: local to ``tz``, or UTC where the local time happens
    twice (a TZID local time there is read differently by different apps)."""
    local = instant.astimezone(tz)
    if schedule.clock_change_at(local.replace(tzinfo=None), tz):
        return instant.astimezone(UTC)
    return local


def _until(last, tz):
    """UNTIL (UTC) that keeps the series' last local start whichever way an app reads it."""
    return max(last.replace(tzinfo=tz, fold=fold).astimezone(UTC) for fold in (0, 1))


def location_text(venue):
    if venue is None:
        return ""
    return ", ".join([venue.title, *venue.address_lines])


def event_description(event, page_url, note=""):
    """Plain text for DESCRIPTION: the note of this date, the summary, what to expect, cost."""
    parts = []
    if note:
        parts.append(note)
    if event.summary:
        parts.append(event.summary)
    if event.what_to_expect:
        parts.append(gettext("What to expect:\n{text}").format(text=event.what_to_expect))
    if event.cost:
        parts.append(gettext("Cost: {cost}").format(cost=event.cost))
    if page_url:
        parts.append(gettext("More, and how to join: {url}").format(url=page_url))
    return plain_text("\n\n".join(parts))


def _stamp(event, occurrences):
    stamps = [o.updated_at for o in occurrences if o.updated_at]
    if event.last_published_at:
        stamps.append(event.last_published_at)
    stamp = max(stamps) if stamps else dt.datetime(2000, 1, 1, tzinfo=UTC)
    return stamp.astimezone(UTC).replace(microsecond=0)


def _common(component, event, *, url, venue, note, status, stamp, sequence, title=None):
    """Properties every VEVENT of a gathering carries."""
    cancelled = status == "cancelled"
    summary = plain_text(title or event.title)
    if cancelled:
        summary = pgettext("a calendar entry", "Cancelled: {title}").format(title=summary)
    component.add("summary", summary)
    component.add("dtstamp", stamp)
    component.add("last-modified", stamp)
    component.add("sequence", sequence)
    component.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    component.add("transp", "OPAQUE")
    component.add("class", "PUBLIC")
    component.add("url", url)
    component.add("description", event_description(event, url, note=plain_text(note)))
    if venue is not None:
        component.add("location", plain_text(location_text(venue)))
        if venue.latitude is not None and venue.longitude is not None:
            component.add("geo", (float(venue.latitude), float(venue.longitude)))
    if event.category_id and event.category:
        component.add("categories", [plain_text(event.category.name)])


def _needs_override(occurrence, duration, written, tz):
    """Whether the plain series instance written as local ``written`` misstates this date."""
    return (
        occurrence.status == "cancelled"
        or occurrence.start != occurrence.original_start
        or occurrence.end - occurrence.start != duration
        or occurrence.venue_id is not None
        or bool(occurrence.note)
        or not schedule.nominal_end_is_exact(written, duration, tz)
    )


def _change_note(occurrence, tz):
    """What subscribers should read first on a changed date: the move, then the reason."""
    lines = []
    if occurrence.status != "cancelled" and occurrence.start != occurrence.original_start:
        original = _local(occurrence.original_start, tz)
        when = date_time_text(original, "long_year")
        lines.append(gettext("Moved from {when}.").format(when=when))
    if occurrence.note:
        lines.append(occurrence.note)
    return "\n".join(lines)


def _plain_rule(event):
    """The gathering's single local rule without COUNT/UNTIL, or None when it has no such rule.

    Exclusion rules and several rules are deprecated or discouraged by RFC 5545, so such
    schedules are sent as explicit dates instead.
    """
    local = schedule.local_recurrence(event.schedule, event.start_time)
    if len(local.rrules) != 1 or local.exrules:
        return None, None
    rule = local.rrules[0]
    params = {p: getattr(rule, p) for p in Rule.byparams if getattr(rule, p)}
    bare = Rule(rule.freq, interval=rule.interval, wkst=rule.wkst, **params)
    return rule, bare


def _rule_instances(rule, dtstart, lower, upper, tz):
    """The starts ``rule`` gives from ``dtstart`` within [lower, upper] (naive local), keyed by
    the instant the site reads each as."""
    rset = Recurrence(rrules=[rule], include_dtstart=False)
    return {
        schedule.to_utc(naive, tz): naive
        for naive in rset.between(lower, upper, inc=True, dtstart=dtstart)
    }


@dataclass
class _SeriesDates:
    """How a gathering's stored dates are written: DTSTART, RRULE up to ``last``, RDATE, EXDATE.

    ``written`` maps each stored original start to the local time that names it in the feed
    (its RECURRENCE-ID): the rule's own local time for dates the rule gives.
    """

    anchor: dt.datetime
    rule: Rule | None
    last: dt.datetime | None
    rdates: list
    exdates: list
    written: dict


def _series_dates(event, starts):
    """Write the stored original ``starts`` (aware) as a bounded rule plus RDATE/EXDATE, or as
    explicit dates when the gathering has no single plain rule or the rule gives none of them."""
    tz = event.tz
    local = {start: _naive_local(start, tz) for start in starts}
    rule, bare = _plain_rule(event)
    if rule is not None:
        first = dt.datetime.combine(event.first_date, event.start_time)
        day = dt.timedelta(days=1)
        lower, upper = min(local.values()) - day, max(local.values()) + day
        given = _rule_instances(rule, first, lower, upper, tz)
        anchors = sorted(instant for instant in given if instant in local)
        if anchors:
            anchor, last = given[anchors[0]], given[anchors[-1]]
            # The rule as clients will expand it: from the anchor, up to the last stored date.
            emitted = Rule(
                bare.freq,
                interval=bare.interval,
                wkst=bare.wkst,
                until=last,
                **{p: getattr(bare, p) for p in Rule.byparams if getattr(bare, p)},
            )
            series = _rule_instances(emitted, anchor, anchor, last, tz)
            return _SeriesDates(
                anchor=anchor,
                rule=bare,
                last=last,
                rdates=sorted(local[s] for s in starts if s not in series),
                exdates=sorted(naive for instant, naive in series.items() if instant not in local),
                written={s: series.get(s, local[s]) for s in starts},
            )
    # Explicit dates. DTSTART is repeated in RDATE (harmless: RFC 5545 counts a date once)
    # because ical.js leaves DTSTART out of a series that has RDATEs but no RRULE.
    dates = sorted(local.values())
    return _SeriesDates(
        anchor=dates[0], rule=None, last=None, rdates=dates, exdates=[], written=local
    )


def _master(event, uid, dates, *, url, stamp, sequence):
    tz = event.tz
    duration = event.duration
    master = Event()
    master.add("uid", uid)
    if dates.rule is not None:
        text = recurrence.serialize(dates.rule).removeprefix("RRULE:")
        rrule = vRecur.from_ical(text)
        rrule["UNTIL"] = [_until(dates.last, tz)]
        master.add("rrule", rrule)
    master.add("dtstart", _aware(dates.anchor, tz))
    if duration.days or duration.total_seconds() % 60:
        master["DURATION"] = _ExactDuration(duration)
    else:
        master.add("duration", duration)
    if dates.rdates:
        master.add("rdate", [_aware(d, tz) for d in dates.rdates])
    if dates.exdates:
        master.add("exdate", [_aware(d, tz) for d in dates.exdates])
    _common(
        master,
        event,
        url=url,
        venue=event.venue if event.venue_id else None,
        note="",
        status="confirmed",
        stamp=stamp,
        sequence=sequence,
    )
    return master


def _override(occurrence, uid, written, *, url, stamp, sequence):
    """The RECURRENCE-ID VEVENT for one stored date that differs from its series instance."""
    tz = occurrence.event.tz
    override = Event()
    override.add("uid", uid)
    override.add("recurrence-id", _aware(written, tz))
    override.add("dtstart", _moment(occurrence.start, tz))
    override.add("dtend", _moment(occurrence.end, tz))
    _common(
        override,
        occurrence.event,
        url=url,
        venue=occurrence.effective_venue,
        note=_change_note(occurrence, tz),
        status=occurrence.status,
        stamp=max(stamp, occurrence.updated_at.astimezone(UTC).replace(microsecond=0))
        if occurrence.updated_at
        else stamp,
        sequence=sequence + occurrence.sequence,
    )
    return override


def series_components(event, occurrences, ctx):
    """The VEVENTs (master first, then overrides) for one gathering's stored ``occurrences``."""
    occurrences = sorted(occurrences, key=lambda o: o.original_start)
    if not occurrences:
        return []
    url = ctx.page_url(event)
    stamp = _stamp(event, occurrences)
    sequence = ctx.revisions.get(event.pk, 0)
    uid = series_uid(event)
    if len(occurrences) == 1:
        # A single date needs no series: the VEVENT is that date, as it stands.
        return [_dated_component(occurrences[0], uid, ctx, url=url, stamp=stamp)]
    dates = _series_dates(event, [o.original_start for o in occurrences])
    components = [_master(event, uid, dates, url=url, stamp=stamp, sequence=sequence)]
    for occurrence in occurrences:
        written = dates.written[occurrence.original_start]
        if _needs_override(occurrence, event.duration, written, event.tz):
            components.append(
                _override(occurrence, uid, written, url=url, stamp=stamp, sequence=sequence)
            )
    return components


def occurrence_component(occurrence, ctx):
    """One date as a standalone VEVENT (for "add to calendar"), with its own stable UID."""
    event = occurrence.event
    return _dated_component(
        occurrence,
        occurrence_uid(occurrence),
        ctx,
        url=ctx.page_url(event),
        stamp=_stamp(event, [occurrence]),
    )


def _dated_component(occurrence, uid, ctx, *, url, stamp):
    event = occurrence.event
    tz = event.tz
    component = Event()
    component.add("uid", uid)
    component.add("dtstart", _moment(occurrence.start, tz))
    component.add("dtend", _moment(occurrence.end, tz))
    _common(
        component,
        event,
        url=url,
        venue=occurrence.effective_venue,
        note=occurrence.note,
        status=occurrence.status,
        stamp=stamp,
        sequence=ctx.revisions.get(event.pk, 0) + occurrence.sequence,
    )
    return component


def _calendar(ctx, components, zones_from, zones_to):
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", text_value(ctx.name, single_line=True))
    cal.add("x-wr-calname", text_value(ctx.name, single_line=True))
    if ctx.description:
        cal.add("description", text_value(ctx.description))
        cal.add("x-wr-caldesc", text_value(ctx.description))
    cal.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    cal["X-PUBLISHED-TTL"] = vDuration(REFRESH_INTERVAL)
    if ctx.source_url:
        cal.add("source", ctx.source_url, parameters={"VALUE": "URI"})
    for component in components:
        cal.add_component(component)
    # One VTIMEZONE per TZID used, with the transitions of every date in the feed.
    cal.add_missing_timezones(first_date=zones_from, last_date=zones_to)
    for vtimezone in cal.walk("VTIMEZONE"):
        _one_onset_per_observance(vtimezone)
    return cal


def _one_onset_per_observance(vtimezone):
    """Rewrite observances listing several onsets (DTSTART plus RDATEs) as one per onset.

    ical.js (Thunderbird) reads only the first value of each RDATE of an observance and skips
    its DTSTART when RDATEs exist, so it would keep summer time all winter. One DTSTART per
    STANDARD/DAYLIGHT component says the same thing in a form every client reads alike.
    """
    observances = []
    for observance in vtimezone.subcomponents:
        onsets = [observance.decoded("DTSTART")]
        rdates = observance.get("RDATE", [])
        for rdate in rdates if isinstance(rdates, list) else [rdates]:
            onsets.extend(value.dt for value in rdate.dts)
        for onset in onsets:
            single = type(observance)()
            for name, value in observance.items():
                if name not in {"DTSTART", "RDATE"}:
                    single[name] = value
            single.add("dtstart", onset)
            observances.append(single)
    observances.sort(key=lambda o: o.decoded("DTSTART"))
    vtimezone.subcomponents = observances


def _zone_span(occurrences):
    starts = [o.original_start for o in occurrences] + [o.start for o in occurrences]
    if not starts:
        return dt.date(2000, 1, 1), dt.date(2000, 1, 2)
    return (
        (min(starts) - dt.timedelta(days=366)).date(),
        (max(starts) + dt.timedelta(days=366)).date(),
    )


def build_calendar(events, occurrences, ctx):
    """A feed of the gatherings ``events`` with their stored ``occurrences`` (any order).

    Each gathering becomes one series; see the module docstring.
    """
    by_event = {}
    for occurrence in occurrences:
        by_event.setdefault(occurrence.event_id, []).append(occurrence)
    components = []
    for event in sorted(events, key=lambda e: (e.title, e.pk)):
        for occurrence in by_event.get(event.pk, []):
            occurrence.event = event
        components.extend(series_components(event, by_event.get(event.pk, []), ctx))
    return _calendar(ctx, components, *_zone_span(occurrences))


def build_occurrence_calendar(occurrence, ctx):
    """The "add to calendar" file of one date."""
    return _calendar(ctx, [occurrence_component(occurrence, ctx)], *_zone_span([occurrence]))


def revision_counts(event_ids):
    """Saved revisions per gathering: the series' SEQUENCE (rises with each publish)."""
    from wagtail.models import Revision

    rows = (
        Revision.page_revisions.filter(object_id__in=[str(pk) for pk in event_ids])
        .values("object_id")
        .annotate(n=Count("id"))
    )
    return {int(row["object_id"]): row["n"] for row in rows}
