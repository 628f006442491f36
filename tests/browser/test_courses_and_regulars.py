"""Courses and regulars in Debian's chromium, at 1280 and 375 px, with axe on every page checked:
booking a course (every date at once, one e-mail listing them), and "book every week" then
skipping one date from the booking page while the standing booking goes on."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from playwright.sync_api import expect

from events.models import RSVP, Enrolment
from tests.factories import NOW, ensure_home_page, make_event_page, make_venue

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTHS = {"wide": {"width": 1280, "height": 900}, "narrow": {"width": 375, "height": 812}}


@pytest.fixture
def gatherings(django_db_serialized_rollback, transactional_db, settings):
    settings.HEARTH_OCCURRENCE_HORIZON_DAYS = 60
    # tick=True: the live server thread shares this process and its (travelling) clock.
    with time_machine.travel(NOW, tick=True):
        ensure_home_page()
        venue = make_venue(title="Quaker Meeting House", address="6 Carlton Hill\nLeeds")
        course = make_event_page(
            title="Art therapy course",
            slug="art-therapy-course",
            rule="RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=6",
            first_date=dt.date(2026, 12, 1),
            venue=venue,
            capacity=8,
            is_course=True,
        )
        walk = make_event_page(
            title="Tuesday walking group",
            slug="tuesday-walking-group",
            first_date=dt.date(2026, 11, 3),
            venue=venue,
            capacity=12,
        )
        yield course, walk


def fill(page, name, email):
    form = page.locator("form.rsvp-form")
    form.get_by_label("Name").fill(name)
    form.get_by_label("E-mail address").fill(email)
    form.get_by_label(re.compile("I agree")).check()
    return form


def mail_to(address):
    return [m for m in mail.outbox if m.to == [address]]


@pytest.mark.parametrize("width", WIDTHS)
def test_booking_a_course_books_every_date(
    page, live_server, gatherings, screenshot, page_errors, axe, width
):
    course, _ = gatherings
    page.set_viewport_size(WIDTHS[width])
    third = course.occurrences.order_by("start")[2]
    page.goto(f"{live_server.url}{course.url}{third.date_slug}/")
    rsvp = page.locator(".rsvp")
    expect(rsvp.get_by_role("heading")).to_have_text("Book the course")
    expect(rsvp).to_contain_text("all 6 dates")
    expect(rsvp.locator(".course-dates li")).to_have_count(6)
    expect(rsvp).to_contain_text("Booking closes when the first date starts")
    assert axe() == []
    screenshot(f"course-01-form-{width}")

    form = fill(page, "Ana", f"ana-{width}@example.org")
    form.get_by_role("button", name="Book the course").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You're booked on the course")
    expect(page.locator(".course-dates li")).to_have_count(6)
    assert axe() == []
    screenshot(f"course-02-booked-{width}")

    enrolment = Enrolment.objects.get()
    assert enrolment.is_course
    assert [r.status for r in enrolment.rsvps.all()] == [RSVP.Status.CONFIRMED] * 6
    (confirmation,) = mail_to(f"ana-{width}@example.org")
    assert "all 6 dates" in confirmation.body

    path = re.search(r"https?://[^/\s]+(/rsvp/manage/[^/\s]+/)", confirmation.body).group(1)
    page.goto(f"{live_server.url}{path}")
    expect(page.locator(".enrolment")).to_contain_text("Your course: every date")
    expect(page.locator(".enrolment-dates li")).to_have_count(6)
    assert axe() == []
    screenshot(f"course-03-manage-{width}")
    assert page_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_book_every_week_and_skip_one_date(
    page, live_server, gatherings, screenshot, page_errors, axe, width
):
    _, walk = gatherings
    page.set_viewport_size(WIDTHS[width])
    tonight = walk.occurrences.order_by("start").first()
    page.goto(f"{live_server.url}{walk.url}{tonight.date_slug}/")
    form = fill(page, "Reg", f"reg-{width}@example.org")
    every_week = form.get_by_label(re.compile("Book every week"))
    expect(every_week).not_to_be_checked()
    every_week.check()
    assert axe() == []
    screenshot(f"regular-01-form-{width}")
    form.get_by_role("button", name="Book").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You're booked every week")
    assert axe() == []
    screenshot(f"regular-02-booked-{width}")

    enrolment = Enrolment.objects.get()
    assert enrolment.is_standing
    assert enrolment.rsvps.count() == walk.occurrences.count()

    # Next week's date, from its own booking page: "can't make it this time".
    next_week = enrolment.rsvps.order_by("occurrence__start")[1]
    page.goto(f"{live_server.url}/rsvp/manage/{next_week.token}/")
    expect(page.locator(".enrolment")).to_contain_text("Every week")
    assert axe() == []
    screenshot(f"regular-03-manage-{width}")
    page.get_by_role("button", name=re.compile("skip this date")).click()
    expect(page.locator(".messages")).to_contain_text("you're skipping this date")
    expect(page.locator(".rsvp-status")).to_contain_text("Skipped this time")
    expect(page.locator(".enrolment-dates")).to_contain_text("skipped")
    assert axe() == []
    screenshot(f"regular-04-skipped-{width}")

    next_week.refresh_from_db()
    enrolment.refresh_from_db()
    assert next_week.status == RSVP.Status.CANCELLED
    assert enrolment.is_active
    assert enrolment.rsvps.filter(status=RSVP.Status.CONFIRMED).count() == (
        walk.occurrences.count() - 1
    )
    assert any(m.subject.startswith("You're skipping") for m in mail_to(f"reg-{width}@example.org"))
    assert page_errors == []
