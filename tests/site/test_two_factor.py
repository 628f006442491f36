"""Two-step sign-in: any admin user can turn it on; attendee data can require it."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from events.services.access import make_organiser
from tests.factories import make_event_page

PASSWORD = "a-long-test-password"
NOW = dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock_and_cache():
    cache.clear()
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
    cache.clear()


@pytest.fixture
def gathering():
    return make_event_page(title="Bereavement circle", first_date=dt.date(2026, 11, 1))


@pytest.fixture
def organiser(django_user_model, gathering):
    """Can edit the bereavement circle, so sees who booked it."""
    user = django_user_model.objects.create_user(username="ola", password=PASSWORD)
    make_organiser(user, gathering)
    return user


@pytest.fixture
def image_editor(django_user_model):
    """Can use the admin (images) but sees no attendee data."""
    user = django_user_model.objects.create_user(username="ian", password=PASSWORD)
    group = Group.objects.create(name="Image editors")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_image"),
    )
    user.groups.add(group)
    return user


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def app_for(user):
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def sign_in(client, user):
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:300]


def attendee_list_url(gathering):
    return f"/admin/attendees/{gathering.occurrences.first().pk}/"


def test_any_admin_user_can_turn_on_two_step_sign_in(client, image_editor):
    sign_in(client, image_editor)
    page = client.get("/admin/two-factor/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html  # the QR code, drawn in the page itself
    device = TOTPDevice.objects.get(user=image_editor, confirmed=False)
    assert re.search(r"<code>[A-Z2-7 ]{20,}</code>", html)  # the key, to type in by hand

    wrong = client.post("/admin/two-factor/", {"code": "000000"})
    assert wrong.status_code == 400
    assert "That code didn’t work" in wrong.content.decode()

    time_machine_step = dt.timedelta(seconds=5)  # past the wait a wrong code adds
    with time_machine.travel(NOW + time_machine_step, tick=False):
        done = client.post("/admin/two-factor/", {"code": code_for(device)})

    html = done.content.decode()
    assert "Two-step sign-in is on" in html
    codes = re.findall(r"<li><code>(\w+)</code></li>", html)
    assert len(codes) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=image_editor).values_list("token", flat=True)
    )
    device.refresh_from_db()
    assert device.confirmed


def test_with_an_app_the_password_alone_opens_no_admin_page(client, organiser, gathering):
    device = app_for(organiser)
    sign_in(client, organiser)

    for path in ("/admin/", attendee_list_url(gathering), "/admin/pages/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/two-factor/verify/?next=")

    ask = client.get("/admin/two-factor/verify/?next=/admin/attendees/")
    assert "Open your authenticator app" in ask.content.decode()
    target = attendee_list_url(gathering)
    response = client.post("/admin/two-factor/verify/", {"code": code_for(device), "next": target})
    assert response.status_code == 302
    assert response["Location"] == target
    assert client.get(target).status_code == 200


def test_a_wrong_code_opens_nothing_and_repeated_wrong_codes_must_wait(client, organiser):
    device = app_for(organiser)
    sign_in(client, organiser)

    wrong = client.post("/admin/two-factor/verify/", {"code": "123456"})
    assert wrong.status_code == 400
    assert client.get("/admin/").status_code == 302
    hurried = client.post("/admin/two-factor/verify/", {"code": code_for(device)})
    assert "Too many wrong codes just now" in hurried.content.decode()

    with time_machine.travel(NOW + dt.timedelta(seconds=5), tick=False):
        client.post("/admin/two-factor/verify/", {"code": code_for(device)})
        assert client.get("/admin/").status_code == 200


def test_a_backup_code_opens_the_admin_once(client, organiser):
    app_for(organiser)
    sign_in(client, organiser)
    client.post("/admin/two-factor/", {"action": "backup_codes"})  # refused: not verified yet
    assert not StaticToken.objects.exists()

    from hearth.two_factor import new_backup_codes

    code = new_backup_codes(organiser)[0]
    response = client.post("/admin/two-factor/verify/", {"code": code.upper()})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200

    client.post("/admin/logout/")
    sign_in(client, organiser)
    again = client.post("/admin/two-factor/verify/", {"code": code})
    assert again.status_code == 400
    assert client.get("/admin/").status_code == 302


def test_when_required_someone_who_sees_attendees_sets_it_up_before_anything_else(
    client, organiser, gathering, settings
):
    settings.HEARTH_REQUIRE_2FA_FOR_ATTENDEE_DATA = True
    sign_in(client, organiser)

    attendees = attendee_list_url(gathering)
    for path in ("/admin/", attendees, f"{attendees}attendees.csv"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/two-factor/?next=")
    setup = client.get("/admin/two-factor/")
    assert "your account needs two-step sign-in before you continue" in setup.content.decode()

    device = TOTPDevice.objects.get(user=organiser, confirmed=False)
    client.post("/admin/two-factor/", {"code": code_for(device)})

    assert client.get(attendee_list_url(gathering)).status_code == 200


def test_when_required_users_who_see_no_attendee_data_may_skip_it(client, image_editor, settings):
    settings.HEARTH_REQUIRE_2FA_FOR_ATTENDEE_DATA = True
    sign_in(client, image_editor)

    assert client.get("/admin/").status_code == 200
    assert "Not now" in client.get("/admin/two-factor/").content.decode()


def test_when_not_required_organisers_may_skip_it(client, organiser, gathering, settings):
    settings.HEARTH_REQUIRE_2FA_FOR_ATTENDEE_DATA = False
    sign_in(client, organiser)

    assert client.get(attendee_list_url(gathering)).status_code == 200


def test_the_account_page_offers_two_step_sign_in(client, image_editor):
    sign_in(client, image_editor)

    html = client.get("/admin/account/").content.decode()

    assert "Two-step sign-in" in html
    assert 'href="/admin/two-factor/"' in html


def test_reset_two_factor_lets_someone_who_lost_their_phone_in_again(client, organiser):
    app_for(organiser)
    out = io.StringIO()

    call_command("reset_two_factor", "ola", stdout=out)

    assert "Two-step sign-in removed for ola" in out.getvalue()
    sign_in(client, organiser)
    assert client.get("/admin/").status_code == 200


def test_turning_it_off_needs_the_second_step_first(client, image_editor):
    device = app_for(image_editor)
    sign_in(client, image_editor)

    refused = client.post("/admin/two-factor/", {"action": "turn_off"})
    assert refused.status_code == 302
    assert TOTPDevice.objects.filter(user=image_editor).exists()

    client.post("/admin/two-factor/verify/", {"code": code_for(device)})
    client.post("/admin/two-factor/", {"action": "turn_off"})
    assert not TOTPDevice.objects.filter(user=image_editor).exists()
