"""Real gunicorn app servers for tests that need separate processes sharing one database.

``shared_database_url`` gives a URL other processes can open: the PostgreSQL test database
itself, or on SQLite a file copy of the in-memory test database (made after the test has set up
its data). Tests using it are transactional, so what they create is committed.
"""

import http.client
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
DEPLOY_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def shared_database_url(tmp_path):
    """A DATABASE_URL for other processes, holding what this test has committed so far."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("postgresql"):
        return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    copy = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    deadline = time.monotonic() + 60

    def give_up_when_locked(status, remaining, total):
        # sqlite3's backup retries for ever while another connection holds a lock (a live
        # server left mid-request by an earlier failure): fail this test, never hang the suite.
        if time.monotonic() > deadline:
            raise TimeoutError("the test database stayed locked for 60 s; an earlier failure?")

    with sqlite3.connect(copy) as target:
        connection.connection.backup(target, progress=give_up_when_locked)
    return f"sqlite:///{copy}"


def start_redis(tmp_path):
    """A private redis-server on a free port (never the machine's shared one)."""
    port = free_port()
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process, f"redis://127.0.0.1:{port}/0"
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("redis-server did not start")


class Server:
    """One gunicorn app server with deploy/gunicorn.conf.py, plus test-only lines after it."""

    def __init__(self, tmp_path, *, database_url, name="app", extra_config="", env=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp_path / f"{name}.log"
        config = tmp_path / f"{name}_gunicorn_conf.py"
        control = tmp_path / f"{name}.ctl"  # gunicorn's default is one per user, shared
        config.write_text(
            f"exec(compile(open({str(DEPLOY_CONFIG)!r}).read(), {str(DEPLOY_CONFIG)!r}, 'exec'))\n"
            f"control_socket = {str(control)!r}\n" + extra_config
        )
        environment = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        environment.update(
            {
                "DJANGO_SETTINGS_MODULE": "hearth.settings.test",
                "DATABASE_URL": database_url,
                "CONN_MAX_AGE": "0",
                "GUNICORN_BIND": f"127.0.0.1:{self.port}",
                "WEB_CONCURRENCY": "1",  # what deploy/gunicorn.conf.py reads
                **(env or {}),
            }
        )
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), f"--config={config}"],
            cwd=ROOT,
            env=environment,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if request("GET", f"{self.url}/robots.txt")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not start: {self.log.read_text()}")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def lines(self):
        return self.log.read_text().splitlines()


def request(method, url, *, body=None, cookie="", headers=None):
    """(status, headers, text) of one plain HTTP request."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    sent = {"Cookie": cookie, **(headers or {})}
    if body is not None:
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    conn.request(method, path, body=body, headers=sent)
    response = conn.getresponse()
    text = response.read().decode("utf-8", "replace")
    result = response.status, dict(response.getheaders()), text
    conn.close()
    return result


def csrf(url, cookie=""):
    """A CSRF cookie and its form token, from the form's own page."""
    status, headers, text = request("GET", url, cookie=cookie)
    assert status == 200, text[:500]
    cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)
    return f"csrftoken={cookie}", token
