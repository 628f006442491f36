"""Stored occurrences follow publishing and rule edits, keeping organiser changes and bookings."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from recurrence import deserialize

from events.models import Occurrence
from events.services.dates import cancel_occurrence, move_occurrence, sync_occurrences
from tests.factories import NOW, make_event_page, make_rsvp, make_venue

LONDON = ZoneInfo("Europe/London")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def dates_of(event, **filters):
    return [
        o.start.astimezone(LONDON).date()
        for o in event.occurrences.filter(**filters).order_by("start")
    ]


def republish(event, rule=None, **changes):
    if rule is not None:
        event.schedule = deserialize(rule)
    for name, value in changes.items():
        setattr(event, name, value)
    event.save_revision().publish()
    event.refresh_from_db()
    return event


def test_publishing_stores_a_year_of_dates_in_utc():
    event = make_event_page(first_date=dt.date(2026, 11, 1))
    occurrences = list(event.occurrences.order_by("start"))
    # 365 days from Tuesday 24 November 2026 hold 53 Tuesdays.
    assert len(occurrences) == 53
    assert occurrences[0].start == dt.datetime(2026, 11, 24, 19, tzinfo=dt.UTC)
    # 30 March 2027 is after the spring change: 19:00 BST is 18:00 UTC.
    march_30 = [o for o in occurrences if o.start.date() == dt.date(2027, 3, 30)]
    assert march_30[0].start == dt.datetime(2027, 3, 30, 18, tzinfo=dt.UTC)
    assert {o.local_start.time() for o in occurrences} == {dt.time(19)}
    assert all(o.end - o.start == dt.timedelta(minutes=90) for o in occurrences)


def test_syncing_twice_creates_and_changes_nothing():
    event = make_event_page(first_date=dt.date(2026, 11, 1))
    before = list(event.occurrences.values_list("pk", "start", "sequence", "updated_at"))
    counts = sync_occurrences(event)
    assert counts == {"created": 0, "updated": 0, "cancelled": 0}
    assert list(event.occurrences.values_list("pk", "start", "sequence", "updated_at")) == before


def test_unpublished_draft_has_no_dates():
    event = make_event_page(publish=False)
    assert not event.occurrences.exists()


def test_unpublishing_cancels_future_dates_and_republishing_restores_them():
    event = make_event_page(first_date=dt.date(2026, 11, 1))
    event.unpublish()
    assert not event.occurrences.filter(status="scheduled").exists()
    republish(event)
    assert event.occurrences.filter(status="scheduled").count() == 53


def test_rule_edit_cancels_vanished_dates_and_adds_new_ones():
    event = make_event_page(first_date=dt.date(2026, 11, 1), rule="RRULE:FREQ=WEEKLY;BYDAY=TU,TH")
    republish(event, "RRULE:FREQ=WEEKLY;BYDAY=TU")
    thursdays = event.occurrences.filter(start__week_day=5)  # Django: Sunday=1, so Thursday=5
    assert thursdays.exists()
    assert set(thursdays.values_list("status", flat=True)) == {"cancelled"}
    assert all(o.removed_from_schedule for o in thursdays)
    republish(event, "RRULE:FREQ=WEEKLY;BYDAY=TU,TH")
    assert set(thursdays.values_list("status", flat=True)) == {"scheduled"}


def test_rule_edit_keeps_a_moved_date_whose_weekday_vanished_as_the_organiser_left_it():
    event = make_event_page(first_date=dt.date(2026, 11, 1), rule="RRULE:FREQ=WEEKLY;BYDAY=TU,TH")
    thursday = event.occurrences.get(start__date=dt.date(2026, 12, 3))
    other = make_venue(title="Library")
    moved = move_occurrence(
        thursday,
        start=thursday.start + dt.timedelta(days=1),
        end=thursday.end + dt.timedelta(days=1),
        venue=other,
        note="Moved to Friday this week",
    )
    republish(event, "RRULE:FREQ=WEEKLY;BYDAY=TU")
    moved.refresh_from_db()
    assert not moved.is_cancelled and not moved.removed_from_schedule
    assert moved.is_exception
    assert moved.note == "Moved to Friday this week"
    assert moved.venue == other
    assert moved.start == dt.datetime(2026, 12, 4, 19, tzinfo=dt.UTC)


def test_organiser_changes_survive_a_new_start_time():
    event = make_event_page(first_date=dt.date(2026, 11, 1))
    cancelled = cancel_occurrence(
        event.occurrences.get(start__date=dt.date(2026, 12, 8)), reason="Hall closed"
    )
    moved_source = event.occurrences.get(start__date=dt.date(2026, 12, 15))
    moved = move_occurrence(
        moved_source,
        start=moved_source.start + dt.timedelta(hours=1),
        end=moved_source.end + dt.timedelta(hours=1),
    )
    republish(event, start_time=dt.time(18, 30))
    cancelled.refresh_from_db()
    moved.refresh_from_db()
    assert cancelled.is_cancelled and cancelled.note == "Hall closed"
    assert cancelled.local_original_start.time() == dt.time(18, 30)
    assert moved.start == dt.datetime(2026, 12, 15, 20, tzinfo=dt.UTC)  # organiser's time kept
    assert moved.local_original_start.time() == dt.time(18, 30)
    ordinary = event.occurrences.get(original_start__date=dt.date(2026, 12, 1))
    assert ordinary.local_start.time() == dt.time(18, 30)
    assert ordinary.sequence == 1
    # Rows are matched by date, not replaced: one row per Tuesday, no duplicates.
    assert event.occurrences.count() == 53


def test_past_dates_are_never_touched():
    # Published on New Year's Day, so that by NOW it has ten months of past dates.
    with time_machine.travel(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), tick=False):
        event = make_event_page(first_date=dt.date(2026, 1, 6))
    past = list(event.occurrences.filter(start__lt=NOW).values_list("pk", "start", "status"))
    republish(event, "RRULE:FREQ=WEEKLY;BYDAY=WE")
    assert (
        list(
            event.occurrences.filter(pk__in=[p[0] for p in past]).values_list(
                "pk", "start", "status"
            )
        )
        == past
    )


def test_cancelling_a_date_tells_booked_people_after_commit(
    django_capture_on_commit_callbacks, mailoutbox
):
    event = make_event_page(first_date=dt.date(2026, 11, 1), capacity=10)
    occurrence = event.occurrences.first()
    with django_capture_on_commit_callbacks(execute=True):
        make_rsvp(occurrence, name="Ana", email="ana@example.org")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks() as callbacks:
        cancel_occurrence(occurrence, reason="Facilitator unwell")
    assert mailoutbox == []  # nobody is told before the change is committed
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    assert [m.to for m in mailoutbox] == [["ana@example.org"]]
    assert mailoutbox[0].subject.startswith("Cancelled:")


def test_horizon_command_adds_only_the_missing_dates(settings):
    settings.HEARTH_OCCURRENCE_HORIZON_DAYS = 30
    event = make_event_page(first_date=dt.date(2026, 11, 1))
    assert event.occurrences.count() == 5  # 24 Nov .. 22 Dec
    first_ids = set(event.occurrences.values_list("pk", flat=True))
    with time_machine.travel(NOW + dt.timedelta(days=14), tick=False):
        out = StringIO()
        call_command("extend_occurrences", stdout=out)
    assert event.occurrences.count() == 7
    assert first_ids <= set(event.occurrences.values_list("pk", flat=True))
    assert "2 dates added" in out.getvalue()
    with time_machine.travel(NOW + dt.timedelta(days=14), tick=False):
        call_command("extend_occurrences", stdout=StringIO())
    assert event.occurrences.count() == 7


def test_occurrence_times_are_stored_in_utc():
    event = make_event_page(first_date=dt.date(2027, 6, 1))
    first = Occurrence.objects.filter(event=event).order_by("start").first()
    assert first.start.utcoffset() == dt.timedelta(0)
    assert first.start == dt.datetime(2027, 6, 1, 18, tzinfo=dt.UTC)
    assert first.local_start.hour == 19


def test_dates_a_rule_edit_removed_leave_the_public_listings(client):
    event = make_event_page(
        title="Drop-in", first_date=dt.date(2026, 11, 1), rule="RRULE:FREQ=WEEKLY;BYDAY=TU,TH"
    )
    republish(event, "RRULE:FREQ=WEEKLY;BYDAY=TU")
    listed = Occurrence.objects.public().filter(event=event)
    assert listed.count() == 53
    assert {o.local_start.weekday() for o in listed} == {1}  # Tuesdays only
    page = client.get(event.url).content.decode()
    assert "no longer part of the schedule" not in page


def test_a_moved_date_comes_back_moved_after_unpublishing_and_republishing():
    event = make_event_page(first_date=dt.date(2026, 11, 1))
    source = event.occurrences.get(start__date=dt.date(2026, 12, 8))
    moved = move_occurrence(
        source, start=source.start + dt.timedelta(hours=1), end=source.end + dt.timedelta(hours=1)
    )
    event.unpublish()
    moved.refresh_from_db()
    assert moved.is_cancelled
    republish(event)
    moved.refresh_from_db()
    assert not moved.is_cancelled
    assert not moved.removed_from_schedule
    assert moved.start == dt.datetime(2026, 12, 8, 20, tzinfo=dt.UTC)
    assert moved in Occurrence.objects.public()
