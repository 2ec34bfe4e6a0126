"""The `teekond` command, run as a real process."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from teekond.cli import WORKER_QUEUES, WORKER_STOP_SECONDS


def run_cli(*args, env_extra=None, tmp_path=None):
    env = {**os.environ, **(env_extra or {})}
    if tmp_path is not None:
        env["TEEKOND_DATA_DIR"] = str(tmp_path)
    return subprocess.run(
        [sys.executable, "-m", "teekond.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_help_lists_every_command():
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("serve", "demo", "createuser", "migrate", "worker"):
        assert command in result.stdout


def test_demo_then_createuser_on_a_fresh_data_directory(tmp_path):
    env = {"DATABASE_URL": ""}
    result = run_cli("demo", env_extra=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "log in as demo / teekond-demo" in result.stdout
    assert (tmp_path / "teekond.sqlite3").exists()
    key = tmp_path / "secret_key"  # created by the command, not by importing the settings
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_text()) >= 50
    again = run_cli("demo", env_extra=env, tmp_path=tmp_path)
    assert "already present" in again.stdout
    created = run_cli(
        "createuser",
        "--username",
        "mari",
        "--email",
        "mari@example.com",
        "--password",
        "kohvik-oa-2026",
        "--workspace",
        "Kohvik",
        env_extra=env,
        tmp_path=tmp_path,
    )
    assert created.returncode == 0, created.stderr
    dup = run_cli(
        "createuser",
        "--username",
        "mari",
        "--email",
        "m2@example.com",
        "--password",
        "kohvik-oa-2026",
        env_extra=env,
        tmp_path=tmp_path,
    )
    assert dup.returncode == 2
    assert dup.stderr.strip().count("\n") == 0
    assert "taken" in dup.stderr


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("mysql://root@localhost/x", "scheme"),
        ("postgres://nobody@127.0.0.1:1/none", "cannot reach the database"),
    ],
)
def test_a_wrong_database_url_gives_one_clear_line(url, words, tmp_path):
    result = run_cli("demo", env_extra={"DATABASE_URL": url}, tmp_path=tmp_path)
    assert result.returncode == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_occupied_port_gives_one_clear_line(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("serve", "--port", str(port), tmp_path=tmp_path)
    assert result.returncode == 2
    assert f"port {port}" in result.stderr and "in use" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def _children(pid: int) -> dict[int, str]:
    """The live child processes of ``pid`` and their command lines (from /proc)."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            cmdline = Path(f"/proc/{entry}/cmdline").read_text().replace("\0", " ")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found[int(entry)] = cmdline
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_stops_the_web_server_and_every_worker_on_a_signal(signum, tmp_path):
    env = {**os.environ, "TEEKOND_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    assert run_cli("migrate", env_extra={"DATABASE_URL": ""}, tmp_path=tmp_path).returncode == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = subprocess.Popen(
        [sys.executable, "-m", "teekond.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:

        def answers() -> bool:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2):
                    return True
            except OSError:
                return False

        assert _wait_until(answers, 60), "teekond serve never answered"
        # Every child must be gone at the end; the workers are those with a queue (serve may
        # have another child for a moment, such as a font lookup of the PDF warm-up).
        workers = _children(serve.pid)
        queues = sorted(
            cmd.split("--queue ")[1].split()[0] for cmd in workers.values() if "--queue " in cmd
        )
        assert queues == sorted(WORKER_QUEUES)
        serve.send_signal(signum)
        # Bound: the web server's graceful shutdown plus the workers' stop window.
        assert serve.wait(timeout=WORKER_STOP_SECONDS + 20) == 0
        assert _wait_until(lambda: not any(_alive(pid) for pid in workers), 5)
        assert not answers()
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait()


def test_the_worker_runs_one_queue_or_all_and_refuses_unknown_ones(tmp_path):
    result = run_cli("worker", "--queue", "nope", tmp_path=tmp_path)
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
    from django.conf import settings

    assert set(settings.TASKS["default"]["QUEUES"]) == set(WORKER_QUEUES)


PRODUCTION = {
    "TEEKOND_SECRET_KEY": "k" * 20 + "-a-long-random-production-key-0123456789-abcdef",
    "TEEKOND_ALLOWED_HOSTS": "cx.example.ee",
    "TEEKOND_SITE_URL": "https://cx.example.ee",
    "TEEKOND_SSL_REDIRECT": "true",
    "DATABASE_URL": "postgres://teekond@db.example:5432/teekond",
}


def _check(tmp_path, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TEEKOND_")}
    clean.pop("DATABASE_URL", None)
    # The browser tests' conftest sets it for the whole test process; a deployment does not.
    clean.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "-m", "teekond.cli", "check", "--deploy"],
        capture_output=True,
        text=True,
        env={**clean, "TEEKOND_DATA_DIR": str(tmp_path / "data"), **env},
        timeout=120,
    )


def test_check_deploy_passes_a_production_configuration(tmp_path):
    result = _check(tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "teekond." not in result.stderr
    assert not (tmp_path / "data").exists()  # checking creates nothing


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"TEEKOND_SECRET_KEY": ""}, "teekond.E001"),
        ({"TEEKOND_DEBUG": "true"}, "teekond.E003"),
        ({"TEEKOND_ALLOWED_HOSTS": "other.example"}, "teekond.E005"),
        ({"TEEKOND_SECURE": "false"}, "teekond.E006"),
        ({"TEEKOND_HSTS_SECONDS": "0"}, "teekond.E007"),
    ],
)
def test_check_deploy_fails_on_each_error(tmp_path, change, code):
    result = _check(tmp_path, **{**PRODUCTION, **change})
    assert result.returncode == 1
    assert code in result.stderr


def test_check_deploy_warns_about_sqlite_and_plain_http(tmp_path):
    result = _check(
        tmp_path,
        **{**PRODUCTION, "DATABASE_URL": "", "TEEKOND_SITE_URL": "http://cx.example.ee"},
    )
    assert result.returncode == 0, result.stderr
    assert "teekond.W003" in result.stderr and "teekond.W002" in result.stderr


def test_check_deploy_refuses_a_secret_key_committed_to_git(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "secret_key").write_text("x" * 60)
    git = ["git", "-c", "user.email=t@example.com", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q", str(tmp_path)], check=True)
    subprocess.run([*git, "-C", str(tmp_path), "add", "-f", "data/secret_key"], check=True)
    result = _check(tmp_path, **{**PRODUCTION, "TEEKOND_SECRET_KEY": ""})
    assert result.returncode == 1
    assert "teekond.E002" in result.stderr
