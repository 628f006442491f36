"""Course bookings under real parallel load on PostgreSQL: no date of a course is ever overbooked.

gunicorn workers (test_concurrency.py's server, with its slow seat check: a check that finds room
pauses 1 s before the writes) take course bookings from client threads released together. A
course booking locks every remaining date of the course, in primary-key order, before it counts
the seats, so the places given are the same on every date and never more than the capacity,
and everyone else waits on the course's waiting list in the order the lock was granted. The
twin, whose test-only configuration replaces the lock with a plain read, overbooks the course.
"""

import datetime as dt
import random
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest

from events.models import RSVP, Enrolment
from tests.events.services.test_concurrency import ON_POSTGRES, Server, csrf, request
from tests.factories import make_event_page

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="SQLite serialises all writes and ignores select_for_update, so it cannot show "
        "the race; run with DATABASE_URL=postgres://... (as .ci/run does)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CAPACITY = 8
DATES = 4
REQUESTS = 32
CLIENTS = 8


def make_course(title):
    """A four-week course starting three days ahead (the server runs on the real clock)."""
    first = (dt.datetime.now(ZoneInfo("Europe/London")) + dt.timedelta(days=3)).date()
    return make_event_page(
        rule=f"RRULE:FREQ=WEEKLY;COUNT={DATES}",
        first_date=first,
        capacity=CAPACITY,
        max_party_size=3,
        is_course=True,
        title=title,
    )


def fire(server, course):
    """REQUESTS course bookings from CLIENTS threads released together, at the first date."""
    url = f"{server.url}/rsvp/{course.occurrences.order_by('start').first().pk}/"
    sizes = random.Random(20261201).choices([1, 2, 3], weights=[3, 2, 1], k=REQUESTS)
    barrier = threading.Barrier(CLIENTS)

    def client(index):
        cookie, token = csrf(url)
        barrier.wait()
        for n in range(index, REQUESTS, CLIENTS):
            body = urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "name": f"P{n}",
                    "email": f"c{n:03d}@example.org",
                    "party_size": sizes[n],
                    "privacy": "on",
                }
            )
            status, _, text = request("POST", url, body=body, cookie=cookie)
            assert status == 302, text[:2000]

    with ThreadPoolExecutor(CLIENTS) as pool:
        for job in [pool.submit(client, i) for i in range(CLIENTS)]:
            job.result()


def seats_by_date(course):
    return {
        o.pk: sum(r.party_size for r in o.rsvps.all() if r.status == RSVP.Status.CONFIRMED)
        for o in course.occurrences.all()
    }


def test_parallel_course_bookings_never_overbook_any_date_of_the_course(tmp_path):
    course = make_course("Art therapy course")
    server = Server(lock=True, tmp_path=tmp_path)
    try:
        fire(server, course)
    finally:
        server.stop()

    enrolments = list(Enrolment.objects.filter(event=course).order_by("created_at", "pk"))
    assert len(enrolments) == REQUESTS
    seats = seats_by_date(course)
    assert len(seats) == DATES
    assert all(taken <= CAPACITY for taken in seats.values()), seats
    # One booking, one status on every date: the same people are booked on each date.
    booked = set()
    for enrolment in enrolments:
        statuses = {r.status for r in enrolment.rsvps.all()}
        assert len(statuses) == 1 and enrolment.rsvps.count() == DATES
        if statuses == {RSVP.Status.CONFIRMED}:
            booked.add(enrolment.pk)
    assert len(set(seats.values())) == 1
    # In the order the lock was granted, each party waiting did not fit when it booked.
    taken = 0
    for enrolment in enrolments:
        if enrolment.pk in booked:
            taken += enrolment.party_size
        else:
            assert taken + enrolment.party_size > CAPACITY
    assert taken == seats[next(iter(seats))]


def test_without_the_lock_course_bookings_overbook(tmp_path):
    course = make_course("Twin course")
    server = Server(lock=False, tmp_path=tmp_path)
    try:
        fire(server, course)
    finally:
        server.stop()

    seats = seats_by_date(course)
    assert any(taken > CAPACITY for taken in seats.values()), seats
