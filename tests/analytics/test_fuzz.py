"""Fuzzing the readers: whatever the bytes, load_log succeeds or raises EventLogError.

Bounded in time: a few dozen examples each, no deadline (the engine starts per run).
"""

from __future__ import annotations

import gzip
import io
import tempfile
from pathlib import Path

import ibis
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from teekond.analytics import EventLogError, load_log
from teekond.analytics.limits import Limits

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
#: Small limits, so that the fuzzer also reaches every refusal.
SMALL = Limits(max_bytes=200_000, max_name_chars=40, max_value_chars=80, max_activities=8)

XES = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0">\n'
    b'<trace><string key="concept:name" value="c1"/>'
    b'<event><string key="concept:name" value="register"/>'
    b'<date key="time:timestamp" value="2026-01-01T10:00:00+02:00"/>'
    b'<string key="org:resource" value="Mari"/></event>'
    b'<event><string key="concept:name" value="decide"/>'
    b'<date key="time:timestamp" value="2026-01-02T10:00:00Z"/></event></trace>\n'
    b'<trace><string key="concept:name" value="c2"/>'
    b'<event><string key="concept:name" value="register"/>'
    b'<date key="time:timestamp" value="2026-01-03T10:00:00"/></event></trace>\n</log>\n'
)
CSV = (
    b"case_id,activity,timestamp,resource\n"
    b"c1,register,2026-01-01 10:00:00,Mari\n"
    b'c1,"decide, finally",2026-01-02T10:00:00Z,\n'
    b"c2,register,2026-01-03 10:00,Jaan\n"
)
XML_PIECES = [
    b"<",
    b">",
    b"/>",
    b"</event>",
    b"<event>",
    b"<trace>",
    b"</trace>",
    b'<string key="concept:name" value="',
    b'<date key="time:timestamp" value="',
    b'"',
    b"&amp;",
    b"&lt;",
    b"&xxe;",
    b'<!DOCTYPE log [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    b"2026-01-01T10:00:00Z",
    b"\x00",
    b"\xff\xfe",
    "õäöü".encode(),
    b"A" * 50,
]


@pytest.fixture(scope="module")
def backend():
    return ibis.duckdb.connect()


def mutate(base: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    data = bytearray(base)
    for position, cut, insert in edits:
        at = position % (len(data) + 1)
        data[at : at + cut] = insert
    return bytes(data)


EDITS = st.lists(
    st.tuples(st.integers(0, 10_000), st.integers(0, 8), st.binary(max_size=8)), max_size=6
)


def load(data: bytes, suffix: str, backend, **kwargs) -> None:
    """Load ``data`` as a file; only EventLogError may come out."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            log = load_log(path, backend=backend, limits=SMALL, **kwargs)
        except EventLogError as exc:
            assert str(exc)
            assert folder not in exc.reason  # the reason itself names no server path
        else:
            assert log.table.count().execute() >= 0


@FUZZ
@given(EDITS, st.booleans())
def test_mutated_xes_only_raises_reader_errors(backend, edits, zipped) -> None:
    data = mutate(XES, edits)
    load(gzip.compress(data) if zipped else data, ".xes.gz" if zipped else ".xes", backend)


@FUZZ
@given(st.lists(st.sampled_from(XML_PIECES), max_size=40))
def test_xes_built_from_xml_pieces_only_raises_reader_errors(backend, pieces) -> None:
    load(XES[:60] + b"".join(pieces), ".xes", backend)


@FUZZ
@given(st.binary(max_size=300), st.integers(0, 400))
def test_corrupt_gzip_only_raises_reader_errors(backend, noise, keep) -> None:
    packed = gzip.compress(XES)
    load(packed[: keep % len(packed)] + noise, ".xes.gz", backend)


@FUZZ
@given(EDITS, st.booleans())
def test_mutated_csv_only_raises_reader_errors(backend, edits, zipped) -> None:
    data = mutate(CSV, edits)
    load(gzip.compress(data) if zipped else data, ".csv.gz" if zipped else ".csv", backend)


@FUZZ
@given(st.text(alphabet=st.sampled_from(list(',;"\n\r\tab1-: é\x00')), max_size=200))
def test_csv_of_separators_and_quotes_only_raises_reader_errors(backend, text) -> None:
    load(text.encode("utf-8"), ".csv", backend)


def _parquet() -> bytes:
    buffer = io.BytesIO()
    table = pa.table(
        {
            "case_id": ["c1", "c1", "c2"],
            "activity": ["register", "decide", "register"],
            "timestamp": pa.array([0, 60, 120], pa.timestamp("s", tz="UTC")),
        }
    )
    pq.write_table(table, buffer)
    return buffer.getvalue()


PARQUET = _parquet()


@FUZZ
@given(EDITS)
def test_mutated_parquet_only_raises_reader_errors(backend, edits) -> None:
    load(mutate(PARQUET, edits), ".parquet", backend)


@FUZZ
@given(
    st.lists(st.text(max_size=60), min_size=1, max_size=6),
    st.lists(st.one_of(st.none(), st.integers(-(2**62), 2**62)), min_size=1, max_size=6),
)
# Found by fuzzing: a bad row whose timestamp lies beyond Python's datetime crashed the
# explanation of the bad row (OverflowError) instead of naming it.
@example(names=["", "a"], stamps=[2**62, 2**62])
def test_parquet_of_odd_values_only_raises_reader_errors(backend, names, stamps) -> None:
    size = min(len(names), len(stamps))
    buffer = io.BytesIO()
    table = pa.table(
        {
            "case_id": names[:size],
            "activity": list(reversed(names[:size])),
            "timestamp": pa.array(stamps[:size], pa.timestamp("us")),
        }
    )
    pq.write_table(table, buffer)
    load(buffer.getvalue(), ".parquet", backend)
