"""System checks for the mail settings: mistakes that would lose e-mails or leak a password."""

import ipaddress

from django.conf import settings
from django.core import checks


def _is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@checks.register()
def check_email_settings(app_configs, **kwargs):
    errors = []
    if settings.EMAIL_USE_TLS and settings.EMAIL_USE_SSL:
        errors.append(
            checks.Error(
                "EMAIL_USE_TLS and EMAIL_USE_SSL are both on: a server speaks one or the other.",
                hint="Port 587: EMAIL_USE_TLS (STARTTLS). Port 465: EMAIL_USE_SSL.",
                id="hearth.E010",
            )
        )
    if (
        settings.EMAIL_HOST
        and settings.EMAIL_HOST_PASSWORD
        and not (settings.EMAIL_USE_TLS or settings.EMAIL_USE_SSL)
        and not _is_loopback(settings.EMAIL_HOST)
    ):
        errors.append(
            checks.Error(
                "EMAIL_HOST_PASSWORD would cross the network in the clear: neither "
                "EMAIL_USE_TLS nor EMAIL_USE_SSL is on.",
                hint="Use port 587 (STARTTLS) or 465 (TLS), or set EMAIL_USE_TLS=on.",
                id="hearth.E011",
            )
        )
    if settings.HEARTH_EMAIL_LEASE_SECONDS < 3 * settings.EMAIL_TIMEOUT:
        errors.append(
            checks.Warning(
                "HEARTH_EMAIL_LEASE_SECONDS is short next to EMAIL_TIMEOUT: a slow send could "
                "outlast its lease, and another worker would send that e-mail again.",
                hint="Keep the lease at least three times EMAIL_TIMEOUT.",
                id="hearth.W012",
            )
        )
    return errors
