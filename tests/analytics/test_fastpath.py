"""The in-process Arrow/NumPy path must give exactly what the Ibis expressions give."""

from __future__ import annotations

import random
from pathlib import Path

import ibis
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from teekond.analytics import EventLogError, arrowpath, from_table, load_log, readers, summary
from teekond.analytics.discovery import summary_ibis

ROOT = Path(__file__).resolve().parents[2]
# tests/data holds byte-identical copies of ../shared/data's logs (docs/decisions.md), so
# these never skip in a clone without the shared folder.
DATA = ROOT / "tests" / "data"
SAMPLES = [
    pytest.param(DATA / name, id=name)
    for name in ("running-example.xes", "roadtraffic100traces.xes", "running-example.csv")
]


def _sample(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"sample log {path} not present")
    return path


def _to_parquet(log_table: ibis.Table, path: Path) -> Path:
    """The canonical columns of a loaded log as a Parquet file with a tz-aware timestamp."""
    table = log_table.order_by("order").to_pyarrow()
    stamps = table.column("timestamp").cast(pa.timestamp("us", tz="UTC"))
    pq.write_table(
        pa.table(
            {
                "case_id": table.column("case_id"),
                "activity": table.column("activity"),
                "timestamp": stamps,
            }
        ),
        path,
    )
    return path


@pytest.mark.parametrize("path", SAMPLES)
def test_engines_agree_on_sample_logs(path: Path, tmp_path: Path) -> None:
    log = load_log(_sample(path))
    generic = summary(log, engine="ibis")
    assert summary(log, engine="arrow") == generic  # read back from the DuckDB table
    assert summary(log) == generic
    # The same events as Parquet: loaded through Arrow, summarised without reading back.
    fast = load_log(_to_parquet(log.table, tmp_path / "log.parquet"))
    assert fast.arrow is not None
    assert summary(fast) == generic
    assert summary_ibis(fast.table) == generic


def _random_log(seed: int, events: int = 3000) -> pa.Table:
    """Shuffled rows, whole seconds with many ties, long and short cases, 0-gap steps."""
    rng = random.Random(seed)
    acts = [f"act {i}" for i in range(7)]
    rows = []
    for case in range(events // 12):
        clock = rng.randrange(1_700_000_000, 1_700_100_000)
        for _ in range(rng.choice([1, 2, 3, 5, 8, 30, 60])):
            clock += rng.choice([0, 0, 1, 60, 3600])
            rows.append((f"c{case}", rng.choice(acts), clock * 1_000_000))
    rng.shuffle(rows)
    return pa.table(
        {
            "case_id": [r[0] for r in rows],
            "activity": [r[1] for r in rows],
            "timestamp": pa.array([r[2] for r in rows], pa.timestamp("us")),
            "channel": [rng.choice(["web", "app"]) for _ in rows],
        }
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_engines_agree_on_unsorted_logs_with_ties(seed: int, tmp_path: Path) -> None:
    path = tmp_path / "random.parquet"
    pq.write_table(_random_log(seed), path)
    log = load_log(path)
    assert log.arrow is not None
    assert summary(log) == summary(log, engine="ibis")


def test_engines_agree_when_rows_are_not_in_order() -> None:
    # The order column, not the row position, breaks timestamp ties (here: reversed).
    raw = _random_log(4)
    raw = raw.append_column("seq", pa.array(np.arange(raw.num_rows)[::-1]))
    con = ibis.duckdb.connect()
    log = from_table(con.create_table("t", raw), order="seq")
    assert summary(log, engine="arrow") == summary(log, engine="ibis")


def test_parquet_fast_load_equals_the_general_load(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    table = _random_log(5)
    table = table.set_column(
        2, "timestamp", table.column("timestamp").cast(pa.timestamp("ms", tz="Europe/Tallinn"))
    )
    path = tmp_path / "log.parquet"
    pq.write_table(table, path)
    fast = load_log(path)
    monkeypatch.setattr(readers, "_load_parquet_in_process", lambda *args: None)
    general = load_log(path)
    assert fast.arrow is not None and general.arrow is None
    assert fast.table.schema() == general.table.schema()
    rows = fast.table.order_by("order").to_pyarrow()
    assert rows.equals(general.table.order_by("order").to_pyarrow())
    assert summary(fast) == summary(general) == summary(general, engine="ibis")


def test_bad_parquet_rows_still_name_the_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.parquet"
    pq.write_table(
        pa.table(
            {
                "case_id": ["a", "a", "b"],
                "activity": ["x", "", "y"],
                "timestamp": pa.array([1, 2, 3], pa.timestamp("s")),
            }
        ),
        path,
    )
    with pytest.raises(EventLogError, match="missing activity") as caught:
        load_log(path)
    assert caught.value.row == 2


def test_text_timestamps_take_the_general_path(tmp_path: Path) -> None:
    path = tmp_path / "text.parquet"
    pq.write_table(
        pa.table(
            {
                "case_id": ["a", "a"],
                "activity": ["x", "y"],
                "timestamp": ["2024-01-01T00:00:00+02:00", "2024-01-01T00:00:01Z"],
            }
        ),
        path,
    )
    log = load_log(path)
    assert log.arrow is None
    assert summary(log) == summary(log, engine="ibis")
    assert summary(log)["dfg"][0]["mean_seconds"] == 7201.0


def test_seconds_beyond_the_microsecond_range_take_the_general_path(tmp_path: Path) -> None:
    path = tmp_path / "far.parquet"
    far = 2**62  # milliseconds: fits int64, but not as microseconds
    pq.write_table(
        pa.table(
            {
                "case_id": ["a", "a"],
                "activity": ["x", "y"],
                "timestamp": pa.array([0, far], pa.timestamp("ms")),
            }
        ),
        path,
    )
    try:
        log = load_log(path)
    except EventLogError:
        return  # the general path refuses it: fine, as long as nothing wrapped around
    assert log.arrow is None


def test_empty_table_on_both_engines() -> None:
    con = ibis.duckdb.connect()
    empty = pa.table(
        {
            "case_id": pa.array([], pa.string()),
            "activity": pa.array([], pa.string()),
            "timestamp": pa.array([], pa.timestamp("us")),
        }
    )
    log = from_table(con.create_table("empty", empty))
    assert summary(log, engine="arrow") == summary(log, engine="ibis")
    assert summary(log)["cases"] == 0


def test_unknown_engine_is_refused(running_xes: Path) -> None:
    with pytest.raises(ValueError, match="engine"):
        summary(load_log(running_xes), engine="pandas")


def test_variant_hash_collisions_fall_back_to_exact_grouping() -> None:
    # Long cases (beyond the exact integer keys) are grouped by hash and then verified.
    # With base 1 the hash is the sum of the codes, so these two sequences collide.
    names = ["x", "y"]
    one, other = [0, 1] * 40, [1, 0] * 40
    activity = np.array(one + other + one + [0, 0, 1], dtype=np.int32)
    lengths = np.array([80, 80, 80, 3])
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    expected = [
        {"activities": ["x", "y"] * 40, "count": 2},
        {"activities": ["x", "x", "y"], "count": 1},
        {"activities": ["y", "x"] * 40, "count": 1},
    ]
    assert arrowpath._variants(activity, starts, lengths, names) == expected
    assert arrowpath._variants(activity, starts, lengths, names, base=1) == expected
