"""BASE_URL, the one public address, and Wagtail's default Site kept in step with it.

Wagtail builds page URLs (``page.full_url``, the sitemap) from its default Site's hostname and
port, and can say only ``http://host:port`` or, on port 443, ``https://host``. So BASE_URL must
be one of those, and the Site must carry the same host and port: ``sync_default_site`` makes it
so (run by every ``migrate`` and by ``manage.py sync_site``), the system check below says when
they disagree.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.db import DatabaseError


class UnusableBaseURL(ValueError):
    pass


def site_address(base_url=None):
    """(hostname, port) of the Site that serves ``base_url`` (default: BASE_URL)."""
    base_url = base_url or settings.BASE_URL
    parts = urlsplit(base_url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise UnusableBaseURL(f"BASE_URL {base_url!r} is not an http:// or https:// address.")
    if parts.path not in {"", "/"} or parts.query or parts.fragment:
        raise UnusableBaseURL(f"BASE_URL {base_url!r} has a path: Hearth is served from /.")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if parts.scheme == "https" and port != 443:
        raise UnusableBaseURL(
            f"BASE_URL {base_url!r}: Wagtail's Site can only say https:// on port 443."
        )
    if parts.scheme == "http" and port == 443:
        raise UnusableBaseURL(f"BASE_URL {base_url!r}: http:// on port 443 reads as https://.")
    return parts.hostname, port


def default_site():
    from wagtail.models import Site

    return Site.objects.filter(is_default_site=True).first()


def sync_default_site():
    """Set the default Site's hostname and port from BASE_URL. Returns (site, changed)."""
    hostname, port = site_address()
    site = default_site()
    if site is None:
        return None, False
    changed = (site.hostname, site.port) != (hostname, port)
    if changed:
        site.hostname, site.port = hostname, port
        # save(), not update(): Wagtail clears its cached site root paths on save.
        site.save()
    return site, changed


def sync_after_migrate(sender, **kwargs):
    """post_migrate: every deploy's migrate leaves the Site in step with BASE_URL."""
    if kwargs.get("using", "default") != "default":
        return
    try:
        sync_default_site()
    except (UnusableBaseURL, DatabaseError):
        pass  # the system check reports an unusable BASE_URL; no Site table yet is fine


@checks.register(checks.Tags.urls)
def check_base_url(app_configs, **kwargs):
    try:
        site_address()
    except UnusableBaseURL as error:
        return [
            checks.Error(
                str(error),
                hint="Set BASE_URL to http://host[:port] or https://host.",
                id="hearth.E001",
            )
        ]
    return []


@checks.register(checks.Tags.database)
def check_site_matches_base_url(app_configs, databases=None, **kwargs):
    """Runs with ``check --database default`` and before ``migrate``: Site and BASE_URL agree."""
    if not databases or "default" not in databases:
        return []
    try:
        expected = site_address()
        site = default_site()
    except (UnusableBaseURL, DatabaseError):
        return []
    if site is None or (site.hostname, site.port) == expected:
        return []
    return [
        checks.Error(
            f"Wagtail's default Site is {site.root_url} but BASE_URL is {settings.BASE_URL}: "
            "page links, the sitemap and e-mails would point at the wrong address.",
            hint="Run `manage.py sync_site` (migrate keeps them in step afterwards).",
            id="hearth.E002",
        )
    ]
