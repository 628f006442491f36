"""Standing bookings under real parallel load on PostgreSQL: no date is overbooked, whether its
seats are taken by "book every week", by single bookings, or by regulars as the date is stored.

Client threads, released together, post a mix of standing and single bookings to gunicorn
workers (test_concurrency.py's server and its slow seat check: a check that finds room pauses
1 s before the write). Meanwhile ``manage.py extend_occurrences`` runs in its own process with a
longer horizon, storing new dates, on each of which every standing booking takes its place or
joins the waiting list. A new date and its regulars' places commit together, and a standing
booking locks the gathering's row as the sync does, so a standing booking never misses a date
stored while it is being made. The twin's test-only configuration replaces the date's lock with
a plain read: standing and single bookings then overbook.
"""

import datetime as dt
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from events.models import RSVP, Enrolment
from tests.events.services.test_concurrency import ON_POSTGRES, Server, csrf, request
from tests.factories import make_event_page

ROOT = Path(__file__).resolve().parents[3]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="SQLite serialises all writes and ignores select_for_update, so it cannot show "
        "the race; run with DATABASE_URL=postgres://... (as .ci/run does)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CAPACITY = 5
CLIENTS = 8
PER_CLIENT = 3


@pytest.fixture
def walking_group(settings):
    """Weekly from three days ahead (the server runs on the real clock); two dates stored."""
    settings.HEARTH_OCCURRENCE_HORIZON_DAYS = 12
    first = (dt.datetime.now(ZoneInfo("Europe/London")) + dt.timedelta(days=3)).date()
    event = make_event_page(
        rule="RRULE:FREQ=WEEKLY",
        first_date=first,
        capacity=CAPACITY,
        max_party_size=2,
        title="Walking group",
    )
    assert event.occurrences.count() == 2
    return event


def store_more_dates():
    """``extend_occurrences`` in its own process, with a horizon two weeks longer."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hearth.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "HEARTH_OCCURRENCE_HORIZON_DAYS": "26",
    }
    return subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", "extend_occurrences"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def fire(server, event):
    """Standing and single bookings at once, from CLIENTS threads; dates stored meanwhile."""
    dates = list(event.occurrences.order_by("start"))
    barrier = threading.Barrier(CLIENTS + 1)

    def client(index):
        url = f"{server.url}/rsvp/{dates[index % 2].pk}/"
        cookie, token = csrf(url)
        barrier.wait()
        for n in range(PER_CLIENT):
            fields = {
                "csrfmiddlewaretoken": token,
                "name": f"P{index}-{n}",
                "email": f"p{index}-{n}@example.org",
                "party_size": 1 + (index + n) % 2,
                "privacy": "on",
            }
            if index % 2 == 0:
                fields["every_week"] = "on"
            status, _, text = request("POST", url, body=urlencode(fields), cookie=cookie)
            assert status == 302, text[:2000]

    def storer():
        barrier.wait()
        time.sleep(0.5)  # while the first bookings hold their dates' locks
        run = store_more_dates()
        output = run.communicate(timeout=300)[0]
        assert run.returncode == 0, output

    with ThreadPoolExecutor(CLIENTS + 1) as pool:
        jobs = [pool.submit(client, i) for i in range(CLIENTS)] + [pool.submit(storer)]
        for job in jobs:
            job.result()


def held(occurrence):
    return sum(r.party_size for r in occurrence.rsvps.all() if r.is_confirmed or r.has_offer)


def test_standing_and_single_bookings_never_overbook_a_date_even_as_it_is_stored(
    walking_group, tmp_path
):
    server = Server(lock=True, tmp_path=tmp_path)
    try:
        fire(server, walking_group)
    finally:
        server.stop()

    dates = list(walking_group.occurrences.order_by("start"))
    assert len(dates) == 4, "extend_occurrences stored no new dates"
    for occurrence in dates:
        assert held(occurrence) <= CAPACITY, (occurrence.pk, held(occurrence))
    standing = list(Enrolment.objects.standing().filter(event=walking_group))
    assert len(standing) == CLIENTS // 2 * PER_CLIENT
    for enrolment in standing:
        # Every date, including those stored meanwhile: a seat or a place on its waiting list.
        assert sorted(r.occurrence_id for r in enrolment.rsvps.all()) == [o.pk for o in dates]
        assert {r.status for r in enrolment.rsvps.all()} <= {
            RSVP.Status.CONFIRMED,
            RSVP.Status.WAITLISTED,
        }
    for occurrence in dates[2:]:
        # A new date went to regulars in the order they booked every week.
        seated = 0
        for rsvp in occurrence.rsvps.order_by("enrolment__created_at", "enrolment_id"):
            if rsvp.is_confirmed:
                seated += rsvp.party_size
            else:
                assert seated + rsvp.party_size > CAPACITY


def test_without_the_lock_standing_and_single_bookings_overbook(walking_group, tmp_path):
    server = Server(lock=False, tmp_path=tmp_path)
    try:
        fire(server, walking_group)
    finally:
        server.stop()

    dates = list(walking_group.occurrences.order_by("start"))
    overbooked = [o for o in dates if held(o) > CAPACITY]
    assert overbooked, [held(o) for o in dates]
    # Regulars are among those holding the extra seats.
    assert any(o.rsvps.filter(enrolment__isnull=False, status="confirmed") for o in overbooked)
