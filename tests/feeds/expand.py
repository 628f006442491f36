"""Expanding a feed as calendar apps do: Python's recurring-ical-events and Thunderbird's ical.js.

Each gives (start UTC, end UTC, "scheduled" or "cancelled") per date, sorted, so a test can
compare both with what the site stores.
"""

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import recurring_ical_events
from icalendar import Calendar

UTC = dt.UTC
EXPAND_JS = Path(__file__).resolve().parent / "expand.mjs"

needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def _state(status):
    return "cancelled" if str(status).lower() == "cancelled" else "scheduled"


def with_python(ics, after, before):
    """The dates recurring-ical-events finds in [after, before)."""
    calendar = Calendar.from_ical(ics)
    found = [
        (e.start.astimezone(UTC), e.end.astimezone(UTC), _state(e.get("STATUS", "")))
        for e in recurring_ical_events.of(calendar).between(after, before)
    ]
    return sorted(found)


def with_icaljs(ics, after, before):
    """The dates Mozilla's ical.js (Thunderbird's parser) finds, run through node."""
    result = subprocess.run(
        ["node", str(EXPAND_JS), after.isoformat(), before.isoformat()],
        input=ics,
        capture_output=True,
        check=True,
        timeout=120,
    )
    found = [
        (
            dt.datetime.fromisoformat(item["start"]),
            dt.datetime.fromisoformat(item["end"]),
            _state(item["status"]),
        )
        for item in json.loads(result.stdout)
    ]
    return sorted(found)


def stored(occurrences):
    """What the site says, in the same shape: (start, end, status) of each stored date."""
    return sorted((o.start, o.end, o.status) for o in occurrences)
