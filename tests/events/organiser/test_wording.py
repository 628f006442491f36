"""The admin in the organisers' words: page types, field labels, lengths of time, the schedule
widget's dates, and a forgiving address when autosave already kept a draft."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, streamfield

from events.editor import EventPageForm, HoursAndMinutesField
from events.models import EventIndexPage, EventPage, Occurrence
from events.schedule import hours_and_minutes, parse_hours_and_minutes
from events.widgets import RecurrenceWidget, recurrence_date_format
from tests.factories import make_event_index, make_event_page
from venues.models import VenueIndexPage, VenuePage


def test_page_types_and_dates_are_named_as_organisers_say_them():
    assert EventPage.get_verbose_name() == "Gathering"
    assert EventIndexPage.get_verbose_name() == "What's on"
    assert VenuePage.get_verbose_name() == "Venue"
    assert VenueIndexPage.get_verbose_name() == "List of venues"
    assert Occurrence._meta.verbose_name_plural == "dates"


def test_who_can_come_labels_the_intake_choice():
    field = EventPage._meta.get_field("intake")
    assert field.verbose_name == "who can come"
    assert [label for _, label in field.choices] == [
        "Open to newcomers",
        "Closed group",
        "Ask the facilitator first",
    ]


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("1 h 30 min", 90),
        ("1h30", 90),
        ("1 hour and 30 minutes", 90),
        ("90 min", 90),
        ("1.5 hours", 90),
        ("1,5 h", 90),
        ("2 h", 120),
        ("45 min", 45),
        ("1:30", 90),
        ("01:30:00", 90),
    ],
)
def test_a_session_length_is_read_as_people_write_it(typed, minutes):
    assert parse_hours_and_minutes(typed) == dt.timedelta(minutes=minutes)


@pytest.mark.parametrize("typed", ["90", "", "an hour", "1:75", "01:15:30"])
def test_a_length_that_cannot_be_read_is_questioned_not_guessed(typed):
    with pytest.raises(ValueError):
        parse_hours_and_minutes(typed)


def test_lengths_are_shown_in_hours_and_minutes_never_as_a_clock():
    assert hours_and_minutes(dt.timedelta(minutes=90)) == "1 h 30 min"
    assert hours_and_minutes(dt.timedelta(minutes=45)) == "45 min"
    assert hours_and_minutes(dt.timedelta(hours=2)) == "2 h"


def test_duration_field_refuses_lengths_outside_five_minutes_to_a_day():
    field = HoursAndMinutesField()
    assert field.clean("5 min") == dt.timedelta(minutes=5)
    assert field.clean("24 h") == dt.timedelta(hours=24)
    for typed in ["4 min", "24 h 5 min"]:
        with pytest.raises(Exception, match="between 5 minutes and 24 hours"):
            field.clean(typed)
    assert 'value="1 h 30 min"' in field.widget.render("duration", dt.timedelta(minutes=90))


def test_schedule_widget_is_given_the_sites_date_order():
    assert recurrence_date_format("j M Y") == "%j %M %Y"
    assert recurrence_date_format(r"j \d\e F \d\e Y") == "%j de %F de %Y"
    html = RecurrenceWidget().render("schedule", "")
    assert 'data-date-format="%j %M %Y"' in html  # en-GB: 8 Jul 2027
    assert 'data-long-date-format="%l %j %F %Y"' in html  # Thursday 8 July 2027


# A forgiving address -----------------------------------------------------------------------


def editor_data(**overrides):
    return nested_form_data(
        {
            "title": "Tuesday meditation",
            "slug": "tuesday-meditation",
            "summary": "Twenty minutes of quiet.",
            "first_date": "2026-12-01",
            "start_time": "19:00",
            "duration": "1 h 30 min",
            "time_zone": "Europe/London",
            "cost": "Free",
            "intake": "open",
            "attendance_mode": "in_person",
            "booking_opens_days": "14",
            "booking_closes_hours": "2",
            "max_party_size": "2",
            "schedule": "",
            "body": streamfield([]),
            **overrides,
        }
    )


def new_page_form(parent, user, **overrides):
    form_class = EventPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, EventPageForm)
    return form_class(
        editor_data(**overrides),
        instance=EventPage(owner=user),
        parent_page=parent,
        for_user=user,
    )


@pytest.mark.django_db
def test_address_held_by_own_abandoned_draft_becomes_the_next_free_one(admin_user):
    whats_on = make_event_index()
    make_event_page(
        whats_on,
        title="Tuesday meditation",
        slug="tuesday-meditation",
        publish=False,
        owner=admin_user,
    )
    make_event_page(whats_on, title="Other", slug="tuesday-meditation-2")
    form = new_page_form(whats_on, admin_user)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["slug"] == "tuesday-meditation-3"
    assert "“tuesday-meditation-3”" in str(form.slug_notice)
    assert ("slug", "tuesday-meditation-3") in form.get_field_updates_for_resave()


@pytest.mark.django_db
def test_address_held_by_a_published_page_is_explained_with_a_free_suggestion(admin_user):
    whats_on = make_event_index()
    make_event_page(whats_on, title="Tuesday meditation", slug="tuesday-meditation")
    form = new_page_form(whats_on, admin_user)
    assert not form.is_valid()
    message = form.errors["slug"][0]
    assert "(“Tuesday meditation”, published)" in message
    assert "e.g. “tuesday-meditation-2”" in message


@pytest.mark.django_db
def test_someone_elses_draft_keeps_its_address_and_the_clash_is_explained(
    admin_user, django_user_model
):
    whats_on = make_event_index()
    colleague = django_user_model.objects.create_user("kim", "kim@example.org", "pw-long-enough")
    make_event_page(
        whats_on,
        title="Tuesday meditation",
        slug="tuesday-meditation",
        publish=False,
        owner=colleague,
    )
    form = new_page_form(whats_on, admin_user)
    assert not form.is_valid()
    assert "a draft" in form.errors["slug"][0]


@pytest.mark.django_db
def test_creating_a_gathering_over_an_abandoned_draft_says_what_happened(admin_client, admin_user):
    whats_on = make_event_index()
    draft = make_event_page(
        whats_on,
        title="Tuesday meditation",
        slug="tuesday-meditation",
        publish=False,
        owner=admin_user,
    )
    add_url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", whats_on.pk])
    opened = admin_client.get(add_url).content.decode()
    assert "You started “Tuesday meditation” here" in opened
    response = admin_client.post(add_url, editor_data(), follow=True)
    text = response.content.decode()
    created = EventPage.objects.exclude(pk=draft.pk).get(title="Tuesday meditation")
    assert created.slug == "tuesday-meditation-2"
    assert "You already have an unpublished draft called “Tuesday meditation”" in text
    assert reverse("wagtailadmin_pages:edit", args=[draft.pk]) in text
    assert Page.objects.filter(slug__startswith="tuesday-meditation").count() == 2


@pytest.mark.django_db
def test_history_compares_lengths_in_hours_and_minutes(admin_client):
    event = make_event_page(duration=dt.timedelta(minutes=90))
    first = event.get_latest_revision()
    event.duration = dt.timedelta(hours=2)
    second = event.save_revision()
    url = reverse("wagtailadmin_pages:revisions_compare", args=[event.pk, first.pk, second.pk])
    text = admin_client.get(url).content.decode()
    assert "1 h 30 min" in text and re.search(r">\s*2 h\s*<", text)
    assert "1:30:00" not in text
