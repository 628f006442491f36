"""Issue 14's visitor journeys in Debian's chromium, at 1280 and 375 px: axe finds no serious
or critical problems and each step is saved as a screenshot under test-artifacts/screenshots/.

Asking an ask-first group to join and the organiser's offer; availability on every listing;
booking from the gathering page and the outcome page; an online date's link reaching only the
booked person; the Subscribe page; navigation; the month calendar on a phone.
"""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from playwright.sync_api import expect

from events.services.access import make_organiser
from hearth.models import NavigationSettings, StandardPage
from tests.factories import (
    default_site,
    ensure_home_page,
    make_category,
    make_event_page,
    make_facilitator,
    make_venue,
)

NOW = dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)  # a Tuesday
PASSWORD = "a-long-test-password"
LINK = "https://meet.example.net/hearth-evening-sit-4821"
WIDTHS = [1280, 375]


@pytest.fixture
def programme(django_db_serialized_rollback, transactional_db, django_user_model):
    """A hybrid evening sit, an ask-first bereavement group, a busy Tuesday, and pages."""
    with time_machine.travel(NOW, tick=True):
        home = ensure_home_page()
        meditation = make_category(name="Meditation", slug="meditation")
        support = make_category(name="Peer support", slug="peer-support", shows_support_panel=True)
        hall = make_venue(
            title="Quaker Meeting House", slug="quaker-house", address="6 Carlton Hill\nLeeds"
        )
        aisha = make_facilitator(
            name="Aisha Rahman", role="Bereavement counsellor", email="aisha@private.example"
        )
        evening = make_event_page(
            title="Evening sit",
            slug="evening-sit",
            summary="Two short guided sits, then tea.",
            category=meditation,
            venue=hall,
            attendance_mode="hybrid",
            online_link=LINK,
            capacity=10,
            max_party_size=3,
            what_to_expect="Chairs and cushions; you never have to speak.",
        )
        bereavement = make_event_page(
            title="Bereavement peer support",
            slug="bereavement",
            summary="A small group for people who have lost someone close.",
            category=support,
            venue=hall,
            facilitators=[aisha],
            intake="ask",
            capacity=8,
            rule="RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
            first_date=dt.date(2026, 11, 30),
            start_time=dt.time(18, 30),
        )
        for n in range(5):  # a busy Tuesday: "and N more" in the month calendar
            make_event_page(
                title=f"Tuesday club {n + 1}", venue=hall, capacity=12, start_time=dt.time(9 + n)
            )
        about = StandardPage(title="About us", slug="about-us", intro="Who we are.")
        privacy = StandardPage(title="Privacy notice", slug="privacy", intro="What we keep.")
        for page in (about, privacy):
            home.add_child(instance=page)
            page.save_revision().publish()
        navigation = NavigationSettings.for_site(default_site())
        navigation.header_links = [
            ("link", {"page": None, "path": "/whats-on/", "label": "What’s on"}),
            ("link", {"page": None, "path": "/whats-on/calendar/", "label": "Calendar"}),
            ("link", {"page": about, "path": "", "label": ""}),
        ]
        navigation.footer_links = [
            ("link", {"page": about, "path": "", "label": ""}),
            ("link", {"page": privacy, "path": "", "label": ""}),
            ("link", {"page": None, "path": "/whats-on/subscribe/", "label": "Subscribe"}),
        ]
        navigation.contact_email = "hello@hearth.example"
        navigation.save()
        organiser = django_user_model.objects.create_user("ann", "ann@example.org", PASSWORD)
        make_organiser(organiser, bereavement)
        yield {"evening": evening, "bereavement": bereavement}


def at(page, width):
    page.set_viewport_size({"width": width, "height": 900 if width > 600 else 740})


def no_sideways_scroll(page):
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def check(page, axe, screenshot, name):
    """No serious accessibility problems, nothing wider than the screen; keep a picture."""
    screenshot(name)
    assert axe() == [], name
    assert no_sideways_scroll(page) <= 0, name


def mail_to(address):
    return [m for m in mail.outbox if m.to == [address]]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_asking_to_join_reaches_the_organiser_who_offers_a_place(
    page, live_server, programme, axe, screenshot, page_errors, width
):
    at(page, width)
    page.goto(f"{live_server.url}/whats-on/bereavement/")
    form = page.locator("form.join-form")
    expect(page.locator(".ask-call")).to_contain_text("we pass them to Aisha Rahman")
    expect(page.locator("main")).not_to_contain_text("aisha@private.example")
    check(page, axe, screenshot, f"journey-join-01-gathering-{width}")

    form.get_by_label("Name").fill("Sam")
    form.get_by_label("E-mail address").fill("sam@example.org")
    form.get_by_label("A few words about you (optional)").fill("My dad died in May.")
    form.get_by_role("button", name="Ask to join").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you: your request is on its way"
    )
    check(page, axe, screenshot, f"journey-join-02-sent-{width}")
    assert [m.to for m in mail.outbox if "would like to join" in m.body] == [
        ["aisha@private.example"],
        ["ann@example.org"],
    ]

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "ann")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/join-requests/")
    page.get_by_role("link", name="Bereavement peer support").click()
    expect(page.locator("tr[id^=join-request-]")).to_contain_text("My dad died in May.")
    screenshot(f"journey-join-03-admin-list-{width}")
    page.get_by_role("link", name=re.compile("Answer")).click()
    expect(page.locator(".hearth-join-request")).to_contain_text("sam@example.org")
    check(page, axe, screenshot, f"journey-join-03b-request-{width}")
    page.locator("#id_occurrence").select_option(index=1)
    page.get_by_role("button", name="Offer this place").click()
    expect(page.locator(".messages")).to_contain_text("Sam is booked for Monday 14 December")
    screenshot(f"journey-join-04-offered-{width}")

    (confirmation,) = [m for m in mail_to("sam@example.org") if "booked" in m.subject]
    path = re.search(r"https?://[^/\s]+(/rsvp/manage/[^/\s]+/)", confirmation.body).group(1)
    page.goto(f"{live_server.url}{path}")
    expect(page.locator(".rsvp-status")).to_contain_text("Booked for 1 person")
    check(page, axe, screenshot, f"journey-join-05-manage-{width}")
    assert page_errors == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_every_listing_says_how_available_each_date_is(
    page, live_server, programme, axe, screenshot, page_errors, width
):
    at(page, width)
    listings = {
        "home": "/",
        "whats-on": "/whats-on/",
        "week": "/whats-on/week/2026-11-23/",
        "month": "/whats-on/calendar/2026/11/",
        "venue": "/venues/quaker-house/",
        "gathering": "/whats-on/evening-sit/",
        "date": "/whats-on/evening-sit/2026-11-24/",
    }
    for name, path in listings.items():
        page.goto(f"{live_server.url}{path}")
        # Words in full, or a short word with the full words for screen readers (month grid).
        band = page.locator("main .band-available:visible").first
        expect(band).to_be_visible()
        expect(band).to_contain_text(re.compile("Places available|places"))
        check(page, axe, screenshot, f"journey-availability-{name}-{width}")
    page.goto(f"{live_server.url}/whats-on/bereavement/")
    expect(page.locator(".date-list .band").first).to_have_text("Ask first")
    assert page_errors == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_booking_from_the_gathering_page_ends_on_a_full_outcome_page(
    page, live_server, programme, axe, screenshot, page_errors, width
):
    at(page, width)
    page.goto(f"{live_server.url}/whats-on/evening-sit/")
    call = page.get_by_role("link", name=re.compile("Book the next date"))
    expect(call).to_contain_text("Tuesday 24 November, 19:00–20:30")
    expect(page.locator(".date-list .book-link")).to_have_count(2)
    screenshot(f"journey-book-01-gathering-{width}")
    call.click()

    expect(page).to_have_url(re.compile(r"/whats-on/evening-sit/2026-11-24/#book$"))
    form = page.locator("form.rsvp-form")
    expect(form).to_be_in_viewport()
    form.get_by_label("Name").fill("Ana")
    form.get_by_label("E-mail address").fill("ana@example.org")
    form.get_by_label("How many places").select_option("2")
    form.get_by_label(re.compile("I agree")).check()
    form.get_by_role("button", name="Book").click()

    outcome = page.locator(".rsvp-outcome")
    expect(page.get_by_role("heading", level=1)).to_have_text("You're booked")
    expect(outcome).to_contain_text("Tuesday 24 November 2026, 19:00–20:30")
    expect(outcome).to_contain_text("Quaker Meeting House")
    expect(outcome).to_contain_text("2 places: you and 1 more")
    expect(outcome.get_by_role("link", name="Add to Google Calendar")).to_be_visible()
    expect(outcome).to_contain_text("private link to your booking")
    expect(outcome).to_contain_text("Chairs and cushions; you never have to speak.")
    expect(outcome).not_to_contain_text("already")
    check(page, axe, screenshot, f"journey-book-02-outcome-{width}")
    assert page_errors == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_an_online_dates_link_reaches_only_the_booked_person(
    page, live_server, programme, axe, screenshot, page_errors, width
):
    at(page, width)
    public = [
        "/",
        "/whats-on/",
        "/whats-on/evening-sit/",
        "/whats-on/evening-sit/2026-11-24/",
        "/venues/quaker-house/",
        "/feeds/all.ics",
        "/feeds/gathering/evening-sit.ics",
    ]
    for path in public:
        response = page.request.get(f"{live_server.url}{path}")
        assert LINK not in response.text(), path
    page.goto(f"{live_server.url}/whats-on/evening-sit/")
    expect(page.locator(".online-note")).to_contain_text("e-mailed to you when you have a place")
    screenshot(f"journey-online-01-public-{width}")

    page.goto(f"{live_server.url}/whats-on/evening-sit/2026-11-24/")
    form = page.locator("form.rsvp-form")
    form.get_by_label("Name").fill("Ana")
    form.get_by_label("E-mail address").fill("ana@example.org")
    form.get_by_label(re.compile("I agree")).check()
    form.get_by_role("button", name="Book").click()
    expect(page.locator(".rsvp-outcome")).to_contain_text("The link to join online is in your")
    assert LINK not in page.content()

    (confirmation,) = mail_to("ana@example.org")
    assert LINK in confirmation.body
    path = re.search(r"https?://[^/\s]+(/rsvp/manage/[^/\s]+/)", confirmation.body).group(1)
    page.goto(f"{live_server.url}{path}")
    expect(page.locator(".online-link a")).to_have_attribute("href", LINK)
    check(page, axe, screenshot, f"journey-online-02-manage-{width}")
    assert page_errors == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_subscribe_page_is_found_from_whats_on_and_lists_every_feed(
    page, live_server, programme, axe, screenshot, page_errors, width
):
    at(page, width)
    page.goto(f"{live_server.url}/whats-on/")
    page.get_by_role("link", name="add to your calendar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Subscribe to our calendars")
    host = live_server.url.split("://", 1)[1]
    for feed in ["all", "category/meditation", "category/peer-support", "venue/quaker-house"]:
        expect(page.locator(f'a[href="webcal://{host}/feeds/{feed}.ics"]')).to_have_count(1)
        expect(page.locator(f'input[value="{live_server.url}/feeds/{feed}.ics"]')).to_be_visible()
    expect(page.locator(".how-to")).to_contain_text("Google Calendar")
    check(page, axe, screenshot, f"journey-subscribe-{width}")
    assert page_errors == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_navigation_reaches_the_pages_organisers_chose(
    page, live_server, programme, axe, screenshot, page_errors, width
):
    at(page, width)
    page.goto(f"{live_server.url}/")
    expect(page).to_have_title("Hearth")
    header = page.get_by_role("navigation", name="Main")
    expect(header.get_by_role("link")).to_have_text(["What’s on", "Calendar", "About us", "Search"])
    footer = page.get_by_role("navigation", name="More about Hearth")
    footer.get_by_role("link", name="Privacy notice").click()
    expect(page).to_have_title("Privacy notice · Hearth")
    expect(footer.get_by_role("link", name="Privacy notice")).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.locator(".site-footer")).to_contain_text("hello@hearth.example")
    check(page, axe, screenshot, f"journey-navigation-{width}")
    assert page.request.get(f"{live_server.url}/favicon.ico").ok
    assert page_errors == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_month_calendar_is_an_agenda_on_a_phone_and_a_grid_on_a_desk(
    page, live_server, programme, axe, screenshot, page_errors, width
):
    at(page, width)
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Calendar").click()
    # 24 November: the month is nearly over, so the calendar opens at December.
    expect(page.get_by_role("heading", level=1)).to_have_text("What’s on in December 2026")
    expect(page.locator(".month-end-notice")).to_contain_text("November is nearly over")
    page.get_by_role("link", name="the rest of November").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What’s on in November 2026")
    if width < 600:
        expect(page.locator("table.month")).to_be_hidden()
        agenda = page.locator(".month-agenda")
        expect(agenda).to_be_visible()
        expect(agenda.get_by_role("heading", name="Today, Tuesday 24 November")).to_be_visible()
        expect(agenda.locator(".month-entries li")).not_to_have_count(0)
    else:
        expect(page.locator("table.month")).to_be_visible()
        expect(page.locator(".month-agenda")).to_be_hidden()
        expect(page.locator("table.month td.today")).to_contain_text(re.compile(r"and \d more"))
    check(page, axe, screenshot, f"journey-calendar-{width}")

    page.goto(f"{live_server.url}/whats-on/")
    filters = page.locator("details.filters")
    if width < 600:
        expect(filters).not_to_have_attribute("open", "")
        expect(filters.locator("summary .toggle")).to_have_text("FiltersHide")
        expect(filters.locator("summary .when-closed")).to_be_visible()
        screenshot(f"journey-filters-folded-{width}")
        filters.locator("summary").click()
    expect(filters.get_by_label("Peer support")).to_be_visible()
    screenshot(f"journey-filters-{width}")

    page.goto(f"{live_server.url}/whats-on/bereavement/")
    box = page.locator(".signposting")
    expect(box).to_contain_text("not a crisis service")
    assert page.locator("body").inner_text().count("not a crisis service") == 1
    screenshot(f"journey-peer-support-{width}")
    assert page_errors == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_and_n_more_in_the_calendar_leads_to_the_whole_day(
    page, live_server, programme, axe, screenshot, page_errors, width
):
    at(page, width)
    page.goto(f"{live_server.url}/whats-on/calendar/2026/11/")
    where = page.locator("table.month td.today") if width > 600 else page.locator(".month-agenda")
    more = where.get_by_role("link", name=re.compile(r"and \d+ more on Tuesday 24 November"))
    more.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today, Tuesday 24 November")
    cards = page.locator(".occurrence-card")
    expect(cards).not_to_have_count(0)
    assert cards.count() > 4  # more than the calendar's cell showed
    expect(page.get_by_role("link", name=re.compile("Wednesday 25 Nov"))).to_be_visible()
    check(page, axe, screenshot, f"journey-day-list-{width}")
    assert page_errors == []
