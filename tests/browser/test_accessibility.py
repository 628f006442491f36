"""axe-core finds no serious or critical problems on any kind of public page, wide or narrow."""

import datetime as dt

import pytest

from events.models import Occurrence
from tests.factories import make_image

PAGES = [
    ("home", "/"),
    ("whats-on", "/whats-on/"),
    ("whats-on-filtered", "/whats-on/?category=art-therapy&time=evening&access=step_free_access"),
    ("whats-on-empty", "/whats-on/?q=underwater+basket+weaving&category=nope"),
    ("calendar", "/whats-on/calendar/2026/11/"),
    ("week", "/whats-on/week/2026-11-24/"),
    ("gathering", "/whats-on/evening-art-therapy/"),
    ("peer-support", "/whats-on/peer-support-circle/"),
    ("date", "/whats-on/evening-art-therapy/2026-11-24/"),
    ("date-cancelled", "/whats-on/evening-art-therapy/2026-11-26/"),
    ("venues", "/venues/"),
    ("venue", "/venues/riverside-hall/"),
    ("search", "/search/?q=art"),
    ("not-found", "/no-such-page/"),
    ("calendar-month-13", "/whats-on/calendar/2026/13/"),
]


@pytest.fixture
def programme(programme):
    """The shared programme, with a venue photo and a cancelled date to check as well."""
    hall = programme["hall"]
    hall.main_photo = make_image("The hall", colour=(150, 130, 110))
    hall.save_revision().publish()
    event = programme["art_evening"]
    Occurrence.objects.filter(event=event, start__date=dt.date(2026, 11, 26)).update(
        status=Occurrence.Status.CANCELLED, note="The hall is closed for repairs."
    )
    return programme


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("width", [1280, 375])
def test_public_pages_have_no_serious_accessibility_problems(
    page, live_server, programme, axe, screenshot, page_errors, width
):
    page.set_viewport_size({"width": width, "height": 900})
    problems = {}
    for name, path in PAGES:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status in (200, 404), path
        screenshot(f"a11y-{name}-{width}")
        if violations := axe():
            problems[name] = violations
        # Nothing may stick out sideways on a phone (the calendar scrolls inside its region).
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways at {width}px"
    assert problems == {}
    assert page_errors == []


IN_OTHER_LANGUAGES = [
    ("home", "/"),
    ("whats-on", "/whats-on/"),
    ("calendar", "/whats-on/calendar/2026/11/"),
    ("week", "/whats-on/week/2026-11-24/"),
    ("gathering", "/whats-on/evening-art-therapy/"),
    ("date", "/whats-on/evening-art-therapy/2026-11-24/"),
    ("venues", "/venues/"),
    ("venue", "/venues/riverside-hall/"),
    ("search", "/search/?q=art"),
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize(("code", "direction"), [("pl", "ltr"), ("ar", "rtl")])
def test_pages_in_polish_and_arabic_read_in_their_direction_with_no_serious_problems(
    page, live_server, programme, axe, screenshot, page_errors, width, code, direction
):
    """Arabic runs right to left: the brand sits at the right, nothing scrolls sideways (a
    physical "left" in the styles would widen the page), and axe finds nothing serious. One
    gathering is translated (its page, date page and the lists show its words); the rest show
    in English with the interface in the language."""
    from tests.factories import translate

    title = {"pl": "Wieczorna arteterapia", "ar": "العلاج بالفن مساءً"}[code]
    translate(programme["art_evening"], code, title=title)
    page.set_viewport_size({"width": width, "height": 900})
    problems = {}
    for name, path in IN_OTHER_LANGUAGES:
        response = page.goto(f"{live_server.url}/{code}{path}")
        assert response.status == 200, path
        screenshot(f"a11y-{code}-{name}-{width}")
        assert page.evaluate("document.documentElement.dir") == direction
        assert page.evaluate("document.documentElement.lang") == code
        if name in ("gathering", "date"):
            assert page.locator("h1").inner_text().startswith(title), path
        if violations := axe():
            problems[name] = violations
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"/{code}{path} scrolls sideways at {width}px"
        brand = page.locator(".brand").bounding_box()
        starts_right = brand["x"] + brand["width"] / 2 > width / 2
        assert starts_right == (direction == "rtl"), f"/{code}{path}: brand on the wrong side"
    assert problems == {}
    assert page_errors == []
