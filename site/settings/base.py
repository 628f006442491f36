"""Settings shared by every environment. Deploy-time values come from the environment (README)."""

import email.utils
import os
from pathlib import Path

import dj_database_url

from hearth.observability import init_sentry, logging_config

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
HEARTH_PRODUCTION = False  # production.py sets it
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "hearth",
    "events",
    "venues",
    "recurrence",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    # The organisation's own text in each language: a translation is a copy of a page in another
    # locale's tree, made and edited in the page editor organisers already know. Chosen over
    # wagtail-localize, which needs a translation-memory workflow (segments, PO files, machine
    # translation services) too heavy for volunteers. See site/translations.py.
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "health_check",
    "storages",
]

MIDDLEWARE = [
    "hearth.observability.RequestIdMiddleware",
    "hearth.frontcache.FrontCacheMiddleware",
    "hearth.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (strict for visitors, what Wagtail needs under /admin/) and
    # Permissions-Policy on every response, static files included.
    "hearth.security.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language is the address's (/pl/..., /ar/...; English unprefixed), nothing else.
    "hearth.language.PathLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: marks the session verified by a second step, and keeps admin users
    # who have (or must have) one out of the admin until they pass it.
    "hearth.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out user and address before any password is hashed.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "hearth.urls"
WSGI_APPLICATION = "hearth.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "hearth.context_processors.base_url",
                "hearth.context_processors.language",
            ],
        },
    },
]

# Embedded default: SQLite next to the code. DATABASE_URL switches to the real engine.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache (issue 10) ------------------------------------------------------------------------------
# Embedded default: a per-process memory cache. CACHE_URL (redis://...) makes caches and rate
# limits hold across gunicorn workers. When Redis is down, django-redis ignores the error (and
# logs it): pages, feeds and booking carry on uncached, and the RSVP rate limits let requests
# through (RATELIMIT_FAIL_OPEN: a booking matters more than a limit; the honeypot still works).
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHE_TIMEOUT = float(os.environ.get("CACHE_TIMEOUT", "0.5"))


def redis_cache(url, timeout=CACHE_TIMEOUT):
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "hearth",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            # A dead or unreachable Redis costs each request at most this long, not a hang.
            "SOCKET_CONNECT_TIMEOUT": timeout,
            "SOCKET_TIMEOUT": timeout,
        },
    }


if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": redis_cache(CACHE_URL),
        "feeds": redis_cache(CACHE_URL),
        "pages": redis_cache(CACHE_URL),
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Rendered public pages (hearth/pagecache.py), compressed: at most 500 in each worker,
        # a few MB, however many different addresses are asked for.
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "hearth-pages",
            "OPTIONS": {"MAX_ENTRIES": 500},
        },
        # Each gathering's part of the calendar feeds (events/ical/feeds.py), built once per
        # change and shared by every worker: without Redis, Django's database cache (its table
        # is made by every `migrate`, hearth/apps.py).
        "feeds": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "hearth_feed_parts",
            "TIMEOUT": 60 * 60 * 24 * 7,
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "hearth.cache"
RATELIMIT_FAIL_OPEN = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# The languages Hearth speaks (catalogues in locale/<code>/LC_MESSAGES/django.po): English at
# the plain addresses, the others under their code (/pl/, /ar/; hearth/language.py). A booking
# remembers the language it was made in; its e-mails and calendar files come in it.
LANGUAGES = [("en-gb", "English"), ("pl", "Polski"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The organisation's zone: times are stored in UTC and shown in this zone (or the gathering's).
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True
# django-recurrence hands back aware UTC datetimes; events/schedule.py turns them into local dates.
RECURRENCE_USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Several app servers: uploaded images and their renditions in one bucket (S3 API), so every
# server reads and serves the same files. Local disk (MEDIA_ROOT) stays the default.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            # Any S3-compatible service: AWS, or another provider's endpoint.
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            # Public images under plain, cacheable URLs: the bucket's public host or a CDN's.
            # With a custom domain, an image URL is a string join; without one, boto3 works
            # each one out (slow on a worker's first request). Uploads never overwrite a file.
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "url_protocol": os.environ.get("AWS_S3_URL_PROTOCOL", "https:"),
            "querystring_auth": False,
            "file_overwrite": False,
            "location": os.environ.get("AWS_LOCATION", ""),
        },
    }
    # Documents may sit in private collections: serve them through Django's permission check,
    # never by redirecting to the bucket.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# E-mail (issue 10) -----------------------------------------------------------------------------
# The console in the embedded default; SMTP when EMAIL_HOST is set. TLS follows the port unless
# set: STARTTLS on 587 (submission), implicit TLS on 465, neither on 25 (a relay on the same
# host or network, which often offers no TLS at all). hearth/checks.py refuses a password in clear.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Hearth <hello@hearth.example>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Who hears about e-mails that could not be sent (and server errors): "Name <a@b>, c@d".
ADMINS = [
    (name.strip() or address, address)
    for name, address in (email.utils.parseaddr(item) for item in env_list("ADMINS") if "@" in item)
]
# The outbox (events/outbox.py): "worker" leaves e-mails to `manage.py send_queued_email`;
# "inline" sends them in the web process right after the commit (development, tests).
HEARTH_EMAIL_DELIVERY = os.environ.get("HEARTH_EMAIL_DELIVERY", "inline")
# How many e-mails one worker sends over one SMTP connection before it opens a new one.
HEARTH_EMAIL_BATCH_SIZE = int(os.environ.get("HEARTH_EMAIL_BATCH_SIZE", "50"))
# A claimed e-mail whose worker died is taken up again after this long: keep it well above
# EMAIL_TIMEOUT (one SMTP exchange), or a slow send could be taken over while it is still going.
HEARTH_EMAIL_LEASE_SECONDS = int(os.environ.get("HEARTH_EMAIL_LEASE_SECONDS", "300"))

# Background tasks: run in-process unless TASKS_BACKEND=database (production.py sets it).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Hearth")
# Public address (issue 10) ---------------------------------------------------------------------
# BASE_URL is the one public address: every absolute link in e-mails, feeds, the sitemap and page
# heads is built from it, and Wagtail's default Site is kept in step with it (`sync_site`, run by
# every `migrate`; a system check fails when they disagree). http://host[:port] or https://host.
BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = BASE_URL
# Wagtail's database backend; on SQLite its ranking is made linear (hearth/search_backend.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "hearth.search_backend"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]
# Pages in each of LANGUAGES (hearth/translations.py): a gathering's translations show its
# dates, which the page in the site's own language keeps.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Offline-friendly admin: no release check and no gravatar look-ups from organisers' browsers.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "png", "gif": "png"}

# Front cache (Varnish): Wagtail sends a PURGE for each URL whose content changed (publish,
# unpublish, and the purges in events/services/cache.py), through the task queue.
FRONTEND_CACHE_URL = os.environ.get("FRONTEND_CACHE_URL", "")
if FRONTEND_CACHE_URL:
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "hearth.frontcache.LanguagesHTTPBackend",
            "LOCATION": FRONTEND_CACHE_URL,
        }
    }
# How long the front cache keeps an anonymous page that nothing purged (bookings opening and
# closing, "this week" moving on): see hearth.frontcache.
HEARTH_FRONT_CACHE_SECONDS = int(os.environ.get("HEARTH_FRONT_CACHE_SECONDS", "300"))
# How long the app's own cache keeps a rendered public page that no change retired
# (hearth/pagecache.py; 0 turns it off).
HEARTH_PAGE_CACHE_SECONDS = int(os.environ.get("HEARTH_PAGE_CACHE_SECONDS", "60"))

# The domain in calendar UIDs; keep it stable for ever, or subscribers see every date twice.
HEARTH_FEED_UID_DOMAIN = os.environ.get("HEARTH_FEED_UID_DOMAIN", "")

# How far ahead occurrences are stored (rolling; `extend_occurrences` runs daily).
HEARTH_OCCURRENCE_HORIZON_DAYS = int(os.environ.get("HEARTH_OCCURRENCE_HORIZON_DAYS", "365"))
# Waiting-list offers (events/services/offers.py): how long a freed place is held for the first
# person waiting, and how close to the start nobody is offered a place any more (it is then open
# to anyone booking). A hold never runs past the start of the late window.
HEARTH_OFFER_HOURS = float(os.environ.get("HEARTH_OFFER_HOURS", "12"))
HEARTH_OFFER_LATE_WINDOW_HOURS = float(os.environ.get("HEARTH_OFFER_LATE_WINDOW_HOURS", "3"))
# A date a schedule edit drops shows in feeds as cancelled if it had bookings or starts within
# this many days of the edit; otherwise it simply leaves subscribers' calendars.
HEARTH_FEED_DROPPED_NOTICE_DAYS = int(os.environ.get("HEARTH_FEED_DROPPED_NOTICE_DAYS", "14"))

# Logs: JSON lines with the request id in production (LOG_FORMAT=json), readable text elsewhere.
# Every line passes the redaction filter (hearth/logs.py): no manage token, personal feed secret,
# search term or e-mail address reaches a log; gunicorn's own lines use deploy/gunicorn.conf.py.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")


def hearth_logging(fmt):
    """The LOGGING dict: hearth.observability's JSON or text lines, redacted, errors to ADMINS."""
    config = logging_config(
        fmt=fmt, level=os.environ.get("LOG_LEVEL", "INFO"), filters=("request_id", "redact_secrets")
    )
    config["filters"]["redact_secrets"] = {"()": "hearth.logs.RedactSecrets"}
    config["filters"]["require_debug_false"] = {"()": "django.utils.log.RequireDebugFalse"}
    config["handlers"]["mail_admins"] = {
        "level": "ERROR",
        "class": "hearth.logs.RedactingAdminEmailHandler",
        "filters": ["require_debug_false", "redact_secrets"],
    }
    config["loggers"]["django"] = {
        "handlers": ["console", "mail_admins"],
        "level": "INFO",
        "propagate": False,
    }
    return config


LOGGING = hearth_logging(LOG_FORMAT)

# Error reports: Sentry when SENTRY_DSN is set (no personal data: see hearth.observability), and
# e-mail to ADMINS (who also hear of e-mails that could not be delivered).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    init_sentry(
        SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", ""),
        release=os.environ.get("SENTRY_RELEASE", ""),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )

# Health (/health/): the task queue is unhealthy when more tasks than this are due, or the
# oldest due task has waited longer than this many seconds.
HEARTH_HEALTH_MAX_DUE_TASKS = int(os.environ.get("HEARTH_HEALTH_MAX_DUE_TASKS", "500"))
HEARTH_HEALTH_MAX_TASK_WAIT = int(os.environ.get("HEARTH_HEALTH_MAX_TASK_WAIT", "600"))

# RSVPs ------------------------------------------------------------------------------------------
# Days after a date ends before its RSVPs' personal data is erased (purge_personal_data).
HEARTH_RSVP_RETENTION_DAYS = int(os.environ.get("HEARTH_RSVP_RETENTION_DAYS", "30"))
# Booking attempts allowed per client address and per e-mail address ("count/period", s m h d).
# Counted in the default cache: set CACHE_URL to Redis so the limits hold across workers.
HEARTH_RSVP_RATE_PER_IP = os.environ.get("HEARTH_RSVP_RATE_PER_IP", "30/h")
HEARTH_RSVP_RATE_PER_EMAIL = os.environ.get("HEARTH_RSVP_RATE_PER_EMAIL", "6/h")
# Days after a request to join was last answered (or made) before its personal data is erased.
HEARTH_JOIN_REQUEST_RETENTION_DAYS = int(os.environ.get("HEARTH_JOIN_REQUEST_RETENTION_DAYS", "90"))
# Behind a proxy, the request header holding the client address (e.g. HTTP_X_FORWARDED_FOR).
HEARTH_RSVP_CLIENT_IP_HEADER = os.environ.get("HEARTH_RSVP_CLIENT_IP_HEADER", "")

# Security ---------------------------------------------------------------------------------------
# README, "Security", lists each of these with its default. production.py turns on HTTPS-only
# settings (HSTS, the redirect, secure cookies) and two-step sign-in for attendee data.

# Admin sign-in lockout (django-axes): after HEARTH_LOGIN_FAILURE_LIMIT wrong passwords for one
# user name from one address, that pair is refused for HEARTH_LOGIN_COOLOFF_MINUTES. Attempts
# are rows in the database, so every app server sharing it sees the same count.
# `manage.py axes_reset` (or axes_reset_username NAME) unlocks.
AXES_FAILURE_LIMIT = int(os.environ.get("HEARTH_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("HEARTH_LOGIN_COOLOFF_MINUTES", "30")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# The address as the RSVP rate limit sees it (HEARTH_RSVP_CLIENT_IP_HEADER behind a proxy).
AXES_CLIENT_IP_CALLABLE = "hearth.security.client_ip"
AXES_LOCKOUT_CALLABLE = "hearth.security.lockout_response"
# No row per successful sign-in: addresses and browsers of staff are kept only while they fail.
AXES_DISABLE_ACCESS_LOG = True
# Sign-in attempts from one address over any user names (each one costs a password hash).
HEARTH_LOGIN_RATE_PER_IP = os.environ.get("HEARTH_LOGIN_RATE_PER_IP", "30/h")

# Two-step sign-in (django-otp): any admin user may turn it on under Account; when this is on,
# users who can see attendee data must set it up before any other admin page.
HEARTH_REQUIRE_2FA_FOR_ATTENDEE_DATA = env_bool("HEARTH_REQUIRE_2FA_FOR_ATTENDEE_DATA", False)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME

# Content-Security-Policy (django-csp). Visitors' pages: scripts only from this site, no inline
# script at all; style attributes allowed (category colours), <style> elements not. JSON-LD is a
# data block, which browsers never run and CSP does not govern, so it needs no nonce: and with no
# nonce a public page is the same bytes for everyone, as the front cache needs.
# The admin (hearth.security.ADMIN_CSP) also allows the inline scripts and styles Wagtail uses.
# HEARTH_CSP_IMG_SRC adds image hosts (e.g. the object storage serving uploads).
HEARTH_CSP_IMG_SRC = env_list("HEARTH_CSP_IMG_SRC")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", *HEARTH_CSP_IMG_SRC],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Permissions-Policy: no page needs a camera, microphone, location or payment; an injected
# frame or script gets none of them either.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "xr-spatial-tracking",
    )
}
SECURE_REFERRER_POLICY = os.environ.get("SECURE_REFERRER_POLICY", "same-origin")

# Uploaded images are checked and re-encoded (no EXIF, GPS or comments) by this form base.
WAGTAILIMAGES_IMAGE_FORM_BASE = "hearth.uploads.SafeImageForm"

# Reports and feedback ---------------------------------------------------------------------------
# The key of the pseudonyms that let reports count unique and returning people (README, Data
# protection). Empty: derived from SECRET_KEY (dev and tests only; production refuses to start).
# Changing it makes every returning count start afresh.
HEARTH_PSEUDONYM_KEY = os.environ.get("HEARTH_PSEUDONYM_KEY", "")
# A booking cancelled this many hours or fewer before the start is a late cancellation.
HEARTH_LATE_CANCELLATION_HOURS = int(os.environ.get("HEARTH_LATE_CANCELLATION_HOURS", "24"))
# Days after a date ends that its feedback links keep working.
HEARTH_FEEDBACK_LINK_DAYS = int(os.environ.get("HEARTH_FEEDBACK_LINK_DAYS", "14"))
# Days after a date before the free-text comments about it are blanked (the scores stay).
HEARTH_FEEDBACK_COMMENT_DAYS = int(os.environ.get("HEARTH_FEEDBACK_COMMENT_DAYS", "365"))
