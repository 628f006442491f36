"""Organisers at the door and at the desk, in Debian's chromium: check-in on a phone, the CSV
export, and cancelling a date so that everyone booked is told."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from playwright.sync_api import expect

from events.services import booking
from events.services.access import make_organiser
from tests.factories import NOW, ensure_home_page, make_event_page, make_venue

PASSWORD = "a-long-test-password"


@pytest.fixture
def booked_tonight(django_db_serialized_rollback, transactional_db, django_user_model):
    with time_machine.travel(NOW, tick=True):
        ensure_home_page()
        event = make_event_page(
            title="Bereavement circle",
            slug="bereavement-circle",
            venue=make_venue(title="Harehills Neighbourhood Centre"),
            capacity=6,
            max_party_size=3,
            first_date=dt.date(2026, 11, 1),
        )
        occurrence = event.occurrences.order_by("start").first()
        for name, email, size in [
            ("Ama Mensah", "ama@example.org", 2),
            ("Bea Ødegaard", "bea@example.org", 1),
            ("Chen Li", "chen@example.org", 3),
        ]:
            booking.book(occurrence=occurrence, name=name, email=email, party_size=size)
        user = django_user_model.objects.create_user("sam", "sam@example.org", PASSWORD)
        make_organiser(user, event)
        mail.outbox.clear()
        yield occurrence


def log_in(page, live_server, username="sam"):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_organiser_checks_in_two_attendees_on_a_phone(
    page, live_server, booked_tonight, screenshot, page_errors, axe
):
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(page, live_server)
    expect(page.locator("#hearth-this-week")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Bereavement circle")
    screenshot("organiser-01-dashboard-phone")

    page.get_by_role("link", name="Check-in for Bereavement circle").first.click()
    counts = page.locator("[data-counts]")
    expect(counts).to_contain_text("6 of 6 seats booked")
    expect(counts).to_contain_text("0 checked in")
    for name in ["Ama Mensah", "Chen Li"]:
        button = page.get_by_role("button", name=f"Check in {name}")
        box = button.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, "targets big enough for a thumb"
        button.click()
        expect(page.get_by_role("button", name=f"Undo check-in of {name}")).to_be_visible()
    expect(counts).to_contain_text("5 checked in")
    expect(page.get_by_role("button", name="Check in Bea Ødegaard")).to_be_visible()
    screenshot("organiser-02-checkin-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe() == []
    assert page_errors == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_organiser_exports_the_attendee_list_as_csv(page, live_server, booked_tonight, screenshot):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/attendees/{booked_tonight.pk}/")
    expect(page.locator("main")).to_contain_text("Bea Ødegaard")
    screenshot("organiser-03-attendee-list")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    text = open(download.path(), encoding="utf-8-sig").read()
    rows = list(csv.reader(io.StringIO(text)))
    people = rows[1 : rows.index([])]  # a summary (walk-ins) follows an empty row
    assert [row[0] for row in people] == ["Ama Mensah", "Bea Ødegaard", "Chen Li"]
    assert [row[2] for row in people] == ["2", "1", "3"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_organiser_cancels_a_date_and_everyone_booked_is_emailed(
    page, live_server, booked_tonight, screenshot, page_errors
):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/attendees/{booked_tonight.pk}/")
    page.get_by_role("link", name="Cancel or move this date").click()
    page.get_by_label("Cancelled", exact=True).check()
    page.get_by_label("Message for the public").fill("The centre has no heating tonight.")
    screenshot("organiser-04-cancel-form")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("is cancelled")
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["ama@example.org", "bea@example.org", "chen@example.org"]
    assert all("no heating tonight" in m.body for m in mail.outbox)
    assert page_errors == []
