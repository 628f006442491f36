"""The files in deploy/ a deployer copies: each scheduled job has a timer, the units run what the
cluster runs, and HAProxy and Varnish accept their configurations."""

import configparser
import importlib.util
import runpy
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"

# Every job to run on a schedule, with the timer that runs it.
SCHEDULED = {
    "extend_occurrences": "hearth-extend-occurrences",
    "send_reminders": "hearth-send-reminders",
    "purge_personal_data": "hearth-purge-personal-data",
    "prune_db_task_results": "hearth-prune-task-results",
    "recover_stale_tasks": "hearth-recover-stale-tasks",
    "send_feedback_requests": "hearth-send-feedback-requests",
    "expire_offers": "hearth-expire-offers",
}


def unit(name):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / "systemd" / name)
    return parser


@pytest.mark.parametrize(("command", "name"), SCHEDULED.items())
def test_every_scheduled_job_has_a_timer_and_a_service_running_an_existing_command(command, name):
    assert command in get_commands()
    service, timer = unit(f"{name}.service"), unit(f"{name}.timer")
    assert service["Service"]["Type"] == "oneshot"
    assert service["Service"]["EnvironmentFile"] == "/etc/hearth/env"
    assert f"manage.py {command}" in service["Service"]["ExecStart"]
    assert timer["Timer"]["OnCalendar"]
    assert timer["Timer"]["Persistent"] == "true"


def test_no_timer_without_a_job_in_the_list():
    timers = {path.stem for path in (DEPLOY / "systemd").glob("*.timer")}
    assert timers == set(SCHEDULED.values())


def test_app_server_and_worker_units_run_what_the_cluster_runs():
    web = unit("hearth-web@.service")["Service"]
    assert "gunicorn -c /srv/hearth/deploy/gunicorn.conf.py hearth.wsgi" in web["ExecStart"]
    assert web["ExecReload"] == "/bin/kill -HUP $MAINPID"
    assert web["EnvironmentFile"] == "/etc/hearth/env"
    worker = unit("hearth-worker@.service")["Service"]
    assert "manage.py db_worker" in worker["ExecStart"]
    assert worker["KillSignal"] == "SIGTERM"
    mail = unit("hearth-mail@.service")["Service"]
    assert "manage.py send_queued_email" in mail["ExecStart"]


def test_gunicorn_preloads_the_app_and_logs_json_without_paths(monkeypatch):
    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert config["preload_app"] is True
    assert config["graceful_timeout"] >= 10
    assert "%(U)s" not in config["access_log_format"] and "%(r)s" not in config["access_log_format"]
    formatter = config["logconfig_dict"]["formatters"]["json"]["()"]
    assert formatter == "hearth.observability.JsonFormatter"


@pytest.mark.skipif(not shutil.which("haproxy"), reason="HAProxy not installed (make cluster)")
def test_haproxy_accepts_its_configuration(tmp_path):
    config = tmp_path / "haproxy.cfg"
    config.write_text(
        (DEPLOY / "haproxy" / "haproxy.cfg")
        .read_text()
        .replace("/run/haproxy/admin.sock", str(tmp_path / "admin.sock"))
    )
    result = subprocess.run(["haproxy", "-c", "-f", str(config)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(not shutil.which("varnishd"), reason="Varnish not installed (make cluster)")
def test_varnish_compiles_its_configuration():
    # Varnish makes its working directory itself, for its own unprivileged user.
    workdir = Path(tempfile.gettempdir()) / f"hearth-vcl-check-{uuid.uuid4().hex}"
    try:
        result = subprocess.run(
            ["varnishd", "-C", "-f", str(DEPLOY / "varnish" / "default.vcl"), "-n", str(workdir)],
            capture_output=True,
            text=True,
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    assert result.returncode == 0, result.stderr


def test_the_cluster_runs_the_deploy_files_with_only_their_addresses_changed(tmp_path):
    spec = importlib.util.spec_from_file_location("cluster", DEPLOY / "cluster" / "cluster.py")
    cluster_module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cluster_module)
    cluster = cluster_module.Cluster(run_dir=tmp_path, base_port=28000)
    haproxy = cluster._rendered("haproxy").read_text()
    assert "server app1 127.0.0.1:28011" in haproxy and "10.0.0." not in haproxy
    vcl = cluster._rendered("varnish").read_text()
    assert '.port = "28001";' in vcl
    original = (DEPLOY / "varnish" / "default.vcl").read_text()
    assert vcl.replace('.port = "28001";', '.port = "8080";') == original
