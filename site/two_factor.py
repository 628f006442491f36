"""Two-step sign-in for the Wagtail admin: an authenticator app (TOTP) plus one-use backup codes.

Built on django-otp: its devices hold the secrets and throttle wrong codes, and
``django_otp.login`` marks a session as verified. No Wagtail 8 integration exists (wagtail-2fa
imports an API Wagtail 8 removed), so this module is that integration:

- ``TwoFactorMiddleware`` keeps a signed-in user who has an app set up out of every admin page
  until the second step is passed; with ``HEARTH_REQUIRE_2FA_FOR_ATTENDEE_DATA`` it also sends a
  user who can see attendee data, and has no app yet, to set one up first.
- ``verify_view`` asks for the code after Wagtail's password sign-in; ``setup_view`` (Account →
  Two-step sign-in) shows the QR code, confirms the first code and hands out backup codes.

Public pages are unaffected: only paths under the admin are held back.
"""

import base64
from urllib.parse import urlencode

import django_otp
import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from events.services.access import manageable_events

APP_NAME = "Authenticator app"
BACKUP_NAME = "Backup codes"
BACKUP_CODES = 10


# Who needs it --------------------------------------------------------------------------------


def can_see_attendee_data(user):
    """Whether ``user`` may see who booked some gathering (they may edit its page)."""
    return manageable_events(user).exists()


def requires_two_factor(user):
    """Whether ``user`` must set up two-step sign-in before using the admin."""
    return settings.HEARTH_REQUIRE_2FA_FOR_ATTENDEE_DATA and can_see_attendee_data(user)


def has_two_factor(user):
    return django_otp.user_has_device(user, confirmed=True)


# The gate ------------------------------------------------------------------------------------

# Reachable before the second step: signing in and out, the step itself, and what its page loads.
OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "hearth_two_factor_verify",
}
# Also reachable by someone who has no app yet (they are setting one up).
SETUP_URL_NAMES = {"hearth_two_factor_setup"}


class TwoFactorMiddleware(OTPMiddleware):
    """django-otp's middleware (``request.user.is_verified()``), plus the admin gate."""

    def __call__(self, request):
        self._install_lazy_accessors(request)
        response = self._gate(request)
        return response or self.get_response(request)

    def _gate(self, request):
        user = request.user
        if not request.path.startswith(reverse("wagtailadmin_home")):
            return None
        if not user.is_authenticated or user.is_verified():
            return None
        try:
            name = resolve(request.path_info).url_name
        except Resolver404:
            name = None
        if name in OPEN_URL_NAMES:
            return None
        if has_two_factor(user):
            return _redirect_with_next("hearth_two_factor_verify", request)
        if name in SETUP_URL_NAMES or not requires_two_factor(user):
            return None
        return _redirect_with_next("hearth_two_factor_setup", request)


def _redirect_with_next(name, request):
    return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


# The second step -----------------------------------------------------------------------------


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_(
            "The 6-digit code your authenticator app shows now, or one of your backup codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, user, devices, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.devices = devices
        self.device = None

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).lower()
        # App codes are six digits, backup codes are not: try only the devices of that kind,
        # so a backup code does not count as a wrong app code (each wrong code adds a wait).
        kind = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
        devices = [d for d in self.devices if isinstance(d, kind)]
        ready = [d for d in devices if d.verify_is_allowed()[0]]
        if devices and not ready:
            raise forms.ValidationError(
                gettext("Too many wrong codes just now. Please wait a minute and try again.")
            )
        for device in ready:
            verified = django_otp.verify_token(self.user, device.persistent_id, code)
            if verified is not None:
                self.device = verified
                return code
        raise forms.ValidationError(
            gettext("That code didn’t work. Codes change every 30 seconds.")
        )


def _devices(user, *, confirmed=True):
    return list(django_otp.devices_for_user(user, confirmed=confirmed))


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def verify_view(request):
    """After the password: the code from the app (or a backup code) opens the admin."""
    user = request.user
    if user.is_verified() or not has_two_factor(user):
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None, user=user, devices=_devices(user))
    if request.method == "POST" and form.is_valid():
        django_otp.login(request, form.device)
        if isinstance(form.device, StaticDevice):
            left = form.device.token_set.count()
            messages.warning(
                request,
                ngettext(
                    "You used a backup code; {left} left. If you lost your phone, set up the app "
                    "again under Account → Two-step sign-in.",
                    "You used a backup code; {left} left. If you lost your phone, set up the app "
                    "again under Account → Two-step sign-in.",
                    left,
                ).format(left=left),
            )
        return redirect(_next_url(request))
    return render(
        request,
        "hearth/admin/two_factor_verify.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.is_bound else 200,
    )


# Setting it up -------------------------------------------------------------------------------


def _pending_app(user):
    """The not yet confirmed app device of ``user``: the same QR code on every reload."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)
    return device


def _qr_svg(device):
    qr = segno.make(device.config_url, error="m")
    return mark_safe(qr.svg_inline(scale=5, dark="#000", light="#fff", border=2))  # noqa: S308


def _secret(device):
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@transaction.atomic
def new_backup_codes(user):
    """Replace ``user``'s backup codes with BACKUP_CODES fresh ones; each works once."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=BACKUP_NAME)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def confirm_app(user, device):
    """Turn on two-step sign-in with ``device``; returns the first backup codes."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return new_backup_codes(user)


@transaction.atomic
def turn_off(user):
    """Remove every device of ``user`` (a lost phone: set it up again afterwards)."""
    for device in django_otp.devices_for_user(user, confirmed=None):
        device.delete()


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def setup_view(request):
    """Account → Two-step sign-in: set it up, get new backup codes, or remove it."""
    user = request.user
    action = request.POST.get("action")
    if has_two_factor(user):
        if action == "backup_codes":
            return _show_codes(request, new_backup_codes(user), fresh=False)
        if action == "turn_off":
            turn_off(user)
            messages.success(request, gettext("Two-step sign-in is off for your account."))
            return redirect("hearth_two_factor_setup")
        return render(
            request,
            "hearth/admin/two_factor_setup.html",
            {
                "enabled": True,
                "required": requires_two_factor(user),
                "backup_codes_left": StaticToken.objects.filter(device__user=user).count(),
            },
        )
    device = _pending_app(user)
    form = CodeForm(request.POST or None, user=user, devices=[device])
    if request.method == "POST" and form.is_valid():
        codes = confirm_app(user, device)
        django_otp.login(request, device)
        return _show_codes(request, codes, fresh=True)
    return render(
        request,
        "hearth/admin/two_factor_setup.html",
        {
            "enabled": False,
            "required": requires_two_factor(user),
            "form": form,
            "qr_svg": _qr_svg(device),
            "secret": _secret(device),
            "next": _next_url(request),
        },
        status=400 if form.is_bound else 200,
    )


def _show_codes(request, codes, *, fresh):
    return render(
        request,
        "hearth/admin/two_factor_codes.html",
        {"codes": codes, "fresh": fresh, "next": _next_url(request)},
    )
