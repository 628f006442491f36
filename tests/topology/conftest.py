"""The cluster the topology tests share: started once (deploy/cluster/cluster.py; from an empty
database with HEARTH_CLUSTER_FRESH=1), stopped at the end unless HEARTH_CLUSTER_KEEP=1. Helpers to
book through it, read its mail and act as an organiser (a Django process with the cluster's
settings, as an admin request would be)."""

import email
import email.policy
import importlib.util
import json
import mailbox
import os
import re
import subprocess
import time
from pathlib import Path

import psycopg
import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


def _load_cluster_module():
    spec = importlib.util.spec_from_file_location(
        "hearth_cluster", ROOT / "deploy" / "cluster" / "cluster.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


cluster_module = _load_cluster_module()


@pytest.fixture(scope="session")
def cluster():
    cluster = cluster_module.Cluster()
    cluster.up(fresh=os.environ.get("HEARTH_CLUSTER_FRESH") == "1")
    yield cluster
    if os.environ.get("HEARTH_CLUSTER_KEEP") != "1":
        cluster.down()


# Acting as an organiser ---------------------------------------------------------------------------

SHELL_LOOP = r"""
import json, sys, traceback
import django
django.setup()
namespace = {}
for line in sys.stdin:
    request = json.loads(line)
    namespace["result"] = None
    try:
        exec(request["code"], namespace)
        reply = {"ok": True, "result": namespace.get("result")}
    except Exception:
        reply = {"ok": False, "error": traceback.format_exc()}
    sys.stdout.write(json.dumps(reply, default=str) + "\n")
    sys.stdout.flush()
"""


class Organiser:
    """One long-lived Django process with the cluster's settings: ``run(code)`` executes code
    there (set ``result`` to send something back), as an admin request on an app server would."""

    def __init__(self, cluster):
        self.process = subprocess.Popen(
            [str(cluster_module.VENV_BIN / "python"), "-u", "-c", SHELL_LOOP],
            cwd=ROOT,
            env=cluster.process_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, code):
        self.process.stdin.write(json.dumps({"code": code}) + "\n")
        self.process.stdin.flush()
        reply = json.loads(self.process.stdout.readline())
        assert reply["ok"], reply["error"]
        return reply["result"]

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture(scope="session")
def organiser(cluster):
    organiser = Organiser(cluster)
    organiser.run("from tests.topology.organiser_actions import *")
    yield organiser
    organiser.close()


# The database, read directly (the test process has no Django database of its own here) ------------


def sql(cluster, query, params=()):
    with psycopg.connect(cluster.database_url) as conn:
        return conn.execute(query, params).fetchall()


# Visitors -----------------------------------------------------------------------------------------


def visitor():
    session = requests.Session()
    session.headers["User-Agent"] = "hearth-topology-test"
    return session


def fresh(url):
    """``url`` with a query string nobody asked before: a guaranteed cache miss."""
    return f"{url}{'&' if '?' in url else '?'}nocache={time.monotonic_ns()}"


TOKEN_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def book(session, cluster, occurrence_id, *, email_address, name="Sam", party_size=1, js=True):
    """Book through the front cache the way a browser does: with JavaScript, the form's script
    fetches a token; without, the first post comes back asking to confirm, with a token."""
    url = f"{cluster.url}/rsvp/{occurrence_id}/"
    data = {"name": name, "email": email_address, "party_size": party_size, "privacy": "on"}
    if js:
        data["csrfmiddlewaretoken"] = session.get(f"{cluster.url}/rsvp/token/").json()["token"]
    response = session.post(url, data=data, allow_redirects=False, timeout=60)
    if not js:
        assert response.status_code == 403, response.text[:500]
        token = TOKEN_INPUT.search(response.text).group(1)
        assert email_address in response.text  # the input is kept
        data["csrfmiddlewaretoken"] = token
        response = session.post(url, data=data, allow_redirects=False, timeout=60)
    return response


# Mail ---------------------------------------------------------------------------------------------


_parsed = {}


def messages(cluster):
    """Every message the sink holds (each parsed once)."""
    box = mailbox.Maildir(cluster.maildir, create=True)
    result = []
    for key in box.keys():
        if key not in _parsed:
            raw = box.get_bytes(key)
            _parsed[key] = email.message_from_bytes(raw, policy=email.policy.default)
        result.append(_parsed[key])
    return result


def messages_to(cluster, address):
    return [m for m in messages(cluster) if address in str(m["To"])]


def wait_for_mail(cluster, address, count=1, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = messages_to(cluster, address)
        if len(found) >= count:
            return found
        time.sleep(0.2)
    raise AssertionError(f"{count} e-mail(s) to {address} did not arrive in {timeout} s")


def text_of(message):
    part = message.get_body(preferencelist=("plain",))
    return part.get_content()


def wait_until(what, check, timeout=20.0, interval=0.1):
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if value := check():
            return time.monotonic() - started, value
        time.sleep(interval)
    raise AssertionError(f"{what}: not within {timeout} s")
