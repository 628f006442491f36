"""Personal data of a date's bookings is erased once its retention window has passed."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from events.services import privacy
from tests.factories import NOW, make_event_page, make_rsvp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def dates(**kwargs):
    kwargs.setdefault("capacity", 1)
    return list(make_event_page(**kwargs).occurrences.order_by("start"))


def test_personal_data_is_erased_after_the_retention_window_keeping_the_counts(client):
    occurrence = dates(capacity=2)[0]  # tonight, ends 20:30 London
    ana = make_rsvp(occurrence, name="Ana", party_size=2, access_needs="Step-free, please")
    make_rsvp(occurrence, name="Bo")  # waiting

    with time_machine.travel(NOW + dt.timedelta(days=30), tick=False):
        call_command("purge_personal_data", stdout=StringIO())
        assert client.get(f"/rsvp/manage/{ana.token}/").status_code == 200
    with time_machine.travel(NOW + dt.timedelta(days=31), tick=False):
        assert client.get(f"/rsvp/manage/{ana.token}/").status_code == 404
        out = StringIO()
        call_command("purge_personal_data", stdout=out)

    assert "Erased personal data of 2 RSVPs on 1 dates" in out.getvalue()
    rsvps = list(occurrence.rsvps.order_by("created_at", "id"))
    assert [(r.name, r.email, r.access_needs) for r in rsvps] == [("", "", "")] * 2
    assert [(r.status, r.party_size) for r in rsvps] == [("confirmed", 2), ("waitlisted", 1)]
    assert occurrence.rsvps.seats_taken() == 2
    assert all(r.token != ana.token for r in rsvps)


def test_retention_days_are_a_setting(settings):
    settings.HEARTH_RSVP_RETENTION_DAYS = 7
    occurrence = dates()[0]
    make_rsvp(occurrence, name="Ana")

    with time_machine.travel(NOW + dt.timedelta(days=8), tick=False):
        privacy.purge_personal_data()

    assert occurrence.rsvps.get().email == ""
