"""Settings shared by every environment. Deploy-time values come from the environment (README)."""

import os
from email.utils import getaddresses
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
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
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
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
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

# Embedded default: a per-process memory cache. CACHE_URL (redis://...) makes caches and rate
# limits hold across gunicorn workers.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "hearth",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
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

# E-mail: the console in the embedded default; SMTP when EMAIL_HOST is set (production.py).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Hearth <hello@hearth.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks: run in-process unless TASKS_BACKEND=database (production.py sets it).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Hearth")
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]
WAGTAIL_I18N_ENABLED = False
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
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_URL,
        }
    }
# How long the front cache keeps an anonymous page that nothing purged (bookings opening and
# closing, "this week" moving on): see hearth.frontcache.
HEARTH_FRONT_CACHE_SECONDS = int(os.environ.get("HEARTH_FRONT_CACHE_SECONDS", "300"))

# The domain in calendar UIDs; keep it stable for ever, or subscribers see every date twice.
HEARTH_FEED_UID_DOMAIN = os.environ.get("HEARTH_FEED_UID_DOMAIN", "")

# How far ahead occurrences are stored (rolling; `extend_occurrences` runs daily).
HEARTH_OCCURRENCE_HORIZON_DAYS = int(os.environ.get("HEARTH_OCCURRENCE_HORIZON_DAYS", "365"))

# Logs: JSON lines with the request id in production (LOG_FORMAT=json), readable text elsewhere.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = logging_config(fmt=LOG_FORMAT, level=os.environ.get("LOG_LEVEL", "INFO"))

# Error reports: Sentry when SENTRY_DSN is set (no personal data: see hearth.observability);
# otherwise e-mail to ADMINS ("Name <address>, ...").
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    init_sentry(
        SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", ""),
        release=os.environ.get("SENTRY_RELEASE", ""),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
    ADMINS = []
else:
    ADMINS = getaddresses(env_list("ADMINS"))

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
# Behind a proxy, the request header holding the client address (e.g. HTTP_X_FORWARDED_FOR).
HEARTH_RSVP_CLIENT_IP_HEADER = os.environ.get("HEARTH_RSVP_CLIENT_IP_HEADER", "")
