"""What reaches people later: date changes, reminders, and retries of a failed send."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command

from events.models import RSVP
from events.services import booking
from events.services.dates import cancel_occurrence, move_occurrence
from tests.factories import make_event_page, make_rsvp, make_venue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def dates(**kwargs):
    kwargs.setdefault("capacity", 1)
    return list(make_event_page(**kwargs).occurrences.order_by("start"))


def test_cancelling_a_date_tells_everyone_booked_or_waiting_at_once(committed):
    occurrence = dates()[1]
    make_rsvp(occurrence, name="Ana", email="ana@example.org")
    make_rsvp(occurrence, name="Bo", email="bo@example.org")  # waiting
    cancelled = make_rsvp(occurrence, name="Cy", email="cy@example.org")
    booking.cancel_booking(rsvp=cancelled)
    mail.outbox.clear()

    with committed():
        cancel_occurrence(occurrence, reason="The hall is closed for repairs.")

    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "bo@example.org"]
    for message in mail.outbox:
        assert message.subject.startswith("Cancelled:")
        assert "The hall is closed for repairs." in message.body
        assert "STATUS:CANCELLED" in message.attachments[0][1]


def test_moving_a_date_tells_people_the_new_time_and_place_and_keeps_their_booking(committed):
    new_venue = make_venue(title="Community Centre", address="1 New Road\nLeeds")
    occurrence = dates(venue=make_venue(title="Old Hall"))[1]
    rsvp = make_rsvp(occurrence, name="Ana", email="ana@example.org")
    mail.outbox.clear()
    new_start = occurrence.start + dt.timedelta(days=1, hours=-1)

    with committed():
        move_occurrence(
            occurrence,
            start=new_start,
            end=new_start + dt.timedelta(hours=2),
            venue=new_venue,
            note="The hall is double-booked.",
        )

    (message,) = mail.outbox
    assert message.subject.startswith("Changed:")
    assert "Wed 2 Dec, 18:00" in message.subject
    assert "it was Tuesday 1 December, 19:00 at Old Hall" in message.body
    assert "Community Centre" in message.body and "1 New Road" in message.body
    assert "The hall is double-booked." in message.body
    assert "DTSTART:20261202T180000Z" in message.attachments[0][1]
    assert RSVP.objects.get(pk=rsvp.pk).is_confirmed


def test_reminders_go_the_day_before_once_with_a_cant_make_it_link(committed):
    today, tomorrow, later = dates(rule="RRULE:FREQ=DAILY", capacity=5)[:3]
    for occurrence in (today, tomorrow, later):
        make_rsvp(occurrence, name="Ana", email="ana@example.org")
    make_rsvp(tomorrow, name="Bo", email="bo@example.org")
    mail.outbox.clear()

    out = StringIO()
    with committed():
        call_command("send_reminders", stdout=out)
        call_command("send_reminders", stdout=StringIO())

    assert "Queued 2 reminders" in out.getvalue()
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "bo@example.org"]
    for message in mail.outbox:
        assert message.subject.startswith("Tomorrow:")
        assert "Can't make it? http://testserver/rsvp/manage/" in message.body
        assert "/cancel/" in message.body


def test_people_still_waiting_get_no_reminder(committed):
    tomorrow = dates(rule="RRULE:FREQ=DAILY")[1]
    make_rsvp(tomorrow, name="Ana", email="ana@example.org")
    make_rsvp(tomorrow, name="Bo", email="bo@example.org")  # waiting: capacity 1
    mail.outbox.clear()

    with committed():
        booking.send_reminders()

    assert [m.to[0] for m in mail.outbox] == ["ana@example.org"]


class FailsTwice(EmailBackend):
    """An SMTP server that refuses the first two attempts."""

    attempts = 0

    def send_messages(self, messages):
        FailsTwice.attempts += 1
        if FailsTwice.attempts <= 2:
            raise ConnectionRefusedError("SMTP down")
        return super().send_messages(messages)


def test_a_failed_send_is_retried_and_never_loses_or_repeats_the_booking(
    settings, committed, frozen_clock
):
    settings.EMAIL_BACKEND = f"{__name__}.FailsTwice"
    FailsTwice.attempts = 0
    occurrence = dates()[1]

    with committed():
        rsvp = make_rsvp(occurrence, name="Ana", email="ana@example.org")
    assert FailsTwice.attempts == 1
    assert mail.outbox == []
    # The outbox tries again after 1 minute, then 2 more (events.outbox.RETRY_DELAYS).
    for minutes in (1, 2):
        frozen_clock.shift(dt.timedelta(minutes=minutes))
        call_command("send_queued_email", "--batch", stdout=StringIO())

    assert FailsTwice.attempts == 3
    assert [m.to[0] for m in mail.outbox] == ["ana@example.org"]
    assert list(occurrence.rsvps.all()) == [rsvp]
    assert rsvp.is_confirmed
