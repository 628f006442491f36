"""An organiser cancels one date and moves another from the admin, then edits the rule."""

import datetime as dt
import zoneinfo

import pytest
from playwright.sync_api import expect

from events.models import Occurrence
from tests.browser.conftest import SCREENSHOTS
from tests.factories import make_event_page, make_venue

LONDON = zoneinfo.ZoneInfo("Europe/London")
TUESDAY, THURSDAY = 1, 3


def next_weekday(after, weekday):
    return after + dt.timedelta(days=(weekday - after.weekday()) % 7 or 7)


def publish(page):
    page.locator("[data-w-dropdown-target='toggle']").last.click()
    page.locator("button[name='action-publish']").click()
    expect(page.locator(".messages")).to_contain_text("published")


def row_for(page, day):
    return page.locator("[data-upcoming-dates] tbody tr", has_text=f"{day:%A} {day.day} {day:%B}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_organiser_cancels_one_date_and_moves_another_and_both_survive_a_rule_change(
    logged_in_page, live_server, page_errors, screenshot
):
    page = logged_in_page
    page.set_viewport_size({"width": 1280, "height": 1000})
    today = dt.date.today()
    first_tuesday = next_weekday(today, TUESDAY)
    first_thursday = first_tuesday + dt.timedelta(days=2)
    main_hall = make_venue(title="Friends Meeting House")
    garden_room = make_venue(title="Chapel Allerton Garden Room")
    event = make_event_page(
        title="Evening meditation",
        slug="evening-meditation",
        rule="RRULE:FREQ=WEEKLY;BYDAY=TU,TH",
        first_date=first_tuesday,
        venue=main_hall,
    )

    # Cancel the first Tuesday, with a reason.
    page.goto(f"{live_server.url}/admin/pages/{event.pk}/edit/")
    row_for(page, first_tuesday).get_by_role("link", name="Cancel or move").click()
    expect(page.locator("h1")).to_contain_text("Evening meditation")
    page.get_by_label("Cancelled", exact=True).check()
    expect(page.get_by_label("Starts")).to_be_hidden()
    page.get_by_label("Message for the public").fill("Our facilitator is unwell this week.")
    screenshot("admin-occurrence-cancel-form")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("is cancelled")
    assert page.url.startswith(f"{live_server.url}/admin/pages/{event.pk}/edit/")
    expect(row_for(page, first_tuesday)).to_contain_text("Cancelled")
    expect(row_for(page, first_tuesday)).to_contain_text("Our facilitator is unwell this week.")

    # Move the first Thursday to the Friday, later, in another room.
    friday = first_thursday + dt.timedelta(days=1)
    row_for(page, first_thursday).get_by_role("link", name="Cancel or move").click()
    page.get_by_label("Date", exact=True).fill(friday.isoformat())
    page.get_by_label("Starts").fill("18:30")
    page.get_by_label("Ends").fill("20:00")
    page.get_by_label("Venue").select_option(label="Chapel Allerton Garden Room")
    screenshot("admin-occurrence-move-form")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("is saved")
    moved_row = row_for(page, friday)
    expect(moved_row).to_contain_text("Moved")
    expect(moved_row).to_contain_text("18:30–20:00")
    expect(moved_row).to_contain_text("Chapel Allerton Garden Room")
    page.locator("#panel-child-content-next_dates-section").screenshot(
        path=SCREENSHOTS / "admin-next-dates-cancelled-and-moved.png"
    )
    assert page_errors == []
    page.get_by_role("link", name="All dates of this gathering").click()
    expect(page.locator("main")).to_contain_text("Evening meditation")
    screenshot("admin-dates-listing")

    # The public page shows both.
    page.goto(f"{live_server.url}{event.url}")
    main = page.locator("main")
    expect(main).to_contain_text("Cancelled: Our facilitator is unwell this week.")
    moved = main.locator(f"time[datetime^='{friday.isoformat()}T18:30']")
    expect(moved).to_have_count(1)
    expect(main).to_contain_text("Chapel Allerton Garden Room")
    screenshot("public-gathering-cancelled-and-moved")

    # Tuesdays only from now on: untick Thursday in the widget and publish again.
    page.goto(f"{live_server.url}/admin/pages/{event.pk}/edit/")
    widget = page.locator("div.recurrence-widget")
    widget.locator(".panel a.recurrence-label").first.click()
    widget.get_by_role("checkbox", name="Thu").click()
    expect(widget.get_by_role("checkbox", name="Thu")).to_have_attribute("aria-checked", "false")
    assert "BYDAY=TU\n" in page.locator("#id_schedule").input_value() + "\n"
    publish(page)

    cancelled = Occurrence.objects.get(event=event, original_start__date=first_tuesday)
    assert cancelled.is_cancelled
    assert cancelled.note == "Our facilitator is unwell this week."
    moved_occurrence = Occurrence.objects.get(event=event, start__date=friday)
    # Its Thursday left the rule, but the organiser moved it by hand: it goes ahead as moved.
    assert not moved_occurrence.is_cancelled
    assert not moved_occurrence.removed_from_schedule
    assert moved_occurrence.venue == garden_room
    later_thursdays = Occurrence.objects.filter(event=event, start__date__gt=friday)
    assert all(
        o.is_cancelled
        for o in later_thursdays
        if o.original_start.astimezone(LONDON).weekday() == THURSDAY
    )
    assert not any(
        o.is_cancelled
        for o in later_thursdays
        if o.original_start.astimezone(LONDON).weekday() == TUESDAY
    )

    page.goto(f"{live_server.url}{event.url}")
    expect(page.locator("main")).to_contain_text("Cancelled: Our facilitator is unwell this week.")
    expect(page.locator(f"main time[datetime^='{friday.isoformat()}T18:30']")).to_have_count(1)
    assert page_errors == []
