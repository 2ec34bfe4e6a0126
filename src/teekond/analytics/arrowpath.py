"""The in-process fast path: canonical columns as Arrow, discovery with NumPy.

Used only where the events already are (or cheaply come) into this Python process:
Parquet files loaded into the embedded DuckDB, and ``summary()`` over a DuckDB table.
Other backends (Spark, warehouses) use the Ibis expressions in ``discovery``; both paths
give identical summaries (``tests/analytics/test_fastpath.py``).

How ``summary_arrays`` avoids the work a SQL engine does:

* case ids and activities become integer codes (Arrow's hash-based dictionary encoding);
* one *stable* sort by ``(case code, timestamp)`` puts every case's events in time order
  with timestamp ties in file order (the rows arrive in file order; when they do not, the
  ``order`` column is the last sort key). When the timestamps are already non-decreasing
  (files written as an event stream; one O(n) check) the stable sort is by case code
  alone: two passes of NumPy's 16-bit radix sort;
* the directly-follows pairs are neighbouring rows of the same case; counts, exact integer
  sums (mean) and the interpolated median per edge come from one radix sort of the pair keys;
* a variant is a case's activity-code sequence. Short cases get an exact integer key (the
  codes as digits); longer ones a 64-bit polynomial hash, after which every such case is
  compared, event by event, with its group's first case. Only if that check finds a hash
  collision does the grouping fall back to comparing the sequences' bytes in Python, so
  the result is exact either way.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .limits import Limits, too_long, too_many_activities
from .mapping import ColumnMapping

MICROS = 1_000_000
#: Polynomial-hash base (odd, 64-bit). Any value is correct; collisions are detected.
HASH_BASE = 0x9E3779B97F4A7C15
_LENGTH_MIX = np.uint64(0xBF58476D1CE4E5B9)
_SECOND_UNITS = {"s": 1_000_000, "ms": 1_000, "us": 1}


def _is_text(dtype: pa.DataType) -> bool:
    return bool(pa.types.is_string(dtype) or pa.types.is_large_string(dtype))


def read_parquet_canonical(path: str, mapping: ColumnMapping) -> pa.Table | None:
    """The canonical table (case_id, activity, timestamp, order, [resource], [channel]).

    ``None`` whenever this path cannot promise exactly what the engine's conversion gives
    (text timestamps to parse, nanoseconds, non-text ids, extra attributes) or when a row
    is invalid: the caller then takes the general path, which also names the bad row.
    """
    if mapping.attributes:
        return None
    wanted = {
        "case_id": mapping.case_id,
        "activity": mapping.activity,
        "timestamp": mapping.timestamp,
        "resource": mapping.resource,
        "channel": mapping.channel,
    }
    used = {role: column for role, column in wanted.items() if column}
    schema = pq.read_schema(path)
    for role, column in used.items():
        dtype = schema.field(column).type
        if role == "timestamp":
            if not (pa.types.is_timestamp(dtype) and dtype.unit in _SECOND_UNITS):
                return None
        elif not _is_text(dtype):
            return None
    # Few distinct values: read as Arrow dictionaries (no per-row strings, and the codes
    # come for free). DuckDB reads them as VARCHAR like any text column.
    coded = [used[role] for role in ("activity", "resource", "channel") if role in used]
    table = pq.read_table(path, columns=list(dict.fromkeys(used.values())), read_dictionary=coded)
    if table.num_rows == 0:
        return None  # nothing to gain; the general path handles the empty log
    stamps = table.column(used["timestamp"])
    unit = stamps.type.unit
    # Time-zone-aware Arrow timestamps hold UTC instants; naive ones are taken as UTC,
    # which is exactly what the canonical naive-UTC microsecond column stores.
    # Checked: a value outside the microsecond range raises, and the general path decides.
    micros = pc.multiply_checked(stamps.cast(pa.int64()), _SECOND_UNITS[unit])
    columns: dict[str, Any] = {
        "case_id": table.column(used["case_id"]).cast(pa.string()),
        "activity": table.column(used["activity"]).cast(_TEXT_CODES),
        "timestamp": micros.cast(pa.timestamp("us")),
        "order": int64s(np.arange(table.num_rows, dtype=np.int64)),
    }
    for role in ("resource", "channel"):
        if role in used:
            columns[role] = table.column(used[role]).cast(_TEXT_CODES)
    canonical = pa.Table.from_arrays(list(columns.values()), names=list(columns))
    if not is_valid(canonical):
        return None
    return canonical


_TEXT_CODES = pa.dictionary(pa.int32(), pa.string())
_NAMES = ("case_id", "activity", "resource", "channel")


def check_limits(table: pa.Table, limits: Limits, path: str | None = None) -> None:
    """``readers.check_limits`` on an Arrow table: name and value lengths, distinct
    activities (dictionary columns are measured on their dictionaries)."""
    activity = table.column("activity")
    if pa.types.is_dictionary(activity.type):
        distinct = (
            len(activity.unify_dictionaries().chunk(0).dictionary) if activity.num_chunks else 0
        )
    else:
        distinct = pc.count_distinct(activity).as_py()
    if distinct > limits.max_activities:
        raise too_many_activities(limits.max_activities, path=path)
    for name in table.column_names:
        column = table.column(name)
        if pa.types.is_dictionary(column.type):
            values: Any = [chunk.dictionary for chunk in column.chunks]
            dtype = column.type.value_type
        else:
            values, dtype = [column], column.type
        if not _is_text(dtype):
            continue
        limit = limits.max_name_chars if name in _NAMES else limits.max_value_chars
        longest = max((pc.max(pc.utf8_length(v)).as_py() or 0 for v in values), default=0)
        if longest > limit:
            kind = {"activity": "activity", "case_id": "case"}.get(name, "value")
            raise too_long(kind, longest, limit, key=name, column=name, path=path)


def numpy_of(array: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A primitive Arrow array without nulls as NumPy, zero-copy, without ``to_numpy``
    (which asks pyarrow's pandas shim, importing pandas when it is installed)."""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    dtype = _NUMPY[str(array.type)]
    data = array.buffers()[1]
    return np.frombuffer(data, dtype=dtype, count=len(array), offset=array.offset * dtype.itemsize)


_NUMPY: dict[str, np.dtype[Any]] = {
    "int8": np.dtype(np.int8),
    "int16": np.dtype(np.int16),
    "int32": np.dtype(np.int32),
    "int64": np.dtype(np.int64),
    "uint8": np.dtype(np.uint8),
    "uint16": np.dtype(np.uint16),
    "uint32": np.dtype(np.uint32),
    "uint64": np.dtype(np.uint64),
}


def int64s(values: np.ndarray) -> pa.Array:
    """An Arrow int64 array over a NumPy one, without ``pa.array`` (which, like any Python
    value converted by pyarrow, imports pandas when it is installed)."""
    values = np.ascontiguousarray(values, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), len(values), [None, pa.py_buffer(values)])


def is_valid(table: pa.Table) -> bool:
    """No NULL or empty case id or activity, no NULL timestamp (as load_log validates).

    A dictionary column with an empty string among its values counts as invalid even if
    no row uses it (the general path then decides, row by row).
    """
    for name in ("case_id", "activity"):
        column = table.column(name)
        if column.null_count:
            return False
        if pa.types.is_dictionary(column.type):
            values = [chunk.dictionary for chunk in column.chunks]
        else:
            values = [column]
        for value in values:
            if value.null_count:
                return False
            if (numpy_of(pc.binary_length(value).cast(pa.int64())) == 0).any():
                return False
    return table.column("timestamp").null_count == 0


def _codes(column: pa.ChunkedArray) -> tuple[np.ndarray, list[str]]:
    """Integer codes per row and the distinct values they stand for."""
    if pa.types.is_dictionary(column.type):
        encoded = column.unify_dictionaries().combine_chunks()
        names = encoded.dictionary.to_pylist()
        if len(set(names)) == len(names) and not encoded.null_count:
            return numpy_of(encoded.indices), names  # Arrow allows repeated dictionary values
        column = column.cast(column.type.value_type)
    encoded = pc.dictionary_encode(column).combine_chunks()  # one chunk, one dictionary
    return numpy_of(encoded.indices), encoded.dictionary.to_pylist()


def _int64(column: pa.ChunkedArray | pa.Array) -> np.ndarray:
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    return numpy_of(column.cast(pa.int64()))


def summary_table(table: pa.Table) -> dict[str, Any]:
    """``summary()`` of a canonical Arrow table without NULLs in the four columns."""
    case, _ = _codes(table.column("case_id"))
    activity, names = _codes(table.column("activity"))
    stamps = _int64(table.column("timestamp"))
    order = _int64(table.column("order"))
    perm = _case_time_order(case, stamps, order)
    with _gc_paused():
        return summary_arrays(case[perm], activity[perm], stamps[perm], names)


def _case_time_order(case: np.ndarray, stamps: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Permutation sorting the events by (case, timestamp, order)."""
    if not _non_decreasing(order):
        return np.lexsort((order, stamps, case))
    # Rows in file order (always so from load_log): order breaks ties by staying put.
    if _non_decreasing(stamps):  # and in time order (an event stream): sort by case alone
        return _stable_argsort(case)
    return np.lexsort((stamps, case))


def _stable_argsort(codes: np.ndarray) -> np.ndarray:
    """Stable argsort of non-negative int32 codes: NumPy radix-sorts 16-bit keys, so
    sort by the low half, then (stably) by the high half -- about twice as fast."""
    if len(codes) == 0 or int(codes.max()) < 1 << 16:
        return np.argsort(codes.astype(np.uint16), kind="stable")
    perm = np.argsort((codes & 0xFFFF).astype(np.uint16), kind="stable")
    return perm[np.argsort((codes >> 16).astype(np.uint16)[perm], kind="stable")]


def _non_decreasing(values: np.ndarray) -> bool:
    return bool(np.all(values[1:] >= values[:-1]))


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Building thousands of small lists and dicts would trigger full collections of the
    whole (large, long-lived) heap; none of these objects form cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def summary_arrays(
    case: np.ndarray, activity: np.ndarray, stamps: np.ndarray, names: list[str]
) -> dict[str, Any]:
    """Summary of events already sorted by (case, timestamp, order); ``activity`` codes
    index ``names``; ``stamps`` are microseconds."""
    n = len(case)
    k = len(names)
    if n == 0:
        return {
            "cases": 0,
            "events": 0,
            "activities": {},
            "start_activities": {},
            "end_activities": {},
            "dfg": [],
            "variants": [],
        }
    activity = activity.astype(np.int32 if k * k < 1 << 31 else np.int64, copy=False)
    first = np.empty(n, dtype=bool)
    first[0] = True
    np.not_equal(case[1:], case[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    lengths = np.diff(np.append(starts, n))
    ends = starts + lengths - 1
    edges, pairs = _dfg(activity, stamps, first, names)
    last = np.bincount(activity[ends], minlength=k)
    # Every event either is followed by one in its case (a DFG pair) or ends the case.
    per_activity = pairs.reshape(k, k).sum(axis=1) + last
    return {
        "cases": len(starts),
        "events": n,
        "activities": _ranked(per_activity, names),
        "start_activities": _ranked(np.bincount(activity[starts], minlength=k), names),
        "end_activities": _ranked(last, names),
        "dfg": edges,
        "variants": _variants(activity, starts, lengths, names),
    }


def _ranked(counts: np.ndarray, names: list[str]) -> dict[str, int]:
    pairs = [(names[i], int(c)) for i, c in enumerate(counts.tolist()) if c]
    pairs.sort(key=lambda kv: (-kv[1], kv[0]))
    return dict(pairs)


def _dfg(
    activity: np.ndarray, stamps: np.ndarray, first: np.ndarray, names: list[str]
) -> tuple[list[dict[str, Any]], np.ndarray]:
    """DFG edges sorted by (source, target), and the pair count per ``source * K + target``."""
    k = len(names)
    follows = ~first[1:]  # row i -> row i + 1 is a step inside one case
    key = activity[:-1] * k
    key += activity[1:]
    key = key[follows]
    pairs = np.bincount(key, minlength=k * k)
    if len(key) == 0:
        return [], pairs
    gap = np.subtract(stamps[1:], stamps[:-1])[follows]
    counts = pairs
    edge_keys = np.flatnonzero(counts)
    counts = counts[edge_keys]
    gap = gap[_stable_argsort(key)]  # grouped by edge
    offsets = np.concatenate(([0], np.cumsum(counts)[:-1]))
    if int(gap.max()) * len(gap) < 1 << 63:
        high, low = np.zeros(len(offsets), dtype=np.int64), np.add.reduceat(gap, offsets)
    else:  # exact integer sums without int64 overflow: high and low 32 bits summed apart
        high = np.add.reduceat(gap >> 32, offsets)
        low = np.add.reduceat(gap & 0xFFFFFFFF, offsets)
    edges = []
    for e, start, count, hi, lo in zip(
        edge_keys.tolist(),
        offsets.tolist(),
        counts.tolist(),
        high.tolist(),
        low.tolist(),
        strict=True,
    ):
        # Interpolated median (as NumPy, PM4Py and the SQL engines compute it).
        lower, upper = (count - 1) // 2, count // 2
        part = np.partition(gap[start : start + count], [lower, upper])
        median = (int(part[lower]) + int(part[upper])) / 2
        edges.append(
            {
                "source": names[e // k],
                "target": names[e % k],
                "count": count,
                "mean_seconds": ((hi << 32) + lo) / count / MICROS,
                "median_seconds": median / MICROS,
            }
        )
    edges.sort(key=lambda edge: (edge["source"], edge["target"]))
    return edges, pairs


def _variants(
    activity: np.ndarray,
    starts: np.ndarray,
    lengths: np.ndarray,
    names: list[str],
    base: int = HASH_BASE,
) -> list[dict[str, Any]]:
    """Variants with their counts, sorted by count descending, then activity list.

    Short cases (the usual ones) get an exact integer key: the codes as the digits of a
    base ``K + 1`` number (digit ``code + 1``, never 0, so the length is part of it too)
    as long as that fits 63 bits. Longer cases are grouped by hash, then checked.
    """
    k = len(names)
    exact_len = 0
    while (k + 1) ** (exact_len + 1) < 1 << 63:
        exact_len += 1
    digits = np.array([(k + 1) ** p for p in range(exact_len)], dtype=np.int64)
    position = _positions(starts, lengths)
    np.minimum(position, exact_len - 1, out=position)
    terms = digits[position]
    terms *= activity + 1
    keys = np.add.reduceat(terms, starts)  # exact where length <= exact_len
    short = lengths <= exact_len
    short_cases = np.flatnonzero(short)
    short_keys = keys[short_cases]
    by_key = np.argsort(short_keys)  # any case of a key will do as its representative
    short_keys = short_keys[by_key]
    firsts = np.flatnonzero(
        np.concatenate(([len(short_keys) > 0], short_keys[1:] != short_keys[:-1]))
    )
    counts = np.diff(np.append(firsts, len(short_keys)))
    groups = list(zip(short_cases[by_key[firsts]].tolist(), counts.tolist(), strict=True))
    if len(short_cases) < len(starts):
        groups += _long_groups(activity, starts, lengths, np.flatnonzero(~short), base)
    out = [
        {
            "activities": [names[c] for c in activity[starts[r] : starts[r] + lengths[r]].tolist()],
            "count": n,
        }
        for r, n in groups
    ]
    out.sort(key=lambda v: (-v["count"], v["activities"]))
    return out


def _positions(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """0, 1, ... within each case, for cases laid out back to back."""
    total = int(lengths.sum())
    step = np.ones(total, dtype=np.int32 if total < 1 << 31 else np.int64)
    step[starts[1:]] = 1 - lengths[:-1]
    step[0] = 0
    return np.cumsum(step, out=step)


def _long_groups(
    activity: np.ndarray, starts: np.ndarray, lengths: np.ndarray, cases: np.ndarray, base: int
) -> list[tuple[int, int]]:
    """(representative case, count) per distinct sequence among ``cases``."""
    sub_lengths = lengths[cases]
    sub_starts = np.concatenate(([0], np.cumsum(sub_lengths)[:-1]))
    position = _positions(sub_starts, sub_lengths)
    codes = activity[np.repeat(starts[cases], sub_lengths) + position]
    powers = np.cumprod(np.full(int(sub_lengths.max()), base, dtype=np.uint64))  # mod 2**64
    terms = (codes.astype(np.uint64) + np.uint64(1)) * powers[position]
    hashes = np.add.reduceat(terms, sub_starts) ^ (sub_lengths.astype(np.uint64) * _LENGTH_MIX)
    _, firsts, group, counts = np.unique(
        hashes, return_index=True, return_inverse=True, return_counts=True
    )
    representative = firsts[group.reshape(-1)]  # per case: the first case with its hash
    exact = np.array_equal(sub_lengths[representative], sub_lengths)
    if exact:
        owner = np.repeat(np.arange(len(cases)), sub_lengths)
        exact = np.array_equal(codes[sub_starts[representative][owner] + position], codes)
    if exact:
        return list(zip(cases[firsts].tolist(), counts.tolist(), strict=True))
    # A hash collision: group by the exact code bytes instead.
    data = codes.astype(np.int64).tobytes()
    seen: dict[bytes, list[int]] = {}
    for index, s, m in zip(cases.tolist(), sub_starts.tolist(), sub_lengths.tolist(), strict=True):
        entry = seen.setdefault(data[s * 8 : (s + m) * 8], [index, 0])
        entry[1] += 1
    return [(index, n) for index, n in seen.values()]
