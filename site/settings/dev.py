"""Local development: DEBUG on, a fixed insecure key, everything else from base."""

from .base import *

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["*"]
