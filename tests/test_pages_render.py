"""Every page type renders for a visitor."""

import datetime as dt

import pytest

from hearth.models import StandardPage
from tests.factories import (
    home_page,
    make_category,
    make_event_index,
    make_event_page,
    make_facilitator,
    make_venue,
    make_venue_index,
)


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_clock")
def test_every_page_type_renders(client):
    venue = make_venue(title="Quaker Meeting House")
    event = make_event_page(
        title="Tuesday evening meditation",
        venue=venue,
        category=make_category(name="Meditation"),
        facilitators=[make_facilitator(name="Asha")],
        first_date=dt.date(2026, 11, 1),
    )
    about = StandardPage(title="About us", slug="about", intro="Who we are.")
    home_page().add_child(instance=about)
    about.save_revision().publish()

    for page, text in [
        (home_page(), "Hearth"),
        (about, "Who we are."),
        (make_event_index(), "Tuesday evening meditation"),
        (event, "Tuesday evening meditation"),
        (make_venue_index(), "Quaker Meeting House"),
        (venue, "Quaker Meeting House"),
    ]:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert text in response.content.decode(), page.url
