"""What the topology tests do as an organiser, run inside a Django process with the cluster's
settings (tests/topology/conftest.py, ``Organiser``): the same services the admin's views call."""

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from events.models import EventPage, Occurrence
from events.services import dates
from tests.factories import make_event_page, make_venue

LONDON = ZoneInfo("Europe/London")


def _date(occurrence):
    return {
        "id": occurrence.pk,
        "day": occurrence.date_slug,
        "url": f"{occurrence.event.get_full_url()}{occurrence.date_slug}/",
        "feed": occurrence.event.get_full_url(),
    }


def make_gathering(*, days_ahead=2, weeks=3, capacity=None, max_party_size=2, title=None):
    """A published weekly gathering whose first date is ``days_ahead`` days from now (so it can
    be booked today), with a venue of its own. Returns its URLs and its dates."""
    suffix = uuid.uuid4().hex[:6]
    first = (dt.datetime.now(LONDON) + dt.timedelta(days=days_ahead)).date()
    venue = make_venue(title=f"Hall {suffix}", slug=f"hall-{suffix}")
    page = make_event_page(
        rule=f"RRULE:FREQ=WEEKLY;COUNT={weeks}",
        first_date=first,
        capacity=capacity,
        max_party_size=max_party_size,
        title=title or f"Topology circle {suffix}",
        slug=f"topology-{suffix}",
        venue=venue,
    )
    occurrences = list(page.occurrences.order_by("start").select_related("event"))
    return {
        "id": page.pk,
        "slug": page.slug,
        "url": page.get_full_url(),
        "venue_url": venue.get_full_url(),
        "dates": [_date(o) for o in occurrences],
    }


def cancel(occurrence_id, reason):
    dates.cancel_occurrence(Occurrence.objects.get(pk=occurrence_id), reason=reason)


def move(occurrence_id, *, hours):
    occurrence = Occurrence.objects.get(pk=occurrence_id)
    shift = dt.timedelta(hours=hours)
    dates.move_occurrence(
        occurrence, start=occurrence.start + shift, end=occurrence.end + shift, note="Later."
    )
    return occurrence.start + shift


def make_admin(username, password):
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"is_superuser": True, "is_staff": True}
    )
    user.is_superuser = user.is_staff = True
    user.set_password(password)
    user.save()


def show_image(gathering_id, image_id):
    """Put the image on the gathering and publish it (as the page editor's Publish does)."""
    page = EventPage.objects.get(pk=gathering_id)
    page.image_id = image_id
    page.save_revision().publish()
    return page.get_full_url()
