"""Production: every secret from the environment; refuses to start without one."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = False
# Commands that must not touch a real site unless told (load_demo_content) look at this.
HEARTH_PRODUCTION = True

# One JSON object per line, for the log collector (LOG_FORMAT=text to read them by eye).
LOGGING = hearth_logging(os.environ.get("LOG_FORMAT", "json"))
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment.")
if not HEARTH_PSEUDONYM_KEY:
    # Not derived from SECRET_KEY here: rotating one must not silently reset the other, and a
    # leaked SECRET_KEY must not also let anyone test addresses against the pseudonyms.
    raise ImproperlyConfigured(
        "Set HEARTH_PSEUDONYM_KEY in the environment, e.g. to the output of "
        "python3 -c 'import secrets; print(secrets.token_hex(32))' (README, Data protection)."
    )

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# E-mail (issue 10): SMTP settings come from base.py; here the outbox is left to its worker.
HEARTH_EMAIL_DELIVERY = os.environ.get("HEARTH_EMAIL_DELIVERY", "worker")

# A durable queue in the database; `manage.py db_worker` runs it (README).
if os.environ.get("TASKS_BACKEND", "database") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# HTTPS (README, "Security"). The proxy in front terminates TLS and says so in this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Plain-HTTP requests are redirected to HTTPS, except the load balancer's health check, which
# reaches an app server directly over HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = env_list("SECURE_REDIRECT_EXEMPT", r"^health/")
# Browsers remember to use HTTPS only for a year (0 turns HSTS off: do that before moving the
# site off HTTPS, and wait for the old max-age to pass).
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Whoever can see who attends a grief group signs in with a second step.
HEARTH_REQUIRE_2FA_FOR_ATTENDEE_DATA = env_bool("HEARTH_REQUIRE_2FA_FOR_ATTENDEE_DATA", True)
