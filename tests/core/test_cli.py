"""The `teekond` command, run as a real process."""

import os
import socket
import subprocess
import sys

import pytest


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
