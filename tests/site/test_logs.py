"""No manage token, feed secret, search term or e-mail address ever reaches a log line."""

import datetime as dt
import json
import logging
import re
from email import message_from_bytes
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest

from hearth.logs import RedactSecrets, redact
from tests.factories import make_event_page
from tests.live_servers import Server, csrf, request, shared_database_url

TOKEN = "k2Vd0_x-9QmWb3LrT7sYpN4aZ8cE1fGhJ6uIoK5vXyQ"


@pytest.mark.parametrize(
    ("line", "kept", "gone"),
    [
        (f'GET /rsvp/manage/{TOKEN}/cancel/ HTTP/1.1" 200', "/rsvp/manage/[token]/cancel/", TOKEN),
        (f"Not Found: /feeds/mine/{TOKEN}.ics", "/feeds/mine/[secret].ics", TOKEN),
        ("GET /search/?q=grief+group&page=2 HTTP/1.1", "/search/?q=[redacted]&page=2", "grief"),
        ("GET /whats-on/?day=tu&q=bereavement", "?day=tu&q=[redacted]", "bereavement"),
        ("booked by ana.b+x@example.org today", "booked by [e-mail] today", "ana.b"),
        ("GET /x/?email=ana%40example.org", "?email=[redacted]", "ana"),
        ("next=%2Frsvp%2Fmanage%2F" + TOKEN + "%2F", "%2Frsvp%2Fmanage%2F[token]", TOKEN),
        (f"token = '{TOKEN}'", "token = [redacted]", TOKEN),
    ],
)
def test_redact_removes_the_secret_and_keeps_the_rest(line, kept, gone):
    assert kept in redact(line)
    assert gone not in redact(line)


def test_the_filter_redacts_arguments_and_tracebacks():
    record = logging.LogRecord(
        "x", logging.ERROR, __file__, 1, "Not Found: %s", (f"/rsvp/manage/{TOKEN}/",), None
    )
    try:
        raise ValueError(f"no booking for ana@example.org at /rsvp/manage/{TOKEN}/")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()

    RedactSecrets().filter(record)
    text = logging.Formatter().format(record)

    assert TOKEN not in text and "ana@example.org" not in text
    assert "Not Found: /rsvp/manage/[token]/" in text


@pytest.fixture
def gathering():
    # The server runs on the real clock, so the date is placed relative to it.
    first = (dt.datetime.now(ZoneInfo("Europe/London")) + dt.timedelta(days=3)).date()
    event = make_event_page(
        title="Bereavement circle", slug="bereavement-circle", rule="", first_date=first
    )
    return event.occurrences.get()


TEST_ONLY_MAIL = """
def post_worker_init(worker):
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = {mail!r}
"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_booking_its_manage_page_its_feed_and_searches_leave_no_secret_in_any_log(
    tmp_path, gathering
):
    mail = tmp_path / "mail"
    server = Server(
        tmp_path,
        database_url=shared_database_url(tmp_path),
        extra_config=TEST_ONLY_MAIL.format(mail=str(mail)),
        env={"LOG_LEVEL": "INFO"},
    )
    email = "ana.private@example.org"
    try:
        # Book, as a visitor does.
        form_url = f"{server.url}/rsvp/{gathering.pk}/"
        cookie, token = csrf(form_url)
        body = urlencode(
            {
                "csrfmiddlewaretoken": token,
                "name": "Ana",
                "email": email,
                "party_size": "1",
                "access_needs": "",
                "privacy": "on",
            }
        )
        status, headers, _ = request(
            "POST", form_url, body=body, cookie=cookie, headers={"Referer": form_url}
        )
        assert status == 302, headers
        # The e-mail holds the manage link.
        [message_file] = list(mail.iterdir())
        message = message_from_bytes(message_file.read_bytes())
        text = "".join(
            part.get_payload(decode=True).decode()
            for part in message.walk()
            if part.get_content_type() == "text/plain"
        )
        manage_path = re.search(r"https?://[^/\s]+(/rsvp/manage/[\w-]+/)", text).group(1)
        manage_token = manage_path.split("/")[3]

        # The manage page, its feed link, and renewing that link (the old one then 404s).
        status, _, page = request("GET", f"{server.url}{manage_path}")
        assert status == 200
        feed_path = re.search(r"(/feeds/mine/[\w-]+\.ics)", page).group(1)
        old_secret = feed_path.split("/")[-1][: -len(".ics")]
        assert request("GET", f"{server.url}{feed_path}")[0] == 200
        cookie, token = csrf(f"{server.url}{manage_path}")
        request(
            "POST",
            f"{server.url}{manage_path}",
            body=urlencode({"csrfmiddlewaretoken": token, "action": "renew_feed"}),
            cookie=cookie,
            headers={"Referer": f"{server.url}{manage_path}"},
        )
        _, _, page = request("GET", f"{server.url}{manage_path}")
        new_secret = re.search(r"/feeds/mine/([\w-]+)\.ics", page).group(1)
        assert new_secret != old_secret
        assert request("GET", f"{server.url}{feed_path}")[0] == 404  # logged as "Not Found"
        assert request("GET", f"{server.url}/feeds/mine/{new_secret}.ics")[0] == 200
        assert request("GET", f"{server.url}{manage_path}cancel/")[0] == 200
        assert request("GET", f"{server.url}/rsvp/manage/{manage_token}x/")[0] == 404

        # Searches, and a query string carrying the address.
        request("GET", f"{server.url}/search/?q=bereavement+support")
        request("GET", f"{server.url}/whats-on/?q=grief&day=tu")
        request("GET", f"{server.url}/whats-on/?email={email.replace('@', '%40')}")
        request("GET", f"{server.url}/search/?q={email}")
    finally:
        server.stop()

    lines = server.lines()
    log = "\n".join(lines)
    for secret in (manage_token, old_secret, new_secret):
        assert secret not in log
    for term in ("bereavement+support", "grief", "ana.private", "example.org"):
        assert term not in log
    # The lines are there, with the secrets replaced (read as the log collector reads the JSON
    # lines, by their message): the access log ...
    lines = [json.loads(line)["message"] if line.startswith("{") else line for line in lines]
    assert any('"GET /rsvp/manage/[token]/ HTTP/1.1" 200' in line for line in lines)
    assert any('"GET /feeds/mine/[secret].ics HTTP/1.1" 200' in line for line in lines)
    assert any('"GET /search/?q=[redacted] HTTP/1.1" 200' in line for line in lines)
    # ... and Django's own warnings.
    assert any("Not Found: /feeds/mine/[secret].ics" in line for line in lines)
    assert any("Not Found: /rsvp/manage/[token]/" in line for line in lines)
