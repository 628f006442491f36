"""What organisers type cannot break a page, an e-mail or a feed: normalised where it is typed."""

import datetime as dt
import unicodedata

import pytest
import time_machine
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from events.models import Category, EventPage
from hearth.text import multi_line, one_line
from tests.factories import make_category, make_event_page, make_rsvp, make_venue
from venues.models import VenuePage

NOW = dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)
SEPARATORS = "\u2028\u2029\x85\r\n\x0b\x0c"
HOSTILE = "Grief\u2028café\x00\x07\x1b[31m\ufeff\u2029circle\r\n"


def is_control(char):
    return unicodedata.category(char) == "Cc" or char in "\u2028\u2029\ufeff"


# The two normalisers -------------------------------------------------------------------------


@given(st.text())
def test_one_line_text_has_no_line_break_or_control_character(text):
    result = one_line(text)

    assert not any(is_control(c) for c in result)
    assert one_line(result) == result


@given(st.text())
def test_multi_line_text_keeps_only_plain_newlines_and_tabs(text):
    result = multi_line(text)

    assert not any(is_control(c) for c in result if c not in "\n\t")
    assert multi_line(result) == result
    assert result.count("\n") <= sum(text.count(c) for c in SEPARATORS)


@pytest.mark.parametrize(
    "text",
    ["Café du deuil", "مجموعة الدعم", "קבוצת תמיכה", "10\u00a0am walk 🌿", "Tea & talk, 7–8pm"],
)
def test_ordinary_text_in_any_script_is_left_alone(text):
    assert one_line(text) == text
    assert multi_line(text) == text


def test_line_separators_become_spaces_on_one_line_and_newlines_on_several():
    assert one_line(HOSTILE) == "Grief café[31m circle"
    assert multi_line(HOSTILE) == "Grief\ncafé[31m\ncircle\n"


# Where organisers type ----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.django_db
def test_a_category_typed_in_the_admin_is_stored_clean_and_its_feed_works(admin_client):
    category = make_category(name="Grief", slug="grief")
    make_event_page(category=category, first_date=dt.date(2026, 12, 1))

    response = admin_client.post(
        reverse("wagtailsnippets_events_category:edit", args=[category.pk]),
        {
            "name": "Grief\u2028and loss\x07",
            "slug": "grief",
            "colour": "#3d6b5a",
            "description": "Gentle\u2028company\x1b\u2029for hard days",
            "in_other_languages-count": "0",  # the editor's (empty) names in other languages
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    category = Category.objects.get(pk=category.pk)
    assert category.name == "Grief and loss"
    assert category.description == "Gentle company for hard days"  # a one-line field
    feed = admin_client.get("/feeds/category/grief.ics")
    assert feed.status_code == 200
    assert Calendar.from_ical(feed.content)["X-WR-CALNAME"].endswith("Grief and loss")


@pytest.mark.django_db
def test_a_nul_byte_typed_into_a_form_is_refused_with_a_message(admin_client):
    category = make_category(name="Grief", slug="grief")

    response = admin_client.post(
        reverse("wagtailsnippets_events_category:edit", args=[category.pk]),
        {
            "name": "Grief\x00",
            "slug": "grief",
            "colour": "#3d6b5a",
            "description": "",
            "in_other_languages-count": "0",
        },
    )

    assert response.status_code == 200
    assert "Null characters are not allowed" in response.content.decode()
    assert Category.objects.get(pk=category.pk).name == "Grief"


@pytest.mark.django_db
def test_a_gatherings_title_and_texts_are_clean_in_the_page_e_mail_and_feed(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    page = make_event_page(title="Grief café", slug="grief-cafe", first_date=dt.date(2026, 12, 1))
    page = EventPage.objects.get(pk=page.pk)
    page.title = HOSTILE
    page.summary = "Tea\u2028and talk\x1b"
    page.what_to_expect = "A circle\u2029then\x00 tea"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()  # what the editor's Publish button does

    page = EventPage.objects.get(pk=page.pk)
    assert page.title == "Grief café[31m circle"
    assert page.summary == "Tea and talk"
    assert page.what_to_expect == "A circle\nthen tea"

    occurrence = page.occurrences.order_by("start").first()
    with django_capture_on_commit_callbacks(execute=True):
        make_rsvp(occurrence, email="ana@example.org")
    subject = mailoutbox[-1].subject
    assert "Grief café[31m circle" in subject
    assert not any(is_control(c) for c in subject)
    html = client.get(page.url).content.decode()
    assert "\u2028" not in html and "\x1b" not in html
    feed = client.get("/feeds/gathering/grief-cafe.ics")
    assert Calendar.from_ical(feed.content).walk("VEVENT")[0]["SUMMARY"] == page.title


@pytest.mark.django_db
def test_a_draft_saved_without_publishing_is_clean_too():
    page = make_event_page(title="Walk", publish=False)
    page.title = "Walk\u2028together\x07"
    page.save()  # Wagtail's "Save draft" runs the lighter check

    assert EventPage.objects.get(pk=page.pk).title == "Walk together"


@pytest.mark.django_db
def test_a_title_of_control_characters_only_is_refused_not_stored_empty():
    from django.core.exceptions import ValidationError

    page = make_event_page(title="Walk")
    page.title = "\x07\x1b\ufeff"

    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "title" in error.value.message_dict


@pytest.mark.django_db
def test_a_venues_name_and_address_are_clean():
    venue = make_venue(title="Hall")
    venue.title = "Riverside\u2028Hall\x00"
    venue.address = "12 Mill Lane\u2028Leeds\x1b"
    venue.save_revision().publish()

    venue = VenuePage.objects.get(pk=venue.pk)
    assert venue.title == "Riverside Hall"
    assert venue.address_lines[:2] == ["12 Mill Lane", "Leeds"]


@pytest.mark.django_db
def test_a_message_to_attendees_keeps_its_subject_on_one_line(
    admin_client, mailoutbox, django_capture_on_commit_callbacks
):
    page = make_event_page(first_date=dt.date(2026, 12, 1))
    occurrence = page.occurrences.order_by("start").first()
    make_rsvp(occurrence, email="ana@example.org")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("events_message", args=[occurrence.pk]),
            {"subject": "Lift\nBcc: all@example.org\u2028out", "message": "Use\u2028the ramp\x07"},
        )

    assert response.status_code == 302
    [sent] = mailoutbox
    assert sent.subject == "Lift Bcc: all@example.org out"
    assert sent.bcc == []
    assert "Use\nthe ramp" in sent.body


@pytest.mark.django_db
def test_an_organisers_note_on_a_date_is_clean(admin_client):
    page = make_event_page(first_date=dt.date(2026, 12, 1))
    occurrence = page.occurrences.order_by("start").first()
    local = occurrence.local_start

    response = admin_client.post(
        reverse("occurrences:edit", args=[occurrence.pk]),
        {
            "action": "keep",
            "date": local.date().isoformat(),
            "start_time": "19:00",
            "end_time": "20:30",
            "venue": "",
            "note": "Side door\u2028tonight\x1b",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    occurrence.refresh_from_db()
    assert occurrence.note == "Side door\ntonight"
