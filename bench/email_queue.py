"""How fast does the outbox drain? 2,000 booking e-mails into a local SMTP server.

Queues BENCH_EMAILS (2,000) booking e-mails on PostgreSQL, starts an SMTP server of its own
(aiosmtpd, tests/smtp_sink.py) and drains the outbox with `manage.py send_queued_email --batch`
worker processes under production settings, printing e-mails per second for:

- the baseline, measured in the same run: one worker opening one SMTP connection per e-mail
  (`--batch-size 1`, as each task did before the outbox), over the first 500 e-mails;
- 1 and 2 workers reusing one connection per batch of 50;
- the same with the web busy: gunicorn with 4 workers serving pages and feeds to 8 clients.

The rate is counted from the first e-mail the server accepts to the last (process start-up not
included). Run: `.venv/bin/python bench/email_queue.py` (needs PostgreSQL on 127.0.0.1:5432,
or BENCH_DATABASE_URL).
"""

import os
import resource
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DATABASE_URL = SERVER.rsplit("/", 1)[0] + "/hearth_bench_email"
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "hearth.settings.test"
os.environ["CONN_MAX_AGE"] = "0"

EMAILS = int(os.environ.get("BENCH_EMAILS", "2000"))
# The baseline is slow (a connection per e-mail): its rate is measured over the first 500.
BASELINE_EMAILS = min(EMAILS, int(os.environ.get("BENCH_BASELINE_EMAILS", "500")))


def recreate_database():
    import psycopg

    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS hearth_bench_email WITH (FORCE)")
        conn.execute("CREATE DATABASE hearth_bench_email")


recreate_database()

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from events.models import RSVP, OutboundEmail  # noqa: E402
from tests.factories import make_event_page  # noqa: E402
from tests.smtp_sink import Sink, free_port  # noqa: E402


def queue_emails():
    event = make_event_page(
        title="Gentle yoga", slug="gentle-yoga", first_date=dt.date.today(), capacity=None
    )
    occurrence = event.occurrences.order_by("start").last()
    rsvps = RSVP.objects.bulk_create(
        RSVP(occurrence=occurrence, name=f"Person {n}", email=f"person{n}@example.org")
        for n in range(EMAILS)
    )
    OutboundEmail.objects.bulk_create(OutboundEmail(rsvp=r, kind="confirmed") for r in rsvps)


def requeue(count):
    OutboundEmail.objects.update(
        state="queued", attempts=0, sent_at=None, claimed_by="", lease_until=None
    )
    if count < EMAILS:
        first = OutboundEmail.objects.order_by("pk").values_list("pk", flat=True)[count - 1]
        OutboundEmail.objects.filter(pk__gt=first).update(state="sent")
    connection.close()


def environment(sink):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hearth.settings.production",
        "SECRET_KEY": "bench-only",
        "HEARTH_PSEUDONYM_KEY": "bench-only",
        "DATABASE_URL": DATABASE_URL,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "LOG_LEVEL": "WARNING",
    }


def drain(sink, *, workers, batch_size, count=EMAILS):
    """E-mails per second, and the workers' CPU seconds per e-mail."""
    requeue(count)
    sink.messages.clear()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "send_queued_email",
                "--batch",
                f"--batch-size={batch_size}",
                "-v0",
            ],
            cwd=ROOT,
            env=environment(sink),
        )
        for _ in range(workers)
    ]
    for process in processes:
        process.wait(timeout=600)
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    times = sorted(m["at"] for m in sink.messages)
    sent = len(times)
    assert sent == count, f"{sent} of {count} arrived"
    assert len(set(sink.message_ids())) == count, "an e-mail arrived twice"
    return (sent - 1) / (times[-1] - times[0]), cpu / sent


class BusyWeb:
    """gunicorn (4 workers) answering 8 clients that fetch pages and feeds without pause."""

    def __init__(self, sink):
        self.port = free_port()
        self.server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "hearth.wsgi:application",
                "--workers=4",
                f"--bind=127.0.0.1:{self.port}",
                "--log-level=warning",
            ],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": DATABASE_URL},  # test settings: no manifest
        )
        self.stop_event = threading.Event()
        self.requests = 0
        self.wait_until_up()
        self.clients = [threading.Thread(target=self.client, args=(n,)) for n in range(8)]
        for thread in self.clients:
            thread.start()
        self.started = time.perf_counter()

    def wait_until_up(self):
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/robots.txt", timeout=2)  # noqa: S310
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def client(self, n):
        paths = ["/whats-on/", "/feeds/all.ics", "/whats-on/gentle-yoga/", "/"]
        while not self.stop_event.is_set():
            url = f"http://127.0.0.1:{self.port}{paths[n % len(paths)]}"
            try:
                urllib.request.urlopen(url, timeout=10).read()  # noqa: S310
                self.requests += 1
            except OSError:
                pass

    def stop(self):
        self.stop_event.set()
        for thread in self.clients:
            thread.join()
        rate = self.requests / (time.perf_counter() - self.started)
        self.server.terminate()
        self.server.wait(timeout=30)
        return rate


def main():
    call_command("migrate", verbosity=0)
    from tests.factories import ensure_home_page

    ensure_home_page()
    queue_emails()
    print(f"e-mails queued: {EMAILS}; SMTP server: aiosmtpd on 127.0.0.1; PostgreSQL")
    print(f"load average before the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with Sink() as sink:
        baseline, cpu = drain(sink, workers=1, batch_size=1, count=BASELINE_EMAILS)
        label = f"baseline: a connection per e-mail ({BASELINE_EMAILS})"
        show(label, baseline, baseline, cpu)
        for workers in (1, 2):
            rate, cpu = drain(sink, workers=workers, batch_size=50)
            show(f"{workers} worker(s), a connection per 50", rate, baseline, cpu)
        for workers in (1, 2):
            web = BusyWeb(sink)
            try:
                rate, cpu = drain(sink, workers=workers, batch_size=50)
            finally:
                served = web.stop()
            show(f"{workers} worker(s), web busy ({served:.0f} req/s)", rate, baseline, cpu)
    print(f"load average after the run: {os.getloadavg()[0]:.1f}")


def show(label, rate, baseline, cpu):
    print(
        f"{label:<44} {rate:6.1f} e-mails/s ({rate / baseline:5.2f} x baseline); "
        f"worker CPU {cpu * 1000:5.1f} ms per e-mail",
        flush=True,
    )


if __name__ == "__main__":
    main()
