"""Guessing an admin password stops after a few tries, per user and address and per address."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command

PASSWORD = "a-long-test-password"
OFFICE = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.HEARTH_RSVP_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def organiser(django_user_model):
    return django_user_model.objects.create_superuser(
        username="sam", email="sam@example.org", password=PASSWORD
    )


def sign_in(client, username, password, *, address=OFFICE, forwarded_by_client=""):
    # Our proxy appends the address it saw; anything before it was written by the client.
    forwarded = f"{forwarded_by_client}, {address}" if forwarded_by_client else address
    return client.post(
        "/admin/login/",
        {"username": username, "password": password, "next": "/admin/"},
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def signed_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


@pytest.mark.django_db
def test_right_password_is_refused_after_five_wrong_ones_with_a_clear_message(client, organiser):
    for _ in range(4):
        response = sign_in(client, "sam", "guess")
        assert response.status_code == 200
        assert "username and password didn&#x27;t match" in response.content.decode()
    fifth = sign_in(client, "sam", "guess")
    assert fifth.status_code == 429

    response = sign_in(client, "sam", PASSWORD)

    assert response.status_code == 429
    html = response.content.decode()
    assert "Signing in is paused" in html
    assert "too many wrong passwords for this account from your address" in html
    assert "for 30 minutes" in html
    assert "ask an administrator to unlock your account" in html
    assert client.get("/admin/").status_code == 302  # still not signed in


@pytest.mark.django_db
def test_lockout_holds_one_user_at_one_address_only(client, organiser, django_user_model):
    django_user_model.objects.create_superuser(username="kim", email="k@e.org", password=PASSWORD)
    for _ in range(5):
        sign_in(client, "sam", "guess")

    assert sign_in(client, "sam", PASSWORD).status_code == 429
    assert signed_in(sign_in(client, "sam", PASSWORD, address=ELSEWHERE))
    client.logout()
    assert signed_in(sign_in(client, "kim", PASSWORD))


@pytest.mark.django_db
def test_addresses_a_client_writes_into_x_forwarded_for_do_not_dodge_the_lockout(client, organiser):
    for n in range(5):
        sign_in(client, "sam", "guess", forwarded_by_client=f"10.0.0.{n}")

    response = sign_in(client, "sam", PASSWORD, forwarded_by_client="10.9.9.9")

    assert response.status_code == 429


@pytest.mark.django_db
def test_lockout_ends_after_the_cool_off(client, organiser):
    start = dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            sign_in(client, "sam", "guess")
        assert sign_in(client, "sam", PASSWORD).status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=29), tick=False):
        assert sign_in(client, "sam", PASSWORD).status_code == 429
    # Each refused attempt during the lockout starts the 30 minutes again.
    with time_machine.travel(start + dt.timedelta(minutes=60), tick=False):
        assert signed_in(sign_in(client, "sam", PASSWORD))


@pytest.mark.django_db
def test_axes_reset_unlocks_at_once(client, organiser):
    for _ in range(5):
        sign_in(client, "sam", "guess")
    assert sign_in(client, "sam", PASSWORD).status_code == 429

    call_command("axes_reset_username", "sam", stdout=io.StringIO())

    assert signed_in(sign_in(client, "sam", PASSWORD))


@pytest.mark.django_db
def test_a_successful_sign_in_forgets_earlier_typos(client, organiser):
    for _ in range(4):
        sign_in(client, "sam", "typo")
    assert signed_in(sign_in(client, "sam", PASSWORD))
    client.logout()
    for _ in range(4):
        sign_in(client, "sam", "typo")

    assert signed_in(sign_in(client, "sam", PASSWORD))


@pytest.mark.django_db
def test_one_address_trying_many_user_names_is_slowed_down(client, organiser, settings):
    settings.HEARTH_LOGIN_RATE_PER_IP = "10/h"
    for n in range(10):
        assert sign_in(client, f"user{n}", "guess").status_code == 200

    response = sign_in(client, "sam", PASSWORD)

    assert response.status_code == 429
    assert "too many attempts to sign in from your network" in response.content.decode()
    assert signed_in(sign_in(client, "sam", PASSWORD, address=ELSEWHERE))


# Two app servers -------------------------------------------------------------------------------


def _sign_in_over_http(server, username, password, address):
    from urllib.parse import urlencode

    from tests.live_servers import csrf, request

    url = f"{server.url}/admin/login/"
    cookie, token = csrf(url)
    body = urlencode(
        {
            "csrfmiddlewaretoken": token,
            "username": username,
            "password": password,
            "next": "/admin/",
        }
    )
    status, headers, text = request(
        "POST", url, body=body, cookie=cookie, headers={"X-Forwarded-For": address}
    )
    return status, headers.get("Location"), text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_failures_spread_over_two_app_servers_lock_the_account_on_both(tmp_path, django_user_model):
    import os
    import subprocess
    import sys

    from tests.live_servers import ROOT, Server, shared_database_url, start_redis

    django_user_model.objects.create_superuser(username="sam", email="s@e.org", password=PASSWORD)
    database_url = shared_database_url(tmp_path)
    redis, cache_url = start_redis(tmp_path)
    env = {
        "CACHE_URL": cache_url,  # as in production: both servers share Redis and the database
        "HEARTH_RSVP_CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
        "HEARTH_LOGIN_FAILURE_LIMIT": "5",
    }
    servers = []
    try:
        servers = [Server(tmp_path, database_url=database_url, name=name, env=env) for name in "ab"]
        a, b = servers
        for attempt in range(5):
            status, _, _ = _sign_in_over_http(servers[attempt % 2], "sam", "guess", OFFICE)
            assert status in {200, 429}

        for server in (a, b):
            status, _, text = _sign_in_over_http(server, "sam", PASSWORD, OFFICE)
            assert status == 429
            assert "Signing in is paused" in text
        # The same account from another address is not locked.
        assert _sign_in_over_http(b, "sam", PASSWORD, ELSEWHERE)[:2] == (302, "/admin/")

        environment = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        unlocked = subprocess.run(
            [sys.executable, "manage.py", "axes_reset_username", "sam"],
            cwd=ROOT,
            env={
                **environment,
                **env,
                "DATABASE_URL": database_url,
                "DJANGO_SETTINGS_MODULE": "hearth.settings.test",
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert unlocked.returncode == 0, unlocked.stderr
        assert _sign_in_over_http(a, "sam", PASSWORD, OFFICE)[:2] == (302, "/admin/")
    finally:
        for server in servers:
            server.stop()
        redis.terminate()
        redis.wait(timeout=10)
