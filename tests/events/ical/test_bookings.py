"""A person's own calendars (the e-mail attachment and the personal feed) are as safe as the
public feeds: no name, note, place or discreet title can add a line, a property or a component,
or stop a calendar app from reading the file."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from events.ical import bookings
from events.ical.text import booking_uid, one_line, plain_text
from events.models import RSVP, EventPage, Occurrence
from venues.models import VenuePage

UTC = dt.UTC
# Nothing is saved, but Wagtail's Page() looks up its content type, which needs the database
# whenever another test has cleared Django's content-type cache.
pytestmark = pytest.mark.django_db

# What a visitor or organiser might type or paste: RFC 5545 specials, every kind of line break
# (U+2028 above all), control characters, right-to-left text, and things that look like iCalendar.
tricky = st.lists(
    st.one_of(
        st.sampled_from(
            [",", ";", ":", "\\", "\n", "\r", "\r\n", "\u2028", "\u2029", "\u0085", "\t", "\x00"]
        ),
        st.sampled_from(["\x07", "\x1b", "\x7f", "\ufeff", "😀", "مرحبا", "\u202e", "é"]),
        st.sampled_from(["END:VEVENT", "BEGIN:VALARM", "ATTENDEE:mailto:x@y", "\nORGANIZER:x"]),
        st.characters(codec="utf-8"),
    ),
    max_size=40,
).map("".join)


def booking(*, title, discreet_title, venue_title, address, private_details, status="confirmed"):
    """One booking with its date, gathering and venue, built in memory (nothing saved)."""
    # Wagtail refuses a blank title, so a title that is only spacing stands for "v".
    venue_title = venue_title if one_line(venue_title) else "v"
    venue = VenuePage(pk=5, title=venue_title, slug="v", address=address, postcode="")
    page = EventPage(
        pk=7,
        title=title or "x",
        slug="g",
        venue=venue,
        private_details=private_details,
        address_after_booking=True,
        time_zone="Europe/London",
        duration=dt.timedelta(minutes=90),
    )
    start = dt.datetime(2026, 12, 1, 19, tzinfo=UTC)
    occurrence = Occurrence(
        pk=11, event=page, original_start=start, start=start, end=start + page.duration
    )
    return RSVP(
        pk=42,
        occurrence=occurrence,
        name="Ana",
        email="ana@example.org",
        token="t" * 43,
        discreet_title=discreet_title,
        status=status,
    )


def assert_well_formed(body):
    """Every physical line ends in CRLF and is at most 75 octets; no bare CR or LF remains."""
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    joined = b"".join(lines)
    assert b"\r" not in joined and b"\n" not in joined


EXPECTED = {
    "UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "SUMMARY", "LOCATION", "DESCRIPTION",
    "STATUS",
}  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(title=tricky, discreet_title=tricky, venue_title=tricky, address=tricky, private=tricky)
def test_no_text_can_break_a_booking_attachment(
    title, discreet_title, venue_title, address, private
):
    rsvp = booking(
        title=title,
        discreet_title=discreet_title,
        venue_title=venue_title,
        address=address,
        private_details=private,
    )
    body = bookings.calendar_attachment(
        rsvp, "confirmed", now=dt.datetime(2026, 11, 24, tzinfo=UTC)
    )
    assert_well_formed(body)

    calendar = Calendar.from_ical(body)
    assert [c.name for c in calendar.subcomponents] == ["VEVENT"]
    (event,) = calendar.walk("VEVENT")
    # An iTIP PUBLISH names its organiser: the organisation, never a person.
    assert set(event) == EXPECTED | {"ORGANIZER"}
    assert event["ORGANIZER"] == "mailto:hello@hearth.example"
    assert not event.subcomponents
    assert event["SUMMARY"] == one_line(rsvp.title)
    assert event["UID"] == booking_uid(rsvp)
    assert "\n" not in event["LOCATION"]
    assert event["LOCATION"].startswith(one_line(rsvp.occurrence.event.venue.title))
    assert plain_text(private) in event["DESCRIPTION"]


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(discreet_title=tricky, venue_title=tricky, private=tricky)
def test_no_text_can_break_a_personal_feed(discreet_title, venue_title, private):
    rsvps = [
        booking(
            title="Grief circle",
            discreet_title=discreet_title,
            venue_title=venue_title,
            address="1 High Street\nLeeds",
            private_details=private,
        ),
        booking(
            title="Walk",
            discreet_title="",
            venue_title="Park; gate 2, by the café",
            address="",
            private_details="",
        ),
    ]
    rsvps[1].pk = 43
    body = bookings.personal_calendar(rsvps, now=dt.datetime(2026, 11, 24, tzinfo=UTC))
    assert_well_formed(body)

    calendar = Calendar.from_ical(body)
    events = calendar.walk("VEVENT")
    assert [c.name for c in calendar.subcomponents] == ["VEVENT", "VEVENT"]
    assert [set(e) for e in events] == [EXPECTED, EXPECTED]
    assert [e["UID"] for e in events] == [booking_uid(r) for r in rsvps]
    assert [e["SUMMARY"] for e in events] == [one_line(r.title) for r in rsvps]
    assert events[1]["LOCATION"] == "Park; gate 2, by the café"


def test_attachment_and_personal_feed_share_the_public_feeds_uid_domain(settings):
    settings.HEARTH_FEED_UID_DOMAIN = "calendar.hearth.example"
    rsvp = booking(title="t", discreet_title="", venue_title="v", address="", private_details="")
    now = dt.datetime(2026, 11, 24, tzinfo=UTC)
    for body in (
        bookings.calendar_attachment(rsvp, "confirmed", now=now),
        bookings.personal_calendar([rsvp], now=now),
    ):
        (event,) = Calendar.from_ical(body).walk("VEVENT")
        assert event["UID"] == "rsvp-42@calendar.hearth.example"
