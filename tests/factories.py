"""Small builders for tests: each makes one thing with believable defaults, overridable."""

import datetime as dt
import itertools

from recurrence import deserialize
from wagtail.models import Locale, Page, Site

from events.models import Category, EventIndexPage, EventPage, Facilitator
from hearth.models import HomePage
from venues.models import VenueIndexPage, VenuePage

_counter = itertools.count(1)

# The tests' one "now": Tuesday 24 November 2026, 09:00 UTC, which is 09:00 in London (GMT).
# A weekly 19:00 gathering first meets tonight, and booking for it is open (it closes at 17:00).
# The ``frozen_clock`` fixture in tests/conftest.py stops the clock here; a test that needs
# another moment derives it from NOW and says why.
NOW = dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)


def home_page():
    """The site's home page (created by the hearth data migration)."""
    return HomePage.objects.get(depth=2)


def _index(model, title, slug, parent, kwargs):
    """The one index page of ``model`` (made, published, on first use) or a new one if asked."""
    existing = model.objects.first()
    if existing and not kwargs:
        return existing
    kwargs.setdefault("title", title)
    kwargs.setdefault("slug", slug)
    page = model(**kwargs)
    (parent or home_page()).add_child(instance=page)
    page.save_revision().publish()
    return page


def make_event_index(parent=None, **kwargs):
    return _index(EventIndexPage, "What's on", "whats-on", parent, kwargs)


def make_venue_index(parent=None, **kwargs):
    return _index(VenueIndexPage, "Venues", "venues", parent, kwargs)


def make_venue(parent=None, **kwargs):
    parent = parent or make_venue_index()
    n = next(_counter)
    kwargs.setdefault("title", f"Venue {n}")
    kwargs.setdefault("slug", f"venue-{n}")
    kwargs.setdefault("address", f"{n} High Street\nLeeds")
    kwargs.setdefault("postcode", "LS1 1AA")
    page = VenuePage(**kwargs)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_category(**kwargs):
    n = next(_counter)
    kwargs.setdefault("name", f"Category {n}")
    kwargs.setdefault("slug", f"category-{n}")
    return Category.objects.create(**kwargs)


def make_facilitator(**kwargs):
    kwargs.setdefault("name", f"Facilitator {next(_counter)}")
    return Facilitator.objects.create(**kwargs)


def make_event_page(parent=None, *, rule="RRULE:FREQ=WEEKLY;BYDAY=TU", publish=True, **kwargs):
    """A gathering under What's on; by default weekly on Tuesdays at 19:00 London, published."""
    parent = parent or make_event_index()
    n = next(_counter)
    kwargs.setdefault("title", f"Gathering {n}")
    kwargs.setdefault("slug", f"gathering-{n}")
    kwargs.setdefault("summary", "A calm weekly gathering.")
    kwargs.setdefault("first_date", dt.date(2026, 1, 6))
    kwargs.setdefault("start_time", dt.time(19, 0))
    kwargs.setdefault("duration", dt.timedelta(minutes=90))
    kwargs.setdefault("time_zone", "Europe/London")
    facilitators = kwargs.pop("facilitators", [])
    page = EventPage(schedule=deserialize(rule) if isinstance(rule, str) else rule, **kwargs)
    page.live = False  # a page goes live only by publishing its revision
    parent.add_child(instance=page)
    if facilitators:
        page.facilitators.set(facilitators)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def republish(page, rule=None, **changes):
    """Edit a gathering as an organiser would: change its rule or fields, save and publish."""
    if rule is not None:
        page.schedule = deserialize(rule)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def translate(page, code="pl", **words):
    """What an organiser does: "Translate" in the page's menu (its parents come along as
    aliases where they are not translated yet), change the words, publish."""
    translation = page.copy_for_translation(
        Locale.objects.get(language_code=code), copy_parents=True
    ).specific
    for name, value in words.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


def make_rsvp(occurrence, *, name="Ana", email=None, party_size=1, access_needs="", **kwargs):
    """A booking through the booking service (so seats and the queue follow the real rules).

    Taken as an organiser would by hand (outside the online window) unless ``check_window``.
    """
    from events.services import booking

    kwargs.setdefault("check_window", False)
    email = email or f"{name.lower().replace(' ', '.')}.{next(_counter)}@example.org"
    return booking.book(
        occurrence=occurrence,
        name=name,
        email=email,
        party_size=party_size,
        access_needs=access_needs,
        **kwargs,
    ).rsvp


def make_course(parent=None, *, sessions=6, **kwargs):
    """A course: ``sessions`` weekly dates (Tuesdays at 19:00 London from 1 December 2026 unless
    told), booked as one; published."""
    kwargs.setdefault("first_date", dt.date(2026, 12, 1))
    kwargs.setdefault("capacity", 4)
    kwargs.setdefault("max_party_size", 3)
    kwargs.setdefault("rule", f"RRULE:FREQ=WEEKLY;COUNT={sessions}")
    return make_event_page(parent, is_course=True, **kwargs)


def make_course_booking(event, *, name="Ana", email=None, party_size=1, **kwargs):
    """A course place through the course service; returns its ``Enrolment``."""
    from events.services import courses

    email = email or f"{name.lower().replace(' ', '.')}.{next(_counter)}@example.org"
    return courses.book_course(
        event=event, name=name, email=email, party_size=party_size, **kwargs
    ).rsvp.enrolment


def make_standing_booking(event, *, name="Reg", email=None, party_size=1, **kwargs):
    """A regular's "book every week" through the service; returns its ``Enrolment``."""
    from events.services import regulars

    email = email or f"{name.lower().replace(' ', '.')}.{next(_counter)}@example.org"
    return regulars.book_every_week(
        event=event, name=name, email=email, party_size=party_size, **kwargs
    ).rsvp.enrolment


def default_site():
    return Site.objects.get(is_default_site=True)


__all__ = [
    "NOW",
    "Page",
    "default_site",
    "home_page",
    "make_category",
    "make_event_index",
    "make_event_page",
    "make_facilitator",
    "make_rsvp",
    "make_venue",
    "make_venue_index",
    "republish",
]


def make_programme():
    """A small public programme: three kinds of gathering at two venues, one step-free.

    Call with the clock frozen at ``NOW``: occurrences are stored on publish.
    Returns a dict of what it made, by short name.
    """
    art = make_category(name="Art therapy", slug="art-therapy", colour="#7a3b69")
    meditation = make_category(name="Meditation", slug="meditation")
    support = make_category(
        name="Peer support", slug="peer-support", colour="#2b4d7a", shows_support_panel=True
    )
    hall = make_venue(
        title="Riverside Community Hall",
        slug="riverside-hall",
        address="12 Mill Lane\nLeeds",
        postcode="LS2 7EX",
        latitude="53.795900",
        longitude="-1.548000",
        step_free_access=True,
        hearing_loop=True,
        accessible_toilet=True,
    )
    chapel = make_venue(
        title="Old Chapel Rooms",
        slug="old-chapel",
        address="3 Kirk Street\nLeeds",
        postcode="LS6 1AB",
        step_free_access=False,
    )
    asha = make_facilitator(name="Asha Patel", role="Art therapist (HCPC)", bio="Asha has run…")
    art_evening = make_event_page(
        title="Evening art therapy",
        slug="evening-art-therapy",
        summary="Paint, draw and talk, no experience needed.",
        category=art,
        venue=hall,
        facilitators=[asha],
        rule="RRULE:FREQ=WEEKLY;BYDAY=TU,TH",
        first_date=dt.date(2026, 1, 13),
        start_time=dt.time(19, 0),
        what_to_expect="Tea, a table of materials, and a quiet start.",
        featured=True,
    )
    art_morning = make_event_page(
        title="Morning art club",
        slug="morning-art-club",
        summary="A relaxed morning of making.",
        category=art,
        venue=chapel,
        rule="RRULE:FREQ=WEEKLY;BYDAY=WE",
        start_time=dt.time(10, 0),
    )
    sitting = make_event_page(
        title="Tuesday evening meditation",
        slug="tuesday-meditation",
        summary="Twenty minutes of sitting, then tea.",
        category=meditation,
        venue=chapel,
        start_time=dt.time(19, 0),
        intake="closed",
    )
    circle = make_event_page(
        title="Saturday peer support circle",
        slug="peer-support-circle",
        summary="A gentle group for anyone going through a hard time.",
        category=support,
        venue=hall,
        rule="RRULE:FREQ=MONTHLY;BYDAY=+2SA",
        start_time=dt.time(14, 0),
        duration=dt.timedelta(hours=2),
    )
    return {
        "art": art,
        "meditation": meditation,
        "support": support,
        "hall": hall,
        "chapel": chapel,
        "asha": asha,
        "art_evening": art_evening,
        "art_morning": art_morning,
        "sitting": sitting,
        "circle": circle,
    }


def make_cheap_event_pages(count, *, parent=None, venue=None, category=None):
    """Many published gatherings with two dates each, for query-count tests (fast to build)."""
    parent = parent or make_event_index()
    return [
        make_event_page(
            parent,
            rule="RRULE:FREQ=WEEKLY;COUNT=2",
            first_date=dt.date(2026, 11, 25),
            start_time=dt.time(9 + n % 12, 0),
            venue=venue,
            category=category,
        )
        for n in range(count)
    ]


def make_image(title="A calm room", *, size=(1600, 1000), colour=(120, 150, 130)):
    """A Wagtail image from a plain generated picture (no files in the repository)."""
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    picture = PILImage.new("RGB", size, colour)
    for x in range(0, size[0], 40):  # a little texture, so renditions are not trivial
        for y in range(0, size[1], 200):
            picture.putpixel((x, y), (250, 245, 235))
    picture.save(buffer, format="JPEG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title.lower().replace(' ', '-')}.jpg")
    )


def ensure_home_page():
    """Root, home page and default site as the migrations make them, if a flush removed them.

    Transactional (browser) tests flush the database afterwards; when a non-transactional test
    ran first in the session, serialized_rollback has been seen not to bring these rows back.
    """
    from django.conf import settings
    from django.utils.translation import get_supported_language_variant
    from wagtail.models import Collection, Locale

    from hearth.public_address import site_address

    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    if HomePage.objects.filter(depth=2).exists():
        return home_page()
    Locale.objects.get_or_create(
        language_code=get_supported_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = HomePage(
        title="Hearth", slug="home", intro="Gatherings for wellbeing, open to everyone."
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    hostname, port = site_address()  # as `migrate` leaves it: in step with BASE_URL
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": hostname, "port": port, "root_page": home, "site_name": "Hearth"},
    )
    return home
