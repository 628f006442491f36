"""Every response says what the browser may do: CSP, Permissions-Policy, referrer, HTTPS only."""

import datetime as dt
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine

from tests.factories import make_programme

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)

# The environment the README's production section exports (values made up for the test).
README_PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "hearth.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "HEARTH_PSEUDONYM_KEY": secrets.token_hex(32),
    "ALLOWED_HOSTS": "hearth.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://hearth.example.org",
    "BASE_URL": "https://hearth.example.org",
}


def production_env(**extra):
    """This process's environment as a deployer's shell would have it, plus the README's."""
    # The test process allows async-unsafe database calls for Playwright; a deployment never does.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**env, **README_PRODUCTION_ENV, "DATABASE_URL": "sqlite://:memory:", **extra}


def directives(header):
    """{"script-src": ["'self'", ...], ...} from a Content-Security-Policy header."""
    parts = (part.split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


@pytest.fixture
def programme():
    with time_machine.travel(NOW, tick=False):
        yield make_programme()


@pytest.mark.django_db
def test_public_pages_allow_no_inline_script_and_carry_json_ld_as_data(client, programme):
    with time_machine.travel(NOW, tick=False):
        response = client.get("/whats-on/evening-art-therapy/")

    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]  # no inline script, no nonce, no eval
    html = response.content.decode()
    tags = re.findall(r"<script\b[^>]*>", html)
    assert '<script type="application/ld+json">' in tags  # a data block: never run
    for tag in tags:
        assert "src=" in tag or 'type="application/ld+json"' in tag, tag
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["style-src"] == ["'self'"]  # no <style> elements; style attributes only


@pytest.mark.django_db
def test_a_public_page_is_the_same_bytes_for_every_visitor(client, programme):
    """The front cache serves one copy to everyone: nothing per request may be in it."""
    with time_machine.travel(NOW, tick=False):
        first = client.get("/whats-on/evening-art-therapy/")
        second = client.get("/whats-on/evening-art-therapy/")

    assert first.content == second.content
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"]


@pytest.mark.django_db
def test_feeds_and_robots_carry_the_headers_too(client, programme):
    for path in ("/robots.txt", "/feeds/all.ics", "/whats-on/no-such-page/"):
        with time_machine.travel(NOW, tick=False):
            response = client.get(path)
        assert "default-src 'self'" in response["Content-Security-Policy"], path
        assert "camera=()" in response["Permissions-Policy"], path


@pytest.mark.django_db
def test_the_admin_gets_the_looser_policy_wagtail_needs(admin_client):
    response = admin_client.get("/admin/")

    policy = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]  # the editor's live preview
    assert policy["object-src"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]


@pytest.mark.django_db
def test_no_page_may_use_camera_microphone_location_or_payment(client):
    policy = client.get("/robots.txt")["Permissions-Policy"]

    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert f"{feature}=()" in policy


@pytest.mark.django_db
def test_links_leave_with_the_origin_at_most_and_pages_are_not_framed_or_sniffed(client):
    response = client.get("/robots.txt")

    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


PRODUCTION_REQUESTS = """
import django, json
from django.conf import settings
# collectstatic has not run here: serve static URLs without WhiteNoise's manifest.
settings.STORAGES = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
django.setup()
from django.test import Client
# No database here: what matters is whether a request is redirected before it is routed.
c = Client(raise_request_exception=False)
out = {}
plain = c.get("/robots.txt", HTTP_HOST="hearth.example.org")
out["plain"] = [plain.status_code, plain.get("Location")]
health = c.get("/health/", HTTP_HOST="hearth.example.org")
out["health"] = [health.status_code, health.get("Location")]
secure = c.get("/robots.txt", HTTP_HOST="hearth.example.org", HTTP_X_FORWARDED_PROTO="https")
out["secure"] = [secure.status_code, secure.get("Strict-Transport-Security")]
print(json.dumps(out))
"""


def run_with_production_settings(code, **env):
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_production_redirects_to_https_and_sends_hsts_for_a_year_with_subdomains():
    import json

    out = json.loads(run_with_production_settings(PRODUCTION_REQUESTS).strip().splitlines()[-1])

    assert out["plain"] == [301, "https://hearth.example.org/robots.txt"]
    # The load balancer's health check reaches an app server directly over HTTP.
    assert out["health"][0] != 301
    assert out["secure"] == [200, "max-age=31536000; includeSubDomains; preload"]


def test_hsts_and_the_redirect_follow_the_environment():
    import json

    out = json.loads(
        run_with_production_settings(
            PRODUCTION_REQUESTS,
            SECURE_SSL_REDIRECT="false",
            SECURE_HSTS_SECONDS="600",
            SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
            SECURE_HSTS_PRELOAD="false",
        )
        .strip()
        .splitlines()[-1]
    )

    assert out["plain"] == [200, None]
    assert out["secure"] == [200, "max-age=600"]


def test_check_deploy_is_clean_with_the_readme_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
