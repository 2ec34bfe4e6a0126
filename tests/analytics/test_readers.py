from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import ibis
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from teekond.analytics import ColumnMapping, EventLogError, load_log, summary


def _rows(log) -> list[dict]:  # type: ignore[no-untyped-def]
    return log.table.order_by("order").to_pyarrow().to_pylist()


def test_xes_reads_standard_keys(running_xes: Path) -> None:
    log = load_log(running_xes)
    rows = _rows(log)
    assert len(rows) == 42
    assert set(log.columns) == {"case_id", "activity", "timestamp", "order", "resource"}
    first = rows[0]
    assert (first["case_id"], first["activity"], first["resource"]) == (
        "3",
        "register request",
        "Pete",
    )
    # 2010-12-30T14:32:00.000+01:00 stored as naive UTC
    assert first["timestamp"].isoformat() == "2010-12-30T13:32:00"
    assert [r["order"] for r in rows] == list(range(42))


def test_csv_auto_detects_columns_and_matches_xes(running_csv: Path, running_xes: Path) -> None:
    assert summary(load_log(running_csv)) == summary(load_log(running_xes))


def test_csv_explicit_mapping_with_other_names(write_csv) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(
        """
        visitor;what;when;via
        v1;open app;2024-01-01 10:00:00;app
        v1;buy;2024-01-01 10:05:00;app
        v2;open app;2024-01-02 09:00:00;web
        """
    )
    log = load_log(
        path, {"case_id": "visitor", "activity": "what", "timestamp": "when", "channel": "via"}
    )
    rows = _rows(log)
    assert [(r["case_id"], r["activity"], r["channel"]) for r in rows] == [
        ("v1", "open app", "app"),
        ("v1", "buy", "app"),
        ("v2", "open app", "web"),
    ]


def test_csv_detects_common_names(write_csv) -> None:  # type: ignore[no-untyped-def]
    path = write_csv("Case,Activity,Timestamp,Resource\nA,x,2024-01-01T00:00:00Z,bob\n")
    rows = _rows(load_log(path))
    assert rows[0]["case_id"] == "A" and rows[0]["activity"] == "x" and rows[0]["resource"] == "bob"


def test_missing_required_column_is_named(write_csv) -> None:  # type: ignore[no-untyped-def]
    path = write_csv("case_id,timestamp\nA,2024-01-01\n")
    with pytest.raises(EventLogError, match="no activity column"):
        load_log(path)
    with pytest.raises(EventLogError, match="'nope' not found"):
        load_log(path, ColumnMapping(activity="nope"))


def test_parquet_leaves_only_the_log_table(tmp_path: Path) -> None:
    path = tmp_path / "log.parquet"
    pq.write_table(
        pa.table({"case": ["a"], "activity": ["x"], "time:timestamp": ["2024-01-01T00:00:00Z"]}),
        path,
    )
    backend = ibis.duckdb.connect()
    log = load_log(path, backend=backend)
    assert backend.list_tables() == [log.table.op().name]
    assert log.table.to_pyarrow().to_pylist()[0]["timestamp"].isoformat() == "2024-01-01T00:00:00"


def test_parquet_with_typed_timestamps(tmp_path: Path) -> None:
    path = tmp_path / "log.parquet"
    pq.write_table(
        pa.table(
            {
                "case_id": ["a", "a", "b"],
                "activity": ["x", "y", "x"],
                "timestamp": pa.array([1_000_000, 2_000_000, 3_000_000], pa.timestamp("us")),
            }
        ),
        path,
    )
    result = summary(load_log(path))
    assert result["cases"] == 2 and result["events"] == 3
    assert result["dfg"] == [
        {"source": "x", "target": "y", "count": 1, "mean_seconds": 1.0, "median_seconds": 1.0}
    ]


def test_xes_gz_is_read_like_xes(tmp_path: Path, running_xes: Path) -> None:
    gz = tmp_path / "running.xes.gz"
    with open(running_xes, "rb") as src, gzip.open(gz, "wb") as dst:
        shutil.copyfileobj(src, dst)
    assert summary(load_log(gz)) == summary(load_log(running_xes))


def test_progress_reports_bytes_up_to_total(running_xes: Path) -> None:
    calls: list[tuple[int, int]] = []
    load_log(running_xes, progress=lambda done, total: calls.append((done, total)))
    size = running_xes.stat().st_size
    assert calls[-1] == (size, size)
    assert all(a <= b for (a, _), (b, _) in zip(calls, calls[1:], strict=False))


def test_unparseable_timestamp_names_row_line_and_column(write_csv) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(
        """
        case_id,activity,timestamp
        A,x,2024-01-01 10:00
        A,y,2024-01-01 11:00
        B,x,yesterday-ish
        """
    )
    with pytest.raises(EventLogError) as info:
        load_log(path)
    err = info.value
    assert (err.row, err.line, err.column) == (3, 4, "timestamp")
    assert "unparseable timestamp 'yesterday-ish'" in err.reason
    assert "line 4" in str(err)


@pytest.mark.parametrize(
    ("body", "column", "reason"),
    [
        ("A,x,2024-01-01\n,y,2024-01-02", "case_id", "missing case id"),
        ("A,x,2024-01-01\nA,,2024-01-02", "activity", "missing activity"),
        ("A,x,2024-01-01\nA,y,", "timestamp", "missing timestamp"),
    ],
)
def test_missing_values_name_the_row(write_csv, body: str, column: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    path = write_csv("case_id,activity,timestamp\n" + body)
    with pytest.raises(EventLogError) as info:
        load_log(path)
    assert (info.value.row, info.value.column, info.value.reason) == (2, column, reason)


def test_ragged_csv_is_a_clear_error(write_csv) -> None:  # type: ignore[no-untyped-def]
    path = write_csv("case_id,activity,timestamp\nA,x,2024-01-01\nA,y\n")
    with pytest.raises(EventLogError, match="malformed CSV"):
        load_log(path)


def test_failed_import_leaves_no_table_behind(write_csv) -> None:  # type: ignore[no-untyped-def]
    backend = ibis.duckdb.connect()
    path = write_csv("case_id,activity,timestamp\nA,x,2024-01-01\nA,y,not a time\n")
    with pytest.raises(EventLogError):
        load_log(path, backend=backend)
    assert backend.list_tables() == []
    ok = load_log(
        write_csv("case_id,activity,timestamp\nA,x,2024-01-01\n", name="ok.csv"), backend=backend
    )
    name = ok.table.op().name  # a fast-path log makes its table on first use
    assert backend.list_tables() == [name]


XES_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0">\n'


def _event(name: str, ts: str | None) -> str:
    stamp = f'<date key="time:timestamp" value="{ts}"/>' if ts else ""
    return f'<event><string key="concept:name" value="{name}"/>{stamp}</event>\n'


def test_xes_event_without_timestamp_gives_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.xes"
    path.write_text(
        XES_HEAD
        + '<trace><string key="concept:name" value="c1"/>\n'
        + _event("a", "2024-01-01T00:00:00Z")
        + _event("b", None)
        + "</trace>\n</log>\n"
    )
    with pytest.raises(EventLogError) as info:
        load_log(path)
    assert (info.value.line, info.value.row, info.value.reason) == (5, 2, "missing timestamp")
    assert info.value.column == "time:timestamp"


def test_xes_trace_without_case_id_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "bad.xes"
    path.write_text(
        XES_HEAD + "<trace>\n" + _event("a", "2024-01-01T00:00:00Z") + "</trace>\n</log>\n"
    )
    with pytest.raises(EventLogError, match="trace has no concept:name") as info:
        load_log(path)
    assert info.value.line == 3


def test_truncated_xml_reports_line(tmp_path: Path) -> None:
    path = tmp_path / "cut.xes"
    path.write_text(
        XES_HEAD + '<trace><string key="concept:name" value="c1"/>\n<event><string key='
    )
    with pytest.raises(EventLogError, match="malformed XML") as info:
        load_log(path)
    assert info.value.line is not None and info.value.line >= 4


def test_xes_trace_name_after_its_events_still_counts(tmp_path: Path) -> None:
    path = tmp_path / "late.xes"
    path.write_text(
        XES_HEAD
        + "<trace>\n"
        + _event("a", "2024-01-01T00:00:00Z")
        + '<string key="concept:name" value="late"/>\n</trace>\n</log>\n'
    )
    assert _rows(load_log(path))[0]["case_id"] == "late"


def test_xxe_entity_is_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    path = tmp_path / "xxe.xes"
    path.write_text(
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE log [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        '<log>\n<trace><string key="concept:name" value="c1"/>\n'
        '<event><string key="concept:name" value="a"/><date key="time:timestamp" value="2024-01-01T00:00:00Z"/>'
        '<string key="note">&xxe;</string></event>\n'
        '<event><string key="concept:name" value="b"/>'
        '<date key="time:timestamp" value="2024-01-02T00:00:00Z"/></event>\n'
        "</trace>\n</log>\n"
    )
    log = load_log(path, ColumnMapping(attributes=("note",)))
    text = str(log.table.to_pyarrow().to_pylist())
    assert "TOP-SECRET" not in text
    assert [r["activity"] for r in _rows(log)] == ["a", "b"]


def test_gzipped_csv(tmp_path: Path, running_csv: Path) -> None:
    gz = tmp_path / "running.csv.gz"
    with open(running_csv, "rb") as src, gzip.open(gz, "wb") as dst:
        shutil.copyfileobj(src, dst)
    assert summary(load_log(gz)) == summary(load_log(running_csv))


def test_corrupt_parquet_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 this is not really parquet")
    with pytest.raises(EventLogError, match="Parquet"):
        load_log(path)


def test_xes_mapping_can_pick_other_keys(running_xes: Path) -> None:
    # running-example.xes also carries "Activity" and "Resource" keys on each event
    log = load_log(
        running_xes, {"activity": "Activity", "resource": "Resource", "attributes": ["Costs"]}
    )
    first = _rows(log)[0]
    assert (first["activity"], first["resource"], first["Costs"]) == (
        "register request",
        "Pete",
        "50",
    )
    with pytest.raises(EventLogError) as info:
        load_log(running_xes, {"activity": "no such key"})
    assert (info.value.row, info.value.line, info.value.column) == (
        1,
        23,
        "no such key",
    )  # line of the first <event>
    assert info.value.reason == "missing activity"


def test_from_table_wraps_an_existing_ibis_table() -> None:
    import datetime as dt

    from teekond.analytics import from_table

    con = ibis.duckdb.connect()
    source = con.create_table(
        "visits",
        ibis.memtable(
            {
                "visitor": ["a", "a", "b"],
                "page": ["home", "buy", "home"],
                "at": [
                    dt.datetime(2024, 1, 1, 10),
                    dt.datetime(2024, 1, 1, 10, 1),
                    dt.datetime(2024, 1, 2),
                ],
                "seq": [0, 1, 2],
            }
        ),
    )
    log = from_table(
        source, {"case_id": "visitor", "activity": "page", "timestamp": "at"}, order="seq"
    )
    result = summary(log)
    assert result["variants"] == [
        {"activities": ["home"], "count": 1},
        {"activities": ["home", "buy"], "count": 1},
    ]  # equal counts: ordered by the activity list
    assert result["dfg"][0]["mean_seconds"] == 60.0
    assert [t for t in con.list_tables() if t.startswith("teekond")] == []  # nothing copied
