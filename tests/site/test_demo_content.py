"""The demo organisation that `make run` loads: what a newcomer to Hearth sees first."""

import datetime as dt
import re
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from recurrence import serialize
from wagtail.images.models import Image
from wagtail.models import Page, Revision

from events.models import Category, EventPage, Facilitator, Occurrence
from hearth.models import HomePage, StandardPage, SupportSettings
from hearth.translations import in_site_language
from tests.factories import NOW
from venues.models import VenuePage, VenuePhoto

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def load_demo():
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker, demo_media):
    """Load the demo once for this module, inside a transaction rolled back at the end.

    Each test then runs in its own savepoint, as usual, on top of the loaded demo; a run of the
    command there is the "second run" that must change nothing.
    """
    with (
        time_machine.travel(NOW, tick=False),
        override_settings(MEDIA_ROOT=demo_media),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        output = load_demo()
        yield output
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _media_and_mail(settings, demo_media):
    """The images the module's demo drew stay readable (for renditions) in every test."""
    settings.MEDIA_ROOT = demo_media


def rule_text(event):
    return serialize(event.schedule)


def relative_luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_demo_fills_the_site_with_venues_gatherings_and_people():
    venues = in_site_language(VenuePage.objects.live())
    assert venues.count() >= 4
    for venue in venues:
        assert venue.postcode.startswith("LS")
        assert 53.7 < float(venue.latitude) < 53.9 and -1.7 < float(venue.longitude) < -1.4
        assert venue.main_photo is not None
        assert venue.photos.count() >= 1
        assert venue.public_transport and venue.access_notes
    # Access facts differ between places, so the filters have something to show.
    assert {v.step_free_access for v in venues} == {True, False}
    assert {v.hearing_loop for v in venues} == {True, False}

    gatherings = in_site_language(EventPage.objects.live())
    assert gatherings.count() >= 12
    for gathering in gatherings:
        assert gathering.image is not None, gathering.title
        assert gathering.category is not None, gathering.title
        assert gathering.facilitators.exists(), gathering.title
        assert gathering.summary and gathering.what_to_expect and gathering.body
        assert gathering.time_zone == "Europe/London"
    assert 3 <= gatherings.filter(featured=True).count() <= 4
    assert gatherings.filter(capacity__isnull=True).exists()
    assert {g.intake for g in gatherings} == {"open", "closed", "ask"}

    online = gatherings.filter(venue__isnull=True)
    assert online.count() == 1 and online.get().online_link.startswith("https://")

    assert {"Meditation", "Art therapy", "Fitness", "Peer support"} <= set(
        Category.objects.values_list("name", flat=True)
    )
    for facilitator in Facilitator.objects.all():
        assert facilitator.role and facilitator.photo is not None
        assert facilitator.bio.count(". ") >= 1

    home = in_site_language(HomePage.objects).get(depth=2)
    assert "Leeds" in home.intro
    assert {p.title for p in in_site_language(StandardPage.objects.live())} >= {
        "About us",
        "Safe-space guidelines",
        "Resources",
    }
    assert "116 123" in SupportSettings.objects.get().text


def test_demo_schedules_cover_weekly_fortnightly_monthly_and_short_daily_courses():
    rules = [rule_text(event) for event in EventPage.objects.live()]
    assert any("FREQ=WEEKLY;BYDAY=TU,TH" in rule for rule in rules)
    assert any("FREQ=WEEKLY;INTERVAL=2" in rule for rule in rules)
    assert any("FREQ=MONTHLY;BYDAY=2SA" in rule for rule in rules)
    assert any("FREQ=DAILY;COUNT=5" in rule for rule in rules)
    assert any("EXDATE" in rule for rule in rules)

    course = EventPage.objects.get(slug="mindful-mornings")
    days = [o.local_start.date() for o in course.occurrences.order_by("start")]
    assert [d.strftime("%a") for d in days] == ["Mon", "Tue", "Wed", "Thu", "Fri"]
    assert days[0] > NOW.date()
    assert course.is_course  # booked as one: a place on all five mornings

    journalling = EventPage.objects.get(slug="creative-journalling")
    for occurrence in journalling.occurrences.upcoming()[:6]:
        local = occurrence.local_start
        assert local.strftime("%a") == "Sat" and 8 <= local.day <= 14


def test_twice_weekly_yoga_skips_christmas_eve_and_keeps_its_local_time():
    yoga = EventPage.objects.get(slug="gentle-yoga")
    december = {
        o.local_start.date(): o.local_start.time()
        for o in yoga.occurrences.filter(start__year=2026, start__month=12)
    }
    assert dt.date(2026, 12, 22) in december and dt.date(2026, 12, 29) in december
    assert dt.date(2026, 12, 24) not in december
    assert set(december.values()) == {dt.time(10, 0)}
    # Across the spring clock change the class is still at 10:00 in Leeds.
    spring = yoga.occurrences.filter(start__date__gte=dt.date(2027, 3, 30)).first()
    assert spring.local_start.time() == dt.time(10, 0)


def test_demo_shows_a_cancelled_date_and_a_moved_date_ahead():
    upcoming = Occurrence.objects.public().upcoming()
    cancelled = upcoming.filter(status=Occurrence.Status.CANCELLED, is_exception=True)
    assert cancelled.count() >= 1
    assert all(o.note for o in cancelled)
    moved = [o for o in upcoming.filter(is_exception=True) if o.is_moved]
    assert len(moved) >= 1
    assert any(o.venue is not None and o.venue != o.event.venue for o in moved)
    assert all(o.note for o in moved)


def test_the_demo_has_a_few_pages_in_polish_and_arabic_sharing_the_dates(client):
    for code in ("pl", "ar"):
        assert Page.objects.live().filter(locale__language_code=code).count() >= 3
    assert not Occurrence.objects.exclude(event__locale__language_code="en-gb").exists()
    polish = client.get("/pl/whats-on/tuesday-evening-meditation/").content.decode()
    assert "Wtorkowa medytacja wieczorna" in polish and "Co tydzień we wtorek" in polish
    arabic = client.get("/ar/whats-on/").content.decode()
    assert "تأمّل مساء الثلاثاء" in arabic and 'dir="rtl"' in arabic
    # Where to find help now, in each language.
    assert "Potrzebujesz wsparcia teraz?" in polish and "Medytacja" in polish
    assert "هل تحتاج إلى دعم الآن؟" in arabic


def test_every_demo_page_opens(client):
    pages = Page.objects.live().filter(depth__gte=2).specific()
    kinds = {type(page).__name__ for page in pages}
    assert kinds >= {"HomePage", "EventIndexPage", "EventPage", "VenueIndexPage", "VenuePage"}
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
    assert client.get("/whats-on/").status_code == 200
    assert client.get("/venues/").status_code == 200


def test_the_first_run_reports_what_it_made_and_how_to_log_in(demo):
    assert "Created:" in demo and "13 gatherings" in demo
    password = re.search(r"Admin login: user admin, password (\S+) ", demo).group(1)
    assert get_user_model().objects.get(username="admin").check_password(password)


def test_no_two_runs_give_the_admin_the_same_password(monkeypatch):
    monkeypatch.delenv("HEARTH_ADMIN_PASSWORD", raising=False)
    passwords = set()
    for _ in range(2):
        get_user_model().objects.all().delete()
        output = load_demo()
        passwords.add(re.search(r"password (\S+) ", output).group(1))
    assert len(passwords) == 2
    assert "hearth-demo-admin" not in passwords  # the password once published in the README


def test_the_demo_refuses_production_settings_unless_told(settings):
    settings.HEARTH_PRODUCTION = True
    before = EventPage.objects.count()
    with pytest.raises(CommandError, match="--allow-production"):
        load_demo()
    assert EventPage.objects.count() == before

    output = StringIO()
    call_command("load_demo_content", "--allow-production", stdout=output)
    assert "Nothing new" in output.getvalue()


def test_running_the_demo_again_creates_nothing_new():
    models = [Page, Revision, Image, Occurrence, Facilitator, Category, VenuePhoto]
    before = {model.__name__: model.objects.count() for model in models}
    exceptions = list(Occurrence.objects.filter(is_exception=True).values_list("pk", "sequence"))

    output = load_demo()

    assert {model.__name__: model.objects.count() for model in models} == before
    assert (
        list(Occurrence.objects.filter(is_exception=True).values_list("pk", "sequence"))
        == exceptions
    )
    assert "Nothing new" in output


def test_category_colours_are_readable_under_white_text():
    for category in Category.objects.all():
        ratio = 1.05 / (relative_luminance(category.colour) + 0.05)
        assert ratio >= 4.5, (category.name, category.colour, round(ratio, 2))


def test_demo_creates_an_admin_with_the_password_from_the_environment(monkeypatch):
    get_user_model().objects.all().delete()
    monkeypatch.setenv("HEARTH_ADMIN_PASSWORD", "a-long-local-password")

    first = load_demo()
    second = load_demo()

    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("a-long-local-password")
    assert "user admin, password a-long-local-password" in first
    assert "a-long-local-password" not in second
    assert "kept" in second


def test_demo_keeps_an_existing_superuser():
    get_user_model().objects.all().delete()
    get_user_model().objects.create_superuser("organiser", "o@example.com", "x")

    output = load_demo()

    assert not get_user_model().objects.filter(username="admin").exists()
    assert "kept" in output and "password:" not in output
