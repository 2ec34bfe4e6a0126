"""Streaming XES / XES.gz readers.

The scanner (``_xesscan``, C) reads UTF-8 XES without building a tree: the wanted
attributes of each event go straight into Arrow column buffers, activities are
dictionary-encoded and, on request, timestamps parsed to UTC microseconds as it goes.
It resolves nothing but the five predefined entities and character references. A file
it does not take (a DOCTYPE, another declared encoding) is read by the lxml reader
below instead: iterparse with entities unresolved, no network, each event cleared as
soon as it is read. docs/decisions.md ("XES reader") says why.

Both refuse the same limits while reading and report a bad value with the line of its
``<event>``.
"""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, BinaryIO

import numpy as np
import pyarrow as pa

from .errors import EventLogError
from .limits import DEFAULT, Limits, bounded, too_long, too_many_activities
from .progress import Progress, open_source

if TYPE_CHECKING:
    from lxml import etree

CASE_KEY = "concept:name"
ACTIVITY_KEY = "concept:name"
TIMESTAMP_KEY = "time:timestamp"
RESOURCE_KEY = "org:resource"
ATTRIBUTE_TAGS = frozenset({"string", "date", "int", "float", "boolean", "id"})
BATCH_ROWS = 50_000


def _local(tag: object) -> str:
    from lxml import etree

    return etree.QName(tag).localname if isinstance(tag, str) else ""


class _Batches:
    """Column lists flushed into Arrow record batches every BATCH_ROWS events."""

    def __init__(
        self, keys: Sequence[str], activity_key: str, timestamp_key: str, limits: Limits
    ) -> None:
        self.keys = list(keys)
        self.limits = limits
        self.activities: set[str] = set()
        self.activity_key = activity_key
        self.timestamp_key = timestamp_key
        self.names = ["case_id", "activity", "timestamp", *self.keys, "order", "line"]
        self.schema = pa.schema(
            [(n, pa.int64() if n in ("order", "line") else pa.string()) for n in self.names]
        )
        self.batches: list[pa.RecordBatch] = []
        self._reset()
        self.count = 0

    def _reset(self) -> None:
        self.cols: dict[str, list[object]] = {n: [] for n in self.names}

    def add(self, case_id: str | None, values: dict[str, str], line: int) -> None:
        cols = self.cols
        activity = values.get(self.activity_key)
        if activity is not None and activity not in self.activities:
            self._new_activity(activity, line)
        cols["case_id"].append(case_id)
        cols["activity"].append(activity)
        cols["timestamp"].append(
            _bounded(
                values.get(self.timestamp_key), self.timestamp_key, self.limits.max_name_chars, line
            )
        )
        for key in self.keys:
            limit = (
                self.limits.max_name_chars if key == RESOURCE_KEY else self.limits.max_value_chars
            )
            cols[key].append(_bounded(values.get(key), key, limit, line))
        cols["order"].append(self.count)
        cols["line"].append(line)
        self.count += 1
        if len(cols["order"]) >= BATCH_ROWS:
            self.flush()

    def _new_activity(self, activity: str, line: int) -> None:
        if len(activity) > self.limits.max_name_chars:
            raise too_long(
                "activity",
                len(activity),
                self.limits.max_name_chars,
                line=line,
                column=self.activity_key,
            )
        self.activities.add(activity)
        if len(self.activities) > self.limits.max_activities:
            raise too_many_activities(self.limits.max_activities)

    def flush(self) -> None:
        if self.cols["order"]:
            self.batches.append(pa.RecordBatch.from_pydict(self.cols, schema=self.schema))
            self._reset()

    def table(self) -> pa.Table:
        self.flush()
        return pa.Table.from_batches(self.batches, schema=self.schema)


def _bounded(value: str | None, key: str, limit: int, line: int) -> str | None:
    if value is not None and len(value) > limit:
        raise too_long("value", len(value), limit, key=key, line=line, column=key)
    return value


def _attributes(element: etree._Element) -> dict[str, str]:
    out: dict[str, str] = {}
    for child in element:
        if _local(child.tag) in ATTRIBUTE_TAGS:
            key = child.get("key")
            if key is not None and key not in out:
                out[key] = child.get("value", "")
    return out


def _events(source: BinaryIO, batches: _Batches, case_key: str) -> None:
    from lxml import etree

    max_case = batches.limits.max_name_chars
    parser = etree.iterparse(
        source,
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
    )
    depth_tags: list[str] = []
    pending: list[tuple[dict[str, str], int]] = []
    trace_line = 0
    case_id: str | None = None
    for action, element in parser:
        tag = _local(element.tag)
        if action == "start":
            depth_tags.append(tag)
            if tag == "trace":
                pending, trace_line, case_id = [], element.sourceline or 0, None
            continue
        depth_tags.pop()
        parent = depth_tags[-1] if depth_tags else ""
        if parent == "trace" and tag in ATTRIBUTE_TAGS:
            # Read trace attributes as they close: earlier siblings are freed below.
            if element.get("key") == case_key and case_id is None:
                case_id = element.get("value", "")
                if len(case_id) > max_case:
                    raise too_long(
                        "case",
                        len(case_id),
                        max_case,
                        line=element.sourceline,
                        column=case_key,
                    )
        elif tag == "event" and parent == "trace":
            pending.append((_attributes(element), element.sourceline or 0))
            _drop(element)
        elif tag == "trace":
            if case_id is None or case_id == "":
                raise EventLogError(
                    f"trace has no {case_key} (case id)", line=trace_line, column=case_key
                )
            for values, line in pending:
                batches.add(case_id, values, line)
            pending = []
            _drop(element)
        elif tag == "event" and parent == "log":
            _drop(element)  # events outside traces have no case; XES allows them, we skip them


def _drop(element: etree._Element) -> None:
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _scan_error(exc: BaseException, case_key: str, limits: Limits) -> EventLogError:
    code, message, line, column, extra = exc.args
    if code == "too_long":
        key, kind = extra["key"], extra["kind"]
        return too_long(  # activity and case messages name no key (as the lxml reader)
            kind,
            extra["length"],
            extra["limit"],
            key="" if kind in ("activity", "case") else key,
            line=extra["line"],
            column=key,
        )
    if code == "too_many_activities":
        return too_many_activities(limits.max_activities)
    if code == "no_case":
        return EventLogError(
            f"trace has no {case_key} (case id)", line=extra["line"], column=case_key
        )
    if code == "encoding":
        return EventLogError(f"{message}, at column {column}", line=line, code="not_utf8")
    return EventLogError(f"malformed XML: {message} (column {column})", line=line)


def scan_xes(
    path: str,
    keys: Sequence[str],
    progress: Progress | None,
    *,
    case_key: str,
    activity_key: str,
    timestamp_key: str,
    limits: Limits,
    parse_timestamps: bool,
) -> dict[str, object] | None:
    """The scanner's raw columns (see ``_xesscan.Reader.finish``), or ``None`` when the
    file needs the lxml reader. ``keys`` are the event keys after activity and timestamp."""
    from . import _xesscan

    all_keys = [activity_key, timestamp_key, *keys]
    per_key = [limits.max_name_chars, limits.max_name_chars] + [
        limits.max_name_chars if k == RESOURCE_KEY else limits.max_value_chars for k in keys
    ]
    reader = _xesscan.Reader(
        case_key,
        all_keys,
        per_key,
        parse_timestamps,
        limits.max_name_chars,
        limits.max_activities,
    )
    raw, counter = open_source(path, progress)
    compressed = isinstance(raw, gzip.GzipFile)
    source = bounded(raw, os.path.getsize(path), limits, compressed=compressed, xml=True)
    try:
        while chunk := source.read(1 << 20):
            reader.feed(chunk)
        result = reader.finish()
    except _xesscan.StepAside:
        return None
    except _xesscan.ScanError as exc:
        raise _scan_error(exc, case_key, limits).located(path) from None
    except EventLogError as exc:
        raise exc.located(path) from None
    except (OSError, EOFError, zlib.error) as exc:
        what = "compressed data is corrupt" if isinstance(exc, zlib.error) else exc
        raise EventLogError(f"cannot read XES: {what}", path=path) from None
    finally:
        source.close()
        counter.close()
    counter.finish()
    return result


def text_column(parts: tuple[bytes, bytes, bytes, int], rows: int) -> pa.Array:
    """A scanner text column (validity bits, int64 offsets, UTF-8 data, null count)."""
    bits, offsets, data, nulls = parts
    return pa.Array.from_buffers(
        pa.large_string(),
        rows,
        [pa.py_buffer(bits), pa.py_buffer(offsets), pa.py_buffer(data)],
        null_count=nulls,
    )


def _int_array(
    data: bytes, dtype: pa.DataType, rows: int, bits: bytes | None = None, nulls: int = 0
) -> pa.Array:
    return pa.Array.from_buffers(
        dtype, rows, [pa.py_buffer(bits) if bits else None, pa.py_buffer(data)], null_count=nulls
    )


def scanned_columns(result: dict[str, Any]) -> dict[str, pa.Array]:
    """case_id (text), activity (dictionary), timestamp, the other keys, line."""
    rows = result["rows"]
    cases = text_column(result["cases"], result["cases"][1].__len__() // 8 - 1)
    case_id = cases.take(_int_array(result["case_codes"], pa.int32(), rows))
    (bits, codes), nulls = result["activity"]
    names = result["activities"]
    dictionary = text_column(names, len(names[1]) // 8 - 1).cast(pa.string())
    activity = pa.DictionaryArray.from_arrays(
        _int_array(codes, pa.int32(), rows, bits, nulls), dictionary
    )
    out: dict[str, pa.Array] = {"case_id": case_id, "activity": activity}
    others = result["others"]
    stamp = others[0]
    if len(stamp) == 3:
        bits, values, nulls = stamp
        out["timestamp"] = _int_array(values, pa.timestamp("us"), rows, bits, nulls)
    else:
        out["timestamp"] = text_column(stamp, rows)
    out["others"] = [text_column(part, rows) for part in others[1:]]  # type: ignore[assignment]
    out["line"] = _int_array(result["lines"], pa.int64(), rows)
    return out


def read_xes(
    path: str,
    attributes: Sequence[str] = (),
    progress: Progress | None = None,
    *,
    case_key: str = CASE_KEY,
    activity_key: str = ACTIVITY_KEY,
    timestamp_key: str = TIMESTAMP_KEY,
    limits: Limits = DEFAULT,
) -> pa.Table:
    """All events as strings: case_id, activity, timestamp, [org:resource, ...], order, line.

    ``case_key`` is a trace attribute; the other keys are event attributes. A file beyond
    ``limits`` is refused while it is read (see ``limits``).
    """
    keys = list(dict.fromkeys([RESOURCE_KEY, *attributes]))
    scanned = scan_xes(
        path,
        keys,
        progress,
        case_key=case_key,
        activity_key=activity_key,
        timestamp_key=timestamp_key,
        limits=limits,
        parse_timestamps=False,
    )
    if scanned is not None:
        columns = scanned_columns(scanned)
        rows = int(scanned["rows"])  # type: ignore[call-overload]
        table = {
            "case_id": columns["case_id"],
            "activity": columns["activity"].cast(pa.string()),
            "timestamp": columns["timestamp"],
        }
        for key, column in zip(keys, columns["others"], strict=True):  # type: ignore[call-overload]
            table[key] = column
        table["order"] = pa.Array.from_buffers(
            pa.int64(), rows, [None, pa.py_buffer(np.arange(rows, dtype=np.int64))]
        )
        table["line"] = columns["line"]
        return pa.Table.from_arrays(list(table.values()), names=list(table))
    return _read_xes_lxml(path, keys, progress, case_key, activity_key, timestamp_key, limits)


def _read_xes_lxml(
    path: str,
    keys: list[str],
    progress: Progress | None,
    case_key: str,
    activity_key: str,
    timestamp_key: str,
    limits: Limits,
) -> pa.Table:
    from lxml import etree

    batches = _Batches(keys, activity_key, timestamp_key, limits)
    raw, counter = open_source(path, progress)
    compressed = isinstance(raw, gzip.GzipFile)
    source = bounded(raw, os.path.getsize(path), limits, compressed=compressed, xml=True)
    try:
        _events(source, batches, case_key)
    except EventLogError as exc:
        exc.path = exc.path or path
        raise EventLogError(
            exc.reason,
            row=exc.row,
            line=exc.line,
            column=exc.column,
            path=exc.path,
            code=exc.code,
            params=exc.params,
        ) from None
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise EventLogError(f"malformed XML: {exc.msg}", line=line, path=path) from None
    except etree.LxmlError as exc:
        raise EventLogError(f"malformed XML: {exc}", path=path) from None
    except (OSError, EOFError, zlib.error) as exc:
        what = "compressed data is corrupt" if isinstance(exc, zlib.error) else exc
        raise EventLogError(f"cannot read XES: {what}", path=path) from None
    finally:
        source.close()
        counter.close()
    counter.finish()
    return batches.table()
