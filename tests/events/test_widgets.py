"""The schedule widget inside Wagtail's page editor."""

import json

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from tests.factories import make_event_index

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def test_the_create_view_for_a_gathering_renders_the_schedule_widget(admin_client):
    index = make_event_index()

    response = admin_client.get(
        reverse("wagtailadmin_pages:add", args=["events", "eventpage", index.pk])
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="recurrence-widget' in page
    assert "No dates yet" in page
    assert 'value="Europe/London" selected' in page


def test_the_schedule_widget_speaks_the_organisers_admin_language(admin_client, admin_user):
    """django-recurrence's own translations reach its widget: the catalogue loads before the
    widget's script, in the language the organiser chose for the admin."""
    index = make_event_index()
    page = admin_client.get(
        reverse("wagtailadmin_pages:add", args=["events", "eventpage", index.pk])
    ).content.decode()
    catalogue = reverse("events_schedule_widget_catalog")
    assert page.index(f'src="{catalogue}"') < page.index("recurrence/js/recurrence.js")

    add_rule = json.dumps("إضافة قاعدة")  # "Add rule", as the catalogue writes it
    assert add_rule not in admin_client.get(catalogue).content.decode()
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "ar"
    profile.save()
    assert add_rule in admin_client.get(catalogue).content.decode()

    # Polish, which django-recurrence does not ship, comes from Hearth's own catalogue.
    profile.preferred_language = "pl"
    profile.save()
    polish = admin_client.get(catalogue).content.decode()
    assert json.dumps("Dodaj regułę") in polish and json.dumps("poniedziałek") in polish
