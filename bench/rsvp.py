"""Confirmed bookings per second through gunicorn on PostgreSQL and Redis, and their latency.

Starts gunicorn as deployed (deploy/gunicorn.conf.py with 4 workers of 2 threads, production
settings: e-mails wait in the outbox for their worker, rate limits and CSRF in Redis-backed
caches and cookies) on a fresh database, then clients book through the real form (a CSRF token
from /rsvp/token/, then a POST) on ten dates (10,000 places each) of one gathering, each client
with its own addresses. Prints, for 8 and 32 clients, confirmed bookings per second, p50 and p99
latency, and the ratio to the floor measured in the same run with the same clients:
`/robots.txt`, a trivial view through the same stack.

Run: `.venv/bin/python bench/rsvp.py` (needs PostgreSQL at BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/hearth_bench, which it drops and creates, and Redis at
BENCH_CACHE_URL, default redis://127.0.0.1:6379/15). BENCH_SECONDS (default 10) per run.
"""

import os
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hearth_bench"
)
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/15")
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
PORT = int(os.environ.get("BENCH_PORT", "18791"))
BASE = f"http://127.0.0.1:{PORT}"

SETUP = r"""
import datetime as dt
from django.utils import timezone
from tests.factories import make_event_index, make_event_page, make_venue_index
make_venue_index()
page = make_event_page(
    make_event_index(), title="Big circle", slug="big-circle", rule="RRULE:FREQ=DAILY;COUNT=12",
    first_date=timezone.localdate() + dt.timedelta(days=1), capacity=10000, max_party_size=1,
)
print("dates", " ".join(str(o.pk) for o in page.occurrences.order_by("start")[:10]))
"""


def environment():
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hearth.settings.production",
        "SECRET_KEY": "bench-only-not-a-secret-" + "x" * 30,
        "HEARTH_PSEUDONYM_KEY": "bench-only",
        "DATABASE_URL": DATABASE_URL,
        "CACHE_URL": CACHE_URL,
        "BASE_URL": BASE,
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": BASE,
        "SECURE_COOKIES": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "HEARTH_EMAIL_DELIVERY": "worker",
        "HEARTH_RSVP_RATE_PER_IP": "10000000/h",
        "HEARTH_RSVP_RATE_PER_EMAIL": "1000/h",
        "LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": "4",
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "GUNICORN_TIMEOUT": "120",
        "PYTHONPATH": str(ROOT),
    }


def fresh_database():
    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def manage(*args, code=None):
    command = [str(BIN / "python"), "manage.py", *args] + (["-c", code] if code else [])
    result = subprocess.run(command, cwd=ROOT, env=environment(), capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def run_clients(clients, work):
    """Run ``work(session, n)`` in ``clients`` threads for SECONDS; latencies of the successes."""
    stop = time.perf_counter() + SECONDS
    latencies, failures = [], []
    lock = threading.Lock()

    def client():
        session = requests.Session()
        n = 0
        while time.perf_counter() < stop:
            started = time.perf_counter()
            ok = work(session, n)
            elapsed = time.perf_counter() - started
            with lock:
                (latencies if ok else failures).append(elapsed)
            n += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, failures, time.perf_counter() - started


def floor(session, n):
    return session.get(f"{BASE}/robots.txt", timeout=60).status_code == 200


def booker(dates):
    def book(session, n):
        if "token" not in session.headers:
            token = session.get(f"{BASE}/rsvp/token/", timeout=60).json()["token"]
            session.headers["token"] = token
        occurrence = dates[n % len(dates)]
        response = session.post(
            f"{BASE}/rsvp/{occurrence}/",
            data={
                "csrfmiddlewaretoken": session.headers["token"],
                "name": "Bench",
                "email": f"b{uuid.uuid4().hex[:12]}@example.org",
                "party_size": "1",
                "privacy": "on",
            },
            headers={"Referer": f"{BASE}/rsvp/{occurrence}/"},
            allow_redirects=False,
            timeout=60,
        )
        return response.status_code == 302 and "o=" in response.headers.get("Location", "")

    return book


def summary(latencies, failures, elapsed):
    rate = len(latencies) / elapsed
    if not latencies:
        return rate, 0.0, 0.0, len(failures)
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return rate, statistics.median(ordered), p99, len(failures)


def main():
    fresh_database()
    manage("migrate", "--noinput", "-v", "0")
    out = manage("shell", code=SETUP)
    dates = re.search(r"^dates (.+)$", out, re.M).group(1).split()
    # The app server as deployed (deploy/gunicorn.conf.py: threaded workers that keep the
    # client's connection open, the app preloaded), with 4 workers.
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env=environment(),
    )
    try:
        for _ in range(150):
            try:
                if requests.get(f"{BASE}/robots.txt", timeout=2).ok:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        print(f"gunicorn 4 workers, PostgreSQL + Redis, {SECONDS:.0f} s per run")
        print(f"{'clients':>7} {'what':10} {'per s':>8} {'p50 ms':>8} {'p99 ms':>8} {'failed':>7}")
        for clients in (8, 32):
            base_rate, base_p50, base_p99, base_failed = summary(*run_clients(clients, floor))
            rate, p50, p99, failed = summary(*run_clients(clients, booker(dates)))
            print(
                f"{clients:7d} {'floor':10} {base_rate:8.1f} {base_p50 * 1000:8.1f} "
                f"{base_p99 * 1000:8.1f} {base_failed:7d}"
            )
            print(
                f"{clients:7d} {'bookings':10} {rate:8.1f} {p50 * 1000:8.1f} "
                f"{p99 * 1000:8.1f} {failed:7d}   ({rate / base_rate:.3f} of the floor's rate)"
            )
        with psycopg.connect(DATABASE_URL) as conn:
            confirmed = conn.execute(
                "SELECT count(*) FROM events_rsvp WHERE status = 'confirmed'"
            ).fetchone()[0]
        print(f"confirmed bookings stored: {confirmed}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
