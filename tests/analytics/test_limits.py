"""Hostile files are refused while they are read: sizes, lengths and distinct activities."""

from __future__ import annotations

import gzip
import io
import re
import tracemalloc
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teekond.analytics import EventLogError, load_log
from teekond.analytics.limits import BoundedStream, Limits
from teekond.analytics.xes import read_xes

HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0">\n'


def _event(name: bytes, ts: str = "2026-01-01T10:00:00Z") -> bytes:
    return (
        b'<event><string key="concept:name" value="' + name + b'"/>'
        b'<date key="time:timestamp" value="' + ts.encode() + b'"/></event>\n'
    )


def _trace(case: bytes, *events: bytes) -> bytes:
    return (
        b'<trace><string key="concept:name" value="'
        + case
        + b'"/>'
        + b"".join(events)
        + b"</trace>\n"
    )


def name_bomb(path: Path, mebibytes: int = 64) -> Path:
    """A few dozen KB of gzip holding one activity name of ``mebibytes`` MiB."""
    with gzip.open(path, "wb", compresslevel=9) as gz:
        gz.write(HEAD + b'<trace><string key="concept:name" value="c1"/><event>')
        gz.write(b'<string key="concept:name" value="')
        block = b"A" * (1 << 20)
        for _ in range(mebibytes):
            gz.write(block)
        gz.write(b'"/><date key="time:timestamp" value="2026-01-01T10:00:00Z"/></event>')
        gz.write(b"</trace></log>")
    return path


def test_a_64_mib_activity_name_in_a_small_gzip_is_refused_with_bounded_memory(
    tmp_path: Path,
) -> None:
    path = name_bomb(tmp_path / "bomb.xes.gz")
    assert path.stat().st_size < 100_000
    small = tmp_path / "small.xes.gz"
    small.write_bytes(gzip.compress(HEAD + _trace(b"c1", _event(b"a")) + b"</log>"))
    load_log(small)  # imports and engine start-up are not the reader's memory
    tracemalloc.start()
    try:
        with pytest.raises(EventLogError) as caught:
            load_log(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.code == "markup_too_long"
    # The name would be a 64 MiB str (and four copies in a summary); the reader stops at
    # the first MiB without a '<'.
    assert peak < 16 * 1024**2


def test_a_long_activity_name_is_refused_with_its_line_and_key(tmp_path: Path) -> None:
    path = tmp_path / "long.xes"
    path.write_bytes(
        HEAD + _trace(b"c1", _event(b"ok")) + _trace(b"c2", _event(b"x" * 1001)) + b"</log>"
    )
    with pytest.raises(EventLogError) as caught:
        load_log(path)
    error = caught.value
    assert (error.code, error.line, error.column) == ("too_long", 5, "concept:name")
    assert error.params == {"kind": "activity", "key": "", "length": 1001, "limit": 1000}


def test_a_long_case_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "case.xes"
    path.write_bytes(HEAD + _trace(b"c" * 2000, _event(b"a")) + b"</log>")
    with pytest.raises(EventLogError, match="case id is 2,000 characters"):
        load_log(path)


def test_an_attribute_value_over_its_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "attr.xes"
    event = _event(b"a").replace(
        b"</event>", b'<string key="note" value="' + b"n" * 50 + b'"/></event>'
    )
    path.write_bytes(HEAD + _trace(b"c1", event) + b"</log>")
    with pytest.raises(EventLogError, match="value of note is 50 characters"):
        read_xes(str(path), ["note"], limits=Limits(max_value_chars=40))


def test_too_many_distinct_activities_are_refused_while_reading(tmp_path: Path) -> None:
    path = tmp_path / "many.xes"
    events = [_event(f"a{i}".encode()) for i in range(5)]
    path.write_bytes(HEAD + _trace(b"c1", *events) + b"</log>")
    with pytest.raises(EventLogError) as caught:
        load_log(path, limits=Limits(max_activities=4))
    assert caught.value.code == "too_many_activities"
    assert load_log(path, limits=Limits(max_activities=5)).table.count().execute() == 5


def test_a_gzip_far_larger_unpacked_than_packed_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ratio.xes.gz"
    body = HEAD + b"".join(
        _trace(f"c{i}".encode(), _event(b"a"), _event(b"b")) for i in range(3000)
    )
    path.write_bytes(gzip.compress(body + b"</log>", 9))
    ratio = len(body) / path.stat().st_size
    with pytest.raises(EventLogError) as caught:
        load_log(path, limits=Limits(max_ratio=int(ratio / 2)))
    assert caught.value.code == "too_big_unpacked"
    assert load_log(path, limits=Limits(max_ratio=int(ratio * 2))).table.count().execute() == 6000


def test_a_plain_file_over_the_absolute_size_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.xes"
    path.write_bytes(HEAD + b"".join(_trace(f"c{i}".encode(), _event(b"a")) for i in range(200)))
    with pytest.raises(EventLogError) as caught:
        load_log(path, limits=Limits(max_bytes=5_000))
    assert caught.value.code == "too_big"


def test_a_27_byte_corrupt_gzip_is_a_reader_error(tmp_path: Path) -> None:
    good = gzip.compress(HEAD + _trace(b"c1", _event(b"a")) + b"</log>")
    path = tmp_path / "corrupt.xes.gz"
    path.write_bytes(good[:10] + b"\xff" * 17)
    with pytest.raises(EventLogError, match="corrupt"):
        load_log(path)


def test_csv_cells_and_activities_are_bounded(write_csv) -> None:  # type: ignore[no-untyped-def]
    rows = "".join(f"c1,act {i},2026-01-01 10:0{i}:00\n" for i in range(5))
    path = write_csv("case_id,activity,timestamp\n" + rows)
    with pytest.raises(EventLogError) as caught:
        load_log(path, limits=Limits(max_activities=4))
    assert caught.value.code == "too_many_activities"
    long = write_csv("case_id,activity,timestamp\nc1," + "é" * 1001 + ",2026-01-01 10:00:00\n")
    with pytest.raises(EventLogError) as caught:
        load_log(long)
    assert caught.value.params["kind"] == "activity" and caught.value.params["length"] == 1001


def test_a_csv_gzip_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.csv.gz"
    with gzip.open(path, "wb", compresslevel=9) as gz:
        gz.write(b"case_id,activity,timestamp\n")
        for _ in range(64):
            gz.write(b"c1,a,2026-01-01 10:00:00\n" * 40_000)
    with pytest.raises(EventLogError) as caught:
        load_log(path)
    assert caught.value.code == "too_big_unpacked"


def test_parquet_cells_size_and_activities_are_bounded(tmp_path: Path) -> None:
    path = tmp_path / "log.parquet"
    table = pa.table(
        {
            "case_id": ["c1"] * 5,
            "activity": [f"a{i}" for i in range(5)],
            "timestamp": pa.array(
                [1_700_000_000_000_000 + i for i in range(5)], pa.timestamp("us")
            ),
        }
    )
    pq.write_table(table, path)
    with pytest.raises(EventLogError) as caught:
        load_log(path, limits=Limits(max_activities=4))
    assert caught.value.code == "too_many_activities"
    with pytest.raises(EventLogError) as caught:
        load_log(path, limits=Limits(max_ratio=0))
    assert caught.value.code == "too_big_unpacked"
    long = tmp_path / "long.parquet"
    pq.write_table(table.set_column(1, "activity", pa.array(["x" * 1001] * 5)), long)
    with pytest.raises(EventLogError, match="activity name is 1,001 characters"):
        load_log(long)


def test_a_parquet_dictionary_that_decodes_far_larger_than_the_file_is_refused(
    tmp_path: Path,
) -> None:
    """One 900-character activity name in the dictionary page, 50,000 run-length-coded
    rows pointing at it: a few kilobytes on disk, 45 MB as text."""
    rows = 50_000
    table = pa.table(
        {
            "case_id": pa.array(["c1"] * rows).dictionary_encode(),
            "activity": pa.array(["x" * 900] * rows).dictionary_encode(),
            "timestamp": pa.array([1_700_000_000_000_000] * rows, pa.timestamp("us")),
        }
    )
    path = tmp_path / "bomb.parquet"
    pq.write_table(table, path, use_dictionary=True, compression="zstd")
    assert path.stat().st_size < 50_000
    with pytest.raises(EventLogError) as caught:
        load_log(path)
    assert caught.value.code == "too_big_unpacked"
    # The same rows with short names are an ordinary log.
    short = tmp_path / "short.parquet"
    pq.write_table(table.set_column(1, "activity", pa.array(["a"] * rows)), short)
    assert (
        load_log(short, limits=Limits(max_ratio=10_000)).table.count().to_pyarrow().as_py() == rows
    )


def _longest_run_without_lt(data: bytes) -> int:
    return max((len(part) for part in re.split(b"<", data)), default=0)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([b"<", b"a", b"bb", b"c" * 7]), max_size=80),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=9),
)
def test_the_markup_guard_refuses_exactly_the_runs_over_its_limit(
    pieces: list[bytes], limit: int, chunk: int
) -> None:
    data = b"".join(pieces)
    stream = BoundedStream(io.BytesIO(data), 10**9, compressed=False, markup=limit)
    refused = False
    try:
        while stream.read(chunk):
            pass
    except EventLogError as exc:
        assert exc.code == "markup_too_long"
        refused = True
    assert refused == (_longest_run_without_lt(data) > limit)
