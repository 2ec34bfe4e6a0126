"""Results must equal PM4Py's on the standard sample logs (PM4Py is a test-only dependency)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from teekond.analytics import load_log, summary

pm4py = pytest.importorskip("pm4py")


@pytest.fixture(
    params=[
        (name, engine)
        for name in ("running-example.xes", "roadtraffic100traces.xes")
        for engine in ("arrow", "ibis")  # summary()'s in-process path and its Ibis path
    ],
    ids=lambda p: "-".join(p),
)
def pair(request: pytest.FixtureRequest) -> tuple[dict, object]:
    from conftest import _sample

    name, engine = request.param
    path: Path = _sample(name)
    return summary(load_log(path), engine=engine), pm4py.read_xes(str(path))


def test_activities_and_start_end_match(pair) -> None:  # type: ignore[no-untyped-def]
    ours, df = pair
    assert ours["activities"] == dict(pm4py.get_event_attribute_values(df, "concept:name"))
    assert ours["start_activities"] == dict(pm4py.get_start_activities(df))
    assert ours["end_activities"] == dict(pm4py.get_end_activities(df))
    assert ours["cases"] == df["case:concept:name"].nunique() and ours["events"] == len(df)


def test_dfg_counts_and_timings_match(pair) -> None:  # type: ignore[no-untyped-def]
    ours, df = pair
    dfg, _, _ = pm4py.discover_dfg(df)
    perf, _, _ = pm4py.discover_performance_dfg(df)
    mine = {(e["source"], e["target"]): e for e in ours["dfg"]}
    assert {k: e["count"] for k, e in mine.items()} == dict(dfg)
    for key, stats in perf.items():
        assert math.isclose(mine[key]["mean_seconds"], stats["mean"], rel_tol=1e-12, abs_tol=1e-6)
        assert math.isclose(
            mine[key]["median_seconds"], stats["median"], rel_tol=1e-12, abs_tol=1e-6
        )


def test_variants_match(pair) -> None:  # type: ignore[no-untyped-def]
    ours, df = pair
    theirs = {
        tuple(k): (v if isinstance(v, int) else len(v)) for k, v in pm4py.get_variants(df).items()
    }
    assert {tuple(v["activities"]): v["count"] for v in ours["variants"]} == theirs
    counts = [v["count"] for v in ours["variants"]]
    assert counts == sorted(counts, reverse=True)
