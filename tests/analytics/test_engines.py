"""Every analysis gives the same result on the Arrow/NumPy engine and on the Ibis one, and
the three XES readers (C scanner on the fast path, scanner into the engine, lxml) load the
same log."""

from __future__ import annotations

import gzip
import random
import sys
from pathlib import Path

import pytest

from teekond.analytics import (
    Journey,
    JourneyStep,
    conformance,
    durations,
    funnel,
    load_log,
    readers,
    sankey,
    summary,
    xes,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
sys.path.insert(0, str(ROOT / "bench"))
import gen_eventlogs  # noqa: E402


@pytest.fixture(scope="module")
def bpi_xes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A BPI-like log (loops, lifecycle pairs, many attributes), small."""
    path = tmp_path_factory.mktemp("bpi") / "bpi.xes.gz"
    gen_eventlogs.write_xes(str(path), 4_000, seed=3)
    return path


@pytest.fixture(scope="module")
def ties_xes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Equal timestamps inside cases and events out of time order: file order must decide."""
    rng = random.Random(7)
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0">\n']
    for case in range(300):
        parts.append(f'<trace><string key="concept:name" value="c{case}"/>\n')
        for _ in range(rng.randrange(1, 9)):
            day = rng.choice((1, 1, 2, 3))
            act = rng.choice("abcde")
            parts.append(
                f'<event><string key="concept:name" value="{act}"/>'
                f'<date key="time:timestamp" value="2024-01-0{day}T10:00:00+02:00"/></event>\n'
            )
        parts.append("</trace>\n")
    parts.append("</log>\n")
    path = tmp_path_factory.mktemp("ties") / "ties.xes.gz"
    path.write_bytes(gzip.compress("".join(parts).encode()))
    return path


def _logs(request: pytest.FixtureRequest) -> list[Path]:
    return [
        DATA / "running-example.xes",
        DATA / "roadtraffic100traces.xes",
        request.getfixturevalue("bpi_xes"),
        request.getfixturevalue("ties_xes"),
    ]


JOURNEYS = {
    "running-example.xes": [
        "register request",
        ["examine casually", "examine thoroughly"],
        "decide",
    ],
    "roadtraffic100traces.xes": ["Create Fine", "Send Fine", "Insert Fine Notification"],
    "bpi.xes.gz": ["A_Create Application", "A_Concept", "O_Create Offer", "A_Complete"],
    "ties.xes.gz": ["a", "b", ["c", "d"], "e"],
}


def _journey(steps: list) -> Journey:
    return Journey(
        "j",
        tuple(
            JourneyStep(f"s{i}", tuple([s] if isinstance(s, str) else s))
            for i, s in enumerate(steps)
        ),
    )


def test_every_analysis_is_identical_on_both_engines(request: pytest.FixtureRequest) -> None:
    for path in _logs(request):
        log = load_log(path)
        assert log.arrow is not None, path  # the fast reader took it
        steps = JOURNEYS[path.name]
        journey = _journey(steps)
        assert summary(log, engine="arrow") == summary(log, engine="ibis"), path
        assert funnel(log, steps, engine="arrow") == funnel(log, steps, engine="ibis"), path
        assert funnel(log, steps[::-1], engine="arrow") == funnel(log, steps[::-1], engine="ibis")
        assert conformance(log, journey, engine="arrow") == conformance(
            log, journey, engine="ibis"
        ), path
        for top in (1, 3, 50):
            assert sankey(log, top, engine="arrow") == sankey(log, top, engine="ibis"), path
        fast, slow = durations(log, engine="arrow"), durations(log, engine="ibis")
        assert fast.keys() == slow.keys()
        for key in fast:  # the engines round the last bit of a float mean differently
            assert fast[key] == pytest.approx(slow[key], rel=1e-12), (path, key)


def test_a_journey_no_case_touches_conforms_nobody_on_both_engines(ties_xes: Path) -> None:
    log = load_log(ties_xes)
    journey = _journey(["zzz", "yyy"])
    assert conformance(log, journey, engine="arrow") == conformance(log, journey, engine="ibis")
    assert funnel(log, ["zzz"], engine="arrow") == funnel(log, ["zzz"], engine="ibis")


def _rows(log) -> list[dict]:
    table = log.table.order_by("order").to_pyarrow()
    keep = [
        c
        for c in ("case_id", "activity", "timestamp", "order", "resource")
        if c in table.column_names
    ]
    return table.select(keep).to_pylist()


def test_the_three_xes_readers_load_the_same_log(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    for path in _logs(request):
        fast = _rows(load_log(path))
        with monkeypatch.context() as patch:  # the scanner's text columns into the engine
            patch.setattr(readers, "_load_xes_in_process", lambda *a, **k: None)
            engine = _rows(load_log(path))
            patch.setattr(xes, "scan_xes", lambda *a, **k: None)  # lxml
            lxml = _rows(load_log(path))
        assert fast == engine == lxml, path


def test_csv_fast_path_loads_what_the_engine_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bpi.csv"
    gen_eventlogs.write_csv(str(path), 3_000, seed=5)
    mapping = {"case_id": "case:concept:name", "activity": "concept:name"}
    fast_log = load_log(path, mapping)
    assert fast_log.arrow is not None
    fast = _rows(fast_log)
    with monkeypatch.context() as patch:
        patch.setattr(readers, "_load_csv_in_process", lambda *a, **k: None)
        engine_log = load_log(path, mapping)
    assert engine_log.arrow is None
    assert fast == _rows(engine_log)
    assert summary(fast_log) == summary(engine_log, engine="ibis")


def test_csv_timestamps_in_other_forms_take_the_engine_path(write_csv) -> None:  # type: ignore[no-untyped-def]
    log = load_log(write_csv("case,activity,timestamp\nc1,a, 2024-01-02 10:00\nc1,b,2024-01-03\n"))
    assert log.arrow is None  # the engine parsed what the strict ISO parser does not take
    assert log.table.count().execute() == 2
