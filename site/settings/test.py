"""Test settings: fast hashing, in-memory mail, tasks run immediately."""

import os

from .base import *

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = BASE_DIR / ".test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
HEARTH_EMAIL_DELIVERY = "inline"
ADMINS = [("Hearth admin", "admin@hearth.example")]
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}
WAGTAILFRONTENDCACHE = {}
# Tests see every change at once; tests/site/test_pagecache.py turns the page cache on, and the
# benchmarks set it as a deploy would.
HEARTH_PAGE_CACHE_SECONDS = int(os.environ.get("HEARTH_PAGE_CACHE_SECONDS", "0"))
