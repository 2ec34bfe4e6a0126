"""The CLI as users run it: a subprocess of ``python -m teekond.analytics``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run(
        [sys.executable, "-m", "teekond.analytics", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_analyze_json_has_exactly_the_documented_shape(running_xes: Path) -> None:
    proc = run("analyze", running_xes, "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert list(data) == [
        "cases",
        "events",
        "activities",
        "start_activities",
        "end_activities",
        "dfg",
        "variants",
    ]
    assert (data["cases"], data["events"]) == (6, 42)
    assert data["start_activities"] == {"register request": 6}
    assert all(
        set(e) == {"source", "target", "count", "mean_seconds", "median_seconds"}
        for e in data["dfg"]
    )
    assert [(e["source"], e["target"]) for e in data["dfg"]] == sorted(
        (e["source"], e["target"]) for e in data["dfg"]
    )
    assert all(set(v) == {"activities", "count"} for v in data["variants"])
    keys = [(-v["count"], v["activities"]) for v in data["variants"]]
    assert keys == sorted(keys)
    assert proc.stderr == ""  # no progress bar when stderr is not a terminal


def test_analyze_with_explicit_columns(write_csv) -> None:  # type: ignore[no-untyped-def]
    path = write_csv("who,did,at\nu1,open,2024-01-01 10:00\nu1,buy,2024-01-01 10:10\n")
    proc = run("analyze", path, "--case", "who", "--activity", "did", "--timestamp", "at", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["variants"] == [{"activities": ["open", "buy"], "count": 1}]
    assert data["dfg"][0]["mean_seconds"] == 600.0


def test_analyze_text_summary(running_csv: Path) -> None:
    proc = run("analyze", running_csv)
    assert proc.returncode == 0
    assert proc.stdout.startswith("6 cases, 42 events, 8 activities")


def test_errors_are_one_line_with_exit_code_2(write_csv) -> None:  # type: ignore[no-untyped-def]
    path = write_csv("case_id,activity,timestamp\nA,x,2024-01-01\nA,y,garbage\n")
    proc = run("analyze", path, "--json")
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert "row 2" in lines[0] and "line 3" in lines[0] and "unparseable timestamp" in lines[0]
    missing = run("analyze", Path(path).with_name("nope.csv"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_conform_json(running_xes: Path, tmp_path: Path) -> None:
    journey = tmp_path / "journey.json"
    journey.write_text(
        json.dumps(
            {
                "name": "Claims",
                "steps": [
                    {"name": "Register", "activities": ["register request"]},
                    {
                        "name": "Examine",
                        "activities": ["examine casually", "examine thoroughly", "check ticket"],
                    },
                    {"name": "Decide", "activities": ["decide"]},
                    {"name": "Close", "activities": ["pay compensation", "reject request"]},
                ],
            }
        )
    )
    proc = run("conform", running_xes, "--journey", journey, "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    # cases 3 and 5 "reinitiate request" (5 twice) and go back from Decide to Examine
    assert (data["cases"], data["conforming"], data["completed"]) == (6, 4, 6)
    assert data["unexpected_activities"] == {"reinitiate request": 3}
    text = run("conform", running_xes, "--journey", journey)
    assert "4 of 6 cases follow it" in text.stdout


def test_conform_bad_journey_exit_code(running_xes: Path, tmp_path: Path) -> None:
    journey = tmp_path / "j.json"
    journey.write_text('{"steps": []}')
    proc = run("conform", running_xes, "--journey", journey)
    assert proc.returncode == 2 and "steps" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("command", ["analyze", "conform"])
def test_add_commands_mounts_on_a_foreign_parser(command: str) -> None:
    import argparse

    from teekond.analytics.cli import add_commands

    parser = argparse.ArgumentParser(prog="teekond")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("serve")
    add_commands(sub)
    extra = ["--journey", "j.json"] if command == "conform" else []
    args = parser.parse_args([command, "log.csv", "--json", *extra])
    assert callable(args.func) and args.json and args.log == "log.csv"


class _FakeTerminal:
    def __init__(self) -> None:
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass


def test_progress_bar_only_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, running_xes: Path
) -> None:
    from teekond.analytics import load_log
    from teekond.analytics.cli import _progress_bar

    terminal = _FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setenv("COLUMNS", "100")
    with _progress_bar() as progress:
        assert progress is not None
        load_log(running_xes, progress=progress)
    assert "reading" in terminal.text and "15.9k" in terminal.text
    monkeypatch.setattr(terminal, "isatty", lambda: False)
    with _progress_bar() as progress:
        assert progress is None
