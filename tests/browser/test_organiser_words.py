"""The admin in the organisers' words, in Debian's chromium at 1280 and 375 px: "Gathering" and
"Who can come", lengths in hours and minutes, the schedule's dates in the site's order, and a
second start on a gathering that autosave had already kept as a draft."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from events.models import EventPage
from tests.browser.conftest import wait_until
from tests.factories import make_category, make_event_index, make_event_page, make_venue_index

SIZES = {"desk": {"width": 1280, "height": 1000}, "phone": {"width": 375, "height": 800}}


@pytest.mark.parametrize("size", ["desk", "phone"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_admin_speaks_of_gatherings_who_can_come_and_hours_and_minutes(
    logged_in_page, live_server, screenshot, page_errors, axe, size
):
    page = logged_in_page
    page.set_viewport_size(SIZES[size])
    whats_on = make_event_index()
    make_venue_index()
    make_category(name="Meditation")
    event = make_event_page(
        whats_on,
        title="Summer walk",
        rule="RRULE:FREQ=WEEKLY;BYDAY=TH;UNTIL=20270729T000000Z\nEXDATE:20270708T000000Z",
        first_date=dt.date(2027, 6, 3),
        duration=dt.timedelta(minutes=90),
    )

    # The page tree and the type chooser name page types as organisers do.
    page.goto(f"{live_server.url}/admin/pages/{whats_on.get_parent().pk}/add_subpage/")
    chooser = page.locator("main")
    expect(chooser).not_to_contain_text("Event page")
    expect(chooser).not_to_contain_text("Venue index page")
    page.goto(f"{live_server.url}/admin/pages/{whats_on.pk}/")
    listing = page.locator("main")
    expect(listing).to_contain_text("Gathering")
    expect(listing).not_to_contain_text(re.compile("event page", re.I))

    page.goto(f"{live_server.url}/admin/pages/{event.pk}/edit/")
    header = page.locator("header").first
    expect(page.locator("main")).to_contain_text("Gathering")
    duration = page.get_by_label("Duration")
    expect(duration).to_have_value("1 h 30 min")
    expect(page.locator("label[for=id_intake]")).to_contain_text("Who can come")
    expect(page.locator("main")).not_to_contain_text("Intake")
    widget = page.locator("div.recurrence-widget")
    # The schedule reads in the site's (en-GB) date order, not "Thursday, July 8, 2027".
    expect(widget).to_contain_text("Excluding Thursday 8 July 2027")
    expect(widget).to_contain_text("until 29 Jul 2027")
    expect(widget).not_to_contain_text("July 8, 2027")
    when = page.locator("#panel-child-content-when-section")
    when.scroll_into_view_if_needed()
    screenshot(f"words-01-gathering-editor-{size}")
    assert axe() == []
    assert header

    # A length is typed as people say it; a bare number is questioned, not guessed.
    duration.fill("90")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("main")).to_contain_text("Write hours and minutes")
    duration = page.get_by_label("Duration")
    duration.fill("2 hours")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("has been updated")
    expect(page.get_by_label("Duration")).to_have_value("2 h")
    event.refresh_from_db()
    assert event.get_latest_revision_as_object().duration == dt.timedelta(hours=2)

    # Page history compares lengths the same way.
    first, latest = event.revisions.order_by("created_at", "id")[:2]
    page.goto(
        live_server.url
        + reverse("wagtailadmin_pages:revisions_compare", args=[event.pk, first.pk, latest.pk])
    )
    compare = page.locator("main")
    expect(compare).to_contain_text("1 h 30 min")
    expect(compare).to_contain_text("2 h")
    expect(compare).not_to_contain_text("1:30:00")
    screenshot(f"words-02-history-compare-{size}")

    # The menu: attendees and dates; the snippets by their plural names.
    page.goto(f"{live_server.url}/admin/")
    if size == "phone":
        page.get_by_role("button", name="Toggle sidebar").click()
    menu = page.get_by_role("navigation", name="Main menu")
    for label in ["Attendees", "Dates", "Snippets"]:
        expect(menu.get_by_role("link", name=label, exact=True)).to_be_visible()
    screenshot(f"words-03-menu-{size}")
    menu.get_by_role("link", name="Snippets", exact=True).click()
    snippets = page.locator("main")
    for label in ["Categories", "Facilitators"]:
        expect(snippets.get_by_role("link", name=re.compile(label))).to_be_visible()
    screenshot(f"words-04-snippets-{size}")
    assert page_errors == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_starting_again_after_autosave_kept_a_draft_gives_a_free_address_and_says_why(
    logged_in_page, live_server, screenshot, page_errors
):
    page = logged_in_page
    page.set_viewport_size(SIZES["desk"])
    whats_on = make_event_index()
    add_url = f"{live_server.url}/admin/pages/add/events/eventpage/{whats_on.pk}/"

    # Wagtail notes the form's starting state two seconds after it opens, and autosaves what
    # changed after that: wait for that moment, as a person typing would have.
    page.add_init_script(
        "document.addEventListener('w-unsaved:watch-edits', () => { window.watching = true; })"
    )

    def open_new_gathering():
        page.goto(add_url)
        wait_until(page, "window.watching === true")

    def type_gathering():
        page.fill("#id_title", "Tuesday meditation")
        page.fill("#id_summary", "Twenty minutes of quiet.")
        page.fill("#id_first_date", "2026-12-01")
        page.fill("#id_start_time", "19:00")
        page.locator("#id_summary").click()  # leave the last field, as a person would

    # The first try: autosave keeps it as a draft while the organiser is still typing, then
    # they walk away from the page.
    open_new_gathering()
    type_gathering()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"), timeout=15_000)
    first = EventPage.objects.get(title="Tuesday meditation")
    assert first.slug == "tuesday-meditation" and not first.live

    # The second try, with the same title: the editor mentions the earlier draft, and autosave
    # now works instead of failing on "slug already in use".
    open_new_gathering()
    expect(page.locator(".messages")).to_contain_text("You started “Tuesday meditation” here")
    screenshot("words-05-add-gathering-mentions-the-draft")
    type_gathering()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"), timeout=15_000)
    second = EventPage.objects.exclude(pk=first.pk).get(title="Tuesday meditation")
    assert second.slug == "tuesday-meditation-2"
    page.get_by_role("tab", name="Promote").click()
    expect(page.locator("#id_slug")).to_have_value("tuesday-meditation-2")

    page.get_by_role("button", name="Save draft").click()
    messages = page.locator(".messages")
    expect(messages).to_contain_text("You already have an unpublished draft")
    expect(messages.get_by_role("link", name="Open the earlier draft")).to_have_attribute(
        "href", f"/admin/pages/{first.pk}/edit/"
    )
    screenshot("words-06-second-start-explained")
    assert page_errors == []
