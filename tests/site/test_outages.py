"""When a piece of production goes away: Redis, or the database connection after a booking.

Redis is a real redis-server this test starts on a free port and stops mid-test; the cache is
configured as production configures it (hearth.settings.base.redis_cache).
"""

import datetime as dt
import logging
import shutil
import subprocess
import time

import pytest
import redis
import time_machine
from django.core import signing
from django.db import OperationalError, connection

from events.models import RSVP
from events.public.views import OUTCOME_SALT
from events.services import booking
from hearth.settings.base import redis_cache
from tests.factories import make_event_page
from tests.smtp_sink import free_port

NOW = dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=True):
        yield


def tonight(**kwargs):
    kwargs.setdefault("capacity", 10)
    event = make_event_page(title="Gentle yoga", slug="gentle-yoga", **kwargs)
    return event.occurrences.order_by("start").first()


def book_through_the_page(client, occurrence, email):
    data = {"name": "Ana", "email": email, "party_size": 1, "privacy": "on"}
    return client.post(f"/rsvp/{occurrence.pk}/", data)


class RedisServer:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                if redis.Redis.from_url(self.url, socket_connect_timeout=0.2).ping():
                    return self
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server")
def test_with_redis_down_pages_feeds_and_booking_keep_working(settings, client, caplog):
    server = RedisServer().start()
    settings.CACHES = {name: redis_cache(server.url) for name in ("default", "feeds", "pages")}
    settings.HEARTH_RSVP_RATE_PER_EMAIL = "1/h"
    occurrence = tonight()
    pages = [
        "/",
        "/whats-on/",
        "/whats-on/gentle-yoga/",
        f"/whats-on/gentle-yoga/{occurrence.date_slug}/",
        "/feeds/all.ics",
        "/feeds/gathering/gentle-yoga.ics",
        "/sitemap.xml",
    ]
    try:
        for path in pages:
            assert client.get(path).status_code == 200, path
        assert book_through_the_page(client, occurrence, "ana@example.org").status_code == 302
        # With Redis up, the per-address limit (1/h here) holds.
        assert book_through_the_page(client, occurrence, "ana@example.org").status_code == 429
    finally:
        server.stop()

    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="hearth.cache"):
        for path in pages:
            assert client.get(path).status_code == 200, path
        # Redis is down: the limit cannot be counted, so it lets people book (fails open).
        assert book_through_the_page(client, occurrence, "bo@example.org").status_code == 302
        assert book_through_the_page(client, occurrence, "bo@example.org").status_code == 302
    assert RSVP.objects.filter(email="bo@example.org").count() == 1  # booked once, not twice
    assert "Exception ignored" in caplog.text  # and the outage is in the logs

    server.start()  # back: the cache works again without a restart
    try:
        assert client.get("/feeds/all.ics").status_code == 200
        assert book_through_the_page(client, occurrence, "cy@example.org").status_code == 302
        assert book_through_the_page(client, occurrence, "cy@example.org").status_code == 429
    finally:
        server.stop()


@pytest.fixture
def database_drops_after_booking(monkeypatch):
    """Once ``book`` has committed, every further query fails as if the server went away."""
    dropped = []
    real_book = booking.book

    def book_then_drop(**kwargs):
        result = real_book(**kwargs)
        dropped.append(True)
        return result

    def gone(execute, sql, params, many, context):
        if dropped:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    monkeypatch.setattr(booking, "book", book_then_drop)
    with connection.execute_wrapper(gone):
        yield dropped
    dropped.clear()


@pytest.mark.parametrize("capacity", [10, 0], ids=["booked", "waiting list"])
def test_the_visitor_sees_their_outcome_when_the_database_drops_after_the_commit(
    client, capacity, settings, database_drops_after_booking
):
    settings.HEARTH_EMAIL_DELIVERY = "worker"
    occurrence = tonight(capacity=capacity or 1)
    if not capacity:
        booking.book(occurrence=occurrence, name="Bo", email="bo@example.org")
        database_drops_after_booking.clear()  # the drop comes with Ana's booking
    client.raise_request_exception = False

    response = book_through_the_page(client, occurrence, "ana@example.org")

    assert database_drops_after_booking, "the drop never happened"
    assert response.status_code == 302, response.content[:300]
    outcome = signing.loads(response["Location"].split("?o=")[1], salt=OUTCOME_SALT)
    database_drops_after_booking.clear()  # the database is back for the next page
    page = client.get(response["Location"]).content.decode()
    if capacity:
        assert outcome == {"s": "confirmed", "n": None, "p": 1}
        assert "booked" in page.lower()
    else:
        assert outcome == {"s": "waitlisted", "n": 1, "p": 1}
        assert "waiting list" in page.lower()
    rsvp = RSVP.objects.get(email="ana@example.org")
    assert rsvp.emails.get().state == "queued"  # its e-mail is on record, to be sent
