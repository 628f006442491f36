"""A visitor finds a gathering on the public site, in Debian's chromium, without help."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_visitor_filters_opens_a_gathering_and_one_date(
    page, live_server, programme, screenshot, page_errors
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/whats-on/")
    page.get_by_label("Art therapy").check()
    page.get_by_label("Evening (from 5pm)").check()
    page.get_by_label("Step-free access").check()
    page.get_by_role("button", name="Show gatherings").click()

    expect(page).to_have_url(re.compile(r"category=art-therapy.*time=evening.*step_free_access"))
    results = page.locator(".results")
    expect(results.get_by_role("heading", level=2)).to_contain_text(
        "Art therapy; Evening (from 5pm); Step-free access"
    )
    expect(results).to_contain_text("Evening art therapy")
    expect(results).not_to_contain_text("Morning art club")
    expect(results).not_to_contain_text("meditation")
    screenshot("visitor-01-filtered-1280")

    results.get_by_role("link", name="Evening art therapy").first.click()
    expect(page).to_have_url(re.compile(r"/whats-on/evening-art-therapy/2026-11-24/$"))
    page.get_by_role("link", name="Evening art therapy").first.click()

    expect(page).to_have_url(re.compile(r"/whats-on/evening-art-therapy/$"))
    expect(page.locator("main")).to_contain_text("Every Tuesday and Thursday, 7–8:30pm")
    expect(page.locator(".hero picture source[type='image/webp']")).to_have_count(1)
    screenshot("visitor-02-gathering-1280")

    page.get_by_role("link", name=re.compile(r"^Thursday 26 November")).click()
    expect(page).to_have_url(re.compile(r"/whats-on/evening-art-therapy/2026-11-26/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thursday 26 November 2026")
    screenshot("visitor-03-date-1280")
    assert page_errors == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_visitor_moves_between_calendar_months_by_keyboard(
    page, live_server, programme, screenshot
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/whats-on/calendar/2026/11/")
    expect(page.locator("caption")).to_have_text("Gatherings in November 2026")

    def tab_to(name):
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent").strip() == name:
                return
        raise AssertionError(f"Could not reach {name!r} by keyboard")

    tab_to("December 2026 →")
    screenshot("visitor-04-calendar-focus-1280")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/whats-on/calendar/2026/12/$"))
    expect(page.locator("caption")).to_have_text("Gatherings in December 2026")
    expect(page.locator("table.month")).to_contain_text("Saturday peer support circle")

    tab_to("← November 2026")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/whats-on/calendar/2026/11/$"))
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot("visitor-05-calendar-375")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_filters_work_on_a_small_phone_without_javascript(browser, live_server, programme):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 700})
    phone = context.new_page()
    phone.goto(f"{live_server.url}/whats-on/")
    phone.get_by_label("Morning (before 12)").check()
    phone.get_by_label("Open to newcomers").check()
    phone.get_by_role("button", name="Show gatherings").click()
    expect(phone).to_have_url(re.compile(r"time=morning.*newcomers=on"))
    results = phone.locator(".results")
    expect(results).to_contain_text("Morning art club")
    expect(results).not_to_contain_text("Evening art therapy")
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    phone.screenshot(path=str(SCREENSHOTS / "visitor-06-no-js-320.png"), full_page=True)
    context.close()
