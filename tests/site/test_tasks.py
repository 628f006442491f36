"""The task queue (django-tasks-db) in production: stale tasks come back, old results go."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from events.services import privacy

NOW = dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RUNS = []


@task()
def reindex(page_id):
    RUNS.append(page_id)
    return page_id


def left_running(page_id, *, started):
    """A task a db_worker took and then died with (killed mid-run, RUNNING for ever)."""
    result = reindex.enqueue(page_id)
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING", started_at=started, worker_ids=["dead-worker"]
    )
    return result.id


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_task_left_running_by_a_dead_worker_runs_again(settings):
    settings.TASKS = DATABASE_QUEUE
    RUNS.clear()
    with time_machine.travel(NOW, tick=True):
        stale = left_running(1, started=NOW - dt.timedelta(hours=1))
        busy = left_running(2, started=NOW - dt.timedelta(minutes=5))

        out = StringIO()
        call_command("recover_stale_tasks", stdout=out)
        assert "Put 1 stale task(s) back" in out.getvalue()
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())

    assert RUNS == [1]
    assert DBTaskResult.objects.get(pk=stale).status == "SUCCESSFUL"
    assert DBTaskResult.objects.get(pk=busy).status == "RUNNING"  # may still be running


@pytest.mark.django_db
def test_the_retention_purge_removes_old_task_results(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.HEARTH_RSVP_RETENTION_DAYS = 30
    with time_machine.travel(NOW, tick=False):
        old = reindex.enqueue(1).id
        recent = reindex.enqueue(2).id
        waiting = reindex.enqueue(3).id
    DBTaskResult.objects.filter(pk=old).update(
        status="FAILED", finished_at=NOW - dt.timedelta(days=31), traceback="ValueError: x"
    )
    DBTaskResult.objects.filter(pk=recent).update(
        status="SUCCESSFUL", finished_at=NOW - dt.timedelta(days=2)
    )

    with time_machine.travel(NOW, tick=False):
        privacy.purge_personal_data()

    left = {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)}
    assert left == {str(recent), str(waiting)}
