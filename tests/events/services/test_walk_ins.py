"""Walk-ins: people counted at the door who had not booked. A number, never a name."""

import csv
import datetime as dt
import io
import threading

import pytest
import time_machine
from django.conf import settings
from django.db import connection

from events.models import Occurrence
from events.services import attendees, booking
from tests.factories import NOW, ensure_home_page, make_event_page

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


@pytest.fixture
def tonight(db):
    with time_machine.travel(NOW, tick=False):
        event = make_event_page(
            title="Bereavement circle", first_date=dt.date(2026, 11, 1), capacity=4
        )
        yield event.occurrences.order_by("start").first()


def walk_ins(occurrence):
    return Occurrence.objects.get(pk=occurrence.pk).walk_ins


def test_walk_ins_are_counted_one_at_a_time_and_a_miscount_can_be_taken_back(tonight):
    assert walk_ins(tonight) == 0
    for _ in range(3):
        attendees.count_walk_in(occurrence=tonight)
    assert attendees.count_walk_in(occurrence=tonight, change=-1) == 2
    assert walk_ins(tonight) == 2
    with pytest.raises(ValueError):
        attendees.count_walk_in(occurrence=tonight, change=5)


def test_walk_in_count_never_drops_below_zero(tonight):
    assert attendees.count_walk_in(occurrence=tonight, change=-1) == 0
    assert walk_ins(tonight) == 0


def test_two_volunteers_counting_from_stale_pages_both_count(tonight):
    """Each volunteer's page loaded the date when the count was 0; neither count is lost."""
    at_the_door = Occurrence.objects.get(pk=tonight.pk)
    at_the_desk = Occurrence.objects.get(pk=tonight.pk)
    attendees.count_walk_in(occurrence=at_the_door)
    attendees.count_walk_in(occurrence=at_the_desk)
    assert walk_ins(tonight) == 2


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL's row-level concurrency")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_walk_ins_counted_in_parallel_are_all_kept():
    """Eight volunteers' phones, each on its own database connection, count five times at once."""
    ensure_home_page()
    event = make_event_page(title="Open art evening", first_date=dt.date(2026, 11, 1))
    occurrence = event.occurrences.order_by("start").first()
    start = threading.Barrier(8)

    def count():
        try:
            start.wait()
            for _ in range(5):
                attendees.count_walk_in(occurrence=Occurrence(pk=occurrence.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=count) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert walk_ins(occurrence) == 40


def test_counting_walk_ins_changes_nothing_pages_or_feeds_show(tonight):
    before = Occurrence.objects.get(pk=tonight.pk)
    attendees.count_walk_in(occurrence=tonight)
    after = Occurrence.objects.get(pk=tonight.pk)
    assert (after.updated_at, after.sequence) == (before.updated_at, before.sequence)


def test_walk_ins_take_no_seats_from_bookings(tonight):
    for _ in range(6):
        attendees.count_walk_in(occurrence=tonight)
    assert booking.seats_left(tonight) == 4


def test_csv_says_who_checked_in_and_ends_with_the_walk_in_count(tonight):
    with time_machine.travel(NOW, tick=False):
        ama = booking.book(
            occurrence=tonight, name="Ama", email="ama@example.org", party_size=2
        ).rsvp
        booking.book(occurrence=tonight, name="Ben", email="ben@example.org")
    attendees.check_in(rsvp=ama)
    attendees.count_walk_in(occurrence=tonight)
    attendees.count_walk_in(occurrence=tonight)
    rows = list(csv.reader(io.StringIO(attendees.attendee_csv(tonight).lstrip("\ufeff"))))
    checked_in = rows[0].index("Checked in")
    assert [(row[0], row[checked_in]) for row in rows[1:3]] == [("Ama", "Yes"), ("Ben", "No")]
    assert rows[3] == []
    assert rows[4] == ["Walk-ins (came without booking)", "2"]
