"""Streaming XES / XES.gz reader: lxml iterparse, entities unresolved, no network.

Each event element is cleared as soon as it is read, so memory holds one trace at a
time plus the compact Arrow batches built so far. Values stay strings here; the
timestamp is parsed (and every row validated) afterwards in the engine, so a bad
value is reported with the line of its ``<event>``.
"""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Sequence
from typing import BinaryIO

import pyarrow as pa
from lxml import etree

from .errors import EventLogError
from .limits import DEFAULT, Limits, bounded, too_long, too_many_activities
from .progress import Progress, open_source

CASE_KEY = "concept:name"
ACTIVITY_KEY = "concept:name"
TIMESTAMP_KEY = "time:timestamp"
RESOURCE_KEY = "org:resource"
ATTRIBUTE_TAGS = frozenset({"string", "date", "int", "float", "boolean", "id"})
BATCH_ROWS = 50_000


def _local(tag: object) -> str:
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
