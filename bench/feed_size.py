"""How big and how slow is the whole-site feed with hundreds of gatherings?

Prints, for N weekly gatherings over the stored 365-day horizon, the size and build time of
`/feeds/all.ics` as Hearth writes it (one series per gathering), against a baseline measured in
the same run: the same dates written as one VEVENT per date.
Run: `.venv/bin/python bench/feed_size.py` (BENCH_GATHERINGS=300 by default).
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.mkdtemp()) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings.test")

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402

import time_machine  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from events.ical import feeds  # noqa: E402
from events.models import Occurrence  # noqa: E402
from tests.factories import make_event_page, make_venue  # noqa: E402

GATHERINGS = int(os.environ.get("BENCH_GATHERINGS", "300"))
NOW = dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)


def per_date_baseline(occurrences):
    ctx = feeds.FeedContext(name="baseline", page_url=lambda page: "https://example.org/")
    components = [feeds.occurrence_component(o, ctx) for o in occurrences]
    return feeds._calendar(ctx, components, *feeds._zone_span(occurrences)).to_ical()


def timed(fn, repeat=3):
    best = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return result, best


def main():
    call_command("migrate", verbosity=0)
    with time_machine.travel(NOW, tick=False):
        venue = make_venue(title="Hall")
        days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
        for n in range(GATHERINGS):
            make_event_page(
                title=f"Gathering {n}, with a comma; and a semicolon",
                rule=f"RRULE:FREQ=WEEKLY;BYDAY={days[n % 7]}",
                first_date=dt.date(2026, 11, 1),
                venue=venue,
            )
        client = Client()
        response, served = timed(lambda: client.get("/feeds/all.ics"), repeat=1)
        series = response.content
        cached, cached_time = timed(lambda: client.get("/feeds/all.ics").content)
        rows = list(Occurrence.objects.select_related("event", "event__venue", "venue"))
        baseline, baseline_time = timed(lambda: per_date_baseline(rows), repeat=1)
    print(f"gatherings: {GATHERINGS}, stored dates: {len(rows)}")
    print(f"series feed:   {len(series) / 1024:8.0f} KiB, build {served * 1000:7.0f} ms")
    print(f"per-date feed: {len(baseline) / 1024:8.0f} KiB, build {baseline_time * 1000:7.0f} ms")
    print(f"size ratio series/per-date: {len(series) / len(baseline):.3f}")
    print(f"build ratio series/per-date: {served / baseline_time:.3f}")
    print(f"cached response: {cached_time * 1000:.1f} ms ({cached_time / served:.4f} of a build)")
    assert cached == series


if __name__ == "__main__":
    main()
