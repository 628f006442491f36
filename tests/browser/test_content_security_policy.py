"""In a real browser, the Content-Security-Policy blocks nothing the site itself needs.

Chromium reports every blocked script, style, image or frame as a console error naming the
Content Security Policy; the pages below are used as a visitor and an organiser use them, and
none may produce such an error.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS


@pytest.fixture
def csp_violations(page):
    """Console errors about the Content-Security-Policy, from every frame of the page."""
    found = []

    def collect(message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            found.append(f"{message.location.get('url')}: {message.text}")

    page.on("console", collect)
    return found


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_visitors_pages_work_under_the_strict_policy(
    page, live_server, programme, csp_violations, page_errors
):
    event = programme["art_evening"]
    occurrence = event.occurrences.order_by("start").first()
    for path in (
        "/",
        "/whats-on/",
        "/whats-on/?category=art-therapy",
        "/whats-on/calendar/",
        event.url,
        f"{event.url}{occurrence.date_slug}/",
        "/venues/riverside-hall/",
        "/search/?q=art",
        "/whats-on/no-such-page/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
    # The filters' script (static, same origin) runs: it submits the form on change.
    page.goto(f"{live_server.url}/whats-on/")
    page.screenshot(path=str(SCREENSHOTS / "csp-whats-on.png"), full_page=True)

    assert csp_violations == []
    assert page_errors == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_inline_script_slipped_into_a_public_page_would_not_run(
    page, live_server, programme, csp_violations
):
    """The twin of the test above: the policy really refuses inline script here."""
    page.goto(f"{live_server.url}/whats-on/")
    page.evaluate(
        """() => {
            const s = document.createElement('script');
            s.textContent = 'window.injected = true';
            document.body.appendChild(s);
        }"""
    )

    assert page.evaluate("() => window.injected === true") is False
    assert any("script-src" in v for v in csp_violations)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_page_editor_recurrence_widget_and_image_chooser_work_under_the_admin_policy(
    logged_in_page, live_server, programme, csp_violations, page_errors
):
    page = logged_in_page
    page.set_viewport_size({"width": 1280, "height": 1000})
    event = programme["art_evening"]

    page.goto(f"{live_server.url}/admin/pages/{event.pk}/edit/")
    widget = page.locator("div.recurrence-widget")
    expect(widget).to_contain_text("Weekly, each Tuesday")
    widget.get_by_text("Add date").click()
    expect(widget.locator(".panel")).not_to_have_count(0)

    # The image chooser: open it, see the library, pick the image.
    page.locator("#id_image-chooser").get_by_role("button", name="Actions").click()
    page.locator("[data-chooser-action-choose]:visible").first.click()
    modal = page.locator(".modal")
    expect(modal).to_be_visible()
    expect(modal.locator("img").first).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "csp-admin-image-chooser.png"))
    modal.locator("[data-chooser-modal-choice]").first.click()
    expect(page.locator(".modal")).to_have_count(0)

    # The live preview panel renders the public page inside the admin.
    page.get_by_role("button", name=re.compile("Toggle preview|Preview", re.I)).first.click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_contain_text("Evening art therapy", timeout=15000)
    page.screenshot(path=str(SCREENSHOTS / "csp-admin-editor.png"))

    # Images, and the upload form.
    page.goto(f"{live_server.url}/admin/images/")
    page.goto(f"{live_server.url}/admin/images/multiple/add/")

    # Organisers' own pages.
    page.goto(f"{live_server.url}/admin/attendees/")
    page.goto(f"{live_server.url}/admin/two-factor/")
    expect(page.locator(".hearth-qr svg")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "csp-admin-two-factor-setup.png"), full_page=True)

    assert csp_violations == []
    assert page_errors == []
