"""Logs and error reports (hearth/observability.py): JSON lines with the request id, carried into
the tasks a request queues; nothing secret or personal in them or in Sentry's reports."""

import io
import json
import logging

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django_tasks import task

from hearth import observability
from hearth.observability import (
    GunicornAccessFields,
    JsonFormatter,
    RequestIdFilter,
    RequestIdMiddleware,
    request_id_var,
    scrub_event,
    task_id_var,
)

factory = RequestFactory()


def handler_and_stream():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter(observability.JSON_FIELDS))
    return handler, stream


def test_the_balancers_request_id_is_logged_and_echoed():
    logger = logging.getLogger("hearth.test.request")
    handler, stream = handler_and_stream()
    logger.addHandler(handler)
    try:

        def view(request):
            logger.warning("inside")
            return HttpResponse("ok")

        request = factory.get("/", HTTP_X_REQUEST_ID="1f0e8d6c-5b4a-4392-8170-6f5e4d3c2b1a")
        response = RequestIdMiddleware(view)(request)
    finally:
        logger.removeHandler(handler)
    line = json.loads(stream.getvalue())
    assert line["request_id"] == "1f0e8d6c-5b4a-4392-8170-6f5e4d3c2b1a"
    assert line["message"] == "inside" and line["level"] == "WARNING"
    assert response["X-Request-ID"] == line["request_id"]
    assert request_id_var.get() == ""  # nothing left behind for the next request


def test_a_request_id_that_is_not_a_plain_token_is_replaced_by_our_own():
    response = RequestIdMiddleware(lambda r: HttpResponse())(
        factory.get("/", HTTP_X_REQUEST_ID='x" injected\n{"level": "CRITICAL"}')
    )
    assert len(response["X-Request-ID"]) == 32 and response["X-Request-ID"].isalnum()


def test_the_json_lines_never_print_the_request_djangos_own_logging_attaches():
    handler, stream = handler_and_stream()
    record = logging.LogRecord("django.request", logging.WARNING, "", 0, "Not Found", (), None)
    record.request = factory.get("/rsvp/manage/SECRET-TOKEN/")
    record.status_code = 404
    handler.handle(record)
    line = json.loads(stream.getvalue())
    assert "SECRET-TOKEN" not in stream.getvalue()
    assert line["status_code"] == 404


def test_gunicorns_access_line_has_method_path_status_duration_and_id_but_no_secret():
    record = logging.LogRecord("gunicorn.access", logging.INFO, "", 0, "%(m)s %(U)s", None, None)
    record.args = {
        "m": "GET",
        "U": "/rsvp/manage/SECRET/",
        "q": "",
        "H": "HTTP/1.1",
        "s": "200",
        "B": 512,
        "D": 12345,
        "{x-request-id}o": "abcdef12-3456",
    }
    GunicornAccessFields().filter(record)
    assert (record.method, record.status, record.duration_ms) == ("GET", "200", 12.3)
    assert record.request_id == "abcdef12-3456"
    assert record.path == "/rsvp/manage/[token]/"
    assert record.getMessage() == '"GET /rsvp/manage/[token]/ HTTP/1.1" 200'
    assert "SECRET" not in record.getMessage()


def test_sentry_reports_lose_bodies_cookies_queries_secret_paths_and_addresses():
    event = {
        "request": {
            "url": "https://hearth.example.org/rsvp/manage/Zm9vYmFy/cancel/",
            "data": {"email": "ana@example.org"},
            "cookies": {"sessionid": "abc"},
            "query_string": "q=ana",
            "headers": {"Cookie": "sessionid=abc", "User-Agent": "Firefox"},
        },
        "user": {"email": "ana@example.org"},
        "exception": {"values": [{"value": "duplicate key (email)=(ana@example.org)"}]},
        "breadcrumbs": {"values": [{"message": "booked ana@example.org"}]},
    }
    scrubbed = json.dumps(scrub_event(event))
    for secret in ("Zm9vYmFy", "ana@example.org", "sessionid", "q=ana"):
        assert secret not in scrubbed
    assert event["request"]["headers"] == {"User-Agent": "Firefox"}
    assert event["request"]["url"].endswith("/rsvp/manage/[secret]/cancel/")


def test_sentry_is_set_up_without_personal_data():
    import sentry_sdk

    observability.init_sentry("https://key@sentry.invalid/1")
    try:
        options = sentry_sdk.get_client().options
        assert options["data_collection"]["user_info"] is False
        assert options["data_collection"]["http_bodies"] == []
        assert options["include_local_variables"] is False
        assert options["before_send"] is scrub_event
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.init()  # no DSN: reports go nowhere


@task()
def ids_seen_by_the_task():
    return {"request_id": request_id_var.get(), "task_id": task_id_var.get()}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_queued_task_runs_under_the_request_id_of_the_request_that_queued_it(settings):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    token = request_id_var.set("a1b2c3d4-e5f6")
    try:
        result = ids_seen_by_the_task.enqueue()
    finally:
        request_id_var.reset(token)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.return_value == {"request_id": "a1b2c3d4-e5f6", "task_id": str(result.id)}
    assert request_id_var.get() == "" and task_id_var.get() == ""
