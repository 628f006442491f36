"""Health endpoints (django-health-check): what the load balancer and the monitoring ask.

``/health/`` checks everything an app server relies on: the database, the cache (Redis), the
file storage (object storage when configured) and the task queue (how many tasks are due and
how long the oldest has waited). Monitoring alerts on it.

``/health/lb/`` is what HAProxy asks before sending a server traffic: that this server answers
and reaches the database. The cache, the storage and the queue are shared by every app server,
so their failure would take all of them out of the balancer at once, turning a degraded site
(pages still served, a Redis outage costs only cached fragments) into no site at all.

Both answer with ``Cache-Control: no-cache`` (never stored by the front cache), and are exempt
from the HTTPS redirect (production settings); Varnish refuses them from outside.
"""

import dataclasses
import datetime as dt

from asgiref.sync import sync_to_async
from django.conf import settings
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


def due_tasks_summary(now=None):
    """(count, seconds the oldest has waited) for database-queued tasks that are due now."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = now or timezone.now()
    due = DBTaskResult.objects.ready()
    count = due.count()
    if not count:
        return 0, 0.0
    # A task is due from its run_after when it has one, else from when it was queued.
    immediate = due.filter(run_after=get_date_max()).order_by("enqueued_at")
    deferred = due.exclude(run_after=get_date_max()).order_by("run_after")
    since = [
        t
        for t in (
            immediate.values_list("enqueued_at", flat=True).first(),
            deferred.values_list("run_after", flat=True).first(),
        )
        if t is not None
    ]
    return count, max(0.0, (now - min(since)).total_seconds())


@dataclasses.dataclass
class TaskBacklog(HealthCheck):
    """The task queue keeps up: few enough tasks due, none waiting too long (e-mail is late)."""

    timeout: dt.timedelta = dataclasses.field(default=dt.timedelta(seconds=5), repr=False)

    async def run(self):
        if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
            return  # tasks run in-process: nothing can queue up
        # In the request's own thread, on its own database connection.
        count, waited = await sync_to_async(due_tasks_summary, thread_sensitive=True)()
        if count > settings.HEARTH_HEALTH_MAX_DUE_TASKS:
            raise ServiceUnavailable(f"{count} tasks are waiting for a worker")
        if waited > settings.HEARTH_HEALTH_MAX_TASK_WAIT:
            raise ServiceUnavailable(f"the oldest due task has waited {waited:.0f} s")


health = HealthCheckView.as_view(checks=[Database, Cache, Storage, TaskBacklog])
load_balancer = HealthCheckView.as_view(checks=[Database])
