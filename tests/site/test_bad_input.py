"""Whatever a visitor (or a robot) types into a URL, the site answers calmly: never a 500."""

import pytest

from tests.factories import make_programme

LONG = "calm " * 2000

CASES = [
    # (path, query, status, what the visitor is told)
    (
        "/whats-on/",
        {"category": "knitting"},
        200,
        "We couldn’t use “knitting” for kind of gathering",
    ),
    ("/whats-on/", {"category": ["art-therapy", "nope"]}, 200, "so that filter is off"),
    ("/whats-on/", {"category": ["art-therapy", "meditation"]}, 200, "Art therapy or Meditation"),
    ("/whats-on/", {"venue": ["riverside-hall", "old-chapel"]}, 200, "at Old Chapel Rooms"),
    ("/whats-on/", {"venue": "atlantis"}, 200, "for venue, so that filter is off"),
    ("/whats-on/", {"day": "funday"}, 200, "for day of the week, so that filter is off"),
    ("/whats-on/", {"time": "midnight"}, 200, "for time of day, so that filter is off"),
    ("/whats-on/", {"access": "jetpack"}, 200, "for access, so that filter is off"),
    ("/whats-on/", {"newcomers": "maybe"}, 200, "Open to newcomers"),
    ("/whats-on/", {"page": "-3"}, 200, "Pages start at 1"),
    ("/whats-on/", {"page": "0"}, 200, "Pages start at 1"),
    ("/whats-on/", {"page": "99999999999999999999999"}, 200, "There aren’t that many pages"),
    ("/whats-on/", {"page": "two"}, 200, "That page number didn’t make sense"),
    ("/whats-on/", {"page": ["1", "2"]}, 200, "All upcoming gatherings"),
    ("/whats-on/", {"q": LONG}, 200, "matching “calm calm"),
    ("/whats-on/", {"q": "nul\x00byte"}, 200, "for words, so that filter is off"),
    ("/whats-on/", {"q": "'; DROP TABLE events;--"}, 200, "No upcoming gatherings match"),
    ("/whats-on/", {"q": "<script>alert(1)</script>"}, 200, "No upcoming gatherings match"),
    ("/whats-on/", {"q": "🌿 ñandú 東京"}, 200, "No upcoming gatherings match"),
    ("/whats-on/", {"q": "%_%"}, 200, "No upcoming gatherings match"),
    ("/whats-on/calendar/2026/13/", {}, 404, "There is no month 13: months go from 1 to 12."),
    ("/whats-on/calendar/2026/0/", {}, 404, "There is no month 0"),
    ("/whats-on/calendar/99999/1/", {}, 404, "We can show calendars from 2000 to 2100."),
    ("/whats-on/calendar/123456789/123456789/", {}, 404, "months go from 1 to 12"),
    ("/whats-on/calendar/2026/xx/", {}, 404, "We can’t find that page"),
    ("/whats-on/calendar/2026/12/", {"page": "-1"}, 200, "December 2026"),
    ("/whats-on/week/2026-02-30/", {}, 404, "That isn’t a date we can show"),
    ("/whats-on/week/99999-01-01/", {}, 404, "That isn’t a date we can show"),
    ("/whats-on/week/----------/", {}, 404, "That isn’t a date we can show"),
    ("/whats-on/evening-art-therapy/2026-13-45/", {}, 404, "doesn’t look like a real date"),
    ("/whats-on/evening-art-therapy/2030-01-01/", {}, 404, "has no session on Tuesday 1 January"),
    ("/whats-on/no-such-gathering/", {}, 404, "We can’t find that page"),
    ("/search/", {"q": LONG}, 200, "only its first 200 characters were used"),
    ("/search/", {"q": "\x00"}, 200, "Search gatherings, venues and pages"),
    ("/search/", {"q": "\"unclosed 'quote AND OR NOT ( ) * :"}, 200, "result"),
    ("/search/", {"q": "art", "page": "-5"}, 200, "Pages start at 1"),
    ("/search/", {"q": "art", "page": "1e99"}, 200, "That page number didn’t make sense"),
    ("/search/", {"q": ["art", "hall"]}, 200, "for “hall”"),
]


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_clock")
@pytest.mark.parametrize(("path", "query", "status", "message"), CASES)
def test_bad_input_gets_a_clear_message_and_never_a_500(client, path, query, status, message):
    make_programme()
    response = client.get(path, query)
    assert response.status_code == status
    html = response.content.decode()
    assert message in html
    assert "<script>alert(1)</script>" not in html
