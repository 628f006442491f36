"""Logs and error reports: one JSON object per line, carrying the request id; Sentry without PII.

A request id comes from the load balancer (HAProxy sets ``X-Request-ID`` at the edge) or is made
here when a request arrives without one; it is kept in a context variable for the request's life,
stored with every task the request queues, and set again while a task worker runs that task. So
one id ties together the balancer's line, the app's lines and the worker's lines.

This module is imported by settings and by gunicorn's log configuration before Django is set up:
it imports nothing from Django at module level.
"""

import contextvars
import logging
import re
import uuid

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
request_id_var = contextvars.ContextVar("hearth_request_id", default="")
task_id_var = contextvars.ContextVar("hearth_task_id", default="")

# What we accept from the balancer: its UUIDs and similar tokens, never free text (a header is
# written by whoever sends the request, and goes into every log line).
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{8,100}$")


def valid_request_id(value):
    return value if value and _VALID_ID.match(value) else ""


def new_request_id():
    return uuid.uuid4().hex


def current_request_id():
    return request_id_var.get()


class RequestIdMiddleware:
    """First in MIDDLEWARE: take the balancer's ``X-Request-ID`` (or make one), log under it,
    and echo it in the response so a visitor's report can be matched to the logs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = valid_request_id(request.headers.get(REQUEST_ID_HEADER, ""))
        request_id = request_id or new_request_id()
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` and ``task_id`` to every record (empty outside a request or task)."""

    def filter(self, record):
        if not getattr(record, "request_id", ""):
            record.request_id = request_id_var.get()
        if not getattr(record, "task_id", ""):
            record.task_id = task_id_var.get()
        return True


class JsonFormatter(_JsonFormatter):
    """python-json-logger's formatter, minus attributes that would print a whole request.

    Django's request logging passes the request object as ``extra``; serialised, it shows the
    full path (a manage link's token) and would land in the log as a string.
    """

    DROPPED = ("request", "server_time", "color_message")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, *self.DROPPED])
        kwargs.setdefault(
            "rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"}
        )
        super().__init__(*args, **kwargs)


JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(task_id)s"


def logging_config(*, fmt="json", level="INFO", filters=("request_id",)):
    """The LOGGING dict for settings: one console handler, JSON or text, through ``filters``.

    ``filters`` names the filters every line passes through, in order; another filter (a
    redaction of secrets, say) joins by adding its name here and its definition to "filters".
    """
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "hearth.observability.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "hearth.observability.JsonFormatter", "fmt": JSON_FIELDS},
            "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": fmt,
                "filters": list(filters),
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            # The worker logs its own start and each task's end; its handler is ours.
            "django_tasks": {"handlers": ["console"], "level": level, "propagate": False},
            "django_tasks_db": {"handlers": ["console"], "level": level, "propagate": False},
        },
    }


# gunicorn's access log ----------------------------------------------------------------------------


class GunicornAccessFields(logging.Filter):
    """Turns gunicorn's access-log atoms into a request line and JSON fields: method, path,
    status, bytes, duration, request id.

    The path and query are redacted (hearth.logs): a manage link or personal feed keeps its
    shape ("/rsvp/manage/[token]/") so operators can follow a request, never its secret.
    """

    def filter(self, record):
        from hearth.logs import redact  # gunicorn's master imports this before Django is set up

        atoms = record.args if isinstance(record.args, dict) else {}
        if atoms:
            record.method = atoms["m"] if "m" in atoms else ""
            record.status = atoms["s"] if "s" in atoms else ""
            record.bytes = atoms["B"] if "B" in atoms else ""
            query = atoms["q"] if "q" in atoms else ""
            path = atoms["U"] if "U" in atoms else ""
            record.path = redact(f"{path}?{query}" if query else path)
            protocol = atoms["H"] if "H" in atoms else "HTTP/1.1"
            record.duration_ms = round(int(atoms["D"] if "D" in atoms else 0) / 1000, 1)
            request_id = atoms["{x-request-id}o"] if "{x-request-id}o" in atoms else ""
            record.request_id = valid_request_id(request_id) or ""
            record.msg = '"%s %s %s" %s'
            record.args = (record.method, record.path, protocol, record.status)
        return True


def gunicorn_logconfig(*, fmt="json", level="INFO"):
    """``logconfig_dict`` for deploy/gunicorn.conf.py: gunicorn's own lines as JSON too."""
    config = logging_config(fmt=fmt, level=level)
    config["filters"]["access_fields"] = {"()": "hearth.observability.GunicornAccessFields"}
    config["handlers"]["access"] = {
        **config["handlers"]["console"],
        "filters": ["access_fields", *config["handlers"]["console"]["filters"]],
    }
    config["loggers"].update(
        {
            "gunicorn.error": {"handlers": ["console"], "level": level, "propagate": False},
            "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        }
    )
    return config


# Tasks ------------------------------------------------------------------------------------------


def remember_request_id(sender, task_result, **kwargs):
    """``task_enqueued``: store the request's id with a database-queued task."""
    request_id = request_id_var.get()
    db_result = getattr(task_result, "db_result", None)
    if not request_id or db_result is None:
        return
    args_kwargs = {**db_result.args_kwargs, "request_id": request_id}
    type(db_result).objects.filter(pk=db_result.pk).update(args_kwargs=args_kwargs)


def remember_request_id_on_email(sender, instance, **kwargs):
    """``pre_save`` of an outbound e-mail: keep the id of the request that queued it."""
    if not instance.request_id:
        instance.request_id = request_id_var.get()


_task_tokens = contextvars.ContextVar("hearth_task_tokens", default=())


def task_started(sender, task_result, **kwargs):
    """``task_started``: log under the task's id and the id of the request that queued it."""
    db_result = getattr(task_result, "db_result", None)
    stored = (getattr(db_result, "args_kwargs", None) or {}).get("request_id", "")
    tokens = [task_id_var.set(str(task_result.id))]
    if stored := valid_request_id(stored):
        tokens.append(request_id_var.set(stored))
    _task_tokens.set((*_task_tokens.get(), tokens))


def task_finished(sender, task_result, **kwargs):
    stack = _task_tokens.get()
    if not stack:
        return
    *rest, tokens = stack
    _task_tokens.set(tuple(rest))
    for token in reversed(tokens):
        token.var.reset(token)


def connect_task_signals():
    from django.db.models.signals import pre_save
    from django_tasks.signals import task_enqueued
    from django_tasks.signals import task_finished as finished
    from django_tasks.signals import task_started as started

    task_enqueued.connect(remember_request_id, dispatch_uid="hearth_request_id_enqueued")
    pre_save.connect(
        remember_request_id_on_email,
        sender="events.OutboundEmail",
        dispatch_uid="hearth_request_id_outbound_email",
    )
    started.connect(task_started, dispatch_uid="hearth_request_id_started")
    finished.connect(task_finished, dispatch_uid="hearth_request_id_finished")


# Error reports -----------------------------------------------------------------------------------

# Paths whose segment is a secret: a booking's manage link and a personal calendar feed.
SECRET_PATH = re.compile(r"(/rsvp/manage/|/feeds/mine/)[^/?#]+")
EMAIL = re.compile(r"[^\s@<>()\"']+@[^\s@<>()\"']+\.[A-Za-z]{2,}")
SAFE_HEADERS = {"host", "user-agent", "accept", "accept-language", "x-request-id"}


def scrub_text(text):
    if not isinstance(text, str):
        return text
    return EMAIL.sub("[e-mail]", SECRET_PATH.sub(r"\1[secret]", text))


def scrub_event(event, hint=None):
    """Sentry ``before_send``: no body, cookies, query string, secret path or address leaves."""
    request = event.get("request") or {}
    for key in ("data", "cookies", "query_string", "env"):
        request.pop(key, None)
    if "url" in request:
        request["url"] = scrub_text(request["url"])
    headers = request.get("headers") or {}
    request["headers"] = {k: v for k, v in headers.items() if k.lower() in SAFE_HEADERS}
    event.pop("user", None)
    event.pop("breadcrumbs", None)
    if "transaction" in event:
        event["transaction"] = scrub_text(event["transaction"])
    for exception in (event.get("exception") or {}).get("values", []):
        exception["value"] = scrub_text(exception.get("value"))
    logentry = event.get("logentry") or {}
    for key in ("message", "formatted"):
        if key in logentry:
            logentry[key] = scrub_text(logentry[key])
    logentry.pop("params", None)
    if request_id := request_id_var.get():
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def init_sentry(dsn, *, environment="", release="", traces_sample_rate=0.0):
    """Report errors to Sentry without personal data: no PII, no local variables, scrubbed."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        integrations=[DjangoIntegration()],
        # sentry-sdk's successor of send_default_pii=False, category by category: no user,
        # cookies, bodies, query strings, SQL values or local variables; only harmless headers.
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_headers": {"request": {"mode": "allowlist", "terms": sorted(SAFE_HEADERS)}},
            "http_bodies": [],
            "url_query_params": {"mode": "off"},
            "database_query_data": False,
            "stack_frame_variables": False,
        },
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=traces_sample_rate,
        before_send=scrub_event,
    )
