"""Never overbooked: many parallel RSVPs against gunicorn workers on PostgreSQL.

A real gunicorn with several worker processes serves the test database; client threads start
together behind a barrier and post RSVPs of mixed party sizes at one date with 10 seats. The twin
test runs the same load on a server whose test-only gunicorn configuration replaces the lock with
a plain read, and shows it overbooks, so the first test is not passing by luck of timing.

The locked server widens the race window: a seat check that finds room pauses 1 s before the
insert, as a slow database would, and other requests wait for the lock meanwhile. The twin does not
leave the race to timing (under a loaded CI machine a 1 s pause once let requests arrive one after
another and nothing overbooked): its seat checks that find room meet at a barrier shared by the
workers, so the clients' first requests all read the same empty count before any of them writes.
(The other files' twins import ``Server`` and keep the 1 s pause.)
"""

import datetime as dt
import http.client
import random
import re
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import signing
from django.db import connection

from events.models import RSVP
from events.public.views import OUTCOME_SALT
from tests import live_servers
from tests.factories import make_event_page

ROOT = Path(__file__).resolve().parents[3]
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="SQLite serialises all writes and ignores select_for_update, so it cannot show "
        "the race; run with DATABASE_URL=postgres://... (as .ci/run does)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CAPACITY = 10
REQUESTS = 120
CLIENTS = 10
WORKERS = 4
THREADS = 4  # per worker: 16 requests in flight, more than the clients send at once


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Test-only gunicorn configuration: nothing in settings or the environment can reach these seams.
# The locked server widens the race window: a seat check that finds room pauses 1 s, then inserts.
SLOW_SEAT_CHECK = """
import time


def post_worker_init(worker):
    from events.services import booking

    check = booking._fits

    def slow_check(*args, **kwargs):
        fits = check(*args, **kwargs)
        if fits:
            time.sleep(1.0)
        return fits

    booking._fits = slow_check
"""

# The twins read the occurrence without locking it, to show what the lock prevents.
WITHOUT_THE_LOCK = """

def _unlocked_post_worker_init(worker):
    seat_check_init(worker)
    from events.models import Occurrence
    from events.services import booking

    booking._lock = lambda pk, event=None: Occurrence.objects.select_related("event").get(pk=pk)


seat_check_init = post_worker_init
post_worker_init = _unlocked_post_worker_init
"""

# This file's twin does not leave the race to timing: its seat checks that find room wait (10 s
# at most) until ``EVERYONE`` have arrived, each leaving a file in a folder the workers share, so
# the clients' first requests all read an empty date before any of them writes.
MEETING_SEAT_CHECK = """
import os
import tempfile
import time

ARRIVED = {arrived!r}
EVERYONE = {everyone}


def post_worker_init(worker):
    from events.services import booking

    check = booking._fits

    def meeting_check(*args, **kwargs):
        fits = check(*args, **kwargs)
        if fits:
            os.close(tempfile.mkstemp(dir=ARRIVED)[0])
            deadline = time.monotonic() + 10
            while len(os.listdir(ARRIVED)) < EVERYONE and time.monotonic() < deadline:
                time.sleep(0.01)
        return fits

    booking._fits = meeting_check
"""


def seat_check(tmp_path, meet):
    if meet is None:
        return SLOW_SEAT_CHECK
    arrived = tmp_path / "arrived"
    arrived.mkdir()
    return MEETING_SEAT_CHECK.format(arrived=str(arrived), everyone=meet)


def Server(*, lock, tmp_path, meet=None):  # noqa: N802 - reads as the server it starts
    """gunicorn (tests/live_servers.py, with the deployed config) serving the test database;
    ``lock=False`` loads the twins' unlocking seam; ``meet=N``: seat checks that find room meet
    N at a time instead of pausing 1 s (``MEETING_SEAT_CHECK``)."""
    db = connection.settings_dict
    return live_servers.Server(
        tmp_path,
        database_url=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        name="gunicorn",
        extra_config=seat_check(tmp_path, meet) + ("" if lock else WITHOUT_THE_LOCK),
        env={
            "HEARTH_RSVP_RATE_PER_IP": "100000/h",
            "WEB_CONCURRENCY": str(WORKERS),
            "GUNICORN_THREADS": str(THREADS),
            "GUNICORN_TIMEOUT": "60",
        },
    )


def request(method, url, *, body=None, cookie=""):
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    headers = {"Cookie": cookie}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = url
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    text = response.read().decode()
    result = response.status, dict(response.getheaders()), text
    conn.close()
    return result


def csrf(url):
    """A CSRF cookie and its form token, from the form's own page."""
    status, headers, text = request("GET", url)
    assert status == 200, text[:500]
    cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)
    return f"csrftoken={cookie}", token


@pytest.fixture
def date_with_ten_seats():
    london = ZoneInfo("Europe/London")
    # The server runs on the real clock, so the date is placed relative to it: three days ahead.
    first = (dt.datetime.now(london) + dt.timedelta(days=3)).date()
    event = make_event_page(
        rule="", first_date=first, capacity=CAPACITY, max_party_size=3, title="Ten seats"
    )
    return event.occurrences.get()


def fire(server, occurrence):
    """REQUESTS RSVPs from CLIENTS threads released together; returns email -> (status, n)."""
    url = f"{server.url}/rsvp/{occurrence.pk}/"
    sizes = random.Random(20261124).choices([1, 2, 3], weights=[3, 2, 1], k=REQUESTS)
    barrier = threading.Barrier(CLIENTS)

    def client(index):
        cookie, token = csrf(url)
        barrier.wait()
        outcomes = {}
        for n in range(index, REQUESTS, CLIENTS):
            email = f"p{n:03d}@example.org"
            body = urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "name": f"P{n}",
                    "email": email,
                    "party_size": sizes[n],
                    "privacy": "on",
                }
            )
            status, headers, text = request("POST", url, body=body, cookie=cookie)
            assert status == 302, text[:2000]
            value = re.search(r"[?&]o=([^&]+)", headers["Location"]).group(1)
            outcome = signing.loads(value, salt=OUTCOME_SALT)
            outcomes[email] = (outcome["s"], outcome["n"])
        return outcomes

    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(client, range(CLIENTS)))
    return {email: outcome for result in results for email, outcome in result.items()}


def queue(occurrence):
    return list(occurrence.rsvps.order_by("created_at", "id"))


def seats(rsvps):
    return sum(r.party_size for r in rsvps if r.status == RSVP.Status.CONFIRMED)


def held(rsvps):
    """Seats booked or held by an offer: never more than the capacity."""
    return sum(r.party_size for r in rsvps if r.is_confirmed or r.has_offer)


def states(rsvps):
    return {r.pk: (r.status, r.has_offer) for r in rsvps}


def expected_after_cancelling(rsvps, cancelled_pk):
    """The rule, simulated: free the seats, then offer them to the queue in order where it fits."""
    state = states(rsvps)
    state[cancelled_pk] = (RSVP.Status.CANCELLED, False)
    waiting = (RSVP.Status.WAITLISTED, False)
    taken = sum(
        r.party_size for r in rsvps if state[r.pk][0] == RSVP.Status.CONFIRMED or state[r.pk][1]
    )
    for r in rsvps:
        if state[r.pk] == waiting and taken + r.party_size <= CAPACITY:
            state[r.pk] = (RSVP.Status.WAITLISTED, True)
            taken += r.party_size
    return state


def test_parallel_rsvps_fill_exactly_ten_seats_and_queue_the_rest_in_order(
    date_with_ten_seats, tmp_path
):
    occurrence = date_with_ten_seats
    server = Server(lock=True, tmp_path=tmp_path)
    try:
        told = fire(server, occurrence)

        rsvps = queue(occurrence)
        assert len(rsvps) == REQUESTS
        assert seats(rsvps) == CAPACITY
        # Each person was told the truth, and the waiting list is numbered 1..N without gaps.
        waiting = [r for r in rsvps if r.status == RSVP.Status.WAITLISTED]
        assert [r.waitlist_position() for r in waiting] == list(range(1, len(waiting) + 1))
        for r in rsvps:
            assert told[r.email] == (r.status, r.waitlist_position())
        # In order: everyone waiting was turned away because their party did not fit then.
        for r in waiting:
            seated_before = seats([o for o in rsvps if o.created_at < r.created_at])
            assert seated_before + r.party_size > CAPACITY

        # Cancelling, through each booking's own link, offers the seats to exactly the right
        # people (each offer holds its seats, so a later cancellation offers to the next).
        for victim in [r for r in rsvps if r.status == RSVP.Status.CONFIRMED][:3]:
            expected = expected_after_cancelling(queue(occurrence), victim.pk)
            page = f"{server.url}/rsvp/manage/{victim.token}/cancel/"
            cookie, token = csrf(page)
            body = urlencode({"csrfmiddlewaretoken": token})
            assert request("POST", page, body=body, cookie=cookie)[0] == 302
            assert states(queue(occurrence)) == expected
            assert held(queue(occurrence)) <= CAPACITY
        offered = [r for r in queue(occurrence) if r.has_offer]
        assert offered, "cancelling three bookings offered nobody a place"
    finally:
        server.stop()


def test_without_the_lock_the_same_load_overbooks(date_with_ten_seats, tmp_path):
    occurrence = date_with_ten_seats
    server = Server(lock=False, tmp_path=tmp_path, meet=CLIENTS)
    try:
        fire(server, occurrence)
    finally:
        server.stop()

    rsvps = queue(occurrence)
    timeline = [(f"{r.created_at:%S.%f}", r.status, r.party_size) for r in rsvps[:16]]
    # The clients' first requests (15 seats between them) all found the date empty.
    assert seats(rsvps) > CAPACITY, timeline
    assert len(rsvps) == REQUESTS
