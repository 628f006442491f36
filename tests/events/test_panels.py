"""The gathering editor's "Next dates" panel: each stored date with its change link and, for
the gathering's organisers, how full it is; before the first publish, a preview."""

import datetime as dt

import pytest
from django.urls import reverse

from events.models import Occurrence
from tests.factories import make_event_page, make_rsvp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def first_date(event):
    return event.occurrences.order_by("start").first()


def occurrence_on(event, day):
    return next(o for o in event.occurrences.all() if o.local_start.date() == day)


def edit_url(occurrence):
    return reverse("occurrences:edit", args=[occurrence.pk])


def test_the_gathering_editor_lists_its_next_dates_with_change_links(admin_client):
    event = make_event_page(title="Evening meditation", first_date=dt.date(2026, 12, 1))

    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[event.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Next dates" in page
    assert "data-upcoming-dates" in page
    assert "Tuesday 1 December 2026" in page
    assert "Tuesday 8 December 2026" in page
    assert edit_url(occurrence_on(event, dt.date(2026, 12, 1))) in page
    assert "events/js/recurrence-init.js" in page
    # Wagtail's own jQuery only: a second copy would break the go-live date picker.
    assert "/static/admin/js/vendor/jquery" not in page


def test_a_draft_gathering_previews_the_dates_its_schedule_will_give(admin_client):
    draft = make_event_page(
        title="Drop-in art", first_date=dt.date(2026, 12, 2), rule="RRULE:FREQ=WEEKLY;BYDAY=WE"
    )
    draft.unpublish()
    Occurrence.objects.filter(event=draft).delete()

    page = admin_client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])).content.decode()

    assert "Not published yet" in page
    assert "Wednesday 2 December 2026, 19:00" in page


def test_editor_panel_shows_seats_booked_and_waiting_to_the_organiser(
    client, organiser_of_a, two_gatherings
):
    event = two_gatherings[0]
    occurrence = first_date(event)
    make_rsvp(occurrence, name="Ama", email="ama@example.org", party_size=4)
    make_rsvp(occurrence, name="Ben", email="ben@example.org")
    client.force_login(organiser_of_a)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content.decode()
    assert "4 of 4" in html
    assert reverse("events_attendees", args=[occurrence.pk]) in html
