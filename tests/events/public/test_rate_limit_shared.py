"""Rate limits live in the shared cache, so a second worker process sees the same count."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
from django.test import RequestFactory

from events.public.views import hit_rate_limit

REDIS_URL = "redis://127.0.0.1:6379/15"
ROOT = Path(__file__).resolve().parents[3]

OTHER_WORKER = """
import django, sys
django.setup()
from django.test import RequestFactory
from events.public.views import hit_rate_limit
request = RequestFactory().post("/rsvp/1/")
print("limited" if hit_rate_limit(request, "email", sys.argv[1], "3/h") else "allowed")
"""


def redis_is_up():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.mark.skipif(not redis_is_up(), reason="needs Redis on 127.0.0.1:6379 (as in .ci/run)")
def test_limit_reached_in_one_worker_holds_in_another(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "hearth",
        }
    }
    address = f"{uuid.uuid4().hex}@example.org"
    request = RequestFactory().post("/rsvp/1/")
    assert [hit_rate_limit(request, "email", address, "3/h") for _ in range(3)] == [False] * 3

    env = {**os.environ, "CACHE_URL": REDIS_URL, "DJANGO_SETTINGS_MODULE": "hearth.settings.test"}
    other = subprocess.run(
        [sys.executable, "-c", OTHER_WORKER, address],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert other.stdout.strip() == "limited"
    # A different address is not affected.
    fresh = subprocess.run(
        [sys.executable, "-c", OTHER_WORKER, f"x{address}"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert fresh.stdout.strip() == "allowed"
