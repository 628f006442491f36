"""The organisation's own words in other languages (Wagtail's simple translation): a translated
gathering shows the dates, places and rules of the gathering it translates, never copies of them;
lists show translated titles where there are some; and pages nobody has translated yet still
open under /pl/, with the Polish interface."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import RSVP, EventPage, Occurrence
from tests.factories import make_event_page, make_programme, make_rsvp, republish, translate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def programme(frozen_clock):
    return make_programme()


def art_therapy():
    return EventPage.objects.get(slug="evening-art-therapy", locale__language_code="en-gb")


def first_date(event):
    return event.occurrences.upcoming().scheduled().order_by("start").first()


def text(response):
    return response.content.decode()


def test_a_translated_gathering_owns_no_dates_and_shows_its_own(client):
    event = art_therapy()
    dates_before = Occurrence.objects.count()
    polish = translate(event, title="Wieczorna arteterapia", summary="Spokojne malowanie.")
    # Publishing the translation (and the aliases of its parents) stored no date at all.
    assert Occurrence.objects.count() == dates_before
    assert not Occurrence.objects.filter(event=polish).exists()

    html = text(client.get("/pl/whats-on/evening-art-therapy/"))
    assert "Wieczorna arteterapia" in html and "Spokojne malowanie." in html
    assert '<html lang="pl" dir="ltr">' in html
    # The next dates are the gathering's own, linked on the Polish addresses.
    date = first_date(event)
    assert f'href="/pl/whats-on/evening-art-therapy/{date.date_slug}/"' in html
    # The English page is untouched.
    english = text(client.get("/whats-on/evening-art-therapy/"))
    assert "Evening art therapy" in english and "Wieczorna" not in english


def test_a_translated_date_page_books_the_gatherings_date_in_polish(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    event = art_therapy()
    translate(event, title="Wieczorna arteterapia")
    date = first_date(event)
    response = client.get(f"/pl/whats-on/evening-art-therapy/{date.date_slug}/")
    assert response.status_code == 200
    html = text(response)
    assert "Wieczorna arteterapia" in html
    assert f'action="/pl/rsvp/{date.pk}/"' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/pl/rsvp/{date.pk}/",
            {"name": "Ola", "email": "ola@example.org", "party_size": 1, "privacy": "on"},
        )
    assert response.status_code == 302
    rsvp = RSVP.objects.get(email="ola@example.org")
    assert rsvp.occurrence == date and rsvp.language == "pl"
    (message,) = mailoutbox
    # The confirmation calls the gathering by its Polish name, in Polish.
    assert "Wieczorna arteterapia" in message.subject
    assert "Wieczorna arteterapia" in message.body


def test_the_translation_follows_its_gatherings_schedule_places_and_rules(client):
    event = art_therapy()
    polish = translate(event, title="Wieczorna arteterapia")
    # The organiser changes the schedule and places on the English page.
    republish(event, rule="RRULE:FREQ=WEEKLY;BYDAY=WE", capacity=4, cost="£2")
    polish.refresh_from_db()
    assert polish.capacity == 4
    assert str(polish.schedule.rrules[0].byday[0]) == str(event.schedule.rrules[0].byday[0])
    # Its words stay its own (cost is words: "Bezpłatne" is not "£2").
    assert polish.title == "Wieczorna arteterapia"

    # Someone edits the schedule in the translation: publishing it takes the gathering's back,
    # and still stores no date of its own.
    republish(polish, rule="RRULE:FREQ=DAILY", capacity=50)
    polish.refresh_from_db()
    assert polish.capacity == 4
    assert not Occurrence.objects.filter(event=polish).exists()
    html = text(client.get("/pl/whats-on/evening-art-therapy/"))
    date = first_date(event)
    assert date.local_start.weekday() == 2  # Wednesday, as on the English page
    assert f"/pl/whats-on/evening-art-therapy/{date.date_slug}/" in html


def titles_in(html):
    return re.findall(r'<a[^>]+href="/pl/whats-on/[^"/]+/[0-9-]+/"[^>]*>([^<]+)</a>', html)


def test_lists_show_translated_titles_where_there_are_some_in_a_fixed_number_of_queries(client):
    event = art_therapy()
    translate(event, title="Wieczorna arteterapia")
    with CaptureQueriesContext(connection) as one:
        html = text(client.get("/pl/whats-on/"))
    assert "Wieczorna arteterapia" in html
    assert "Evening art therapy" not in html
    # Gatherings nobody translated keep their English titles in the Polish list.
    english_titles = set(
        EventPage.objects.filter(locale__language_code="en-gb")
        .exclude(pk=event.pk)
        .values_list("title", flat=True)
    )
    assert any(title in html for title in english_titles)
    # The English list shows the English title only.
    english = text(client.get("/whats-on/"))
    assert "Evening art therapy" in english and "Wieczorna" not in english

    for other in EventPage.objects.filter(locale__language_code="en-gb").exclude(pk=event.pk)[:3]:
        translate(other, title=f"PL {other.title}")
    with CaptureQueriesContext(connection) as four:
        client.get("/pl/whats-on/?fresh=1")
    assert len(four) == len(one)

    for path in ("/pl/whats-on/calendar/2026/12/", "/pl/whats-on/week/2026-11-30/", "/pl/"):
        html = text(client.get(path))
        assert "Wieczorna arteterapia" in html, path
        assert "Evening art therapy" not in html, path


def test_each_gathering_is_listed_once_whatever_its_translations(client):
    event = art_therapy()
    translate(event, title="Wieczorna arteterapia")
    translate(event, code="ar", title="العلاج بالفن مساءً")
    date = first_date(event)
    for prefix in ("", "/pl", "/ar"):
        html = text(client.get(f"{prefix}/whats-on/day/{date.local_start.date()}/"))
        assert html.count(f"/evening-art-therapy/{date.date_slug}/") == 1, prefix
    feed = text(client.get("/feeds/all.ics"))
    assert feed.count(f"RECURRENCE-ID;TZID=Europe/London:{date.local_start:%Y%m%dT%H%M%S}") <= 1
    assert client.get("/feeds/gathering/evening-art-therapy.ics").status_code == 200
    search = text(client.get("/pl/search/?q=art"))
    assert search.count("Wieczorna arteterapia") == 1
    assert "Evening art therapy" not in search


def test_pages_not_translated_yet_open_under_polish_addresses_in_english(client):
    translate(art_therapy(), title="Wieczorna arteterapia")  # the Polish tree now exists
    untranslated = EventPage.objects.filter(locale__language_code="en-gb").exclude(
        slug="evening-art-therapy"
    )[0]
    response = client.get(f"/pl/whats-on/{untranslated.slug}/")
    assert response.status_code == 200
    html = text(response)
    assert '<html lang="pl" dir="ltr">' in html
    assert untranslated.title in html
    for path in ("/pl/venues/", "/pl/whats-on/subscribe/", "/pl/whats-on/no-such-gathering/"):
        response = client.get(path)
        assert response.status_code == (404 if "no-such" in path else 200), path
        assert 'lang="pl"' in text(response), path


def test_a_translation_asks_to_join_on_behalf_of_its_gathering(client):
    closed = make_event_page(title="Grief circle", slug="grief-circle", intake="ask")
    polish = translate(closed, title="Krąg żałoby")
    date = first_date(closed)
    html = text(client.get(f"/pl/whats-on/grief-circle/{date.date_slug}/"))
    assert "Krąg żałoby" in html
    assert f"/pl/rsvp/join/{closed.pk}/" in html or f"/rsvp/join/{closed.pk}/" in html
    assert f"/join/{polish.pk}/" not in html


def test_the_menu_names_translated_pages_and_hearths_own_words_in_the_language(client):
    from hearth.models import NavigationSettings
    from tests.factories import default_site

    index = art_therapy().get_parent()
    settings = NavigationSettings.for_site(default_site())
    settings.header_links = [
        ("link", {"page": index, "path": "", "label": ""}),
        ("link", {"page": None, "path": "/whats-on/calendar/", "label": "Calendar"}),
        ("link", {"page": None, "path": "/about/", "label": "Our story"}),
    ]
    settings.save()
    translate(index.specific, title="Co się dzieje")
    html = text(client.get("/pl/"))
    header = html.split("<header", 1)[1].split("</header>", 1)[0]
    assert '<a href="/pl/whats-on/">Co się dzieje</a>' in header
    assert '<a href="/pl/whats-on/calendar/">Kalendarz</a>' in header
    # The organisation's own label is shown as they wrote it.
    assert '<a href="/pl/about/">Our story</a>' in header


def test_the_support_signposting_speaks_the_visitors_language_where_written(client):
    from hearth.models import SupportSettings
    from tests.factories import default_site

    support = SupportSettings.for_site(default_site())
    support.heading = "Need support now?"
    support.text = "<p>Call Samaritans on <b>116 123</b>.</p>"
    support.in_other_languages = [
        (
            "language",
            {
                "language": "pl",
                "heading": "Potrzebujesz wsparcia teraz?",
                "text": "<p>Zadzwoń do Samaritans: <b>116 123</b>.</p>",
            },
        )
    ]
    support.save()
    polish = text(client.get("/pl/whats-on/"))
    assert "Potrzebujesz wsparcia teraz?" in polish and "Zadzwoń do Samaritans" in polish
    assert "Need support now?" not in polish
    # Not written in Arabic yet: the main text rather than nothing.
    arabic = text(client.get("/ar/whats-on/"))
    assert "Need support now?" in arabic and "116 123" in arabic
    assert "Potrzebujesz" not in text(client.get("/whats-on/"))
    # A peer-support group's page puts it near the top, in the language too.
    peer = client.get("/pl/whats-on/peer-support-circle/")
    assert peer.status_code == 200
    assert text(peer).count("Potrzebujesz wsparcia teraz?") == 1


def test_categories_go_by_their_name_in_the_visitors_language_where_given(client):
    from events.models import Category

    art = Category.objects.get(slug="art-therapy")
    art.in_other_languages = [
        ("language", {"language": "pl", "name": "Arteterapia", "description": "Bez umiejętności."})
    ]
    art.save()
    polish = text(client.get("/pl/whats-on/?category=art-therapy"))
    # The badge on each date, the filter's choice and the summary of the filter.
    assert polish.count("Arteterapia") >= 3
    assert ">Art therapy<" not in polish
    english = text(client.get("/whats-on/?category=art-therapy"))
    assert "Arteterapia" not in english and ">Art therapy<" in english
    # Arabic was not given: the name as written.
    assert ">Art therapy<" in text(client.get("/ar/whats-on/?category=art-therapy"))
    subscribe = text(client.get("/pl/whats-on/subscribe/"))
    assert "Arteterapia" in subscribe and "Bez umiejętności." in subscribe


def test_a_date_the_schedule_dropped_says_so_in_the_visitors_language(client):
    """The schedule sync's own note on a date it cancels is stored as written and shown in the
    reader's language; an organiser's note is shown as they wrote it."""
    from events.models import Occurrence

    event = make_event_page(
        title="Tuesday sit", slug="tuesday-sit", rule="RRULE:FREQ=WEEKLY;BYDAY=TU"
    )
    date = first_date(event)
    # A date with someone booked stays listed as cancelled when the schedule drops it.
    make_rsvp(date)
    republish(event, rule="RRULE:FREQ=WEEKLY;BYDAY=WE")
    dropped = Occurrence.objects.get(pk=date.pk)
    assert dropped.note == "This date is no longer part of the schedule."
    polish = text(client.get(f"/pl/whats-on/tuesday-sit/{dropped.date_slug}/"))
    assert "Tego terminu nie ma już w harmonogramie." in polish
    assert "no longer part of the schedule" not in polish
    english = text(client.get(f"/whats-on/tuesday-sit/{dropped.date_slug}/"))
    assert "This date is no longer part of the schedule." in english
