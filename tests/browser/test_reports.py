"""Reports and anonymous feedback in Debian's chromium: the organiser's attendance and feedback
reports at 1280 px, and a visitor answering the feedback question on a phone (375 px)."""

import csv
import datetime as dt
import io
import random

import pytest
import time_machine
from playwright.sync_api import expect

from events.models import RSVP, FeedbackAnswer, FeedbackInvitation, Occurrence
from events.services import pseudonyms
from events.services.access import make_organiser
from tests.factories import ensure_home_page, make_category, make_event_page, make_venue

NOW = dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)
FACES = {"Very low": 1, "Low": 2, "Okay": 3, "Good": 4, "Very good": 5}
PASSWORD = "a-long-test-password"
COMMENTS = [
    "The tea and the quiet start helped me settle.",
    "I didn't say much but I felt welcome.",
    "Good to see familiar faces again.",
]


def a_year_of_gatherings():
    """Three gatherings since December 2025, with bookings, check-ins, walk-ins and answers."""
    rng = random.Random(16)
    hall = make_venue(title="Riverside Community Hall")
    chapel = make_venue(title="Old Chapel Rooms")
    with time_machine.travel(dt.datetime(2025, 11, 30, tzinfo=dt.UTC), tick=False):
        events = [
            make_event_page(
                title="Walk and talk",
                category=make_category(name="Fitness", slug="fitness"),
                venue=hall,
                capacity=12,
                first_date=dt.date(2025, 12, 2),
            ),
            make_event_page(
                title="Evening art therapy",
                category=make_category(name="Art therapy", slug="art-therapy"),
                venue=chapel,
                capacity=10,
                rule="RRULE:FREQ=WEEKLY;BYDAY=TH",
                first_date=dt.date(2025, 12, 4),
            ),
            make_event_page(
                title="Bereavement circle",
                category=make_category(name="Peer support", slug="peer-support"),
                venue=hall,
                capacity=8,
                rule="RRULE:FREQ=MONTHLY;BYDAY=+2SA",
                first_date=dt.date(2025, 12, 13),
            ),
        ]
    people = [f"person{n}@example.org" for n in range(60)]
    names = {p: pseudonyms.pseudonym(p) for p in people}
    key = pseudonyms.key_id()
    rsvps, answers = [], []
    for event in events:
        regulars = rng.sample(people, 9)
        for occurrence in event.occurrences.filter(start__lt=NOW).order_by("start"):
            came = 0
            who = rng.sample(regulars, rng.randrange(4, 9)) + rng.sample(people, 2)
            for email in dict.fromkeys(who):
                status = rng.choices(["attended", "confirmed", "cancelled"], [7, 1, 1])[0]
                came += status == "attended"
                rsvps.append(
                    RSVP(
                        occurrence=occurrence,
                        email=email,
                        name="Someone",
                        status=status,
                        cancelled_at=occurrence.start - dt.timedelta(hours=5),
                        pseudonym=names[email],
                        pseudonym_key=key,
                    )
                )
            Occurrence.objects.filter(pk=occurrence.pk).update(walk_ins=rng.randrange(0, 4))
            for n in range(rng.randrange(came // 2, came + 1)):
                said = COMMENTS[n] if n < len(COMMENTS) and rng.random() < 0.15 else ""
                answers.append(
                    FeedbackAnswer(
                        occurrence=occurrence,
                        answered_on=occurrence.start.date() + dt.timedelta(days=1),
                        feeling=rng.choices([2, 3, 4, 5], [1, 2, 4, 4])[0],
                        less_alone=rng.choice([None, 3, 4, 5, 5]),
                        comment=said,
                    )
                )
    RSVP.objects.bulk_create(rsvps)
    FeedbackAnswer.objects.bulk_create(answers)
    return events


@pytest.fixture
def reports_data(django_db_serialized_rollback, transactional_db, django_user_model):
    with time_machine.travel(NOW, tick=True):
        ensure_home_page()
        events = a_year_of_gatherings()
        user = django_user_model.objects.create_user("sam", "sam@example.org", PASSWORD)
        for event in events:
            make_organiser(user, event)
        yield events


def whole_page(page, screenshot, name):
    """The admin scrolls inside its own pane, so a full-page shot needs a viewport that tall."""
    size = page.viewport_size
    height = page.evaluate(
        "Math.max(...[...document.querySelectorAll('*')].map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": size["width"], "height": min(height, 8000)})
    path = screenshot(name)
    page.set_viewport_size(size)
    return path


def log_in(page, live_server):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "sam")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_organiser_reads_the_attendance_report_and_downloads_it_for_a_funder(
    page, live_server, reports_data, screenshot, axe, page_errors
):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server)
    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="Attendance").click()

    main = page.locator("main")
    expect(main.get_by_role("heading", name="By gathering")).to_be_visible()
    expect(page.get_by_role("img", name="People who came, by month")).to_be_visible()
    expect(page.get_by_role("img", name="Returning share, by month")).to_be_visible()
    expect(page.get_by_role("img", name="Capacity used, by month")).to_be_visible()
    expect(main).to_contain_text("Bereavement circle")
    expect(main).to_contain_text("fewer than 5")
    assert "person0@example.org" not in page.content()
    whole_page(page, screenshot, "reports-01-attendance-1280")
    assert axe() == []

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("hearth-attendance-2025-12-01-to-")
    rows = list(csv.reader(io.StringIO(open(download.path(), encoding="utf-8-sig").read())))
    assert rows[1][0] == "Period" and rows[3][0] == "Suppression"
    assert page_errors == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_organiser_reads_how_sessions_felt_and_the_comments(
    page, live_server, reports_data, screenshot, axe, page_errors
):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/reports/feedback/")

    table = page.locator("table.hearth-report-table")
    expect(table).to_contain_text("Walk and talk")
    expect(table).to_contain_text("Average feeling")
    whole_page(page, screenshot, "reports-02-feedback-1280")
    assert axe() == []

    page.get_by_role("link", name="Read the comments on Walk and talk").click()
    expect(page.locator(".hearth-comments")).to_contain_text(COMMENTS[0])
    expect(page.locator(".hearth-comment-date").first).to_contain_text("About ")
    whole_page(page, screenshot, "reports-03-comments-1280")
    assert axe() == []
    assert page_errors == []


@pytest.fixture
def feedback_link(django_db_serialized_rollback, transactional_db):
    with time_machine.travel(NOW, tick=True):
        ensure_home_page()
        with time_machine.travel(dt.datetime(2026, 11, 1, tzinfo=dt.UTC), tick=False):
            event = make_event_page(
                title="Bereavement circle",
                rule="RRULE:FREQ=WEEKLY;BYDAY=MO",
                first_date=dt.date(2026, 11, 2),
            )
        occurrence = event.occurrences.get(start__date=dt.date(2026, 11, 23))
        yield FeedbackInvitation.issue(occurrence=occurrence)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_visitor_answers_the_feedback_question_on_a_phone_once(
    page, live_server, feedback_link, screenshot, axe, page_errors
):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/feedback/{feedback_link}/?feeling=4")

    expect(page.get_by_role("radio", name="Good", exact=True)).to_be_checked()
    assert page.get_by_role("group", name="How did you feel after the session?").is_visible()
    for face in FACES:
        box = page.locator(f"label[for=feeling-{FACES[face]}]").bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, "faces big enough for a thumb"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot("feedback-01-question-375")
    assert axe() == []

    page.locator("label[for=feeling-5]").click()
    page.get_by_role("radio", name="Agree", exact=True).check()
    page.get_by_label("Anything you would like to tell us? (optional)").fill(
        "I felt lighter walking home."
    )
    screenshot("feedback-02-filled-375")
    page.get_by_role("button", name="Send").click()

    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    screenshot("feedback-03-thanks-375")
    assert axe() == []
    (answer,) = FeedbackAnswer.objects.all()
    assert (answer.feeling, answer.less_alone) == (5, 4)

    page.goto(f"{live_server.url}/feedback/{feedback_link}/")
    expect(page.get_by_role("heading", name="This link has done its job")).to_be_visible()
    screenshot("feedback-04-used-375")
    assert page_errors == []
