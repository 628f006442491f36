"""Every e-mail to a booker arrives once: the outbox, its worker, retries and failures.

Most tests talk to a real SMTP server (aiosmtpd on 127.0.0.1, tests/smtp_sink.py) through
Django's SMTP backend, with the worker (`send_queued_email`) run in this process and the clock
moved on to each retry. The SIGKILL test runs the worker as its own process on PostgreSQL.
"""

import datetime as dt
import os
import signal
import smtplib
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar
from wagtail.models import ModelLogEntry

from events import outbox
from events.models import RSVP, OutboundEmail
from events.services import attendees, booking, email_problems
from events.services.access import make_organiser
from tests.factories import ensure_home_page, make_event_page
from tests.smtp_sink import Sink, free_port

NOW = dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)
ROOT = Path(__file__).resolve().parents[2]
ON_POSTGRES = django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
State = OutboundEmail.State


def run_worker(**kwargs):
    out = StringIO()
    call_command("send_queued_email", "--batch", stdout=out, **kwargs)
    return out.getvalue()


def book(occurrence, who):
    return booking.book(occurrence=occurrence, name=who.title(), email=f"{who}@example.org").rsvp


def use_smtp(settings, port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def worker_mode(settings):
    """As in production: e-mails wait in the outbox for `send_queued_email`."""
    settings.HEARTH_EMAIL_DELIVERY = "worker"


@pytest.fixture
def occurrence(db):
    with time_machine.travel(NOW, tick=False):
        event = make_event_page(title="Gentle yoga", first_date=dt.date(2026, 11, 1), capacity=50)
        return event.occurrences.upcoming(NOW).order_by("start").first()


# The queue -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_booking_email_waits_in_the_outbox_until_the_worker_sends_it(worker_mode, occurrence):
    with time_machine.travel(NOW, tick=True):
        rsvp = book(occurrence, "ana")
        (email,) = OutboundEmail.objects.all()
        assert (email.state, email.kind, email.rsvp_id) == (State.QUEUED, "confirmed", rsvp.pk)
        assert mail.outbox == []  # committed and recorded, not yet sent

        assert "sent 1" in run_worker()

    (message,) = mail.outbox
    assert message.to == ["ana@example.org"]
    assert message.extra_headers["Message-ID"] == email.message_id
    email.refresh_from_db()
    assert (email.state, email.attempts, email.payload) == (State.SENT, 1, {})
    assert run_worker() == "send_queued_email: nothing due\n"  # sent once, never again


@pytest.mark.django_db
def test_the_sent_line_carries_the_id_of_the_booking_request(
    client, worker_mode, occurrence, caplog
):
    """An operator finds the worker's "sent" line from the booking's request id (HAProxy's)."""
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            f"/rsvp/{occurrence.pk}/",
            {"name": "Ana", "email": "ana@example.org", "party_size": "1", "privacy": "on"},
            HTTP_X_REQUEST_ID="0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
        )
        assert response.status_code == 302
        [email] = OutboundEmail.objects.all()
        assert email.request_id == "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
        with caplog.at_level("INFO", logger="events.outbox"):
            run_worker()
    [sent] = [r for r in caplog.records if r.getMessage().startswith("Sent outbound e-mail")]
    assert sent.request_id == "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
    assert "ana" not in sent.getMessage().lower()
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_rolled_back_booking_leaves_no_email(worker_mode, occurrence):
    from django.db import transaction

    with time_machine.travel(NOW, tick=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            book(occurrence, "ana")
            raise RuntimeError("something after the booking failed")
    assert not OutboundEmail.objects.exists()
    assert not RSVP.objects.exists()


@pytest.mark.django_db
def test_one_worker_sends_a_batch_over_one_smtp_connection(settings, worker_mode, occurrence):
    with Sink() as sink, time_machine.travel(NOW, tick=True):
        use_smtp(settings, sink.port)
        rsvps = [book(occurrence, f"person{n}") for n in range(12)]
        run_worker(batch_size=50)

    assert sink.recipients() == sorted(r.email for r in rsvps)
    assert sink.connections == 1
    ids = sink.message_ids()
    assert len(set(ids)) == 12
    assert set(ids) == set(OutboundEmail.objects.values_list("message_id", flat=True))


@pytest.mark.django_db
def test_a_claim_whose_worker_died_is_taken_up_after_its_lease(settings, worker_mode, occurrence):
    settings.HEARTH_EMAIL_LEASE_SECONDS = 300
    with time_machine.travel(NOW, tick=False):
        book(occurrence, "ana")
        # A worker claims the e-mail, then dies before sending it.
        _, claimed, _ = outbox.claim(worker="dead-worker", limit=10)
        assert len(claimed) == 1
    with time_machine.travel(NOW + dt.timedelta(seconds=299), tick=False):
        assert run_worker() == "send_queued_email: nothing due\n"  # the lease still holds
    with time_machine.travel(NOW + dt.timedelta(seconds=301), tick=False):
        run_worker()
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    assert OutboundEmail.objects.get().state == State.SENT


@pytest.mark.django_db
def test_a_worker_whose_lease_was_taken_over_does_not_send(worker_mode, occurrence):
    with time_machine.travel(NOW, tick=False):
        book(occurrence, "ana")
        slow, pks, deadline = outbox.claim(worker="slow", limit=1)
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        run_worker()  # took the row over and sent it
        # The slow worker wakes up: its lease has run out, so it sends nothing.
        assert outbox.send_claimed(slow, pks, deadline=deadline) == {"lost": 1}
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_organisers_messages_and_moved_dates_keep_their_text_only_until_sent(
    worker_mode, occurrence
):
    with time_machine.travel(NOW, tick=True):
        book(occurrence, "ana")
        attendees.email_attendees(
            occurrence=occurrence, subject="Bring a mat", message="The hall floor is cold."
        )
        message = OutboundEmail.objects.get(kind="message")
        assert message.payload == {"subject": "Bring a mat", "message": "The hall floor is cold."}
        run_worker()

    assert "The hall floor is cold." in mail.outbox[-1].body
    message.refresh_from_db()
    assert message.state == State.SENT and message.payload == {}


# Failures ---------------------------------------------------------------------------------------


class BookersMailServerDown(EmailBackend):
    """The booker's mail cannot go (a temporary 421), while reports to ADMINS still can."""

    def send_messages(self, messages):
        admins = {address for _, address in django_settings.ADMINS}
        if any(set(m.to) - admins for m in messages):
            raise smtplib.SMTPResponseException(421, b"Service not available for ana@example.org")
        return super().send_messages(messages)


@pytest.mark.django_db
def test_a_send_that_fails_every_retry_shows_in_email_problems_with_a_working_resend(
    settings, worker_mode, occurrence, client, django_user_model
):
    settings.EMAIL_BACKEND = f"{__name__}.BookersMailServerDown"
    elsewhere = make_event_page(title="Men's shed", first_date=dt.date(2026, 11, 1))
    organiser = django_user_model.objects.create_user("sam", "sam@example.org", "pw-long-enough")
    make_organiser(organiser, occurrence.event)
    stranger = django_user_model.objects.create_user("kim", "kim@example.org", "pw-long-enough")
    make_organiser(stranger, elsewhere)

    clock = NOW
    with time_machine.travel(clock, tick=False):
        rsvp = book(occurrence, "ana")
        email = OutboundEmail.objects.get()
        run_worker()
    for delay in outbox.RETRY_DELAYS:
        clock += dt.timedelta(minutes=delay)
        with time_machine.travel(clock, tick=False):
            run_worker()
            email.refresh_from_db()
            if email.state == State.QUEUED:
                assert email.next_attempt_at > clock  # waiting for its next try

    email.refresh_from_db()
    assert email.attempts == outbox.MAX_ATTEMPTS
    assert email.state == State.FAILED and email.sent_at is None  # never recorded as sent
    assert email.last_error.startswith("SMTPResponseException: 421 Service not available")
    assert "ana@example.org" not in email.last_error
    # ADMINS are told which date and why, but not who.
    (report,) = mail.outbox
    assert report.to == ["admin@hearth.example"]
    assert "Gentle yoga" in report.subject and "421" in report.body
    assert "/admin/email-problems/" in report.body
    assert "ana@example.org" not in report.body + report.subject
    assert "Ana" not in report.body + report.subject

    # The gathering's organiser sees who, which date, why, when; another organiser does not.
    client.force_login(organiser)
    page = client.get(reverse("events_email_problems")).content.decode()
    assert "<td>Ana</td>" in page and "Gentle yoga, Tue 24 Nov, 19:00" in page
    assert "421 Service not available" in page and "after 8 attempts" in page
    assert "ana@example.org" not in page
    client.force_login(stranger)
    assert "Gentle yoga" not in client.get(reverse("events_email_problems")).content.decode()
    assert client.post(reverse("events_email_resend", args=[email.pk])).status_code == 302
    email.refresh_from_db()
    assert email.state == State.FAILED  # a stranger's resend changes nothing

    # The mail server is fixed; the organiser presses Resend.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.force_login(organiser)
    with time_machine.travel(clock + dt.timedelta(hours=1), tick=False):
        response = client.post(reverse("events_email_resend", args=[email.pk]))
        assert response.status_code == 302
        run_worker()
    email.refresh_from_db()
    assert email.state == State.SENT and email.attempts == 1
    assert [m.to for m in mail.outbox] == [["admin@hearth.example"], ["ana@example.org"]]
    assert mail.outbox[-1].extra_headers["Message-ID"] == email.message_id
    assert ModelLogEntry.objects.filter(action=email_problems.RESENT, user=organiser).exists()
    assert "None: every e-mail" in client.get(reverse("events_email_problems")).content.decode()
    assert rsvp.status == RSVP.Status.CONFIRMED


@pytest.mark.django_db
def test_administrators_see_every_gatherings_email_problems(
    settings, worker_mode, occurrence, admin_client
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusesTheAddress"
    with time_machine.travel(NOW, tick=False):
        book(occurrence, "ana")
        run_worker()
    page = admin_client.get(reverse("events_email_problems")).content.decode()
    assert "<td>Ana</td>" in page and "refused the address (550)" in page
    assert 'action="/admin/email-problems/' in page


class RefusesTheAddress(EmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({m.to[0]: (550, b"No such user") for m in messages})


@pytest.mark.django_db
def test_a_permanent_refusal_fails_at_once_without_retrying(settings, worker_mode, occurrence):
    settings.EMAIL_BACKEND = f"{__name__}.RefusesTheAddress"
    with time_machine.travel(NOW, tick=False):
        book(occurrence, "ana")
        run_worker()
    email = OutboundEmail.objects.get()
    assert (email.state, email.attempts) == (State.FAILED, 1)
    assert email.last_error == ("SMTPRecipientsRefused: the mail server refused the address (550)")


@pytest.mark.django_db
def test_smtp_down_for_minutes_then_back_delivers_every_email_exactly_once(
    settings, worker_mode, occurrence
):
    sink = Sink(port=free_port())  # not started: nothing listens on its port
    use_smtp(settings, sink.port)
    with time_machine.travel(NOW, tick=False):
        rsvps = [book(occurrence, f"person{n}") for n in range(5)]
        assert "retry 5" in run_worker()
    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        assert "retry 5" in run_worker()  # still down a minute later
    emails = list(OutboundEmail.objects.all())
    assert {(e.state, e.attempts) for e in emails} == {(State.QUEUED, 2)}
    assert all("connection refused" in e.last_error for e in emails)

    sink.start()  # back after three minutes
    try:
        with time_machine.travel(NOW + dt.timedelta(minutes=3), tick=False):
            assert "sent 5" in run_worker()
        for minutes in (10, 60, 600):  # and nothing more, however long the worker runs
            with time_machine.travel(NOW + dt.timedelta(minutes=minutes), tick=False):
                run_worker()
    finally:
        sink.stop()
    assert sink.recipients() == sorted(r.email for r in rsvps)
    assert sorted(sink.message_ids()) == sorted(e.message_id for e in emails)


@pytest.mark.django_db
def test_an_erased_booking_gets_no_email(worker_mode, occurrence):
    from events.services import privacy

    with time_machine.travel(NOW, tick=False):
        book(occurrence, "ana")
        privacy.erase_personal_data(occurrence=occurrence)
        assert run_worker() == "send_queued_email: nothing due\n"
    assert mail.outbox == []
    email = OutboundEmail.objects.get()
    assert email.state == State.SKIPPED
    assert outbox.compose(email) is None  # nor would a worker already holding it send it


def test_errors_are_described_without_the_address():
    refused = smtplib.SMTPRecipientsRefused({"ana@example.org": (550, b"ana@example.org unknown")})
    assert "example.org" not in outbox.describe_error(refused)
    data = smtplib.SMTPDataError(554, b"Message from <ana@example.org> rejected")
    assert outbox.describe_error(data) == "SMTPDataError: 554 Message from <[address]> rejected"


# A worker killed mid-send ------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.skipif(
    not ON_POSTGRES,
    reason="the worker runs as its own process against the test database, which needs a "
    "server database (SQLite's test database is in memory); run with DATABASE_URL=postgres://",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_send_delivers_each_email_exactly_once_after_restart(
    worker_mode, tmp_path
):
    ensure_home_page()
    event = make_event_page(title="Gentle yoga", first_date=dt.date(2026, 11, 1), capacity=50)
    occurrence = event.occurrences.upcoming().order_by("start").first()
    rsvps = [book(occurrence, f"person{n}") for n in range(3)]

    db = connection.settings_dict
    lease = 3
    with Sink(delay=1.5) as sink:  # a slow mail server: 1.5 s before it accepts each message
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hearth.settings.production",
            "SECRET_KEY": "test-only",
            "HEARTH_PSEUDONYM_KEY": "test-only",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink.port),
            "HEARTH_EMAIL_LEASE_SECONDS": str(lease),
        }

        def start_worker(name):
            log = (tmp_path / f"{name}.log").open("w")
            return subprocess.Popen(
                [sys.executable, "manage.py", "send_queued_email", "--interval=0.2", "-v2"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

        first = start_worker("first")
        try:
            assert sink.receiving.wait(30), (tmp_path / "first.log").read_text()
            first.send_signal(signal.SIGKILL)  # in the middle of handing over the first e-mail
            first.wait(10)
        finally:
            if first.poll() is None:
                first.kill()
        assert sink.messages == []
        sending = OutboundEmail.objects.filter(state=State.SENDING)
        assert sending.count() == 3  # the dead worker's claim, until its lease runs out

        time.sleep(0.5)
        second = start_worker("second")
        try:
            assert sink.wait_for(3, timeout=60), (tmp_path / "second.log").read_text()
            time.sleep(lease + 1)  # any second copy would have come by now
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(20)

    assert sink.recipients() == sorted(r.email for r in rsvps)
    emails = OutboundEmail.objects.order_by("pk")
    assert sorted(sink.message_ids()) == sorted(e.message_id for e in emails)
    assert {e.state for e in emails} == {State.SENT}
    assert max(e.attempts for e in emails) == 2  # the killed attempt is counted


# In the language they booked in -----------------------------------------------------------------


def calendar_description(message):
    (ics,) = [content for name, content, _ in message.attachments if name.endswith(".ics")]
    (vevent,) = Calendar.from_ical(ics).walk("VEVENT")
    return str(vevent["DESCRIPTION"])


@pytest.mark.django_db
def test_a_booking_made_in_polish_gets_its_emails_and_calendar_in_polish(
    occurrence, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        with translation.override("pl"), django_capture_on_commit_callbacks(execute=True):
            rsvp = book(occurrence, "ana")
        assert rsvp.language == "pl"

        (confirmation,) = mail.outbox
        assert confirmation.subject == "Masz rezerwację: Gentle yoga, wt., 24 lis, 19:00"
        assert confirmation.body.startswith("Dzień dobry, Ana,\n\nMasz rezerwację.\n")
        assert "wtorek, 24 listopada 2026, 19:00–20:30" in confirmation.body
        html, _ = confirmation.alternatives[0]
        assert '<html lang="pl" dir="ltr">' in html and "Zobacz lub zmień rezerwację" in html
        assert calendar_description(confirmation).startswith("Twoja rezerwacja: http")

    # The reminder is queued by a job that speaks no language (the evening before, in
    # English): it still comes in Polish.
    mail.outbox.clear()
    with time_machine.travel(NOW - dt.timedelta(hours=12), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", stdout=StringIO())
    (reminder,) = mail.outbox
    assert reminder.subject.startswith("Jutro: Gentle yoga, ")
    assert "Przypomnienie: do zobaczenia jutro." in reminder.body


@pytest.mark.django_db
def test_a_booking_made_in_english_keeps_its_english_emails(
    occurrence, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            rsvp = book(occurrence, "ana")
    assert rsvp.language == "en-gb"
    (confirmation,) = mail.outbox
    assert confirmation.subject == "You're booked: Gentle yoga, Tue 24 Nov, 19:00"
    assert confirmation.body.startswith("Hello Ana,\n\nYou're booked.\n")
    html, _ = confirmation.alternatives[0]
    assert '<html lang="en-GB" dir="ltr">' in html
    assert calendar_description(confirmation).startswith("Your booking: http")


@pytest.mark.django_db
def test_a_booking_made_in_arabic_gets_an_arabic_right_to_left_email(
    occurrence, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        with translation.override("ar"), django_capture_on_commit_callbacks(execute=True):
            book(occurrence, "ana")
    (confirmation,) = mail.outbox
    assert confirmation.subject == "تم حجزك: Gentle yoga، الثلاثاء، 24 نوفمبر، 19:00"
    html, _ = confirmation.alternatives[0]
    assert '<html lang="ar" dir="rtl">' in html
    assert calendar_description(confirmation).startswith("حجزك: http")
