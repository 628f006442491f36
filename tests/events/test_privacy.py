"""The retention purge reaches the outbox: no message text or old venue outlives it."""

import datetime as dt

import pytest
import time_machine

from events.models import OutboundEmail
from events.services import attendees, booking, privacy
from events.services.dates import move_occurrence
from tests.factories import make_event_page, make_venue

NOW = dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db


def test_erasing_a_date_empties_its_emails_and_stops_the_unsent_ones(settings):
    settings.HEARTH_EMAIL_DELIVERY = "worker"
    with time_machine.travel(NOW, tick=False):
        event = make_event_page(venue=make_venue(title="Old Hall"), first_date=dt.date(2026, 11, 1))
        occurrence = event.occurrences.upcoming(NOW).order_by("start").first()
        booking.book(occurrence=occurrence, name="Ana", email="ana@example.org")
        attendees.email_attendees(
            occurrence=occurrence, subject="About Tuesday", message="Sam is grieving; be gentle."
        )
        move_occurrence(
            occurrence,
            start=occurrence.start + dt.timedelta(hours=1),
            end=occurrence.end + dt.timedelta(hours=1),
            venue=make_venue(title="New Hall"),
        )
    payloads = OutboundEmail.objects.values_list("payload", flat=True)
    assert any("grieving" in str(p) for p in payloads)
    assert any("Old Hall" in str(p) for p in payloads)

    with time_machine.travel(NOW + dt.timedelta(days=40), tick=False):
        privacy.purge_personal_data()

    emails = OutboundEmail.objects.all()
    assert emails.count() == 3  # counted, and empty
    assert {(e.state, str(e.payload), e.last_error) for e in emails} == {("skipped", "{}", "")}
