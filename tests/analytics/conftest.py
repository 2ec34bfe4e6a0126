"""Shared fixtures for the analytics tests: the real sample logs and tiny hand-made ones."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

# The public sample logs (PM4Py's running example, road traffic fines) ship with the tests.
DATA = Path(os.environ.get("TEEKOND_SAMPLE_DATA", Path(__file__).resolve().parent.parent / "data"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "spark: runs analytics on Spark local mode (slow start, needs Java)"
    )


@pytest.fixture
def running_xes() -> Path:
    return _sample("running-example.xes")


@pytest.fixture
def running_csv() -> Path:
    return _sample("running-example.csv")


@pytest.fixture
def roadtraffic_xes() -> Path:
    return _sample("roadtraffic100traces.xes")


def _sample(name: str) -> Path:
    path = DATA / name
    if not path.exists():
        pytest.skip(f"sample log {path} not present (set TEEKOND_SAMPLE_DATA)")
    return path


@pytest.fixture
def write_csv(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a CSV from a header and rows; returns its path."""

    def write(text: str, name: str = "log.csv") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).strip() + "\n", encoding="utf-8")
        return path

    return write
