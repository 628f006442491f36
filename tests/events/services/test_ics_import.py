"""Importing a Google Calendar export: gatherings as drafts, repeatable, all or nothing."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from events.models import EventPage, Occurrence
from tests.factories import make_event_index, make_venue

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
EXPORT = FIXTURES / "google_export.ics"
BROKEN = FIXTURES / "google_export_broken.ics"
UTC = dt.UTC


def run_import(path, *args, parent="whats-on"):
    out = io.StringIO()
    call_command("import_ics", str(path), "--parent", parent, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def whats_on(db, frozen_clock):
    index = make_event_index()
    make_venue(title="Friends Meeting House", slug="friends-meeting-house")
    return index


@pytest.mark.django_db
def test_a_google_export_becomes_draft_gatherings_with_their_schedules(whats_on):
    output = run_import(EXPORT, parent=str(whats_on.pk))

    pages = {p.title: p for p in EventPage.objects.child_of(whats_on)}
    assert set(pages) == {
        "Tuesday evening meditation",
        "Art for wellbeing",
        "Carers' peer support",
        "Spring open day",
    }
    assert not any(p.live for p in pages.values())
    assert not Occurrence.objects.exists()

    meditation = pages["Tuesday evening meditation"]
    assert meditation.first_date == dt.date(2026, 9, 8)
    assert meditation.start_time == dt.time(19, 0)
    assert meditation.duration == dt.timedelta(minutes=90)
    assert meditation.time_zone == "Europe/London"
    assert meditation.venue.title == "Friends Meeting House"
    assert "chairs are there too" in meditation.what_to_expect
    december = meditation.slots(
        dt.datetime(2026, 12, 14, tzinfo=UTC), dt.datetime(2027, 1, 6, tzinfo=UTC)
    )
    # The two Christmas weeks excluded in Google are not in the schedule.
    assert [s.start for s in december] == [
        dt.datetime(2026, 12, 15, 19, tzinfo=UTC),
        dt.datetime(2027, 1, 5, 19, tzinfo=UTC),
    ]

    art = pages["Art for wellbeing"]
    last = art.slots(dt.datetime(2027, 6, 1, tzinfo=UTC), dt.datetime(2028, 1, 1, tzinfo=UTC))
    # UNTIL=20270626T092959Z stops before 26 June (10:30 BST is 09:30 UTC).
    assert [s.start for s in last] == [dt.datetime(2027, 6, 12, 9, 30, tzinfo=UTC)]
    assert art.what_to_expect.startswith("Art for wellbeing\nPaints, paper and tea")
    assert "Quarry Hill Library" in art.what_to_expect

    carers = pages["Carers' peer support"]
    all_dates = carers.slots(
        dt.datetime(2026, 1, 1, tzinfo=UTC), dt.datetime(2029, 1, 1, tzinfo=UTC)
    )
    assert len(all_dates) == 12
    assert all(s.start.astimezone(carers.tz).time() == dt.time(18, 30) for s in all_dates)

    open_day = pages["Spring open day"]
    assert (open_day.first_date, open_day.start_time) == (dt.date(2027, 4, 17), dt.time(10, 0))
    assert open_day.duration == dt.timedelta(hours=5)

    assert "[########################] 4/4" in output
    assert "Done: 4 created, 0 updated (drafts)." in output
    assert "2 cancelled or moved dates will be recorded once the gatherings are published" in output
    assert "Skipped “Office closed”: all-day events are not gatherings" in output


@pytest.mark.django_db
def test_importing_again_updates_the_same_pages_even_after_a_slug_change(whats_on):
    run_import(EXPORT)
    page = EventPage.objects.get(title="Tuesday evening meditation")
    page.slug = "tuesday-meditation"
    page.save()
    output = run_import(EXPORT)
    assert EventPage.objects.count() == 4
    assert EventPage.objects.filter(slug="tuesday-meditation").count() == 1
    assert "Done: 0 created, 4 updated (drafts)." in output


@pytest.mark.django_db
def test_published_import_records_the_cancelled_and_moved_dates(whats_on):
    output = run_import(EXPORT, "--publish")
    page = EventPage.objects.get(title="Tuesday evening meditation")
    moved = page.occurrences.get(original_start=dt.datetime(2026, 12, 8, 19, tzinfo=UTC))
    cancelled = page.occurrences.get(original_start=dt.datetime(2027, 1, 12, 19, tzinfo=UTC))
    run_import(EXPORT, "--publish")
    sequences = set(page.occurrences.values_list("sequence", flat=True))
    assert (moved.start, moved.end) == (
        dt.datetime(2026, 12, 8, 20, tzinfo=UTC),
        dt.datetime(2026, 12, 8, 21, 30, tzinfo=UTC),
    )
    assert moved.is_moved
    assert cancelled.is_cancelled
    assert "2 cancelled or moved dates recorded." in output
    # Importing again changes nothing that is already right.
    assert sequences == {0, 1}
    assert Occurrence.objects.filter(event=page, status="cancelled").count() == 1


@pytest.mark.django_db
def test_a_broken_file_is_refused_whole(whats_on):
    with pytest.raises(CommandError) as refused:
        run_import(BROKEN)
    assert "Nothing was imported" in str(refused.value)
    assert "Carers' peer support" in str(refused.value)
    assert "DTSTART" in str(refused.value)
    assert not EventPage.objects.exists()


@pytest.mark.django_db
def test_a_truncated_file_or_a_wrong_parent_is_refused(whats_on, tmp_path):
    truncated = tmp_path / "cut.ics"
    truncated.write_bytes(EXPORT.read_bytes()[:1500])
    with pytest.raises(CommandError, match="not a complete iCalendar file"):
        run_import(truncated)
    with pytest.raises(CommandError, match="No What's on page"):
        run_import(EXPORT, parent="nowhere")
    assert not EventPage.objects.exists()
