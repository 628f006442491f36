"""How fast is every public page at 50, 500 and 5,000 gatherings, against the framework's floor?

Builds the mix of issue 15 with the project's own models and services (gathering i: weekly on a
fixed weekday when i%4 == 0, fortnightly (1), monthly on the second Saturday (2), daily for 30
days (3); Europe/London, two hours at 18:00, 19:00 or 20:00; every fifth gathering has its next
two dates cancelled), serves it with gunicorn (2 workers forked from a preloading master as
deployed, the test settings: SQLite, no front cache), and prints for every public page p50/p90,
queries, bytes and the ratio of its p50 to the floor: `/robots.txt`, a trivial view through the
same gunicorn, settings and middleware, measured in the same run, interleaved with the pages.
Then each worker's memory: resident, and the part of it that is its own (not shared with the
master).

Run: `.venv/bin/python bench/pages.py` (BENCH_SIZES=50,500 by default; 5000 takes a while to
build: about 0.2 s per gathering). BENCH_REQUESTS (default 15) requests per page and size.
BENCH_KEEP=<folder> keeps each size's built database there and reuses it on the next run (the
dates are built from today, so a kept database is good for the day it was built).
Benchmarks print figures; tests assert only query counts and sizes (test_query_counts.py).
"""

import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "50,500").split(",")]
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "15"))
PORT = int(os.environ.get("BENCH_PORT", "18790"))
KEEP = os.environ.get("BENCH_KEEP")

BUILD = r"""
import datetime as dt
from django.utils import timezone
from events.models import Occurrence
from events.services.dates import cancel_occurrence
from tests.factories import make_event_index, make_event_page, make_venue, make_venue_index

make_venue_index()
index = make_event_index()
venue = make_venue(title="Riverside Hall", slug="riverside-hall")
today = timezone.localdate()
days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
rules = [
    lambda i: f"RRULE:FREQ=WEEKLY;BYDAY={days[i % 7]}",
    lambda i: f"RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY={days[i % 7]}",
    lambda i: "RRULE:FREQ=MONTHLY;BYDAY=2SA",
    lambda i: "RRULE:FREQ=DAILY;COUNT=30",
]
for i in range(N):
    page = make_event_page(
        index,
        title=f"Gathering {i}",
        slug=f"gathering-{i}",
        rule=rules[i % 4](i),
        first_date=today,
        start_time=dt.time(18 + i % 3, 0),
        duration=dt.timedelta(hours=2),
        venue=venue,
        summary="A calm gathering for anyone who would like to come.",
    )
    if i % 5 == 0:
        for occurrence in page.occurrences.filter(start__gte=timezone.now()).order_by("start")[:2]:
            cancel_occurrence(occurrence, reason="The room is not free.")
print("slug", page.slug, page.occurrences.order_by("start").last().date_slug)
"""

COLD_FEED = r"""
from django.core.cache import caches
from events.models import FeedGeneration
caches["feeds"].clear()
FeedGeneration.bump()
"""

QUERIES = r"""
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
counts = {}
for path in PATHS:
    client.get(path)
    # A query string the page cache has not seen: the queries of a render, not of a cache hit.
    fresh = path if path.startswith("/feeds/") else path + ("&" if "?" in path else "?") + "q1=1"
    with CaptureQueriesContext(connection) as queries:
        client.get(fresh)
    counts[path] = len(queries)
print("queries", json.dumps(counts))
"""


def env(database):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hearth.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
        "PYTHONPATH": str(ROOT),
        # As deployed: the app's page cache on (hearth/pagecache.py); the "render" column asks
        # for each page under a new query string, which the cache has never seen.
        "HEARTH_PAGE_CACHE_SECONDS": "60",
    }


def manage(database, *args, code=None):
    command = [str(BIN / "python"), "manage.py", *args]
    if code is not None:
        command += ["-c", code]
    result = subprocess.run(
        command, cwd=ROOT, env=env(database), capture_output=True, text=True, check=True
    )
    return result.stdout


def get(url):
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 - our own server
        body = response.read()
    return time.perf_counter() - started, len(body)


def revalidate(url):
    """A feed reader's poll with the ETag it holds: the time of the 304 (the ETag is read first)."""
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 - our own server
        etag = response.headers["ETag"]
        response.read()
    request = urllib.request.Request(url, headers={"If-None-Match": etag})  # noqa: S310
    started = time.perf_counter()
    try:
        urllib.request.urlopen(request, timeout=120).read()  # noqa: S310
        status = 200
    except urllib.error.HTTPError as answer:
        status = answer.code
    elapsed = time.perf_counter() - started
    if status != 304:
        raise SystemExit(f"{url} answered {status} to its own ETag, not 304")
    return elapsed


def pages(slug, date_slug, today):
    next_week = (dt.date.fromisoformat(today) + dt.timedelta(days=7)).isoformat()
    return {
        "floor (/robots.txt)": "/robots.txt",
        "What's on": "/whats-on/",
        "month calendar": f"/whats-on/calendar/{today[:4]}/{int(today[5:7])}/",
        # Next week: the programme is built from today, so this week may be nearly empty.
        "week view": f"/whats-on/week/{next_week}/",
        "day list": f"/whats-on/day/{today}/",
        "gathering page": f"/whats-on/{slug}/",
        "date page": f"/whats-on/{slug}/{date_slug}/",
        "whole-site feed": "/feeds/all.ics",
        "search": "/search/?q=calm",
    }


def worker_memory_mib(master_pid):
    """Each gunicorn worker's (the master's children's) resident memory and the part of it that
    is its own (not shared with the master it was forked from), in MiB."""
    sizes = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) != master_pid:
                continue
            rollup = (stat.parent / "smaps_rollup").read_text()
        except (OSError, ValueError, IndexError):
            continue
        kib = {
            line.split(":")[0]: int(line.split()[1])
            for line in rollup.splitlines()[1:]
            if line.split()[-1] == "kB"
        }
        own = kib["Private_Clean"] + kib["Private_Dirty"]
        sizes.append((kib["Rss"] / 1024, own / 1024))
    return sorted(sizes)


def measure(size):
    today = time.strftime("%Y-%m-%d")
    folder = Path(KEEP) if KEEP else Path(tempfile.mkdtemp(prefix="hearth-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / f"bench-{size}-{today}.sqlite3"
    marker = database.with_suffix(".slug")
    started = time.perf_counter()
    if KEEP and marker.exists():
        out = marker.read_text()
    else:
        database.unlink(missing_ok=True)
        manage(database, "migrate", "--noinput", "-v", "0")
        out = manage(database, "shell", code=f"N = {size}\n" + BUILD)
        marker.write_text(out)
    built = time.perf_counter() - started
    _, slug, date_slug = next(line for line in out.splitlines() if line.startswith("slug")).split()
    paths = pages(slug, date_slug, today)
    out = manage(database, "shell", code=f"PATHS = {list(paths.values())!r}\n" + QUERIES)
    import json

    queries = json.loads(next(line for line in out.splitlines() if line.startswith("queries"))[8:])
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "hearth.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            "2",
            # As deployed (deploy/gunicorn.conf.py): the master loads and warms the app, then
            # forks workers that share what it loaded.
            "--preload",
            "--timeout",
            "300",
            "--log-level",
            "warning",
        ],  # fmt: skip
        cwd=ROOT,
        env=env(database),
    )
    base = f"http://127.0.0.1:{PORT}"
    try:
        for _ in range(100):
            try:
                get(base + "/robots.txt")
                break
            except OSError:
                time.sleep(0.2)
        # The whole-site feed's first request on a new worker: the gatherings' parts were built
        # ahead, as each was published, and stored where every worker finds them.
        first_feed, _ = get(base + "/feeds/all.ics")
        # Then with every part gone (the store emptied, a change recorded): all built at once.
        manage(database, "shell", code=COLD_FEED)
        cold_feed, _ = get(base + "/feeds/all.ics")
        for path in paths.values():  # warm both workers' caches
            get(base + path)
            get(base + path)
        times = {name: [] for name in paths}
        renders = {name: [] for name in paths}
        not_modified = []
        sizes = {}
        for i in range(REQUESTS):  # interleaved: the floor sees the same machine as the pages
            not_modified.append(revalidate(base + "/feeds/all.ics"))
            for name, path in paths.items():
                elapsed, length = get(base + path)
                times[name].append(elapsed)
                sizes[name] = length
                if not path.startswith(("/feeds/", "/robots")):
                    fresh = f"{path}{'&' if '?' in path else '?'}render={i}"
                    renders[name].append(get(base + fresh)[0])
        memory = worker_memory_mib(server.pid)
    finally:
        server.terminate()
        server.wait()
    floor = statistics.median(times["floor (/robots.txt)"])
    print(f"\n{size} gatherings (built in {built:.0f} s); floor p50 {floor * 1000:.1f} ms")
    print(
        f"{'page':22} {'p50 ms':>8} {'p90 ms':>8} {'÷ floor':>8} {'queries':>8} {'KiB':>8}"
        f" {'render p50':>11} {'÷ floor':>8}"
    )
    for name, path in paths.items():
        p50 = statistics.median(times[name])
        p90 = statistics.quantiles(times[name], n=10)[-1] if len(times[name]) > 1 else p50
        render = ""
        if renders[name]:
            r50 = statistics.median(renders[name])
            render = f" {r50 * 1000:11.1f} {r50 / floor:8.1f}"
        print(
            f"{name:22} {p50 * 1000:8.1f} {p90 * 1000:8.1f} {p50 / floor:8.1f} "
            f"{queries.get(path, 0):8d} {sizes[name] / 1024:8.1f}{render}"
        )
    poll = statistics.median(not_modified)
    print(f"{'feed, 304 to its ETag':22} {poll * 1000:8.1f} {'':8} {poll / floor:8.1f}")
    print(f"{'feed, new worker':22} {first_feed * 1000:8.1f} {'':8} {first_feed / floor:8.1f}")
    print(f"{'feed, all parts built':22} {cold_feed * 1000:8.1f} {'':8} {cold_feed / floor:8.1f}")
    print(
        "worker memory: "
        + ", ".join(f"{rss:.0f} MiB resident ({own:.0f} MiB its own)" for rss, own in memory)
    )


def main():
    for size in SIZES:
        measure(size)


if __name__ == "__main__":
    main()
