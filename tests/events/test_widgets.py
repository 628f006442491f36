"""The schedule widget inside Wagtail's page editor."""

import pytest
from django.urls import reverse

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
