import datetime as dt

import pytest
import time_machine

from events.models import Occurrence
from tests.factories import make_event_page


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC), tick=False)
def test_publishing_a_gathering_stores_its_dates():
    page = make_event_page()
    starts = list(Occurrence.objects.filter(event=page).values_list("start", flat=True)[:2])
    assert starts == [
        dt.datetime(2026, 1, 6, 19, tzinfo=dt.UTC),
        dt.datetime(2026, 1, 13, 19, tzinfo=dt.UTC),
    ]
