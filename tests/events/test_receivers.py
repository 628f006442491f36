"""Publishing a gathering: the stored dates follow the schedule first, then waiting lists move.

The order matters to people: seats a capacity rise frees must go to the waiting list of the
dates as they stand after the edit, never to a date the same edit removed.
"""

import datetime as dt

import pytest
import time_machine
from recurrence import deserialize

from events.models import RSVP
from tests.factories import NOW, make_event_page, make_rsvp

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_tuesday(django_capture_on_commit_callbacks):
    """A weekly Tuesday gathering with one seat: Ana holds it on the next date, Ben waits."""
    with time_machine.travel(NOW, tick=False):
        event = make_event_page(first_date=dt.date(2026, 11, 3), capacity=1)
        occurrence = event.occurrences.upcoming().order_by("start").first()
        with django_capture_on_commit_callbacks(execute=True):
            make_rsvp(occurrence, name="Ana", email="ana@example.org")
            make_rsvp(occurrence, name="Ben", email="ben@example.org")
    return event, occurrence


def publish(event, django_capture_on_commit_callbacks, **changes):
    page = event.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()


def test_a_capacity_rise_on_publish_offers_the_place_to_the_waiting_list(
    full_tuesday, django_capture_on_commit_callbacks, mailoutbox
):
    event, occurrence = full_tuesday
    mailoutbox.clear()
    publish(event, django_capture_on_commit_callbacks, capacity=2)
    ben = RSVP.objects.get(email="ben@example.org")
    assert ben.has_offer
    assert [m.subject.split(":")[0] for m in mailoutbox] == ["A place is free for you"]


def test_publish_drops_dates_before_it_promotes_so_nobody_is_promoted_onto_a_dropped_date(
    full_tuesday, django_capture_on_commit_callbacks, mailoutbox
):
    event, occurrence = full_tuesday
    mailoutbox.clear()
    # One edit: a second seat, and Wednesdays instead of Tuesdays.
    publish(
        event,
        django_capture_on_commit_callbacks,
        capacity=2,
        schedule=deserialize("RRULE:FREQ=WEEKLY;BYDAY=WE"),
        first_date=dt.date(2026, 11, 4),
    )
    occurrence.refresh_from_db()
    assert occurrence.is_cancelled
    ben = RSVP.objects.get(email="ben@example.org")
    assert ben.status == RSVP.Status.WAITLISTED
    assert ben.promoted_at is None
    assert not ben.has_offer
    # Ana and Ben hear once that their Tuesday is off; nobody hears "a place came up".
    assert sorted((m.to[0], m.subject.split(":")[0]) for m in mailoutbox) == [
        ("ana@example.org", "Cancelled"),
        ("ben@example.org", "Cancelled"),
    ]
