"""Bringing the gatherings of an existing calendar (e.g. a Google Calendar export) into Hearth.

Two steps. ``read_calendar`` parses and checks the whole file without touching the database and
raises ``ImportRefused`` at the first thing it cannot trust, so a broken file imports nothing.
``import_gatherings`` then writes draft EventPages in one transaction.

Matching on re-import: a calendar's UID is kept in an audit-log entry of the page it became
(action ``hearth.ics_import``, data ``{"uid": ...}``), because EventPage has no field for it
yet. Log entries outlive edits of the slug or title, so a second import updates the same page.

Date exceptions (RECURRENCE-ID overrides): a cancelled or moved instance becomes a cancelled or
moved stored occurrence. Occurrences exist only once a gathering is published, so for drafts
the changes are kept in the same log entry and applied when the import runs on a published page
(or at once with ``publish=True``).
"""

import datetime as dt
import re
import zoneinfo
from dataclasses import asdict, dataclass, field

from dateutil.rrule import rrulestr
from django.conf import settings
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from icalendar import Calendar, vRecur
from recurrence import deserialize
from recurrence.exceptions import DeserializationError
from wagtail.models import PageLogEntry

from events.models import Category, EventPage, Occurrence
from events.services.dates import cancel_occurrence, move_occurrence
from venues.models import VenuePage

LOG_ACTION = "hearth.ics_import"
MIN_DURATION = dt.timedelta(minutes=5)
MAX_DURATION = dt.timedelta(hours=24)
CANCELLED_NOTE = "Cancelled in the imported calendar."


class ImportRefused(Exception):
    """The calendar cannot be imported as a whole; the message says why, for the organiser."""


@dataclass
class DateChange:
    """One instance changed in the source calendar, keyed by its local date in the schedule."""

    day: str  # ISO local date of the RECURRENCE-ID
    cancelled: bool
    start: str = ""  # ISO aware datetimes when moved
    end: str = ""


@dataclass
class ImportedGathering:
    uid: str
    title: str
    summary: str
    what_to_expect: str
    location: str
    categories: list
    first_date: dt.date
    start_time: dt.time
    duration: dt.timedelta
    time_zone: str
    rule: str  # django-recurrence text in the widget's form ("" for a one-off)
    changes: list = field(default_factory=list)
    notes: list = field(default_factory=list)


@dataclass
class ReadResult:
    name: str
    gatherings: list
    skipped: list  # (title, reason)


def _text(component, name):
    value = component.get(name)
    return str(value).strip() if value is not None else ""


def _plain(value):
    """Descriptions from Google often carry HTML: keep the words, one paragraph per break."""
    value = re.sub(r"(?i)<br\s*/?>|</p>", "\n", value)
    return strip_tags(value).replace("\r\n", "\n").strip()


def _zone_of(moment, where):
    """The IANA zone name of an aware ``moment`` (UTC and floating times: the site's zone)."""
    tzinfo = getattr(moment, "tzinfo", None)
    if tzinfo is None or tzinfo is dt.UTC:
        return settings.TIME_ZONE
    name = getattr(tzinfo, "key", None) or str(tzinfo)
    if name in {"UTC", "Etc/UTC"}:
        return settings.TIME_ZONE
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ImportRefused(f"{where}: unknown time zone “{name}”.") from error
    return name


def _local(moment, tz):
    if moment.tzinfo is None:
        return moment.replace(tzinfo=tz)
    return moment.astimezone(tz)


def _widget_date(day):
    """A calendar date in the form the recurrence widget stores it: midnight UTC."""
    return f"{day:%Y%m%d}T000000Z"


def _rule_text(master, start_local, tz, where):
    """RRULE/EXDATE/RDATE of ``master`` in the widget's form; None when no instance is left."""
    rrules = master.get("RRULE")
    if rrules is None:
        return "", start_local
    if isinstance(rrules, list):
        if len(rrules) > 1:
            raise ImportRefused(f"{where}: several RRULEs in one event are not supported.")
        rrules = rrules[0]
    rule = vRecur(rrules)
    until = rule.pop("UNTIL", [None])[0]
    text = rule.to_ical().decode()
    naive_start = start_local.replace(tzinfo=None)
    lines = []
    if until is not None:
        if isinstance(until, dt.datetime):
            until = _local(until, tz).replace(tzinfo=None)
        else:
            until = dt.datetime.combine(until, dt.time.max)
        # RFC 5545's UNTIL is an instant; the widget keeps a date. Use the last date it allows.
        last = rrulestr(text, dtstart=naive_start).before(until, inc=True)
        if last is None:
            return None, start_local
        text += f";UNTIL={_widget_date(last.date())}"
    lines.append(f"RRULE:{text}")
    for name in ("EXDATE", "RDATE"):
        values = master.get(name, [])
        for prop in values if isinstance(values, list) else [values]:
            for value in prop.dts:
                moment = value.dt
                day = _local(moment, tz).date() if isinstance(moment, dt.datetime) else moment
                lines.append(f"{name}:{_widget_date(day)}")
    text = "\n".join(lines)
    try:
        deserialize(text)
    except (DeserializationError, ValueError) as error:
        raise ImportRefused(f"{where}: the repeat rule “{text}” is not supported.") from error
    return text, start_local


def _gathering(master, overrides, where):
    start = master.decoded("DTSTART")
    if not isinstance(start, dt.datetime):
        return None, "all-day events are not gatherings (they have no start time)"
    time_zone = _zone_of(start, where)
    tz = zoneinfo.ZoneInfo(time_zone)
    start_local = _local(start, tz)
    if "DTEND" in master:
        end = master.decoded("DTEND")
        duration = _local(end, tz) - start_local if isinstance(end, dt.datetime) else None
    elif "DURATION" in master:
        duration = master.decoded("DURATION")
    else:
        duration = dt.timedelta(hours=1)
    if duration is None or not MIN_DURATION <= duration <= MAX_DURATION:
        return None, "its length is not between 5 minutes and 24 hours"
    rule, _ = _rule_text(master, start_local, tz, where)
    if rule is None:
        return None, "its repeat rule ends before its first date"
    description = _plain(_text(master, "DESCRIPTION"))
    title = _text(master, "SUMMARY") or "Untitled gathering"
    summary = description.split("\n")[0] if description else f"{title}."
    categories = []
    for prop in master.get("CATEGORIES", []) if "CATEGORIES" in master else []:
        categories.extend(str(c) for c in getattr(prop, "cats", [prop]))
    gathering = ImportedGathering(
        uid=_text(master, "UID"),
        title=Truncator(title).chars(255),
        summary=Truncator(summary).chars(200),
        what_to_expect=description,
        location=_text(master, "LOCATION"),
        categories=categories,
        first_date=start_local.date(),
        start_time=start_local.time().replace(tzinfo=None),
        duration=duration,
        time_zone=time_zone,
        rule=rule,
    )
    for override in overrides:
        original = _local(override.decoded("RECURRENCE-ID"), tz)
        day = original.date().isoformat()
        if _text(override, "STATUS").upper() == "CANCELLED":
            gathering.changes.append(DateChange(day=day, cancelled=True))
            continue
        new_start = _local(override.decoded("DTSTART"), tz)
        if "DTEND" in override:
            new_end = _local(override.decoded("DTEND"), tz)
        else:
            new_end = new_start + duration
        if (new_start, new_end) != (original, original + duration):
            gathering.changes.append(
                DateChange(
                    day=day, cancelled=False, start=new_start.isoformat(), end=new_end.isoformat()
                )
            )
        else:
            gathering.notes.append(f"{day}: only its text changed; kept the series' text")
    return gathering, ""


def read_calendar(data):
    """Parse and check a whole calendar. Raises ``ImportRefused``; touches no database."""
    if isinstance(data, str):
        data = data.encode()
    if b"BEGIN:VCALENDAR" not in data[:2000] or b"END:VCALENDAR" not in data[-2000:]:
        raise ImportRefused(
            _("This is not a complete iCalendar file (BEGIN/END:VCALENDAR missing).")
        )
    try:
        calendars = Calendar.from_ical(data, multiple=True)
    except ValueError as error:
        raise ImportRefused(f"This iCalendar file cannot be read: {error}") from error
    masters, overrides = {}, {}
    for calendar in calendars:
        for component in calendar.walk():
            if component.name == "VEVENT":
                where = f"Event “{_text(component, 'SUMMARY') or '?'}”"
            else:
                where = component.name
            if getattr(component, "errors", None):
                prop, message = component.errors[0]
                raise ImportRefused(f"{where}: {prop} is invalid ({message}).")
            if component.name != "VEVENT":
                continue
            uid = _text(component, "UID")
            if not uid:
                raise ImportRefused(f"{where} has no UID, so it could not be matched later.")
            if "DTSTART" not in component:
                raise ImportRefused(f"{where} has no start (DTSTART).")
            if "RECURRENCE-ID" in component:
                overrides.setdefault(uid, []).append(component)
            elif uid in masters:
                raise ImportRefused(f"{where}: the UID {uid} is used twice.")
            else:
                masters[uid] = component
    if not masters:
        raise ImportRefused(_("This calendar has no events to import."))
    gatherings, skipped = [], []
    for uid, master in masters.items():
        where = f"Event “{_text(master, 'SUMMARY') or uid}”"
        try:
            gathering, reason = _gathering(master, overrides.get(uid, []), where)
        except (ValueError, TypeError, KeyError) as error:
            raise ImportRefused(f"{where} cannot be read: {error}") from error
        if gathering is None:
            skipped.append((_text(master, "SUMMARY") or uid, reason))
        else:
            gatherings.append(gathering)
    orphans = set(overrides) - set(masters)
    for uid in sorted(orphans):
        skipped.append((uid, "a changed date whose series is not in this file"))
    name = _text(calendars[0], "X-WR-CALNAME") or _text(calendars[0], "NAME")
    return ReadResult(name=name, gatherings=gatherings, skipped=skipped)


def page_for_uid(uid):
    """The gathering an earlier import made from ``uid``, if it still exists."""
    entries = PageLogEntry.objects.filter(action=LOG_ACTION, data__uid=uid).order_by("-timestamp")
    for page_id in entries.values_list("page_id", flat=True):
        page = EventPage.objects.filter(pk=page_id).first()
        if page is not None:
            return page
    return None


def _unique_slug(parent, title, exclude=None):
    base = slugify(title)[:60] or "gathering"
    slug, n = base, 2
    siblings = parent.get_children()
    if exclude is not None:
        siblings = siblings.exclude(pk=exclude.pk)
    while siblings.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _venue(location):
    name = location.split(",")[0].strip()
    if not name:
        return None
    return VenuePage.objects.filter(title__iexact=name).first()


def _apply(page, gathering, parent, *, venue, categories):
    page.title = gathering.title
    page.draft_title = gathering.title
    page.summary = gathering.summary
    page.what_to_expect = gathering.what_to_expect
    if gathering.location and venue is None:
        page.what_to_expect = (
            f"{gathering.what_to_expect}\n\nWhere (from the imported calendar): "
            f"{gathering.location}"
        ).strip()
    page.venue = venue
    page.category = categories[0] if categories else page.category
    page.schedule = deserialize(gathering.rule) if gathering.rule else deserialize("")
    page.first_date = gathering.first_date
    page.start_time = gathering.start_time
    page.duration = gathering.duration
    page.time_zone = gathering.time_zone


def apply_date_changes(page, changes):
    """Record ``changes`` (dicts of DateChange) on the stored occurrences of a published page.

    Returns (applied, not_found). Idempotent: an occurrence already in that state is left alone.
    """
    if not page.live:
        return 0, 0
    applied = not_found = 0
    occurrences = {o.date_slug: o for o in page.occurrences.all()}
    for change in changes:
        occurrence = occurrences.get(change["day"])
        if occurrence is None:
            not_found += 1
            continue
        if change["cancelled"]:
            if not occurrence.is_cancelled:
                cancel_occurrence(occurrence, reason=CANCELLED_NOTE)
            applied += 1
            continue
        start = dt.datetime.fromisoformat(change["start"])
        end = dt.datetime.fromisoformat(change["end"])
        if (occurrence.start, occurrence.end, occurrence.status) != (
            start,
            end,
            Occurrence.Status.SCHEDULED,
        ):
            move_occurrence(occurrence, start=start, end=end, venue=occurrence.venue)
        applied += 1
    return applied, not_found


@transaction.atomic
def import_gatherings(result, parent, *, publish=False, progress=None):
    """Create or update one draft EventPage per gathering of ``result``, under ``parent``.

    All or nothing: one transaction. Returns a dict of counts for the summary.
    """
    counts = {"created": 0, "updated": 0, "changes_applied": 0, "changes_waiting": 0}
    categories = {c.name.lower(): c for c in Category.objects.all()}
    total = len(result.gatherings)
    for index, gathering in enumerate(result.gatherings, start=1):
        venue = _venue(gathering.location)
        matched = [categories[c.lower()] for c in gathering.categories if c.lower() in categories]
        page = page_for_uid(gathering.uid)
        if page is None:
            page = EventPage(live=False, slug=_unique_slug(parent, gathering.title))
            _apply(page, gathering, parent, venue=venue, categories=matched)
            parent.add_child(instance=page)
            counts["created"] += 1
        else:
            _apply(page, gathering, parent, venue=venue, categories=matched)
            counts["updated"] += 1
        revision = page.save_revision(log_action=True)
        if publish:
            revision.publish()
            page.refresh_from_db()
        changes = [asdict(change) for change in gathering.changes]
        PageLogEntry.objects.log_action(
            page, LOG_ACTION, data={"uid": gathering.uid, "changes": changes}
        )
        applied, _ = apply_date_changes(page, changes)
        counts["changes_applied"] += applied
        counts["changes_waiting"] += len(changes) - applied
        if progress is not None:
            progress(index, total, gathering)
    return counts
