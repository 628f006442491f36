"""Anonymous feedback: who is asked and when, once; an answer once per link, joined to nothing."""

import datetime as dt
import hashlib
import re
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection

from events.models import RSVP, FeedbackAnswer, FeedbackInvitation
from events.services import attendees, booking, feedback, privacy
from tests.factories import make_event_page, make_rsvp

UTC = dt.UTC
# Tuesday 24 November 2026, 10:00 London: the Monday group met last night at 19:00.
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def last_nights_date(**kwargs):
    with time_machine.travel(dt.datetime(2026, 11, 1, tzinfo=UTC), tick=False):
        event = make_event_page(
            rule="RRULE:FREQ=WEEKLY;BYDAY=MO", first_date=dt.date(2026, 11, 2), **kwargs
        )
    return event.occurrences.get(start__date=dt.date(2026, 11, 23))


def asked():
    return sorted(m.to[0].split("@")[0] for m in mail.outbox)


def token_in(message):
    return re.search(r"/feedback/([\w-]+)/", message.body).group(1)


def send(committed, **kwargs):
    with committed():
        return feedback.send_feedback_requests(**kwargs)


def test_people_who_came_are_asked_the_day_after_and_no_one_else(committed):
    occurrence = last_nights_date()
    came = make_rsvp(occurrence, name="Ana", email="ana@example.org")
    attendees.check_in(rsvp=came)
    make_rsvp(occurrence, name="Bo", email="bo@example.org")  # booked, not checked in
    gone = make_rsvp(occurrence, name="Cy", email="cy@example.org")
    with time_machine.travel(occurrence.start - dt.timedelta(days=1), tick=False):
        booking.cancel_booking(rsvp=gone)
    said_no = make_rsvp(occurrence, name="Di", email="di@example.org", feedback_wanted=False)
    attendees.check_in(rsvp=said_no)
    mail.outbox.clear()

    assert send(committed) == 1

    assert asked() == ["ana"]
    (message,) = mail.outbox
    assert message.subject == f"How did you feel after {occurrence.event.title}? (Mon 23 Nov)"
    assert "How did you feel after the session?" in message.body
    for face in ["Very low", "Low", "Okay", "Good", "Very good"]:
        assert f"{face}: http://testserver/feedback/" in message.body
    assert "?feeling=5" in message.alternatives[0][0]
    assert "never with your name, your booking or your e-mail address" in message.body


def test_on_a_date_nobody_checked_in_everyone_booked_is_asked(committed):
    occurrence = last_nights_date()
    for who in ["ana", "bo", "cy"]:
        make_rsvp(occurrence, name=who, email=f"{who}@example.org")
    mail.outbox.clear()

    send(committed)

    assert asked() == ["ana", "bo", "cy"]


def test_discreet_bookings_are_asked_only_when_their_person_said_yes(committed):
    occurrence = last_nights_date(title="Bereavement circle")
    quiet = make_rsvp(occurrence, name="Ana", email="ana@example.org")
    privacy.set_discreet_title(rsvp=quiet, title="Tuesday group")
    willing = make_rsvp(occurrence, name="Bo", email="bo@example.org")
    privacy.set_discreet_title(rsvp=willing, title="Evening group")
    feedback.set_feedback_wanted(rsvp=willing, wanted=True)
    mail.outbox.clear()

    send(committed)

    (message,) = mail.outbox
    assert message.to == ["bo@example.org"]
    assert "Evening group" in message.subject
    assert "Bereavement" not in message.subject + message.body


def test_the_job_asks_once_however_often_it_runs(committed):
    occurrence = last_nights_date()
    make_rsvp(occurrence, name="Ana", email="ana@example.org")
    mail.outbox.clear()
    out = StringIO()

    with committed():
        call_command("send_feedback_requests", stdout=out)
        call_command("send_feedback_requests", stdout=StringIO())
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        assert send(committed) == 0

    assert "Queued 1 feedback request;" in out.getvalue()
    assert asked() == ["ana"]
    assert FeedbackInvitation.objects.count() == 1


def test_nobody_is_asked_on_the_day_itself_or_long_after(committed):
    occurrence = last_nights_date()
    make_rsvp(occurrence, name="Ana", email="ana@example.org")
    mail.outbox.clear()

    with time_machine.travel(occurrence.end + dt.timedelta(minutes=30), tick=False):
        assert send(committed) == 0  # 21:00 the same evening
    with time_machine.travel(occurrence.end + dt.timedelta(days=4), tick=False):
        assert send(committed) == 0

    assert mail.outbox == []


def test_people_on_a_cancelled_date_are_not_asked(committed):
    occurrence = last_nights_date()
    make_rsvp(occurrence, name="Ana", email="ana@example.org")
    occurrence.status = "cancelled"
    occurrence.save()
    mail.outbox.clear()

    assert send(committed) == 0


class FailsOnce(EmailBackend):
    attempts = 0

    def send_messages(self, messages):
        FailsOnce.attempts += 1
        if FailsOnce.attempts == 1:
            raise ConnectionRefusedError("SMTP down")
        return super().send_messages(messages)


def test_a_failed_send_withdraws_its_link_and_the_retry_sends_a_fresh_one(settings, committed):
    settings.EMAIL_BACKEND = f"{__name__}.FailsOnce"
    FailsOnce.attempts = 0
    occurrence = last_nights_date()
    make_rsvp(occurrence, name="Ana", email="ana@example.org")
    mail.outbox.clear()

    send(committed)

    assert FailsOnce.attempts == 2
    (message,) = mail.outbox
    (invitation,) = FeedbackInvitation.objects.all()
    assert invitation.token_hash == hashlib.sha256(token_in(message).encode()).hexdigest()


def test_a_feedback_link_works_once():
    occurrence = last_nights_date()
    token = FeedbackInvitation.issue(occurrence=occurrence)

    feedback.answer(token=token, feeling=4)
    with pytest.raises(feedback.FeedbackLinkGone):
        feedback.answer(token=token, feeling=1)
    with pytest.raises(feedback.FeedbackLinkGone):
        feedback.open_invitation(token)

    (answer,) = FeedbackAnswer.objects.all()
    assert (answer.feeling, answer.occurrence_id) == (4, occurrence.pk)


def test_a_feedback_link_stops_working_when_it_expires(settings):
    settings.HEARTH_FEEDBACK_LINK_DAYS = 14
    occurrence = last_nights_date()
    token = FeedbackInvitation.issue(occurrence=occurrence)

    with time_machine.travel(occurrence.end + dt.timedelta(days=14, minutes=1), tick=False):
        with pytest.raises(feedback.FeedbackLinkGone):
            feedback.answer(token=token, feeling=4)
        assert feedback.tidy_feedback() == (1, 0)
    assert not FeedbackInvitation.objects.exists()


def snapshot():
    """Every row of every table, as text: what someone with the whole database could read."""
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows[table] = {tuple(str(v) for v in row) for row in cursor.fetchall()}
    return rows


def test_an_answer_cannot_be_joined_to_a_booking_through_any_table(committed):
    occurrence = last_nights_date()
    for who in ["ana", "bo", "cy"]:
        attendees.check_in(rsvp=make_rsvp(occurrence, name=who, email=f"{who}@example.org"))
    mail.outbox.clear()
    send(committed)
    tokens = {m.to[0]: token_in(m) for m in mail.outbox}
    invitations = list(FeedbackInvitation.objects.all())
    # Nothing tells one invitation from another but its hash: not the booking, not the time.
    assert {i.expires_at for i in invitations} == {FeedbackInvitation.expiry_for(occurrence)}
    rsvps_before = list(RSVP.objects.values())
    before = snapshot()

    with time_machine.travel(NOW + dt.timedelta(hours=3, minutes=17), tick=False):
        answer = feedback.answer(
            token=tokens["bo@example.org"], feeling=5, less_alone=4, comment="Lovely."
        )
    after = snapshot()

    # What was written: one answer row; what was removed: bo's invitation. Nothing else moved.
    changed = {t for t in after if after[t] != before[t]}
    invitation_table = FeedbackInvitation._meta.db_table
    answer_table = FeedbackAnswer._meta.db_table
    assert changed == {invitation_table, answer_table}
    assert len(before[invitation_table] - after[invitation_table]) == 1
    assert after[invitation_table] < before[invitation_table]
    assert list(RSVP.objects.values()) == rsvps_before
    # The answer holds the date, the scores, the comment and the day: no time, no booking.
    assert {f.column for f in FeedbackAnswer._meta.concrete_fields} == {
        "id",
        "occurrence_id",
        "answered_on",
        "feeling",
        "less_alone",
        "comment",
    }
    assert answer.answered_on == dt.date(2026, 11, 24)
    assert {f.column for f in FeedbackInvitation._meta.concrete_fields} == {
        "token_hash",
        "occurrence_id",
        "expires_at",
    }
    # No table points at an answer, and no stored value is the token or its hash.
    pointing = [
        f"{m.__name__}.{f.name}"
        for m in apps.get_models()
        for f in m._meta.get_fields()
        if f.is_relation and f.concrete and f.related_model is FeedbackAnswer
    ]
    assert pointing == []
    token = tokens["bo@example.org"]
    secret_forms = {token, hashlib.sha256(token.encode()).hexdigest()}
    everything = " ".join(v for rows in after.values() for row in rows for v in row)
    assert not any(secret in everything for secret in secret_forms)


def test_comments_are_blanked_after_the_comment_window_and_scores_stay(settings):
    settings.HEARTH_FEEDBACK_COMMENT_DAYS = 365
    occurrence = last_nights_date()
    feedback.answer(token=FeedbackInvitation.issue(occurrence=occurrence), feeling=2, comment="Hm")

    with time_machine.travel(occurrence.end + dt.timedelta(days=366), tick=False):
        assert feedback.tidy_feedback() == (0, 1)

    (answer,) = FeedbackAnswer.objects.all()
    assert (answer.feeling, answer.comment) == (2, "")
