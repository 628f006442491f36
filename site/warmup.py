"""Cold start: do once, as the app server starts, what the first request would otherwise do.

With gunicorn's ``preload_app`` (deploy/gunicorn.conf.py) this runs in the master process before
it forks its workers, so every worker starts warm and shares the memory. It touches no database
and no network: a forked worker must not inherit an open connection.
"""

import logging
import time

from django.conf import settings

logger = logging.getLogger(__name__)


def _templates():
    """Every template of the project, by name (the apps' templates load when first used)."""
    for folder in (settings.BASE_DIR / "templates",):
        for path in sorted(folder.rglob("*")):
            if path.suffix in {".html", ".txt", ".xml"}:
                yield str(path.relative_to(folder))


def warm_up():
    """Import, compile and load what serving a page needs. Returns the seconds it took."""
    started = time.monotonic()
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.template.loader import get_template
    from django.urls import get_resolver, reverse
    from django.utils import translation
    from wagtail import hooks

    # Every URL pattern, Wagtail's admin included, and every hook module it imports.
    hooks.search_for_hooks()
    get_resolver().reverse_dict  # noqa: B018 - populates the resolver
    reverse("search")
    # The translation catalogues (Django's and Wagtail's are large) for the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        translation.gettext("Page")
    # Compiled templates stay in the cached loader, shared by every worker after the fork.
    for name in _templates():
        try:
            get_template(name)
        except Exception:  # a broken template still fails loudly where it is used
            logger.warning("Template %s did not compile at start-up", name, exc_info=True)
    # The static manifest (the production storage reads it on first use).
    try:
        staticfiles_storage.url("css/hearth.css")
    except ValueError:
        logger.warning("No static files manifest yet: run collectstatic")
    # Wagtail's choices of time zones read the tz database from disk once per process.
    from events.models.pages import time_zone_choices

    time_zone_choices()
    seconds = time.monotonic() - started
    logger.info("Warmed up in %.2f s", seconds)
    return seconds
