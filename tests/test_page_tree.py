"""The page tree only allows the shapes DESIGN.md lays out."""

import pytest

from events.models import EventIndexPage, EventPage
from hearth.models import HomePage, StandardPage
from venues.models import VenueIndexPage, VenuePage


def allowed_children(page_class):
    return {model.__name__ for model in page_class.allowed_subpage_models()}


def allowed_parents(page_class):
    return {model.__name__ for model in page_class.allowed_parent_page_models()}


@pytest.mark.django_db
def test_home_page_holds_the_indexes_and_content_pages():
    assert allowed_children(HomePage) == {"EventIndexPage", "VenueIndexPage", "StandardPage"}


@pytest.mark.django_db
def test_gatherings_live_only_under_whats_on():
    assert allowed_parents(EventPage) == {"EventIndexPage"}
    assert allowed_children(EventIndexPage) == {"EventPage"}
    assert allowed_children(EventPage) == set()


@pytest.mark.django_db
def test_venues_live_only_under_the_venue_index():
    assert allowed_parents(VenuePage) == {"VenueIndexPage"}
    assert allowed_children(VenueIndexPage) == {"VenuePage"}
    assert allowed_children(VenuePage) == set()


@pytest.mark.django_db
def test_content_pages_nest_under_home_or_each_other():
    assert allowed_parents(StandardPage) == {"HomePage", "StandardPage"}


@pytest.mark.django_db
def test_there_is_one_home_and_one_of_each_index():
    assert HomePage.max_count == 1
    assert VenueIndexPage.max_count == 1
    home = HomePage.objects.get()
    assert HomePage.can_create_at(home.get_parent()) is False
    assert VenueIndexPage.can_create_at(home)
