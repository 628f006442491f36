"""The whole production topology on this machine, on loopback ports: `make cluster`.

    Varnish :18400  ->  HAProxy :18401  ->  gunicorn app1 :18411, app2 :18412
                                              |  PostgreSQL (the machine's, database hearth_cluster)
                                              |  Redis :18420 (its own), S3 stand-in :18430 (moto)
    task workers worker1, worker2 (db_worker)
    e-mail workers mail1, mail2 (send_queued_email)  ->  SMTP sink :18425 (a Maildir)

    python deploy/cluster/cluster.py up       # install what is missing, start, wait until healthy
    python deploy/cluster/cluster.py up --fresh   # the same from an empty database
    python deploy/cluster/cluster.py down     # stop everything it started
    python deploy/cluster/cluster.py status
    python deploy/cluster/cluster.py start|stop|kill NAME   # one piece, e.g. app1, worker2, redis

The configuration files are the ones in deploy/ (gunicorn.conf.py, haproxy/haproxy.cfg,
varnish/default.vcl), with their example addresses replaced by loopback ports; the app servers
and workers run the same commands as the systemd units. Everything runs in the foreground under
this script's control (no systemd): pids, logs, rendered configs and the Maildir live in the run
directory (.cluster/ by default, HEARTH_CLUSTER_DIR). HEARTH_CLUSTER_PORT moves every port
(default 18400). Running `up` again starts only what is not running.

Needs: Debian's haproxy, varnish and redis-server (installed here with apt-get when missing),
PostgreSQL reachable at HEARTH_CLUSTER_DATABASE_URL (the local cluster is started if it is
installed but down), and the project's test extras in .venv (moto's S3 server, aiosmtpd).
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
VENV_BIN = Path(sys.executable).parent
BUCKET = "hearth-media"


def ports(base):
    return {
        "varnish": base,
        "haproxy": base + 1,
        "haproxy_stats": base + 2,
        "varnish_admin": base + 3,
        "app1": base + 11,
        "app2": base + 12,
        "redis": base + 20,
        "smtp": base + 25,
        "s3": base + 30,
    }


def render(text, replacements):
    """``text`` with each example value replaced; a value missing from the file is an error,
    so the cluster never silently runs a configuration other than the one in deploy/."""
    for old, new in replacements.items():
        if old not in text:
            raise RuntimeError(f"{old!r} is no longer in the deploy file: update cluster.py")
        text = text.replace(old, new)
    return text


def http_status(url, *, timeout=2.0, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (OSError, urllib.error.URLError):
        return None


def wait_for(what, check, *, timeout=120.0, interval=0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(interval)
    raise TimeoutError(f"{what}: not ready after {timeout:.0f} s")


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (exited, not yet reaped) is not alive.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


class Cluster:
    """The topology's processes, their settings and where they keep their files."""

    APPS = ("app1", "app2")
    WORKERS = ("worker1", "worker2")
    MAILERS = ("mail1", "mail2")
    ORDER = ("redis", "s3", "smtp", *WORKERS, *MAILERS, *APPS, "haproxy", "varnish")

    def __init__(self, run_dir=None, base_port=None, database_url=None):
        self.run_dir = Path(
            run_dir or os.environ.get("HEARTH_CLUSTER_DIR") or ROOT / ".cluster"
        ).resolve()
        self.ports = ports(int(base_port or os.environ.get("HEARTH_CLUSTER_PORT", "18400")))
        self.database_url = database_url or os.environ.get(
            "HEARTH_CLUSTER_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hearth_cluster"
        )
        self.url = f"http://127.0.0.1:{self.ports['varnish']}"
        self.balancer_url = f"http://127.0.0.1:{self.ports['haproxy']}"
        self.s3_url = f"http://127.0.0.1:{self.ports['s3']}"
        self.maildir = self.run_dir / "mail"
        self.hold_file = self.run_dir / "smtp-hold"
        # Varnish's working directory holds a shared-memory log: keep it off slow disks.
        self.varnish_dir = Path("/tmp") / f"hearth-varnish-{self.ports['varnish']}"

    def app_url(self, name):
        return f"http://127.0.0.1:{self.ports[name]}"

    # Settings ---------------------------------------------------------------------------------

    def env(self):
        """The environment of every app server and worker (/etc/hearth/env in production)."""
        p = self.ports
        return {
            "DJANGO_SETTINGS_MODULE": "hearth.settings.production",
            "SECRET_KEY": "cluster-only-not-a-secret",  # noqa: S105 - loopback test cluster
            "HEARTH_PSEUDONYM_KEY": "cluster-only-not-a-secret-either",  # noqa: S105
            "DATABASE_URL": self.database_url,
            "CACHE_URL": f"redis://127.0.0.1:{p['redis']}/0",
            "BASE_URL": self.url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": self.url,
            # Loopback over plain HTTP: no TLS in front, so no HTTPS redirect, HSTS or secure
            # cookies (production keeps all three on).
            "SECURE_COOKIES": "false",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            # The topology tests sign in to the admin as scripts; two-step sign-in has its own
            # tests (tests/site/test_two_factor.py), and stays required in production.
            "HEARTH_REQUIRE_2FA_FOR_ATTENDEE_DATA": "false",
            "TASKS_BACKEND": "database",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(p["smtp"]),
            "EMAIL_USE_TLS": "false",
            "EMAIL_TIMEOUT": "5",
            # A killed e-mail worker's claims pass to the other after this (production: 300).
            "HEARTH_EMAIL_LEASE_SECONDS": "20",
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": self.s3_url,
            "AWS_S3_CUSTOM_DOMAIN": f"127.0.0.1:{p['s3']}/{BUCKET}",
            "AWS_S3_URL_PROTOCOL": "http:",
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": "cluster",
            "AWS_SECRET_ACCESS_KEY": "cluster",  # noqa: S105 - moto accepts any
            "FRONTEND_CACHE_URL": self.url,
            "HEARTH_RSVP_CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
            # The tests book hundreds of times from one address.
            "HEARTH_RSVP_RATE_PER_IP": "100000/h",
            "HEARTH_RSVP_RATE_PER_EMAIL": "1000/h",
            "STATIC_ROOT": str(self.run_dir / "static"),
            "LOG_FORMAT": "json",
            "WEB_CONCURRENCY": "2",
            "GUNICORN_THREADS": "2",
            "GUNICORN_FORWARDED_ALLOW_IPS": "127.0.0.1",
        }

    def process_env(self, **extra):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
        env.update(self.env())
        env.update(extra)
        env["PATH"] = f"{VENV_BIN}:{env.get('PATH', '/usr/bin:/bin')}"
        return env

    def manage(self, *args, check=True, capture=False, timeout=900):
        """Run ``manage.py`` with the cluster's settings (as an organiser's admin action would)."""
        return subprocess.run(
            [str(VENV_BIN / "python"), "manage.py", *args],
            cwd=ROOT,
            env=self.process_env(),
            check=check,
            capture_output=capture,
            text=True,
            timeout=timeout,
        )

    # Commands ---------------------------------------------------------------------------------

    def _rendered(self, name):
        p = self.ports
        if name == "haproxy":
            text = render(
                (DEPLOY / "haproxy" / "haproxy.cfg").read_text(),
                {
                    "bind 127.0.0.1:8080": f"bind 127.0.0.1:{p['haproxy']}",
                    "bind 127.0.0.1:8404": f"bind 127.0.0.1:{p['haproxy_stats']}",
                    "10.0.0.11:8000": f"127.0.0.1:{p['app1']}",
                    "10.0.0.12:8000": f"127.0.0.1:{p['app2']}",
                    "hdr Host hearth.example.org": "hdr Host 127.0.0.1",
                    "/run/haproxy/admin.sock": str(self.run_dir / "haproxy.sock"),
                },
            )
            path = self.run_dir / "haproxy.cfg"
        else:
            text = render(
                (DEPLOY / "varnish" / "default.vcl").read_text(),
                {'.port = "8080";': f'.port = "{p["haproxy"]}";'},
            )
            path = self.run_dir / "default.vcl"
        path.write_text(text)
        return path

    def command(self, name):
        p = self.ports
        python = str(VENV_BIN / "python")
        if name == "redis":
            return [
                "redis-server", "--port", str(p["redis"]), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no",
            ]  # fmt: skip
        if name == "s3":
            return [str(VENV_BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(p["s3"])]
        if name == "smtp":
            return [
                python, str(DEPLOY / "cluster" / "smtp_sink.py"), "--port", str(p["smtp"]),
                "--maildir", str(self.maildir), "--hold-file", str(self.hold_file),
            ]  # fmt: skip
        if name in self.APPS:
            # As deploy/systemd/hearth-web@.service runs it.
            return [
                str(VENV_BIN / "gunicorn"), "-c", str(DEPLOY / "gunicorn.conf.py"), "hearth.wsgi",
            ]  # fmt: skip
        if name in self.WORKERS:
            # As deploy/systemd/hearth-worker@.service runs it.
            return [
                python, "manage.py", "db_worker", "--worker-id", f"cluster-{name}",
                "--interval", "0.5", "--no-startup-delay",
            ]  # fmt: skip
        if name in self.MAILERS:
            # As deploy/systemd/hearth-mail@.service runs it.
            return [
                python, "manage.py", "send_queued_email", "--worker-id", f"cluster-{name}",
                "--interval", "0.5",
            ]  # fmt: skip
        if name == "haproxy":
            return ["haproxy", "-db", "-f", str(self._rendered("haproxy"))]
        if name == "varnish":
            return [
                "varnishd", "-F", "-n", str(self.varnish_dir),
                "-a", f"127.0.0.1:{p['varnish']}", "-T", f"127.0.0.1:{p['varnish_admin']}",
                "-f", str(self._rendered("varnish")), "-s", "malloc,128m",
                "-p", "ban_lurker_sleep=0.1",
            ]  # fmt: skip
        raise KeyError(name)

    # Processes --------------------------------------------------------------------------------

    def _pid_file(self, name):
        return self.run_dir / "pids" / f"{name}.pid"

    def pid(self, name):
        try:
            pid = int(self._pid_file(name).read_text())
        except (OSError, ValueError):
            return None
        return pid if alive(pid) else None

    def log(self, name):
        return self.run_dir / "logs" / f"{name}.log"

    def start(self, name):
        """Start ``name`` in its own process group, unless it is running. Returns its pid."""
        if pid := self.pid(name):
            return pid
        extra = {}
        if name in self.APPS:
            extra["GUNICORN_BIND"] = f"127.0.0.1:{self.ports[name]}"
        with self.log(name).open("ab") as log:
            process = subprocess.Popen(
                self.command(name),
                cwd=ROOT,
                env=self.process_env(**extra),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self._pid_file(name).write_text(str(process.pid))
        return process.pid

    def signal(self, name, sig):
        """Send ``sig`` to ``name``'s process group (a gunicorn master and its workers)."""
        pid = self.pid(name)
        if pid is None:
            return False
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return False
        return True

    def reload(self, name):
        """HUP to the master alone (as `systemctl reload` does): gunicorn's graceful reload."""
        pid = self.pid(name)
        if pid is not None:
            os.kill(pid, signal.SIGHUP)

    def stop(self, name, *, timeout=30.0):
        """Stop ``name`` gracefully (TERM), then by force (KILL) if it does not go."""
        pid = self.pid(name)
        if pid is None:
            return
        self.signal(name, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while alive(pid) and time.monotonic() < deadline:
            _reap(pid)
            time.sleep(0.1)
        if alive(pid):
            self.signal(name, signal.SIGKILL)
            wait_for(f"{name} to die", lambda: _reap(pid) or not alive(pid), timeout=10)
        self._pid_file(name).unlink(missing_ok=True)

    def kill(self, name):
        """Kill ``name`` at once, its whole process group (as a crashed machine would)."""
        pid = self.pid(name)
        if pid is None:
            return
        self.signal(name, signal.SIGKILL)
        wait_for(f"{name} to die", lambda: _reap(pid) or not alive(pid), timeout=10)
        self._pid_file(name).unlink(missing_ok=True)

    # Readiness --------------------------------------------------------------------------------

    def ready(self, name):
        p = self.ports
        if name == "redis":
            return _port_open(p["redis"])
        if name == "s3":
            return http_status(f"{self.s3_url}/") == 200
        if name == "smtp":
            return _port_open(p["smtp"])
        if name in self.APPS:
            return http_status(f"{self.app_url(name)}/health/lb/") == 200
        if name in self.WORKERS:
            return self.pid(name) is not None
        if name == "haproxy":
            return http_status(f"http://127.0.0.1:{p['haproxy_stats']}/") == 200
        if name == "varnish":
            return http_status(f"{self.url}/health/lb/") == 200
        raise KeyError(name)

    def wait_ready(self, name, timeout=180.0):
        def check():
            if self.pid(name) is None:
                raise RuntimeError(f"{name} exited: see {self.log(name)}")
            return self.ready(name)

        wait_for(name, check, timeout=timeout)

    def servers_up(self):
        """HAProxy's view: {server name: status} of the app servers."""
        url = f"http://127.0.0.1:{self.ports['haproxy_stats']}/;csv"
        with urllib.request.urlopen(url, timeout=2) as response:
            rows = response.read().decode().splitlines()
        header = rows[0].lstrip("# ").split(",")
        result = {}
        for row in rows[1:]:
            values = dict(zip(header, row.split(","), strict=False))
            if values.get("pxname") == "app_servers" and values.get("svname") in self.APPS:
                result[values["svname"]] = values.get("status", "")
        return result

    def wait_balanced(self, timeout=60.0):
        """Until HAProxy sees both app servers up."""
        wait_for(
            "both app servers up in HAProxy",
            lambda: set(self.servers_up().values()) == {"UP"},
            timeout=timeout,
        )

    # The whole ---------------------------------------------------------------------------------

    def up(self, *, demo=True, fresh=False):
        """Start what is not running; ``fresh``: first stop everything and start from an empty
        database (the demo content loads again)."""
        if fresh:
            self.down()
            for folder in ("logs", "mail"):
                shutil.rmtree(self.run_dir / folder, ignore_errors=True)
        for folder in (self.run_dir / "pids", self.run_dir / "logs"):
            folder.mkdir(parents=True, exist_ok=True)
        for sub in ("cur", "new", "tmp"):
            (self.maildir / sub).mkdir(parents=True, exist_ok=True)
        ensure_packages()
        self.ensure_database(fresh=fresh)
        for name in ("redis", "s3", "smtp"):
            self.start(name)
        for name in ("redis", "s3", "smtp"):
            self.wait_ready(name, timeout=60)
        self.ensure_bucket()
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("collectstatic", "--noinput", "-v", "0")
        self.manage("shell", "--no-imports", "-c", SITE_MATCHES_BASE_URL)
        if demo and not self._has_demo():
            # Its tasks (search index, renditions, purges) wait in the queue for the workers.
            self.manage("load_demo_content", "--allow-production")
        for name in self.APPS:
            self.start(name)
        for name in self.APPS:
            self.wait_ready(name)
        for name in ("haproxy", "varnish"):
            self.start(name)
            self.wait_ready(name, timeout=60)
        for name in (*self.WORKERS, *self.MAILERS):
            self.start(name)
        self.wait_balanced()
        self.write_state()
        return self

    def down(self):
        for name in reversed(self.ORDER):
            self.stop(name)
        shutil.rmtree(self.varnish_dir, ignore_errors=True)
        (self.run_dir / "cluster.json").unlink(missing_ok=True)

    def status(self):
        return {name: self.pid(name) for name in self.ORDER}

    def write_state(self):
        state = {
            "url": self.url,
            "balancer": self.balancer_url,
            "ports": self.ports,
            "pids": self.status(),
            "env": self.env(),
        }
        (self.run_dir / "cluster.json").write_text(json.dumps(state, indent=2))

    # Setup steps -------------------------------------------------------------------------------

    def ensure_database(self, *, fresh=False):
        ensure_postgres()
        import psycopg

        parts = urlsplit(self.database_url)
        name = parts.path.lstrip("/")
        admin = self.database_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            if fresh:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')

    def ensure_bucket(self):
        import boto3

        s3 = boto3.client(
            "s3",
            endpoint_url=self.s3_url,
            region_name="us-east-1",
            aws_access_key_id="cluster",
            aws_secret_access_key="cluster",  # noqa: S106 - moto accepts any
        )
        if BUCKET not in {b["Name"] for b in s3.list_buckets().get("Buckets", [])}:
            s3.create_bucket(Bucket=BUCKET)
        s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_IMAGES_POLICY))

    def _has_demo(self):
        import psycopg

        with psycopg.connect(self.database_url) as conn:
            row = conn.execute("SELECT count(*) FROM events_eventpage").fetchone()
        return row[0] > 0


# Images (originals and renditions) are public, as on the site; documents stay private (Wagtail
# serves them through its own view, which checks the collection's privacy).
PUBLIC_IMAGES_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "PublicImages",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": [
                f"arn:aws:s3:::{BUCKET}/original_images/*",
                f"arn:aws:s3:::{BUCKET}/images/*",
            ],
        }
    ],
}

# Wagtail builds page URLs (and so the purges) from its Site record: make it the public address.
SITE_MATCHES_BASE_URL = """
from urllib.parse import urlsplit
from django.conf import settings
from wagtail.models import Site
base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
Site.objects.filter(is_default_site=True).update(hostname=base.hostname, port=base.port or 80)
"""


def _reap(pid):
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def _port_open(port):
    import socket

    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _as_root(command):
    return command if os.geteuid() == 0 else ["sudo", *command]


def ensure_packages():
    """Debian's haproxy, varnish and redis-server, installed quietly if any is missing."""
    wanted = {"haproxy": "haproxy", "varnishd": "varnish", "redis-server": "redis-server"}
    missing = [package for binary, package in wanted.items() if not shutil.which(binary)]
    if not missing:
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(_as_root(["apt-get", "update", "-qq"]), check=True, env=env)
    subprocess.run(
        _as_root(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing]),
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def ensure_postgres():
    """Start the machine's PostgreSQL cluster if it is installed but not running."""
    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode == 0:
        return
    versions = sorted(Path("/etc/postgresql").glob("*")) if Path("/etc/postgresql").exists() else []
    if not versions:
        raise RuntimeError("PostgreSQL is not installed: apt-get install postgresql")
    subprocess.run(
        _as_root(
            ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1].name, "main", "start"]
        ),
        check=False,
    )
    wait_for(
        "PostgreSQL",
        lambda: (
            subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode == 0
        ),
        timeout=30,
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["up", "down", "status", "start", "stop", "kill"])
    parser.add_argument("name", nargs="?", help="one piece: " + ", ".join(Cluster.ORDER))
    parser.add_argument("--no-demo", action="store_true", help="do not load the demo content")
    parser.add_argument("--fresh", action="store_true", help="up: start from an empty database")
    args = parser.parse_args(argv)
    cluster = Cluster()
    if args.action == "up":
        started = time.monotonic()
        cluster.up(demo=not args.no_demo, fresh=args.fresh)
        print(f"Hearth cluster up in {time.monotonic() - started:.0f} s: {cluster.url}/")
        print(
            f"  HAProxy {cluster.balancer_url}/, stats http://127.0.0.1:{cluster.ports['haproxy_stats']}/"
        )
        print(f"  logs, pids and mail in {cluster.run_dir}")
    elif args.action == "down":
        cluster.down()
        print("Hearth cluster stopped.")
    elif args.action == "status":
        for name, pid in cluster.status().items():
            print(f"{name:10} {'running, pid ' + str(pid) if pid else 'stopped'}")
    else:
        if args.name not in Cluster.ORDER:
            parser.error(f"name one of: {', '.join(Cluster.ORDER)}")
        if args.action == "start":
            cluster.start(args.name)
            cluster.wait_ready(args.name)
        elif args.action == "stop":
            cluster.stop(args.name)
        else:
            cluster.kill(args.name)


if __name__ == "__main__":
    main()
