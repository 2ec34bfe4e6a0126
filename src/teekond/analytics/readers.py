"""load_log: CSV, Parquet, XES and XES.gz into a validated EventLog.

Every reader first produces a *raw* Ibis table plus the name of its file-order column;
the shared tail maps, converts, materializes and validates. A bad row drops the
materialized table again before the error is raised, so a failed import leaves nothing.
"""

from __future__ import annotations

import csv
import gzip
import os
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from . import arrowpath, xes
from .errors import EventLogError
from .eventlog import EventLog
from .formats import FORMATS, detect_format
from .limits import DEFAULT, Limits, bounded, too_long, too_many_activities
from .mapping import ColumnMapping, resolve
from .progress import Progress, open_source
from .xes import read_xes

if TYPE_CHECKING:
    import ibis.expr.types as ir
    from ibis.backends import BaseBackend

ORDER = "__teekond_order"
LINE = "__teekond_line"


@dataclass(frozen=True)
class RawSource:
    table: ir.Table
    order_column: str
    line_column: str | None  # XES knows the line of each event
    line_offset: int | None  # CSV: data row n is on line n + offset
    labels: dict[str, str] | None = None  # XES: canonical column -> the key users know


NOT_UTF8 = "the CSV file is not valid UTF-8: save it as UTF-8 (see teekond.analytics.encoding)"


def _read_csv(path: str, progress: Progress | None, limits: Limits = DEFAULT) -> pa.Table:
    raw, counter = open_source(path, progress)
    compressed = isinstance(raw, gzip.GzipFile)
    source = bounded(raw, os.path.getsize(path), limits, compressed=compressed)
    try:
        head = source.readline(limits.max_markup_bytes + 1)
        if len(head) > limits.max_markup_bytes:
            raise too_long("header", len(head), limits.max_markup_bytes, line=1)
        try:  # never replace bad bytes: that would rename columns without a word
            first = head.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise EventLogError(NOT_UTF8, path=path, line=1) from None
        if not first.strip():
            raise EventLogError("CSV file is empty (no header line)", path=path, line=1)
        delimiter = max((",", ";", "\t", "|"), key=first.count)
        names = _unique_names(n.strip() for n in next(csv.reader([first], delimiter=delimiter)))
        for name in names:
            if len(name) > limits.max_name_chars:
                raise too_long("column", len(name), limits.max_name_chars, line=1)
        # Everything as text: the mapped columns are converted with row-level errors later.
        reader = pacsv.open_csv(
            source,
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 22),
            parse_options=pacsv.ParseOptions(delimiter=delimiter),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names}, strings_can_be_null=True
            ),
        )
        batches = []
        for batch in reader:
            _check_cells(batch, limits)
            batches.append(batch)
        table = pa.Table.from_batches(batches, schema=reader.schema)
    except EventLogError as exc:
        raise exc.located(path) from None
    except (pa.ArrowInvalid, csv.Error) as exc:
        if "invalid UTF8" in str(exc):
            raise EventLogError(NOT_UTF8, path=path) from None
        raise EventLogError(_said("malformed CSV", exc, path), path=path) from None
    except (OSError, EOFError, zlib.error) as exc:
        what = "compressed data is corrupt" if isinstance(exc, zlib.error) else exc
        raise EventLogError(f"cannot read CSV: {what}", path=path) from None
    finally:
        source.close()
        counter.close()
    counter.finish()
    return table


def _said(what: str, exc: BaseException, path: str) -> str:
    """An engine's first line about ``exc``, naming the file but not where it lives."""
    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return f"{what}: {first.replace(path, os.path.basename(path))}"


def _check_cells(batch: pa.RecordBatch, limits: Limits) -> None:
    """No cell longer than ``max_value_chars``; byte lengths first (no data scan)."""
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
            continue
        longest = pc.max(pc.binary_length(column)).as_py()
        if longest is None or longest <= limits.max_value_chars:
            continue
        chars = pc.max(pc.utf8_length(column)).as_py()
        if chars > limits.max_value_chars:
            raise too_long("value", chars, limits.max_value_chars, key=name, column=name)


def _check_parquet_size(path: str, limits: Limits) -> None:
    """The column data's unpacked size from the footer, before any page is read, then its
    decoded size (``_decoded_bytes``)."""
    try:
        meta = pq.read_metadata(path)
    except (OSError, pa.ArrowException):
        return  # the readers below name what is wrong with the file
    unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    allowed = min(limits.max_bytes, max(os.path.getsize(path), 1) * limits.max_ratio)
    if unpacked > allowed or _decoded_bytes(path, meta, allowed) > allowed:
        raise EventLogError(
            f"the file unpacks to more than {allowed:,} bytes",
            code="too_big_unpacked",
            params={"limit": allowed},
            path=path,
        )


def _decoded_bytes(path: str, meta: pq.FileMetaData, allowed: int) -> int:
    """What the columns take once decoded, counted without decoding, up to just past
    ``allowed``.

    The footer's sizes are of the encoded pages: a dictionary page with one long string and
    run-length-coded indices of a million rows is a few kilobytes on disk and gigabytes
    as text. So: every row costs at least its fixed-width values and one offset per text
    column (from the row count alone), and each dictionary-coded text column costs the
    length of its entry for every row, summed from the dictionary and the indices (read
    as they are stored, never expanded)."""
    try:
        schema = pq.read_schema(path)
        per_row = sum(max(1, f.type.bit_width // 8) if _fixed(f.type) else 8 for f in schema)
        total = meta.num_rows * per_row
        texts = [f.name for f in schema if _text_or_bytes(f.type)]
        if total > allowed or not texts:
            return total
        source = pq.ParquetFile(path, read_dictionary=texts)
        for group in range(meta.num_row_groups):
            for column in source.read_row_group(group, columns=texts).columns:
                for chunk in column.chunks:
                    if isinstance(chunk, pa.DictionaryArray) and len(chunk):
                        lengths = pc.binary_length(chunk.dictionary)
                        total += pc.sum(pc.take(lengths, chunk.indices)).as_py() or 0
                if total > allowed:
                    return total
    except (OSError, pa.ArrowException):
        return 0  # the readers below name what is wrong with the file
    return total


def _fixed(dtype: pa.DataType) -> bool:
    if pa.types.is_dictionary(dtype):
        return False
    try:
        return dtype.bit_width > 0
    except ValueError:  # variable width (text, lists)
        return False


def _text_or_bytes(dtype: pa.DataType) -> bool:
    if pa.types.is_dictionary(dtype):  # written from Arrow dictionaries
        dtype = dtype.value_type
    return (
        pa.types.is_string(dtype)
        or pa.types.is_large_string(dtype)
        or pa.types.is_binary(dtype)
        or pa.types.is_large_binary(dtype)
    )


def check_limits(table: ir.Table, limits: Limits = DEFAULT, path: str | None = None) -> None:
    """One pass over a canonical table: name lengths and the number of distinct activities.

    The XES reader already refuses these while streaming; CSV and Parquet are checked here,
    after reading and before anything is summarised or stored.
    """
    names = [c for c in ("case_id", "activity", "resource", "channel") if c in table.columns]
    values = [
        c
        for c in table.columns
        if c not in (*names, "timestamp", "order") and table[c].type().is_string()
    ]
    aggregates = {f"len_{c}": table[c].length().max() for c in names + values}
    aggregates["activities"] = table.activity.nunique()
    row = table.aggregate(**aggregates).to_pyarrow().to_pylist()[0]
    if (row["activities"] or 0) > limits.max_activities:
        raise too_many_activities(limits.max_activities, path=path)
    for column in names + values:
        longest = row[f"len_{column}"] or 0
        limit = limits.max_name_chars if column in names else limits.max_value_chars
        if longest > limit:
            kind = {"activity": "activity", "case_id": "case"}.get(column, "value")
            raise too_long(kind, longest, limit, key=column, column=column, path=path)


def _unique_names(names: Iterable[str]) -> list[str]:
    """Blank or repeated headers get positional names so every column is addressable."""
    out: list[str] = []
    for index, name in enumerate(names, start=1):
        name = name or f"column_{index}"
        while name in out:
            name = f"{name}_{index}"
        out.append(name)
    return out


def _read_parquet(path: str, backend: BaseBackend, progress: Progress | None) -> RawSource:
    try:
        if backend.name == "duckdb":
            # Read in place: DuckDB numbers the rows itself, no copy through Python.
            raw = backend.read_parquet(path, file_row_number=True)
            result = RawSource(raw, "file_row_number", None, None)
        else:
            table = pq.read_table(path)
            table = table.append_column(ORDER, pa.array(range(table.num_rows), pa.int64()))
            result = RawSource(_arrow_table(backend, table), ORDER, None, None)
    except (OSError, pa.ArrowInvalid) as exc:
        raise EventLogError(_said("cannot read Parquet", exc, path), path=path) from None
    except Exception as exc:  # the engine's own IO error types differ per backend
        raise EventLogError(_said("cannot read Parquet", exc, path), path=path) from None
    if progress is not None:
        progress(1, 1)
    return result


def _load_parquet_in_process(
    path: str,
    wanted: ColumnMapping,
    backend: BaseBackend | None,
    progress: Progress | None,
    limits: Limits = DEFAULT,
) -> EventLog | None:
    """Parquet into the embedded DuckDB via Arrow: read, convert and validate in this
    process; the log's table is a DuckDB view of that Arrow table, which ``summary()``
    also reads directly.

    ``None`` when the file needs the general path (other column types, a bad row, an
    unreadable file); that path then gives the same log, or the precise error.
    """
    if backend is not None and backend.name != "duckdb":
        return None
    try:
        columns = [c for c in pq.read_schema(path).names if c not in (ORDER, "file_row_number")]
    except (OSError, pa.ArrowException):
        return None
    try:
        resolved = resolve(columns, wanted)
    except EventLogError as exc:
        raise EventLogError(exc.reason, path=path) from None
    try:
        canonical = arrowpath.read_parquet_canonical(path, resolved)
    except (OSError, KeyError, pa.ArrowException):
        return None  # the general path reads it, or names what is wrong
    if canonical is None:
        return None
    arrowpath.check_limits(canonical, limits, path)
    if progress is not None:
        progress(1, 1)
    return EventLog(source=path, arrow=canonical, backend=backend)


def _load_xes_in_process(
    path: str,
    wanted: ColumnMapping,
    backend: BaseBackend | None,
    progress: Progress | None,
    limits: Limits = DEFAULT,
) -> EventLog | None:
    """XES into the embedded DuckDB with no engine round trip: the scanner parses the
    timestamps and encodes the activities while reading, so the canonical Arrow table is
    ready when the file ends; DuckDB gets a view of it, ``summary()`` reads it directly.

    ``None`` when the file needs the general path (the lxml reader, or a timestamp the
    scanner leaves to the engine); that path then gives the same log or the precise error.
    """
    if backend is not None and backend.name != "duckdb":
        return None
    case_key = wanted.case_id or "concept:name"
    activity_key = wanted.activity or "concept:name"
    timestamp_key = wanted.timestamp or "time:timestamp"
    resource_key = wanted.resource or xes.RESOURCE_KEY
    keys = list(
        dict.fromkeys([resource_key, *(k for k in (wanted.channel,) if k), *wanted.attributes])
    )
    scanned = xes.scan_xes(
        path,
        keys,
        progress,
        case_key=case_key,
        activity_key=activity_key,
        timestamp_key=timestamp_key,
        limits=limits,
        parse_timestamps=True,
    )
    if scanned is None or scanned["ts_first_bad"] >= 0:  # type: ignore[operator]
        return None
    columns = xes.scanned_columns(scanned)
    rows = int(scanned["rows"])  # type: ignore[call-overload]
    if rows == 0:
        return None  # the general path handles the empty log
    activity = columns["activity"]
    stamps = columns["timestamp"]
    # The first row without an activity or a timestamp, as the general path names it.
    # NumPy, not pyarrow.compute with Python scalars: those import pandas (pyarrow's shim).
    codes = arrowpath.numpy_of(activity.indices)  # type: ignore[attr-defined]
    dictionary = activity.dictionary  # type: ignore[attr-defined]
    lengths = arrowpath.numpy_of(pc.binary_length(dictionary).cast(pa.int64()))
    missing_activity = _nulls(activity)
    empty = np.flatnonzero(lengths == 0)
    if len(empty):
        missing_activity |= np.isin(codes, empty)
    bad = missing_activity | _nulls(stamps)
    if bad.any():
        row = int(np.argmax(bad))
        activity_missing = bool(missing_activity[row])
        raise EventLogError(
            "missing activity" if activity_missing else "missing timestamp",
            row=row + 1,
            line=int(np.frombuffer(scanned["lines"], dtype=np.int64)[row]),  # type: ignore[call-overload]
            column=activity_key if activity_missing else timestamp_key,
            path=path,
        )
    others = dict(zip(keys, columns["others"], strict=True))  # type: ignore[call-overload]
    table: dict[str, pa.Array] = {
        "case_id": columns["case_id"],
        "activity": activity,
        "timestamp": stamps,
        "order": arrowpath.int64s(np.arange(rows, dtype=np.int64)),
        "resource": others[resource_key].dictionary_encode(),
    }
    if wanted.channel:
        table["channel"] = others[wanted.channel].dictionary_encode()
    for name in wanted.attributes:
        if name in table:
            raise EventLogError(f"attribute {name!r} clashes with a canonical column name")
        table[name] = others[name]
    canonical = pa.Table.from_arrays(list(table.values()), names=list(table))
    return EventLog(source=path, arrow=canonical, backend=backend)


def _load_csv_in_process(
    arrow: pa.Table,
    mapping: ColumnMapping,
    backend: BaseBackend | None,
    path: str,
    limits: Limits,
) -> EventLog | None:
    """CSV text columns straight into the canonical Arrow table: timestamps parsed by the
    XES scanner's ISO 8601 parser, ids and activities dictionary-encoded.

    ``None`` (the general path decides, row by row, and names a bad row) for anything it
    does not take as it is: a missing value, an empty id, a timestamp in another form.
    """
    if backend is not None and backend.name != "duckdb":
        return None
    if arrow.num_rows == 0:
        return None
    from . import _xesscan

    assert mapping.case_id and mapping.activity and mapping.timestamp
    case_id, activity = arrow.column(mapping.case_id), arrow.column(mapping.activity)
    stamps = arrow.column(mapping.timestamp)
    if case_id.null_count or activity.null_count or stamps.null_count:
        return None
    text = stamps.cast(pa.large_string()).combine_chunks()
    _, offsets, data = text.buffers()
    if text.offset:
        return None
    micros, bad = _xesscan.parse_timestamps(offsets, data if data is not None else b"", len(text))
    if bad >= 0:
        return None
    table: dict[str, Any] = {
        "case_id": case_id,
        "activity": activity.dictionary_encode(),
        "timestamp": pa.Array.from_buffers(
            pa.timestamp("us"), len(text), [None, pa.py_buffer(micros)]
        ),
        "order": arrowpath.int64s(np.arange(arrow.num_rows, dtype=np.int64)),
    }
    if mapping.resource:
        table["resource"] = arrow.column(mapping.resource).dictionary_encode()
    if mapping.channel:
        table["channel"] = arrow.column(mapping.channel).dictionary_encode()
    for name in mapping.attributes:
        if name in table:
            raise EventLogError(f"attribute {name!r} clashes with a canonical column name")
        table[name] = arrow.column(name)
    canonical = pa.Table.from_arrays(list(table.values()), names=list(table))
    if not arrowpath.is_valid(canonical):
        return None
    arrowpath.check_limits(canonical, limits, path)
    return EventLog(source=path, arrow=canonical, backend=backend)


def _nulls(array: pa.Array) -> np.ndarray:
    """Per row: is it NULL (from the validity bitmap, no pandas involved)."""
    if not array.null_count:
        return np.zeros(len(array), dtype=bool)
    bits = np.frombuffer(array.buffers()[0], dtype=np.uint8)
    valid = np.unpackbits(bits, bitorder="little")[array.offset : array.offset + len(array)]
    return valid == 0


def _xes_mapping(mapping: ColumnMapping, columns: list[str]) -> ColumnMapping:
    """Case, activity and timestamp keys were applied while parsing; the rest are event keys."""
    resource = mapping.resource or ("org:resource" if "org:resource" in columns else None)
    return ColumnMapping(
        "case_id", "activity", "timestamp", resource, mapping.channel, mapping.attributes
    )


def _resolve(columns: list[str], wanted: ColumnMapping, path: str) -> ColumnMapping:
    try:
        return resolve(columns, wanted)
    except EventLogError as exc:
        raise EventLogError(exc.reason, path=path) from None


def _used(mapping: ColumnMapping) -> list[str]:
    named = [
        mapping.case_id,
        mapping.activity,
        mapping.timestamp,
        mapping.resource,
        mapping.channel,
    ]
    return list(dict.fromkeys([n for n in named if n] + list(mapping.attributes)))


def _upload(
    backend: BaseBackend, table: pa.Table, mapping: ColumnMapping, extra: tuple[str, ...]
) -> ir.Table:
    """Only the mapped columns travel into the engine, as a scratch table."""
    return _arrow_table(backend, table.select(_used(mapping) + list(extra)))


def _arrow_table(backend: BaseBackend, table: pa.Table) -> ir.Table:
    import ibis

    name = f"teekond_raw_{os.urandom(6).hex()}"
    if backend.name == "duckdb":
        # ibis keeps every memtable registered until exit; a direct copy frees the Arrow data.
        backend.con.from_arrow(table).create(name)
        return backend.table(name)
    return backend.create_table(name, ibis.memtable(table))


def load_log(
    path: str | os.PathLike[str],
    mapping: ColumnMapping | Mapping[str, object] | None = None,
    progress: Progress | None = None,
    *,
    backend: BaseBackend | None = None,
    format: str | None = None,
    limits: Limits = DEFAULT,
) -> EventLog:
    """Read, validate and load an event log; raises EventLogError naming the bad row.

    A file beyond ``limits`` (sizes, lengths, distinct activities) is refused the same way.
    """
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise EventLogError("no such file", path=path)
    fmt = format or detect_format(path)
    if fmt not in FORMATS:
        raise EventLogError(f"unknown format {fmt!r}; use one of {FORMATS}")
    wanted = ColumnMapping.from_any(mapping)
    if fmt == "xes":
        fast_xes = _load_xes_in_process(path, wanted, backend, progress, limits)
        if fast_xes is not None:
            return fast_xes
        backend = backend or _default_backend()
        arrow = read_xes(
            path,
            [k for k in (wanted.resource, wanted.channel, *wanted.attributes) if k],
            progress,
            case_key=wanted.case_id or "concept:name",
            activity_key=wanted.activity or "concept:name",
            timestamp_key=wanted.timestamp or "time:timestamp",
            limits=limits,
        )
        arrow = arrow.rename_columns(
            [{"order": ORDER, "line": LINE}.get(n, n) for n in arrow.column_names]
        )
        resolved = _xes_mapping(wanted, arrow.column_names)
        labels = {
            "case_id": f"{wanted.case_id or 'concept:name'} (trace)",
            "activity": wanted.activity or "concept:name",
            "timestamp": wanted.timestamp or "time:timestamp",
        }
        raw = RawSource(_upload(backend, arrow, resolved, (ORDER, LINE)), ORDER, LINE, None, labels)
    elif fmt == "csv":
        arrow = _read_csv(path, progress, limits)
        resolved = _resolve(arrow.column_names, wanted, path)
        fast_csv = _load_csv_in_process(arrow, resolved, backend, path, limits)
        if fast_csv is not None:
            return fast_csv
        backend = backend or _default_backend()
        arrow = arrow.append_column(ORDER, pa.array(range(arrow.num_rows), pa.int64()))
        raw = RawSource(_upload(backend, arrow, resolved, (ORDER,)), ORDER, None, 1)
    else:
        _check_parquet_size(path, limits)
        fast = _load_parquet_in_process(path, wanted, backend, progress, limits)
        if fast is not None:
            return fast
        backend = backend or _default_backend()
        raw = _read_parquet(path, backend, progress)
    from . import log as _log

    try:
        if fmt == "parquet":
            columns = [c for c in raw.table.columns if c not in (ORDER, "file_row_number")]
            resolved = _resolve(columns, wanted, path)
        return EventLog(_finish(raw, resolved, backend, path, limits), source=path)
    finally:
        if raw.order_column == ORDER:
            _log.drop(raw.table)  # our scratch copy
        else:
            backend.drop_view(
                raw.table.op().name, force=True
            )  # DuckDB's view over the Parquet file


def _default_backend() -> BaseBackend:
    from .log import default_backend

    return default_backend()


def _finish(
    raw: RawSource, mapping: ColumnMapping, backend: BaseBackend, path: str, limits: Limits
) -> ir.Table:
    from . import log as _log

    try:
        table = _log.materialize(backend, _log.canonical_expr(raw.table, mapping, raw.order_column))
    except EventLogError as exc:
        raise EventLogError(exc.reason, column=exc.column, path=path) from None
    except Exception as exc:  # engine errors (a corrupt Parquet page, ...) differ per backend
        raise EventLogError(_said("cannot load", exc, path), path=path) from None
    bad = _log.first_invalid_order(table)
    if bad is None:
        try:
            check_limits(table, limits, path)
        except EventLogError:
            _log.drop(table)
            raise
        return table
    _log.drop(table)
    column, reason = _log.explain_invalid(raw.table, mapping, raw.order_column, bad)
    line = None
    if raw.line_column:
        line = int(
            raw.table.filter(raw.table[raw.order_column] == bad)[raw.line_column].max().execute()
        )
    elif raw.line_offset is not None:
        line = bad + 1 + raw.line_offset
    if raw.labels:  # XES keys read better than our internal column names
        column = raw.labels.get(column, column)
    raise EventLogError(reason, row=bad + 1, line=line, column=column, path=path)


def from_table(
    table: ir.Table,
    mapping: ColumnMapping | Mapping[str, object] | None = None,
    *,
    order: str | None = None,
) -> EventLog:
    """Use an existing Ibis table (any backend, e.g. a warehouse table) as a log, without copying.

    Columns are mapped and converted lazily, so every query reads the source table. ``order``
    names a column that gives the file/ingest order for timestamp ties; without it the
    backend's row order is used, which only DuckDB-like local engines keep stable. Rows
    are not validated here (that would scan the table); rows missing a value are still
    counted, as they are.
    """
    import ibis

    from . import log as _log

    wanted = ColumnMapping.from_any(mapping)
    resolved = resolve([c for c in table.columns if c != order], wanted)
    if order is None:
        table = table.mutate(**{ORDER: ibis.row_number()})
        order = ORDER
    elif order not in table.columns:
        raise EventLogError(f"order column {order!r} not found; columns are {list(table.columns)}")
    return EventLog(_log.canonical_expr(table, resolved, order))
