"""Health endpoints (hearth/health.py): the full report, and the balancer's narrower check."""

import datetime as dt

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_the_full_report_checks_database_cache_storage_and_task_queue(client):
    response = client.get("/health/?format=json")
    assert response.status_code == 200
    assert set(response.json()) == {
        "Database(alias='default')",
        "Cache(alias='default')",
        "Storage(alias='default')",
        "TaskBacklog()",
    }
    assert set(response.json().values()) == {"OK"}
    assert "no-cache" in response["Cache-Control"]


def test_the_balancers_check_asks_only_that_this_server_reaches_the_database(client):
    response = client.get("/health/lb/?format=json")
    assert response.status_code == 200
    assert list(response.json()) == ["Database(alias='default')"]
    assert "no-cache" in response["Cache-Control"]


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.HEARTH_HEALTH_MAX_DUE_TASKS = 3
    settings.HEARTH_HEALTH_MAX_TASK_WAIT = 600


def queue(count, *, waited):
    from django_tasks_db.models import DBTaskResult

    from hearth.tasks import make_renditions

    for _ in range(count):
        result = make_renditions.enqueue([])
        DBTaskResult.objects.filter(pk=result.id).update(
            enqueued_at=timezone.now() - dt.timedelta(seconds=waited)
        )


def test_a_queue_that_keeps_up_is_healthy(client, database_queue):
    queue(2, waited=30)
    assert client.get("/health/?format=json").status_code == 200


def test_too_many_due_tasks_is_unhealthy_but_the_balancer_keeps_the_server(client, database_queue):
    queue(4, waited=1)
    response = client.get("/health/?format=json")
    assert response.status_code == 500
    assert response.json()["TaskBacklog()"] == "Unavailable: 4 tasks are waiting for a worker"
    assert client.get("/health/lb/").status_code == 200


def test_a_task_waiting_too_long_is_unhealthy(client, database_queue):
    queue(1, waited=3600)
    response = client.get("/health/?format=json")
    assert response.status_code == 500
    assert "the oldest due task has waited 3600 s" in response.json()["TaskBacklog()"]


def test_a_task_deferred_to_later_is_not_waiting(client, database_queue):
    from hearth.tasks import make_renditions

    make_renditions.using(run_after=timezone.now() + dt.timedelta(hours=1)).enqueue([])
    assert client.get("/health/?format=json").status_code == 200
