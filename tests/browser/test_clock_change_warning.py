"""The gathering editor tells the organiser when a start time falls where the clocks change."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS
from tests.factories import make_event_page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_night_session_shows_the_clock_change_warning_in_the_editor(
    logged_in_page, live_server, page_errors
):
    page = logged_in_page
    page.set_viewport_size({"width": 1280, "height": 1000})
    # Every night at 01:30 London: the coming year holds one spring and one autumn night.
    event = make_event_page(
        title="Night line listeners",
        rule="RRULE:FREQ=DAILY",
        first_date=dt.date.today(),
        start_time=dt.time(1, 30),
        duration=dt.timedelta(hours=1),
    )
    page.goto(f"{live_server.url}/admin/pages/{event.pk}/edit/")
    warning = page.locator("[data-clock-changes]")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("there is no 01:30 that night, so this date starts at 02:30")
    expect(warning).to_contain_text("01:30 happens twice that night")
    page.locator("#panel-child-content-next_dates-section").screenshot(
        path=SCREENSHOTS / "admin-next-dates-clock-change-warning.png"
    )
    assert page_errors == []
