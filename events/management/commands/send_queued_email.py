"""``manage.py send_queued_email``: the e-mail worker, sending the outbox in batches.

Run it as a service beside gunicorn (README); several may run at once, on one host or many.
``--batch`` sends what is due and exits (for a timer, or a test).
"""

import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from events import outbox


class Command(BaseCommand):
    help = "Send the e-mails waiting in the outbox, over one SMTP connection per batch."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Send what is due now, then exit.")
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait when nothing is due (default 1).",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=settings.HEARTH_EMAIL_BATCH_SIZE,
            help="E-mails per SMTP connection (default HEARTH_EMAIL_BATCH_SIZE).",
        )
        parser.add_argument("--worker-id", default="", help="A name for this worker's claims.")

    def handle(self, *args, batch, interval, batch_size, worker_id, verbosity, **options):
        self.stopping = False
        worker = worker_id or outbox.new_worker_id()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._stop)
        totals = {}
        while not self.stopping:
            if not connection.in_atomic_block:
                # Drop a connection the database closed while we slept (as db_worker does);
                # never inside a caller's transaction, whose connection it would close.
                close_old_connections()
            outcomes = outbox.deliver(
                worker=worker, limit=batch_size, should_stop=lambda: self.stopping
            )
            for key, count in outcomes.items():
                totals[key] = totals.get(key, 0) + count
            if outcomes and verbosity > 1:
                self.stdout.write(", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
            if not outcomes:
                if batch:
                    break
                time.sleep(interval)
        if verbosity:
            summary = ", ".join(f"{k} {v}" for k, v in sorted(totals.items())) or "nothing due"
            self.stdout.write(f"send_queued_email: {summary}")

    def _stop(self, signum, frame):
        # Finish the e-mail in hand, hand the rest of the batch back, then exit.
        self.stopping = True
