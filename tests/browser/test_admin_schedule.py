"""An organiser sets up a venue and a recurring gathering in the admin, in a real browser."""

import datetime as dt
import re
import zoneinfo

import pytest
from playwright.sync_api import expect

from events.models import EventPage
from tests.browser.conftest import SCREENSHOTS
from tests.factories import (
    make_category,
    make_event_index,
    make_event_page,
    make_facilitator,
    make_venue_index,
)
from venues.models import VenuePage

TUESDAY, THURSDAY = 1, 3
LONDON = zoneinfo.ZoneInfo("Europe/London")


def next_christmas_eve_on_tuesday_or_thursday(today):
    """The next 24 December, at least a week away, that a Tuesday/Thursday rule would give."""
    year = today.year
    while True:
        day = dt.date(year, 12, 24)
        if day >= today + dt.timedelta(days=7) and day.weekday() in {TUESDAY, THURSDAY}:
            return day
        year += 1


def tuesdays_and_thursdays(first, count, *, skip=()):
    days, day = [], first
    while len(days) < count:
        if day.weekday() in {TUESDAY, THURSDAY} and day not in skip:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def publish(page):
    page.locator("footer .w-dropdown__toggle, [data-w-dropdown-target='toggle']").last.click()
    page.locator("button[name='action-publish']").click()
    expect(page.locator(".messages")).to_contain_text("published")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_organiser_sets_up_a_twice_weekly_gathering_through_the_editor(
    logged_in_page, live_server, page_errors, screenshot
):
    page = logged_in_page
    page.set_viewport_size({"width": 1280, "height": 1000})
    today = dt.date.today()
    christmas_eve = next_christmas_eve_on_tuesday_or_thursday(today)
    # The Tuesday three weeks or so before it, so the exclusion falls among the next ten dates.
    first_date = christmas_eve - dt.timedelta(days=21)
    first_date -= dt.timedelta(days=(first_date.weekday() - TUESDAY) % 7)
    whats_on = make_event_index()
    venues = make_venue_index()
    make_category(name="Meditation")
    make_facilitator(name="Ann Okafor")

    # A venue, through the editor.
    page.goto(f"{live_server.url}/admin/pages/add/venues/venuepage/{venues.pk}/")
    page.fill("#id_title", "Friends Meeting House")
    page.fill("#id_address", "6 Carlton Hill\nLeeds")
    page.fill("#id_postcode", "LS2 9EU")
    publish(page)
    assert VenuePage.objects.live().filter(title="Friends Meeting House").exists()

    # The gathering.
    page.goto(f"{live_server.url}/admin/pages/add/events/eventpage/{whats_on.pk}/")
    page.fill("#id_title", "Evening meditation")
    page.fill("#id_summary", "Twenty minutes of quiet sitting, then tea.")

    page.get_by_role("button", name="Choose category").click()
    page.locator(".modal").get_by_role("link", name="Meditation").click()
    expect(page.locator(".modal")).to_have_count(0)
    page.get_by_role("button", name=re.compile("Choose a page")).click()
    page.locator(".modal").get_by_role("link", name="Friends Meeting House").click()
    expect(page.locator(".modal")).to_have_count(0)
    page.get_by_label("Ann Okafor").check()

    widget = page.locator("div.recurrence-widget")
    widget.get_by_text("Add rule").click()
    rule = widget.locator(".panel").first
    expect(rule.locator("select[name='freq']")).to_have_value("2")  # weekly
    rule.locator(".weekly td", has_text="Tue").click()
    rule.locator(".weekly td", has_text="Thu").click()
    widget.get_by_text("Add date").click()
    exclusion = widget.locator(".panel").last
    exclusion.locator("input[name='mode']").check()
    exclusion.get_by_label("Date", exact=True).fill(christmas_eve.isoformat())
    widget.screenshot(path=SCREENSHOTS / "admin-schedule-widget-exclusion.png")
    schedule_value = page.locator("textarea#id_schedule").input_value()
    assert "RRULE:FREQ=WEEKLY;BYDAY=TU,TH" in schedule_value
    assert f"EXDATE:{christmas_eve:%Y%m%d}T000000Z" in schedule_value

    page.fill("#id_first_date", first_date.isoformat())
    page.fill("#id_start_time", "19:00")
    page.fill("#id_duration", "01:15:00")
    expect(page.locator("#id_time_zone")).to_have_value("Europe/London")
    page.fill("#id_capacity", "12")
    page.keyboard.press("Escape")
    rule.locator("a.recurrence-label").click()
    expect(rule.locator("form")).to_be_visible()
    when = page.locator("#panel-child-content-when-section")
    when.screenshot(path=SCREENSHOTS / "admin-schedule-widget.png")
    publish(page)

    # Wagtail's autosave may have kept a draft of the new page a moment before Publish posted the
    # add form (seen on PostgreSQL, where the autosave's request is slower): the published page
    # is the one the organiser sees; the draft is listed under it (known, see the issue notes).
    event = EventPage.objects.live().get(title="Evening meditation")
    assert event.live
    assert event.capacity == 12
    assert event.category.name == "Meditation"
    assert event.venue.title == "Friends Meeting House"
    assert [f.name for f in event.facilitators.all()] == ["Ann Okafor"]

    # The editor's "Next dates" panel lists the stored dates.
    page.goto(f"{live_server.url}/admin/pages/{event.pk}/edit/")
    panel = page.locator("[data-upcoming-dates]")
    rows = panel.locator("tbody tr")
    expect(rows).to_have_count(10)
    expected = tuesdays_and_thursdays(max(first_date, today), 10, skip={christmas_eve})
    shown = [row.locator("td").first.inner_text() for row in rows.all()]
    assert shown == [f"{d:%A} {d.day} {d:%B %Y}" for d in expected]
    assert all(row.locator("td").nth(1).inner_text().startswith("19:00") for row in rows.all())
    assert f"{christmas_eve.day} December" not in panel.inner_text()
    page.locator("#panel-child-content-next_dates-section").screenshot(
        path=SCREENSHOTS / "admin-next-dates-panel.png"
    )
    assert page_errors == []

    # The Publishing panel's go-live date picker opens (a second jQuery would break it).
    page.get_by_role("button", name=re.compile("Status", re.I)).first.click()
    page.get_by_role("button", name="Set schedule").click()
    page.locator("#id_go_live_at").click()
    expect(page.locator(".xdsoft_datetimepicker").first).to_be_visible()
    assert page_errors == []

    # The public page.
    page.goto(f"{live_server.url}{event.url}")
    times = page.locator("main time[datetime]")
    expect(times.first).to_be_visible()
    public = [dt.datetime.fromisoformat(t.get_attribute("datetime")) for t in times.all()]
    public = [moment.astimezone(LONDON) for moment in public]
    assert public[0].date() == expected[0]
    assert all(moment.weekday() in {TUESDAY, THURSDAY} for moment in public)
    assert all(moment.time() == dt.time(19, 0) for moment in public)
    assert christmas_eve not in {moment.date() for moment in public}
    screenshot("public-gathering-page")


@pytest.mark.parametrize("browser_zone", ["Europe/London", "Asia/Tokyo", "America/New_York"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_widget_dates_are_the_calendar_dates_picked_whatever_the_browsers_zone(
    logged_in_page, browser, live_server, browser_zone
):
    """The widget writes local midnight in UTC; east of Greenwich that is the day before."""
    event = make_event_page(
        title="Summer walk",
        rule="RRULE:FREQ=WEEKLY;BYDAY=TH\nEXDATE:20270708T000000Z",
        first_date=dt.date(2027, 6, 3),
    )
    context = browser.new_context(timezone_id=browser_zone)
    context.add_cookies(logged_in_page.context.cookies())
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{live_server.url}/admin/pages/{event.pk}/edit/")
        widget = page.locator("div.recurrence-widget")
        expect(widget).to_contain_text("Excluding Thursday 8 July 2027")  # the site's date order
        widget.get_by_text("Add date").click()
        added = widget.locator(".panel").last
        added.get_by_role("checkbox", name="Exclude this date").check()
        added.get_by_label("Date", exact=True).fill("2027-07-15")
        expect(added).to_contain_text("Excluding Thursday 15 July 2027")
        value = page.locator("#id_schedule").input_value()
        assert "EXDATE:20270708T000000Z" in value
        assert "EXDATE:20270715T000000Z" in value
        assert errors == []
    finally:
        context.close()
