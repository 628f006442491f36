"""An organiser of one of two gatherings: the scenario of the organisers' tools and rights."""

import datetime as dt

import pytest

from events.services.access import make_organiser
from tests.factories import make_event_page


@pytest.fixture
def two_gatherings():
    """Two published weekly gatherings with four seats each: "Bereavement circle" first."""
    a = make_event_page(
        title="Bereavement circle", first_date=dt.date(2026, 11, 1), capacity=4, max_party_size=4
    )
    b = make_event_page(
        title="New parents group", first_date=dt.date(2026, 11, 1), capacity=4, max_party_size=4
    )
    return a, b


@pytest.fixture
def organiser_of_a(django_user_model, two_gatherings):
    """The user "sam", who organises the first of ``two_gatherings``."""
    user = django_user_model.objects.create_user("sam", "sam@example.org", "a-long-test-password")
    make_organiser(user, two_gatherings[0])
    return user
