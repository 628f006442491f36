"""Browser tests: Debian's chromium driven by Playwright, one browser for the whole session.

Screenshots go to test-artifacts/screenshots/ so a person can look at what was checked.
"""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(autouse=True)
def public_address_is_the_live_server(request, settings):
    """Absolute links (e-mails, webcal://, feeds) use BASE_URL, the site's one public address:
    in a browser test that is the live server the browser talks to."""
    if "live_server" in request.fixturenames:
        live_server = request.getfixturevalue("live_server")
        settings.BASE_URL = settings.WAGTAILADMIN_BASE_URL = live_server.url


@pytest.fixture
def page_errors(page):
    """JavaScript errors thrown on the page (uncaught exceptions); a test asserts it stays empty."""
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


@pytest.fixture
def screenshot(page):
    """screenshot("name") saves a full-page PNG under test-artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def axe(page):
    """axe(page) runs axe-core in the page; returns the serious and critical violations."""
    source = AXE_JS.read_text()

    def run(target=None):
        target = target or page
        # Evaluated through the DevTools protocol rather than added as a <script>: the page's own
        # Content-Security-Policy (rightly) refuses inline scripts, and axe is ours, not the page's.
        target.evaluate(source + "\n;undefined")
        # Colours are read as they end up: a message still fading in (Wagtail's do) would be
        # measured half-transparent.
        result = target.evaluate(
            """async () => {
                const settled = Promise.all(
                    document.getAnimations().map((a) => a.finished.catch(() => {}))
                );
                await Promise.race([settled, new Promise((r) => setTimeout(r, 3000))]);
                return await axe.run(document, {resultTypes: ['violations']});
            }"""
        )
        serious = [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
            }
            for v in result["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        if serious:
            print(json.dumps(serious, indent=2))
        return serious

    return run


def wait_until(page, expression, *, timeout_ms=10_000):
    """Wait until ``expression`` is true in the page.

    Playwright's ``wait_for_function`` runs its predicate through eval, which the admin's
    Content-Security-Policy (rightly) refuses; ``evaluate`` goes through the DevTools protocol.
    """
    for _ in range(timeout_ms // 100):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"Still not true after {timeout_ms} ms: {expression}")


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser(
        username="organiser", email="organiser@example.org", password="a-long-test-password"
    )


@pytest.fixture
def logged_in_page(page, live_server, admin_user):
    """A Playwright page logged into the Wagtail admin as a superuser."""
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "organiser")
    page.fill("#id_password", "a-long-test-password")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Let `serialized_rollback` restore the migrated data (home page, site) in browser tests.

    Django keeps a database connection per thread, or per context when an event loop is
    running, and Playwright's sync API runs one in the test thread. When the test database was
    created before Playwright started (any non-browser test ran first), the connection the
    browser tests see is a new one without the serialized copy, so each transactional test
    flushed the data migrations' rows and the next found no home page. Share the copy with
    every connection object instead.
    """
    from django.db import connections

    sync_connections = getattr(connections._connections, "_storage", None)
    for alias in connections:
        connection = connections[alias]
        original = getattr(sync_connections, alias, connection)
        contents = getattr(original, "_test_serialized_contents", None)
        if contents is None:
            with django_db_blocker.unblock():
                contents = connection.creation.serialize_db_to_string()
        type(connection)._test_serialized_contents = contents


@pytest.fixture
def programme(django_db_serialized_rollback, transactional_db):
    """The factories' small programme for a live server, at NOW (24 November 2026, 09:00 UTC).

    The clock ticks (tick=True) because the live server thread shares this process and its
    travelling clock.
    """
    import time_machine

    from tests.factories import NOW, ensure_home_page, make_image, make_programme

    with time_machine.travel(NOW, tick=True):
        ensure_home_page()
        made = make_programme()
        event = made["art_evening"]
        event.image = make_image("Paints on a table")
        event.save_revision().publish()
        yield made
