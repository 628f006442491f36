"""How fast are the public pages and feeds through the front cache (Varnish), against the floor?

Starts the production topology on this machine (deploy/cluster/cluster.py: Varnish -> HAProxy ->
two gunicorn app servers on PostgreSQL and Redis, with the demo organisation), asks each public
page and feed through Varnish, and prints p50/p90, whether Varnish answered from its cache
(X-Cache) and the ratio of the p50 to the floor measured in the same run, interleaved: the
framework's floor is `/robots.txt` asked of one app server directly (a trivial Django view
through the same gunicorn, settings and middleware), as in bench/pages.py. A page is asked
twice first, so Varnish holds it, as it does for every visitor after the first.

Run: `.venv/bin/python bench/frontcache.py` (needs what `make cluster` installs; BENCH_REQUESTS,
default 30). The cluster is stopped afterwards unless BENCH_KEEP_CLUSTER=1. Benchmarks print
figures; tests assert behaviour (tests/topology).
"""

import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "deploy" / "cluster"))

import cluster as topology  # noqa: E402 - deploy/cluster/cluster.py, not a package

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))
PORTS = topology.ports(int(os.environ.get("HEARTH_CLUSTER_PORT", "18400")))
VARNISH = f"http://127.0.0.1:{PORTS['varnish']}"
APP = f"http://127.0.0.1:{PORTS['app1']}"


def get(url):
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - our own servers
        body = response.read()
        cache = response.headers.get("X-Cache", "")
    return time.perf_counter() - started, len(body), cache


def pages():
    _, _, _ = get(f"{VARNISH}/whats-on/")
    with urllib.request.urlopen(f"{VARNISH}/whats-on/tuesday-evening-meditation/") as response:  # noqa: S310
        html = response.read().decode()
    date = re.search(r'href="(/whats-on/tuesday-evening-meditation/\d{4}-\d{2}-\d{2}/)"', html)
    return {
        "home": "/",
        "What's on": "/whats-on/",
        "month calendar": "/whats-on/calendar/",
        "week view": "/whats-on/week/",
        "gathering page": "/whats-on/tuesday-evening-meditation/",
        "date page": date.group(1),
        "venues": "/venues/",
        "What's on in Polish": "/pl/whats-on/",
        "whole-site feed": "/feeds/all.ics",
        "a gathering's feed": "/feeds/gathering/tuesday-evening-meditation.ics",
    }


def main():
    command = [sys.executable, str(ROOT / "deploy" / "cluster" / "cluster.py")]
    subprocess.run([*command, "up"], cwd=ROOT, check=True)
    try:
        paths = pages()
        for path in paths.values():
            get(VARNISH + path)
            get(VARNISH + path)
        floor, timings, sizes, states = [], {name: [] for name in paths}, {}, {}
        for _ in range(REQUESTS):
            floor.append(get(f"{APP}/robots.txt")[0])
            for name, path in paths.items():
                seconds, size, state = get(VARNISH + path)
                timings[name].append(seconds)
                sizes[name] = size
                states.setdefault(name, set()).add(state)
        base = statistics.median(floor)
        print(
            f"\nthrough Varnish, {REQUESTS} requests each; floor (app server's /robots.txt) "
            f"p50 {base * 1000:.2f} ms"
        )
        print(f"{'page':<22}{'p50 ms':>8}{'p90 ms':>8}{'÷ floor':>9}{'KiB':>9}  X-Cache")
        for name, values in timings.items():
            p50 = statistics.median(values)
            p90 = statistics.quantiles(values, n=10)[-1]
            print(
                f"{name:<22}{p50 * 1000:>8.2f}{p90 * 1000:>8.2f}{p50 / base:>9.2f}"
                f"{sizes[name] / 1024:>9.1f}  {'/'.join(sorted(states[name]))}"
            )
    finally:
        if not os.environ.get("BENCH_KEEP_CLUSTER"):
            subprocess.run([*command, "down"], cwd=ROOT, check=False)


if __name__ == "__main__":
    main()
