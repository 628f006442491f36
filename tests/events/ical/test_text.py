"""No title, summary, note or description can add a line, a property or a component to a feed."""

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from recurrence import deserialize

from events.ical import feeds
from events.ical.text import one_line
from events.models import Category, EventPage, Occurrence

UTC = dt.UTC

# Text an organiser might paste: RFC 5545 specials, every kind of line break, emoji,
# right-to-left scripts and direction marks, and things that look like iCalendar.
tricky = st.lists(
    st.one_of(
        st.sampled_from(
            [",", ";", ":", "\\", "\n", "\r", "\r\n", "\u2028", "\u0085", "\t", '"', "=", "\x00"]
        ),
        st.sampled_from(["😀", "👩🏽‍🎨", "مرحبا", "שלום", "\u200f", "\u202e", "é", "ß"]),
        st.sampled_from(["END:VEVENT", "BEGIN:VALARM", "ATTENDEE:mailto:x@y", "\nORGANIZER:x"]),
        st.characters(codec="utf-8"),
    ),
    max_size=40,
).map("".join)


def gathering(title, summary, what_to_expect, category):
    page = EventPage(
        pk=7,
        title=title or "x",
        slug="g",
        summary=summary,
        what_to_expect=what_to_expect,
        schedule=deserialize("RRULE:FREQ=WEEKLY;BYDAY=TU"),
        first_date=dt.date(2026, 12, 1),
        start_time=dt.time(19),
        duration=dt.timedelta(minutes=90),
        time_zone="Europe/London",
        cost="Free",
        category=Category(pk=3, name=category or "c", slug="c"),
        last_published_at=dt.datetime(2026, 11, 24, tzinfo=UTC),
    )
    return page


def dates(page, note):
    start = dt.datetime(2026, 12, 1, 19, tzinfo=UTC)
    rows = []
    for week in range(3):
        moment = start + dt.timedelta(weeks=week)
        rows.append(
            Occurrence(
                pk=week + 1,
                event=page,
                original_start=moment,
                start=moment,
                end=moment + page.duration,
                status="cancelled" if week == 1 else "scheduled",
                note=note if week == 1 else "",
                updated_at=dt.datetime(2026, 11, 24, tzinfo=UTC),
            )
        )
    return rows


# The database is touched only once, for the page content type Wagtail looks up (then cached).
@pytest.mark.django_db
@settings(max_examples=150, deadline=None)
@given(title=tricky, summary=tricky, what_to_expect=tricky, note=tricky, category=tricky)
def test_no_text_can_add_a_line_property_or_component(
    title, summary, what_to_expect, note, category
):
    page = gathering(title, summary, what_to_expect, category)
    ctx = feeds.FeedContext(name=title, page_url=lambda p: "https://example.org/g/")
    body = feeds.build_calendar([page], dates(page, note), ctx).to_ical()

    # Every physical line ends in CRLF, is at most 75 octets, and no bare CR or LF exists.
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    assert b"\r" not in b"".join(lines) and b"\n" not in b"".join(lines)

    # The unfolded content lines are exactly the ones the builder writes, whatever the text.
    calendar = Calendar.from_ical(body)
    events = calendar.walk("VEVENT")
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE", "VEVENT", "VEVENT"]
    assert not calendar.walk("VALARM")
    assert all("ORGANIZER" not in e and "ATTENDEE" not in e for e in events)
    master, cancelled = events
    assert set(master) == {
        "SUMMARY", "DTSTART", "DURATION", "DTSTAMP", "UID", "SEQUENCE", "RRULE", "CATEGORIES",
        "CLASS", "DESCRIPTION", "LAST-MODIFIED", "STATUS", "TRANSP", "URL",
    }  # fmt: skip
    assert master["SUMMARY"] == feeds.plain_text(page.title)
    assert master.categories == [feeds.plain_text(page.category.name)]
    assert feeds.plain_text(page.summary) in master["DESCRIPTION"]
    assert feeds.plain_text(page.what_to_expect) in master["DESCRIPTION"]
    assert cancelled["DESCRIPTION"].startswith(feeds.plain_text(note))
    # icalendar reads X-WR-CALNAME raw; it is TEXT, written escaped, so it is unescaped here.
    assert unescape_text(calendar["X-WR-CALNAME"]) == one_line(title)


def unescape_text(raw):
    """An RFC 5545 TEXT value as it reads (backslash escapes undone, in one pass)."""
    return re.sub(r"\\([\\;,Nn])", lambda m: "\n" if m[1] in "Nn" else m[1], str(raw))


def test_plain_text_keeps_meaning_and_drops_only_control_characters():
    assert (
        feeds.plain_text("a\r\nb\rc\u2028d\x00e; f, g\\ 😀 שלום") == "a\nb\nc\nde; f, g\\ 😀 שלום"
    )
