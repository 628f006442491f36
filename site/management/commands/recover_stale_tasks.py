"""``manage.py recover_stale_tasks``: run again the queued tasks whose db_worker died.

django-tasks-db marks a task RUNNING when a worker takes it and never looks at it again: if
that worker is killed (OOM killer, host restart, a stop that outran its timeout), the task stays
RUNNING for ever. This puts such tasks back in the queue once they have been running for longer
than any task should. Every task Hearth queues is safe to run twice (Wagtail's search and
reference index updates, image and cache tasks; e-mails go through the outbox, not here).
Run it every few minutes from a timer (README).
"""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = "Put tasks left RUNNING by a dead db_worker back in the queue."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=30,
            help="Minutes a task may run before its worker is taken for dead (default 30).",
        )

    def handle(self, *args, older_than, **options):
        cutoff = timezone.now() - dt.timedelta(minutes=older_than)
        stale = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
        count = stale.update(status="READY", started_at=None, run_after=timezone.now())
        self.stdout.write(f"Put {count} stale task(s) back in the queue.")
