import os

import pytest
import time_machine

from tests.factories import NOW

# Playwright's sync API runs an event loop in the test thread; Django's async-safety check would
# otherwise refuse database access from live_server tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media_and_mail(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def frozen_clock():
    """The clock stopped at ``NOW`` (Tuesday 24 November 2026, 09:00 UTC) for the whole test.

    Yields time-machine's traveller: ``frozen_clock.shift(dt.timedelta(days=31))`` moves on.
    """
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


# Property tests explore the same examples on every run, so CI never fails by chance; run
# locally with HYPOTHESIS_PROFILE=explore to search afresh.
try:
    from hypothesis import settings as hypothesis_settings

    hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
    hypothesis_settings.register_profile("explore", deadline=None)
    hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    pass
