"""The Reports pages in the admin: charts with their figures, downloads, and who sees what."""

import datetime as dt
import io
import re

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from events.models import RSVP, FeedbackInvitation
from events.services import attendees, feedback
from events.services.access import make_organiser
from tests.factories import make_event_page, make_rsvp

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)
PERIOD = "start=2026-10-01&end=2026-11-30"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def gathering_with_regulars(title):
    """Tuesdays since October; six regulars checked in on the first three dates."""
    with time_machine.travel(dt.datetime(2026, 9, 1, tzinfo=dt.UTC), tick=False):
        event = make_event_page(title=title, capacity=8, first_date=dt.date(2026, 10, 6))
    for occurrence in event.occurrences.order_by("start")[:3]:
        for n in range(6):
            rsvp = make_rsvp(occurrence, name=f"Regular {n}", email=f"regular{n}@example.org")
            attendees.check_in(rsvp=rsvp)
    return event


@pytest.fixture
def two_gatherings():
    return gathering_with_regulars("Walk and talk"), gathering_with_regulars("Grief circle")


@pytest.fixture
def organiser(django_user_model, two_gatherings):
    user = django_user_model.objects.create_user("sam", "sam@example.org", "a-long-test-password")
    make_organiser(user, two_gatherings[0])
    return user


def test_the_reports_menu_offers_attendance_and_feedback_to_organisers(client, organiser):
    client.force_login(organiser)

    html = client.get("/admin/").content.decode()

    assert reverse("events_report_attendance") in html
    assert reverse("events_report_feedback") in html


def test_each_chart_is_an_accessible_image_with_its_figures_beside_it(admin_client, two_gatherings):
    response = admin_client.get(f"{reverse('events_report_attendance')}?{PERIOD}")

    html = response.content.decode()
    assert response.status_code == 200
    charts = re.findall(
        r'<svg class="hearth-chart-svg"[^>]*role="img"[^>]*>(.*?)</svg>', html, re.S
    )
    assert len(charts) == 3
    for chart, name in zip(charts, ["came", "returning", "capacity"], strict=True):
        assert f'<title id="chart-{name}-title">' in chart
        assert f'<desc id="chart-{name}-desc">' in chart
    for caption in ["People who came, by month", "Returning share, by month"]:
        assert f"<caption>{caption}: the figures</caption>" in html
    assert "<td>36</td>" in html  # October: 36 people checked in across both gatherings
    assert "<script" not in html.split('class="nice-padding hearth-report"')[1]
    assert "cdn" not in html.lower()


def test_no_address_or_pseudonym_reaches_the_pages_or_the_downloads(admin_client, two_gatherings):
    secrets = set(RSVP.objects.values_list("pseudonym", flat=True))
    secrets |= {"regular0@example.org", "Regular 0"}
    pages = [
        admin_client.get(f"{reverse(name)}?{PERIOD}").content
        for name in [
            "events_report_attendance",
            "events_report_feedback",
            "events_report_attendance_csv",
        ]
    ]
    workbook = openpyxl.load_workbook(
        io.BytesIO(admin_client.get(reverse("events_report_attendance_xlsx")).content)
    )
    cells = " ".join(str(c) for row in workbook.active.iter_rows(values_only=True) for c in row)

    for secret in secrets:
        assert all(secret.encode() not in page for page in pages), secret
        assert secret not in cells


def test_organisers_see_only_their_own_gatherings(client, organiser, two_gatherings):
    ours, theirs = two_gatherings
    client.force_login(organiser)
    token = FeedbackInvitation.issue(occurrence=theirs.occurrences.order_by("start").last())
    feedback.answer(token=token, feeling=4, comment="Not for Sam's eyes")

    html = client.get(f"{reverse('events_report_attendance')}?{PERIOD}").content.decode()
    comments = client.get(reverse("events_report_comments", args=[theirs.pk]))
    csv = client.get(f"{reverse('events_report_attendance_csv')}?{PERIOD}").content.decode()

    assert "Walk and talk" in html and "Grief circle" not in html
    assert "Walk and talk" in csv and "Grief circle" not in csv
    assert comments.status_code == 404


def test_downloads_are_named_by_their_period(admin_client, two_gatherings):
    csv = admin_client.get(f"{reverse('events_report_attendance_csv')}?{PERIOD}")
    xlsx = admin_client.get(f"{reverse('events_report_attendance_xlsx')}?{PERIOD}")

    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    name = "hearth-attendance-2026-10-01-to-2026-11-30"
    assert csv["Content-Disposition"] == f'attachment; filename="{name}.csv"'
    assert xlsx["Content-Disposition"] == f'attachment; filename="{name}.xlsx"'
    assert "Period,1 October 2026 to 30 November 2026" in csv.content.decode()


def test_a_wrong_period_is_explained_and_the_last_twelve_months_shown(admin_client):
    url = reverse("events_report_attendance")

    response = admin_client.get(f"{url}?start=2026-11-30&end=2026-10-01")

    html = response.content.decode()
    assert "The start of the period comes after its end." in html
    assert "1 December 2025 to 24 November 2026" in html


def test_a_comment_shows_its_date_only_when_that_date_had_five_answers(
    admin_client, two_gatherings
):
    ours = two_gatherings[0]
    occurrence = ours.occurrences.order_by("start").first()
    url = f"{reverse('events_report_comments', args=[ours.pk])}?{PERIOD}"
    day_after = occurrence.end + dt.timedelta(days=1)

    def answer(n):
        token = FeedbackInvitation.issue(occurrence=occurrence)
        feedback.answer(token=token, feeling=4, comment=f"Comment {n}", now=day_after)

    for n in range(4):
        answer(n)
    few = admin_client.get(url).content.decode()
    answer(4)
    enough = admin_client.get(url).content.decode()

    assert "Comment 3" in few and "About Tuesday 6 October 2026" not in few
    assert few.count("About a date in this period") == 4
    assert enough.count("About Tuesday 6 October 2026") == 5
