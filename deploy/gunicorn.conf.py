"""gunicorn settings for an app server: `gunicorn -c deploy/gunicorn.conf.py hearth.wsgi`.

Read by deploy/systemd/hearth-web@.service and by `make cluster`. Each value can be set from the
environment (/etc/hearth/env), so one file serves every server.

- ``preload_app``: the master imports and warms the application (hearth/warmup.py) once, then
  forks warm workers: the first request after a start answers as fast as any other.
- ``kill -HUP <master>`` (``systemctl reload``) starts fresh workers and lets the old ones finish
  their requests within ``graceful_timeout``: no request fails. With ``preload_app`` the workers
  are forked from the master's loaded code, so a new release needs a restart
  (``systemctl restart hearth-web@8000``, one server at a time; HAProxy sends traffic to the
  other meanwhile), not a HUP.
- Logs: one JSON object per line, with the request id HAProxy set (hearth/observability.py).
  The access line gives the path with its secrets replaced ("/rsvp/manage/[token]/"), and
  ``hearth.logs.GunicornLogger`` runs both logs through the redaction filter (tokens, feed
  secrets, search terms, e-mail addresses) for whatever else a line might quote.
"""

import os

from hearth.observability import gunicorn_logconfig

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# HAProxy keeps connections to the app servers open between requests.
keepalive = 5
# Recycle a worker now and then (forked warm from the master: no cold start).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Only the balancer's address is trusted for X-Forwarded-* (gunicorn's own use of them).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# gunicorn's control socket defaults to one path per user: two app servers on one host would
# share it. Signals (HUP, TERM) do all we need.
control_socket_disable = True

wsgi_app = "hearth.wsgi:application"
logger_class = "hearth.logs.GunicornLogger"
accesslog = "-"
errorlog = "-"
access_log_format = "%(m)s %(s)s %(D)s %({x-request-id}o)s"
logconfig_dict = gunicorn_logconfig(
    fmt=os.environ.get("LOG_FORMAT", "json"), level=os.environ.get("LOG_LEVEL", "INFO")
)
