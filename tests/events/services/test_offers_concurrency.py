"""Offers under real parallel load on PostgreSQL: a seat is never both offered and booked, and
an offer that ran out is never passed on to two people, whichever worker runs the job.

The booking race reuses test_concurrency.py's gunicorn server and its slow seat check (a check
that finds room pauses 1 s before the insert). Each date has 10 seats: nine singles booked, one
seat free, and a queue of pairs, none of whom fits it. Someone books that free seat while, a
moment later, a booked single cancels through their link: the two freed seats must go either to
the booker and nobody (the pair does not fit the one left) or to the pair, never to both. The
twin, whose test-only configuration drops the lock, shows the race: the booker and the offer
both take seats.

The expiry race runs ``manage.py expire_offers`` in several processes at once.
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
from django.utils import timezone

from events.models import RSVP, OutboundEmail
from tests.events.services.test_concurrency import ON_POSTGRES, Server, csrf, request
from tests.factories import make_event_page, make_rsvp

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

CAPACITY = 10
DATES = 3


def make_date(title):
    """Ten seats three days ahead (the server runs on the real clock): nine booked, pairs wait."""
    london = ZoneInfo("Europe/London")
    first = (dt.datetime.now(london) + dt.timedelta(days=3)).date()
    event = make_event_page(
        rule="", first_date=first, capacity=CAPACITY, max_party_size=3, title=title
    )
    occurrence = event.occurrences.get()
    slug = title.lower().replace(" ", "")
    for n in range(CAPACITY - 1):
        make_rsvp(occurrence, email=f"{slug}-booked{n}@example.org")
    for n in range(3):
        make_rsvp(occurrence, email=f"{slug}-pair{n}@example.org", party_size=2)
    return occurrence


def held(occurrence):
    rsvps = list(occurrence.rsvps.all())
    return sum(r.party_size for r in rsvps if r.is_confirmed or r.has_offer)


def book_and_cancel_at_once(server, occurrences):
    """On every date at once: a new single books the free seat; 0.6 s later a single cancels."""

    def booker(occurrence):
        url = f"{server.url}/rsvp/{occurrence.pk}/"
        cookie, token = csrf(url)
        body = urlencode(
            {
                "csrfmiddlewaretoken": token,
                "name": "New",
                "email": f"new{occurrence.pk}@example.org",
                "party_size": 1,
                "privacy": "on",
            }
        )
        barrier.wait()
        status, _, text = request("POST", url, body=body, cookie=cookie)
        assert status == 302, text[:2000]

    def canceller(occurrence):
        victim = occurrence.rsvps.filter(status=RSVP.Status.CONFIRMED).first()
        page = f"{server.url}/rsvp/manage/{victim.token}/cancel/"
        cookie, token = csrf(page)
        barrier.wait()
        time.sleep(0.6)  # inside the booker's slow seat check (1 s), with room either side
        body = urlencode({"csrfmiddlewaretoken": token})
        status, _, text = request("POST", page, body=body, cookie=cookie)
        assert status == 302, text[:2000]

    barrier = threading.Barrier(2 * len(occurrences))
    with ThreadPoolExecutor(2 * len(occurrences)) as pool:
        jobs = [pool.submit(booker, o) for o in occurrences]
        jobs += [pool.submit(canceller, o) for o in occurrences]
        for job in jobs:
            job.result()


def test_a_seat_is_never_both_offered_and_booked_under_parallel_requests(tmp_path):
    occurrences = [make_date(f"Date {n}") for n in range(DATES)]
    server = Server(lock=True, tmp_path=tmp_path)
    try:
        book_and_cancel_at_once(server, occurrences)
    finally:
        server.stop()

    for occurrence in occurrences:
        assert held(occurrence) <= CAPACITY
        new = occurrence.rsvps.get(email=f"new{occurrence.pk}@example.org")
        offered = list(occurrence.rsvps.offered())
        # Whoever got the lock first decides: the booker took the free seat (then one seat is
        # left and no pair fits it), or the pair was offered two and the booker waits.
        if new.is_confirmed:
            assert offered == []
        else:
            assert len(offered) == 1 and offered[0].party_size == 2


def test_without_the_lock_a_seat_is_both_offered_and_booked(tmp_path):
    occurrences = [make_date(f"Twin {n}") for n in range(DATES)]
    server = Server(lock=False, tmp_path=tmp_path)
    try:
        book_and_cancel_at_once(server, occurrences)
    finally:
        server.stop()

    overbooked = [o for o in occurrences if held(o) > CAPACITY]
    assert overbooked, [(held(o), list(o.rsvps.offered())) for o in occurrences]
    assert all(list(o.rsvps.offered()) for o in overbooked)


def test_expiry_jobs_on_several_workers_at_once_pass_each_offer_on_exactly_once():
    occurrences = [make_date(f"Expiry {n}") for n in range(DATES)]
    past = timezone.now() - dt.timedelta(minutes=1)
    for occurrence in occurrences:
        # A cancelled pair of singles made an offer to the first pair, which has now run out.
        for rsvp in occurrence.rsvps.filter(status=RSVP.Status.CONFIRMED)[:2]:
            rsvp.status = RSVP.Status.CANCELLED
            rsvp.save()
        first_pair = occurrence.rsvps.waiting().first()
        first_pair.offer_expires_at = past
        first_pair.save()

    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hearth.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    runs = [
        subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
            [sys.executable, "manage.py", "expire_offers"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [run.communicate(timeout=120)[0] for run in runs]

    passed_on = sum(int(out.split("Passed on ")[1].split()[0]) for out in outputs)
    assert passed_on == DATES, outputs
    for occurrence in occurrences:
        assert held(occurrence) <= CAPACITY
        (offered,) = occurrence.rsvps.offered()
        assert offered.email.endswith("-pair1@example.org")
        expired = occurrence.rsvps.get(email__endswith="-pair0@example.org")
        assert expired.status == RSVP.Status.CANCELLED
        sent = OutboundEmail.objects.filter(rsvp__occurrence=occurrence)
        assert sent.filter(kind="offer_expired").count() == 1
        assert sent.filter(kind="offered").count() == 1
