"""The Dates area of the admin: cancel, move or restore one date of a gathering, and see only
the dates of the gatherings one may edit."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from events.models import Occurrence
from tests.factories import make_event_page, make_venue

LONDON = zoneinfo.ZoneInfo("Europe/London")

pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture
def organiser(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="organiser", email="organiser@example.org", password="a-long-test-password"
    )
    client.force_login(user)
    return user


@pytest.fixture
def event():
    """Tuesdays at 19:00 London from 1 December 2026, published (so its dates are stored)."""
    return make_event_page(title="Evening meditation", first_date=dt.date(2026, 12, 1))


def first_date(event):
    return event.occurrences.order_by("start").first()


def occurrence_on(event, day):
    return next(o for o in event.occurrences.all() if o.local_start.date() == day)


def edit_url(occurrence):
    return reverse("occurrences:edit", args=[occurrence.pk])


def post_change(client, occurrence, **data):
    fields = {
        "action": "keep",
        "date": occurrence.local_start.date().isoformat(),
        "start_time": f"{occurrence.local_start:%H:%M}",
        "end_time": f"{occurrence.local_end:%H:%M}",
        "venue": "",
        "note": "",
    }
    fields.update(data)
    return client.post(edit_url(occurrence), fields)


@pytest.mark.django_db
def test_cancelling_a_date_without_a_reason_is_refused(client, organiser, event):
    occurrence = occurrence_on(event, dt.date(2026, 12, 8))

    response = post_change(client, occurrence, action="cancel", note="  ")

    assert response.status_code == 200
    assert "Say briefly why this date is cancelled" in response.content.decode()
    occurrence.refresh_from_db()
    assert not occurrence.is_cancelled


@pytest.mark.django_db
def test_cancelling_a_date_with_a_reason_returns_to_the_gathering_editor(client, organiser, event):
    occurrence = occurrence_on(event, dt.date(2026, 12, 8))

    response = post_change(
        client, occurrence, action="cancel", note="Our facilitator is unwell this week."
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[event.pk])
    occurrence.refresh_from_db()
    assert occurrence.is_cancelled
    assert occurrence.note == "Our facilitator is unwell this week."
    editor = client.get(response["Location"]).content.decode()
    assert "Tue 8 Dec 2026 19:00 is cancelled" in editor
    assert "Our facilitator is unwell this week." in editor


@pytest.mark.django_db
def test_a_cancelled_date_can_be_cancelled_without_filling_in_its_time(client, organiser, event):
    occurrence = occurrence_on(event, dt.date(2026, 12, 8))

    response = post_change(
        client, occurrence, action="cancel", note="Room flooded.", date="", start_time=""
    )

    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.is_cancelled


@pytest.mark.django_db
def test_moving_a_date_to_another_day_time_and_venue(client, organiser, event):
    occurrence = occurrence_on(event, dt.date(2026, 12, 8))
    hall = make_venue(title="Chapel Allerton Hall")

    response = post_change(
        client,
        occurrence,
        date="2026-12-09",
        start_time="18:30",
        end_time="20:00",
        venue=str(hall.pk),
        note="Wednesday this week.",
    )

    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.local_start == dt.datetime(2026, 12, 9, 18, 30, tzinfo=LONDON)
    assert occurrence.local_end == dt.datetime(2026, 12, 9, 20, 0, tzinfo=LONDON)
    assert occurrence.venue == hall
    assert occurrence.is_moved
    assert occurrence.local_original_start == dt.datetime(2026, 12, 8, 19, 0, tzinfo=LONDON)


@pytest.mark.django_db
def test_an_end_shortly_before_the_start_means_the_session_runs_past_midnight(
    client, organiser, event
):
    occurrence = occurrence_on(event, dt.date(2026, 12, 8))

    response = post_change(client, occurrence, start_time="22:00", end_time="01:00")

    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.local_start == dt.datetime(2026, 12, 8, 22, 0, tzinfo=LONDON)
    assert occurrence.local_end == dt.datetime(2026, 12, 9, 1, 0, tzinfo=LONDON)


@pytest.mark.django_db
def test_an_end_long_before_the_start_is_refused(client, organiser, event):
    occurrence = occurrence_on(event, dt.date(2026, 12, 8))

    response = post_change(client, occurrence, start_time="19:00", end_time="09:00")

    assert response.status_code == 200
    assert "The end is before the start." in response.content.decode()
    occurrence.refresh_from_db()
    assert occurrence.local_end == dt.datetime(2026, 12, 8, 20, 30, tzinfo=LONDON)


@pytest.mark.django_db
def test_a_date_that_goes_ahead_needs_its_date_and_times(client, organiser, event):
    occurrence = occurrence_on(event, dt.date(2026, 12, 8))

    response = post_change(client, occurrence, date="", end_time="")

    assert response.status_code == 200
    assert response.content.decode().count("Needed when the date goes ahead.") == 2


@pytest.mark.django_db
def test_restoring_a_moved_date_puts_it_back_on_the_schedule(client, organiser, event):
    occurrence = occurrence_on(event, dt.date(2026, 12, 8))
    post_change(client, occurrence, start_time="18:00", end_time="19:00")

    response = post_change(client, occurrence, action="restore")

    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.local_start == dt.datetime(2026, 12, 8, 19, 0, tzinfo=LONDON)
    assert not occurrence.is_moved
    assert not occurrence.is_exception


@pytest.mark.django_db
def test_the_change_form_shows_the_date_in_the_gatherings_own_time(client, organiser, event):
    occurrence = occurrence_on(event, dt.date(2026, 12, 8))

    page = client.get(edit_url(occurrence)).content.decode()

    assert 'value="2026-12-08"' in page
    assert 'value="19:00"' in page
    assert 'value="20:30"' in page
    assert "Times are local to Europe/London." in page


@pytest.mark.django_db
def test_dates_cannot_be_added_or_deleted_in_the_admin(client, organiser, event):
    occurrence = event.occurrences.first()
    count = Occurrence.objects.count()

    assert client.get("/admin/occurrences/new/").status_code == 404
    assert client.post("/admin/occurrences/new/", {}).status_code == 404
    assert client.get(f"/admin/occurrences/delete/{occurrence.pk}/").status_code == 404
    assert client.post(f"/admin/occurrences/delete/{occurrence.pk}/").status_code == 404
    assert Occurrence.objects.count() == count
    listing = client.get(reverse("occurrences:index"))
    assert listing.status_code == 200
    assert "/admin/occurrences/new/" not in listing.content.decode()


@pytest.mark.django_db
def test_the_dates_listing_can_show_one_gathering(client, organiser, event):
    other = make_event_page(title="Art in the afternoon", rule="RRULE:FREQ=WEEKLY;BYDAY=WE")

    listing = client.get(reverse("occurrences:index"), {"event": event.pk}).content.decode()

    assert "Evening meditation, Tue 1 Dec 2026 19:00" in listing
    assert f"{other.title}, Wed" not in listing


@pytest.mark.django_db
def test_a_change_to_a_date_is_recorded_in_its_history(client, organiser, event):
    occurrence = occurrence_on(event, dt.date(2026, 12, 8))
    post_change(client, occurrence, action="cancel", note="Room flooded.")

    history = client.get(reverse("occurrences:history", args=[occurrence.pk])).content.decode()

    assert "Edited" in history


@pytest.mark.django_db
def test_organiser_changes_the_dates_of_their_own_gathering_only(
    client, organiser_of_a, two_gatherings
):
    own, other = (first_date(event) for event in two_gatherings)
    client.force_login(organiser_of_a)
    assert client.get(reverse("occurrences:edit", args=[own.pk])).status_code == 200
    assert client.get(reverse("occurrences:edit", args=[other.pk])).status_code in {403, 404}
    listing = client.get(reverse("occurrences:index")).content.decode()
    assert "Bereavement circle" in listing
    assert "New parents group" not in listing


@pytest.mark.django_db
def test_history_and_usage_of_another_gatherings_date_are_not_found(
    client, organiser_of_a, two_gatherings
):
    other = first_date(two_gatherings[1])
    client.force_login(organiser_of_a)
    for name in ("occurrences:history", "occurrences:usage"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404, name
    own = first_date(two_gatherings[0])
    assert client.get(reverse("occurrences:history", args=[own.pk])).status_code == 200
