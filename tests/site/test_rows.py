"""Pages read from the database quickly (hearth/rows.py) are the pages Django would build."""

import pytest
from django.db import models

from events.models import EventPage
from tests.factories import make_event_index, make_event_page, make_venue
from venues.models import VenuePage

pytestmark = pytest.mark.django_db


def fields(page):
    return {f.attname: page.__dict__.get(f.attname, "<deferred>") for f in page._meta.fields}


def django_built(queryset):
    """The same rows through Django's own Model.from_db."""
    for model in (EventPage, VenuePage):
        model.from_db = classmethod(models.Model.from_db.__func__)
    try:
        return list(queryset)
    finally:
        for model in (EventPage, VenuePage):
            del model.from_db  # QuickRows' again


@pytest.mark.parametrize("defer", [(), ("body", "schedule", "first_published_at", "owner_id")])
def test_a_gathering_read_quickly_is_the_gathering_django_builds(defer):
    venue = make_venue(title="The Hall", slug="the-hall")
    make_event_page(make_event_index(), title="Quiet circle", venue=venue)
    queryset = EventPage.objects.select_related("venue").defer(*defer)

    quick, built = list(queryset), django_built(queryset._chain())

    assert [fields(p) for p in quick] == [fields(p) for p in built]
    assert [fields(p.venue) for p in quick] == [fields(p.venue) for p in built]
    assert all(not p._state.adding and p._state.db == "default" for p in quick)
    assert set(quick[0].get_deferred_fields()) == set(defer)
    assert quick[0].body == built[0].body  # a deferred column still loads when asked for


def test_the_constructors_skipped_do_nothing_for_a_saved_row():
    """QuickRows builds rows with Django's constructor alone, which is right while every other
    constructor of these pages acts only on new pages (no id) or on child objects passed as
    arguments. A new one (a Wagtail or modelcluster upgrade, a mixin of ours) must be looked at."""
    known = {"AbstractPage", "ClusterableModel", "ShowInMenusMixin", "Model", "object"}
    for model in (EventPage, VenuePage):
        with_constructors = {c.__name__ for c in model.__mro__ if "__init__" in c.__dict__}
        assert with_constructors == known, model
