"""At the desk and at the door, in Debian's chromium at 1280 and 375 px: a booking taken by
phone for someone with no e-mail address, and the door list with access needs, the waiting list
and walk-ins."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from playwright.sync_api import expect

from events.models import EventPage, Occurrence
from events.services import booking
from events.services.access import make_organiser
from tests.factories import NOW, ensure_home_page, make_event_page, make_venue

PASSWORD = "a-long-test-password"
SIZES = {"desk": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}


@pytest.fixture
def door_tonight(django_db_serialized_rollback, transactional_db, django_user_model):
    """Tonight's bereavement circle: four seats booked of five, two parties waiting."""
    with time_machine.travel(NOW, tick=True):
        ensure_home_page()
        event = make_event_page(
            title="Bereavement circle",
            slug="bereavement-circle",
            venue=make_venue(title="Harehills Neighbourhood Centre"),
            capacity=4,
            max_party_size=3,
            first_date=dt.date(2026, 11, 1),
        )
        occurrence = event.occurrences.order_by("start").first()
        for name, email, size, needs in [
            ("Ama Mensah", "ama@example.org", 2, "Uses a wheelchair: the side door, please"),
            ("Bea Ødegaard", "bea@example.org", 2, ""),
            ("Chen Li", "chen@example.org", 3, ""),
            ("Dara Byrne", "dara@example.org", 1, "Hard of hearing: a seat near the front"),
        ]:
            booking.book(
                occurrence=occurrence, name=name, email=email, party_size=size, access_needs=needs
            )
        # A seat is freed late and nobody has been moved up yet (as when a booking is taken
        # back at the door): the organiser decides who gets it.
        EventPage.objects.filter(pk=event.pk).update(capacity=5)
        user = django_user_model.objects.create_user("sam", "sam@example.org", PASSWORD)
        make_organiser(user, event)
        mail.outbox.clear()
        yield occurrence


def log_in(page, live_server):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "sam")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def assert_big_enough(locator):
    box = locator.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44, "a target big enough for a thumb"


@pytest.mark.parametrize("size", ["desk", "phone"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_organiser_books_a_caller_who_has_no_email_with_a_phone_number(
    page, live_server, door_tonight, screenshot, page_errors, axe, size
):
    page.set_viewport_size(SIZES[size])
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/attendees/{door_tonight.pk}/#add-booking")
    form = page.locator("form.hearth-hand-booking")
    form.get_by_label("Name").fill("Edna Walsh")
    form.get_by_role("button", name="Add booking").click()
    # Nothing to reach her by: the form says what it needs and keeps what was typed.
    errors = page.locator("#hand-booking-errors")
    expect(errors).to_contain_text("phone number or a note")
    expect(errors).to_be_in_viewport()
    expect(form.get_by_label("Name")).to_have_value("Edna Walsh")
    screenshot(f"door-01-hand-booking-needs-a-way-to-reach-{size}")
    assert axe() == []

    form.get_by_label("Phone").fill("0113 496 0000")
    form.get_by_label("Or a note").fill("Ring after 10am; her daughter Ruth may answer")
    form.get_by_label("Access needs").fill("Walks with a stick")
    form.get_by_role("button", name="Add booking").click()

    messages = page.locator(".messages")
    expect(messages).to_contain_text("Edna Walsh is booked")
    expect(messages).to_contain_text("no e-mail address, so nothing is sent")
    row = page.locator("tr", has_text="Edna Walsh")
    expect(row.locator("[data-no-email]")).to_contain_text("No e-mail: phone 0113 496 0000")
    expect(row).to_contain_text("her daughter Ruth")
    expect(row.get_by_role("link", name="0113 496 0000")).to_have_attribute(
        "href", "tel:01134960000"
    )
    screenshot(f"door-02-hand-booking-without-email-{size}")
    assert mail.outbox == [], "nobody to e-mail, and nothing sent elsewhere"
    assert axe() == []
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    text = open(download_info.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.reader(io.StringIO(text)))
    edna = next(row for row in rows if row and row[0] == "Edna Walsh")
    header = rows[0]
    assert edna[header.index("E-mail")] == ""
    assert edna[header.index("Phone")] == "0113 496 0000"
    assert "daughter Ruth" in edna[header.index("Contact note")]
    assert page_errors == []


@pytest.mark.parametrize("size", ["phone", "desk"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_door_list_shows_access_needs_gives_a_waiting_person_a_seat_and_counts_walk_ins(
    page, live_server, door_tonight, screenshot, page_errors, axe, size
):
    page.set_viewport_size(SIZES[size])
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/attendees/{door_tonight.pk}/check-in/")
    counts = page.locator("[data-counts]")
    expect(counts).to_contain_text("4 of 5 seats booked")
    expect(counts).to_contain_text("0 walk-ins")

    # Access needs are there but folded away: a volunteer opens them when the person arrives.
    ama = page.locator("li", has_text="Ama Mensah")
    needs = ama.locator("[data-access-needs]")
    expect(needs.get_by_text("Uses a wheelchair")).to_be_hidden()
    toggle = needs.locator("summary")
    assert_big_enough(toggle)
    toggle.click()
    expect(needs.get_by_text("Uses a wheelchair: the side door, please")).to_be_visible()
    expect(
        page.locator("li", has_text="Bea Ødegaard").locator("[data-access-needs]")
    ).to_have_count(0)

    # The waiting list: Chen's party of three does not fit the one free seat; Dara does.
    waiting = page.locator("li[data-waiting]")
    expect(waiting).to_have_count(2)
    expect(waiting.first).to_contain_text("Chen Li")
    expect(waiting.first).to_contain_text("Needs 3 seats")
    expect(waiting.first.get_by_role("button")).to_have_count(0)
    give = page.get_by_role("button", name="Give a place to Dara Byrne")
    assert_big_enough(give)
    screenshot(f"door-03-checkin-before-{size}")
    assert axe() == []

    give.click()
    expect(page.locator(".messages")).to_contain_text("Dara Byrne is booked and has been told")
    check_in_dara = page.get_by_role("button", name="Check in Dara Byrne")
    expect(check_in_dara).to_be_visible()
    check_in_dara.click()
    expect(page.get_by_role("button", name="Undo check-in of Dara Byrne")).to_be_visible()
    assert [m.to for m in mail.outbox] == [["dara@example.org"]]

    # Walk-ins: three came in without booking, one was counted twice by mistake.
    add = page.get_by_role("button", name="+1 walk-in")
    remove = page.get_by_role("button", name="−1 walk-in (take back a miscount)")
    expect(remove).to_be_disabled()
    assert_big_enough(add)
    assert_big_enough(remove)
    for expected in ("1", "2", "3", "4"):
        page.get_by_role("button", name="+1 walk-in").click()
        expect(page.locator("[data-walk-ins]")).to_contain_text(expected)
    page.get_by_role("button", name="−1 walk-in (take back a miscount)").click()
    expect(page.locator("[data-walk-ins]")).to_contain_text("3")
    expect(page.locator("[data-in-the-room]")).to_contain_text("In the room: 4")
    expect(counts).to_contain_text("3 walk-ins")
    assert Occurrence.objects.get(pk=door_tonight.pk).walk_ins == 3
    screenshot(f"door-04-checkin-after-{size}")
    assert axe() == []
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]

    # The export has who came and the walk-in count.
    page.goto(f"{live_server.url}/admin/attendees/{door_tonight.pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    text = open(download_info.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.reader(io.StringIO(text)))
    checked = rows[0].index("Checked in")
    people = {row[0]: row[checked] for row in rows[1 : rows.index([])]}
    assert people == {
        "Ama Mensah": "No",
        "Bea Ødegaard": "No",
        "Dara Byrne": "Yes",
        "Chen Li": "No",
    }
    assert rows[-1] == ["Walk-ins (came without booking)", "3"]
    assert page_errors == []
