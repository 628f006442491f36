"""Production's durable queue: booking e-mails wait in the database until a worker sends them."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from events.services import booking
from tests.factories import NOW, ensure_home_page, make_event_page

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_booking_email_waits_in_the_queue_until_the_worker_runs(settings, mailoutbox):
    with time_machine.travel(NOW, tick=True):
        ensure_home_page()
        event = make_event_page(title="Gentle yoga", first_date=dt.date(2026, 11, 1))
        settings.TASKS = DATABASE_QUEUE
        occurrence = event.occurrences.order_by("start").first()
        booking.book(occurrence=occurrence, name="Ana", email="ana@example.org")
        assert mailoutbox == []  # committed, queued, not yet sent
        queued = DBTaskResult.objects.filter(task_path="events.tasks.send_booking_email")
        assert queued.count() == 1

        call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())

    assert [m.to for m in mailoutbox] == [["ana@example.org"]]
    assert queued.get().status == "SUCCESSFUL"
    assert occurrence.rsvps.get().status == "confirmed"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_send_is_retried_later_and_the_booking_stands(settings, mailoutbox):
    from tests.flaky_mail import FlakyBackend

    settings.EMAIL_BACKEND = "tests.flaky_mail.FlakyBackend"
    FlakyBackend.failures_left = 1
    with time_machine.travel(NOW, tick=True):
        ensure_home_page()
        event = make_event_page(title="Gentle yoga", first_date=dt.date(2026, 11, 1))
        settings.TASKS = DATABASE_QUEUE
        occurrence = event.occurrences.order_by("start").first()
        booking.book(occurrence=occurrence, name="Ana", email="ana@example.org")
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())
        assert mailoutbox == []
        assert occurrence.rsvps.get().status == "confirmed"  # the failure undid nothing
    with time_machine.travel(NOW + dt.timedelta(minutes=10), tick=True):
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())
    assert [m.to for m in mailoutbox] == [["ana@example.org"]]
    assert occurrence.rsvps.count() == 1
