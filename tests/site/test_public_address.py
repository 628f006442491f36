"""BASE_URL is the one public address: every absolute link follows it, whatever the host."""

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from wagtail.models import Site

from events.services import booking
from hearth.public_address import (
    check_base_url,
    check_site_matches_base_url,
    site_address,
)
from tests.factories import make_event_page, make_venue

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
PUBLIC = "https://hearth.example.org"
# Hosts a link must never carry in production: the request's own, or a development default.
NOT_PUBLIC = re.compile(r"localhost|testserver|127\.0\.0\.1|\[::1\]")
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_site(settings):
    settings.BASE_URL = PUBLIC
    call_command("sync_site", stdout=open("/dev/null", "w"))  # noqa: SIM115
    with time_machine.travel(NOW, tick=False):
        venue = make_venue(title="Quaker Meeting House", slug="quaker-meeting-house")
        event = make_event_page(title="Tuesday meditation", slug="tuesday-meditation", venue=venue)
        occurrence = event.occurrences.upcoming(NOW).order_by("start").first()
        yield event, occurrence


def no_private_hosts(text, where):
    found = NOT_PUBLIC.search(text)
    assert found is None, f"{where}: {text[max(0, found.start() - 80) : found.end() + 40]!r}"


def test_booking_emails_and_their_calendar_files_link_only_to_the_public_address(
    public_site, django_capture_on_commit_callbacks
):
    _, occurrence = public_site
    with django_capture_on_commit_callbacks(execute=True):
        booking.book(occurrence=occurrence, name="Ana", email="ana@example.org")

    (message,) = mail.outbox
    html = message.alternatives[0][0]
    ics = message.attachments[0][1]
    for where, text in [("text", message.body), ("html", html), ("ics", ics)]:
        no_private_hosts(text, where)
    assert f"{PUBLIC}/whats-on/tuesday-meditation/2026-11-24/" in message.body
    assert f"{PUBLIC}/rsvp/manage/" in message.body
    assert message.extra_headers["Message-ID"].endswith("@hearth.example.org>")


@pytest.mark.parametrize("host", ["testserver", "127.0.0.1:8000", "localhost"])
def test_feeds_sitemap_and_page_heads_use_the_public_address_whatever_the_host(
    public_site, client, host
):
    event, occurrence = public_site
    paths = [
        "/feeds/all.ics",
        "/feeds/gathering/tuesday-meditation.ics",
        f"/feeds/gathering/tuesday-meditation/{occurrence.date_slug}.ics",
        "/feeds/venue/quaker-meeting-house.ics",
        "/sitemap.xml",
        "/robots.txt",
        "/",
        "/whats-on/",
        "/whats-on/tuesday-meditation/",
        f"/whats-on/tuesday-meditation/{occurrence.date_slug}/",
        "/venues/quaker-meeting-house/",
    ]
    with time_machine.travel(NOW, tick=False):
        for path in paths:
            response = client.get(path, HTTP_HOST=host)
            assert response.status_code == 200, path
            no_private_hosts(response.content.decode(), path)

        date_page = client.get(
            f"/whats-on/tuesday-meditation/{occurrence.date_slug}/", HTTP_HOST=host
        ).content.decode()
        gathering_page = client.get(
            "/whats-on/tuesday-meditation/", HTTP_HOST=host
        ).content.decode()
        sitemap = client.get("/sitemap.xml", HTTP_HOST=host).content.decode()
        feed = client.get("/feeds/all.ics", HTTP_HOST=host).content.decode()
    head = date_page.split("</head>")[0]
    assert f'<meta property="og:url" content="{PUBLIC}/whats-on/tuesday-meditation/' in head
    assert f'"url": "{PUBLIC}/whats-on/tuesday-meditation/' in head  # JSON-LD
    assert "webcal://hearth.example.org/feeds/gathering/tuesday-meditation.ics" in gathering_page
    assert "hearth.example.org%2Fwhats-on%2Ftuesday-meditation" in date_page  # Google, Outlook
    assert f"<loc>{PUBLIC}/whats-on/tuesday-meditation/</loc>" in sitemap
    assert f"URL:{PUBLIC}/whats-on/tuesday-meditation/" in feed.replace("\r\n ", "")
    assert f"SOURCE;VALUE=URI:{PUBLIC}/feeds/all.ics" in feed.replace("\r\n ", "")


def test_the_personal_feed_and_manage_page_use_the_public_address(public_site, client):
    _, occurrence = public_site
    with time_machine.travel(NOW, tick=False):
        rsvp = booking.book(occurrence=occurrence, name="Ana", email="ana@example.org").rsvp
        manage = client.get(f"/rsvp/manage/{rsvp.token}/", HTTP_HOST="127.0.0.1:8000")
        feed = client.get(f"/feeds/mine/{rsvp.feed_secret}.ics", HTTP_HOST="127.0.0.1:8000")
    no_private_hosts(manage.content.decode(), "manage page")
    no_private_hosts(feed.content.decode(), "personal feed")
    assert f"webcal://hearth.example.org/feeds/mine/{rsvp.feed_secret}.ics" in (
        manage.content.decode()
    )


def test_migrate_and_sync_site_keep_wagtails_site_in_step_with_base_url(settings):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("testserver", 80)  # set by migrate (post_migrate)

    settings.BASE_URL = "http://127.0.0.1:8101"
    assert check_site_matches_base_url(None, databases=["default"])[0].id == "hearth.E002"
    call_command("sync_site", stdout=open("/dev/null", "w"))  # noqa: SIM115
    site.refresh_from_db()
    assert site.root_url == "http://127.0.0.1:8101"
    assert check_site_matches_base_url(None, databases=["default"]) == []

    settings.BASE_URL = PUBLIC
    call_command("sync_site", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Site.objects.get(is_default_site=True).root_url == PUBLIC


def test_an_edited_site_fails_the_system_check(settings):
    Site.objects.filter(is_default_site=True).update(hostname="localhost")
    (error,) = check_site_matches_base_url(None, databases=["default"])
    assert error.id == "hearth.E002" and "sync_site" in error.hint
    # Plain `manage.py check` (no database named) never reads the database.
    assert check_site_matches_base_url(None, databases=None) == []


@pytest.mark.parametrize(
    "base_url",
    ["https://hearth.example.org:8443", "https://hearth.example.org/hearth", "hearth.example.org"],
)
def test_a_base_url_wagtail_cannot_express_fails_the_system_check(settings, base_url):
    settings.BASE_URL = base_url
    assert check_base_url(None)[0].id == "hearth.E001"


@pytest.mark.parametrize(
    ("base_url", "address"),
    [
        ("https://hearth.example.org", ("hearth.example.org", 443)),
        ("http://127.0.0.1:8101", ("127.0.0.1", 8101)),
        ("http://hearth.local", ("hearth.local", 80)),
    ],
)
def test_site_address_of_base_url(base_url, address):
    assert site_address(base_url) == address


def test_make_run_gives_links_to_the_port_it_serves_on():
    # As from a shell with no BASE_URL of its own (`make test` exports its own to this process).
    shell = {k: v for k, v in os.environ.items() if k not in {"BASE_URL", "MAKEFLAGS", "MFLAGS"}}
    shown = subprocess.run(
        ["make", "-s", "--eval", "show-base-url: ; @echo $$BASE_URL", "show-base-url", "PORT=8101"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=shell,
    )
    assert shown.stdout.strip() == "http://127.0.0.1:8101"


def test_mail_settings_that_would_fail_or_leak_a_password_fail_the_check(settings):
    from hearth.checks import check_email_settings

    settings.EMAIL_HOST = "smtp.example.org"
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_PASSWORD = "secret"
    assert [e.id for e in check_email_settings(None)] == ["hearth.E011"]
    settings.EMAIL_HOST = "127.0.0.1"  # a relay on the same host: nothing crosses the network
    assert check_email_settings(None) == []
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = True
    assert [e.id for e in check_email_settings(None)] == ["hearth.E010"]


def test_tls_follows_the_port_unless_set():
    code = (
        "import os, sys; os.environ.update(EMAIL_HOST='relay', EMAIL_PORT=sys.argv[1]);"
        "from hearth.settings import base as s; print(s.EMAIL_USE_TLS, s.EMAIL_USE_SSL)"
    )
    seen = {
        port: subprocess.run(
            [sys.executable, "-c", code, port], capture_output=True, text=True, check=True
        ).stdout.split()
        for port in ("25", "587", "465")
    }
    assert seen == {"25": ["False", "False"], "587": ["True", "False"], "465": ["False", "True"]}
