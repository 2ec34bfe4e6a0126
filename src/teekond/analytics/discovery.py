"""Process discovery as Ibis expressions: activities, start/end, DFG, variants, summary.

Each function takes an EventLog or any Ibis table with the canonical columns and runs
where that table lives (DuckDB, Spark, ...). Only small aggregates come back to Python.
"""

from __future__ import annotations

from collections import Counter
from contextlib import ExitStack
from typing import Any, TypedDict

import ibis
import ibis.expr.types as ir
import pyarrow.compute as pc

from . import arrowpath
from .errors import EventLogError
from .log import EventLog, as_table

MICROS = 1_000_000


class DfgEdge(TypedDict):
    source: str
    target: str
    count: int
    mean_seconds: float
    median_seconds: float


class Variant(TypedDict):
    activities: list[str]
    count: int


def case_window() -> Any:
    """Events of one case in time order; file order breaks timestamp ties."""
    return ibis.window(group_by="case_id", order_by=["timestamp", "order"])


def with_successor(table: ir.Table) -> ir.Table:
    """Each event with its successor's activity, the gap to it (µs) and its position in the case.

    This is the one ordered pass everything else reuses: the DFG and the variants (and
    from those the start and end activities) come out of it without sorting the events
    again. Only what later steps need is kept, since this table gets materialized.
    """
    w = case_window()
    return table.select(
        "case_id",
        "activity",
        next_activity=table.activity.lead().over(w),
        gap_us=table.timestamp.lead().over(w).delta(table.timestamp, unit="microsecond"),
        pos=ibis.row_number().over(w),
    )


def _counts(table: ir.Table, column: str) -> dict[str, int]:
    rows = table.group_by(column).aggregate(n=table.count()).to_pyarrow().to_pylist()
    rows.sort(key=lambda r: (-r["n"], r[column]))
    return {r[column]: int(r["n"]) for r in rows}


def activities(log: EventLog | ir.Table) -> dict[str, int]:
    """Events per activity, most frequent first."""
    return _counts(as_table(log), "activity")


def start_activities(log: EventLog | ir.Table) -> dict[str, int]:
    """Cases per first activity."""
    return _ends(variants(log), 0)


def end_activities(log: EventLog | ir.Table) -> dict[str, int]:
    """Cases per last activity."""
    return _ends(variants(log), -1)


def _ends(found: list[Variant], index: int) -> dict[str, int]:
    counter: Counter[str] = Counter()
    for variant in found:
        counter[variant["activities"][index]] += variant["count"]
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def dfg_expr(steps: ir.Table) -> ir.Table:
    """Directly-follows pairs with count and mean/median microseconds between the two events."""
    pairs = steps.filter(steps.next_activity.notnull())
    return pairs.group_by(source=pairs.activity, target=pairs.next_activity).aggregate(
        count=pairs.count(), mean_us=pairs.gap_us.mean(), median_us=pairs.gap_us.median()
    )


def _edges(expr: ir.Table) -> list[DfgEdge]:
    edges = [
        DfgEdge(
            source=r["source"],
            target=r["target"],
            count=int(r["count"]),
            mean_seconds=float(r["mean_us"]) / MICROS,
            median_seconds=float(r["median_us"]) / MICROS,
        )
        for r in expr.to_pyarrow().to_pylist()
    ]
    edges.sort(key=lambda e: (e["source"], e["target"]))
    return edges


def dfg(log: EventLog | ir.Table) -> list[DfgEdge]:
    """Directly-follows graph sorted by (source, target)."""
    return _edges(dfg_expr(with_successor(as_table(log))))


#: Up to this many distinct activities, variants are built from integer codes (faster).
MAX_CODED_ACTIVITIES = 256


def variants_expr(steps: ir.Table, names: list[str] | None = None) -> ir.Table:
    """Distinct traces with their case counts, from ``with_successor`` output.

    Each case's events are collected unordered and sorted inside the small per-case list:
    linear in the events, unlike a running window list (quadratic in case length), and
    cheaper than an ordered aggregate over the whole table. With ``names`` (all distinct
    activities) each event becomes one integer ``pos * len(names) + code``, so the lists
    sort and group as plain integers; ``_variant_rows`` decodes them.
    """
    keep_nulls = (
        _backend_name(steps) == "duckdb"
    )  # values are never NULL; DuckDB then skips a FILTER
    if names and len(names) <= MAX_CODED_ACTIVITIES:
        codes = {name: index for index, name in enumerate(names)}
        code = steps.activity.substitute(codes, else_=ibis.literal(-1, "int64")).cast("int64")
        item = steps.pos.cast("int64") * len(names) + code
        traces = steps.group_by("case_id").aggregate(items=item.collect(include_null=keep_nulls))
        traces = traces.select(trace=traces["items"].sort())
    else:
        # Spark refuses include_null=True; the struct is never NULL anyway.
        pair = ibis.struct({"p": steps.pos, "a": steps.activity})
        traces = steps.group_by("case_id").aggregate(pairs=pair.collect(include_null=keep_nulls))
        traces = traces.select(trace=traces.pairs.sort().map(lambda item: item["a"]))
    return traces.group_by("trace").aggregate(n=traces.count())


def _backend_name(table: ir.Table) -> str:
    try:
        return str(table.get_backend().name)
    except Exception:  # noqa: BLE001 - unbound tables have no backend yet
        return ""


def _variant_rows(
    expr: ir.Table, limit: int | None, names: list[str] | None = None
) -> list[Variant]:
    # The engine sorts first so Python's (stable, adaptive) sort below is nearly free;
    # Python's sort stays the definition, identical on every backend.
    expr = expr.order_by([ibis.desc("n"), "trace"])
    if limit is not None:
        expr = expr.limit(limit)
    table = expr.to_pyarrow()
    traces, counts = table.column("trace").to_pylist(), table.column("n").to_pylist()
    if names and len(names) <= MAX_CODED_ACTIVITIES:
        k = len(names)
        traces = [[names[item % k] for item in trace] for trace in traces]
    out = [Variant(activities=trace, count=int(n)) for trace, n in zip(traces, counts, strict=True)]
    out.sort(key=lambda v: (-v["count"], v["activities"]))
    return out


def variants(log: EventLog | ir.Table, limit: int | None = None) -> list[Variant]:
    """Distinct activity sequences with their case counts, most frequent first."""
    return _variant_rows(variants_expr(with_successor(as_table(log))), limit)


def size(log: EventLog | ir.Table) -> tuple[int, int]:
    """(cases, events)."""
    if isinstance(log, EventLog) and log.arrow is not None:
        cases = pc.count_distinct(log.arrow.column("case_id")).as_py()
        return int(cases), log.arrow.num_rows
    table = as_table(log)
    row = (
        table.aggregate(cases=table.case_id.nunique(), events=table.count())
        .to_pyarrow()
        .to_pylist()[0]
    )
    return int(row["cases"] or 0), int(row["events"] or 0)


#: ``summary(engine=...)``: "auto" picks the in-process NumPy path where the events are
#: (or cheaply come) into this process -- a log from ``load_log`` on DuckDB, or any DuckDB
#: table -- and the Ibis expressions everywhere else; "ibis" and "arrow" force one.
ENGINES = ("auto", "ibis", "arrow")


def summary(log: EventLog | ir.Table, *, engine: str = "auto") -> dict[str, Any]:
    """Everything ``teekond analyze --json`` prints, in that exact shape.

    Both engines give identical results. The Ibis one runs where the table lives (Spark,
    a warehouse, DuckDB); the Arrow one (``arrowpath``) reads the four canonical columns
    into this process once and does the rest with NumPy, which on the embedded DuckDB is
    several times faster than any query plan that sorts the events.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, got {engine!r}")
    table = as_table(log)
    if engine == "arrow" or (engine == "auto" and _backend_name(table) == "duckdb"):
        found = _summary_arrow(log, table, forced=engine == "arrow")
        if found is not None:
            return found
    return summary_ibis(table)


def _summary_arrow(
    log: EventLog | ir.Table, table: ir.Table, forced: bool
) -> dict[str, Any] | None:
    columns = arrow_of(log, "arrow" if forced else "auto")
    return None if columns is None else arrowpath.summary_table(columns)


def arrow_of(log: EventLog | ir.Table, engine: str = "auto") -> Any:
    """The canonical columns as Arrow when ``engine`` (see ENGINES) picks the in-process
    path for ``log``, else ``None``: the log's own Arrow table, or a DuckDB table read once."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, got {engine!r}")
    if engine == "ibis":
        return None
    if isinstance(log, EventLog) and log.arrow is not None:
        return log.arrow
    table = as_table(log)
    if engine == "auto" and _backend_name(table) != "duckdb":
        return None
    columns = table.select("case_id", "activity", "timestamp", "order").to_pyarrow()
    if not arrowpath.is_valid(columns) or columns.column("order").null_count:
        if engine == "arrow":
            raise EventLogError(
                "the Arrow engine needs case id, activity, timestamp, order on every row"
            )
        return None  # rows that load_log would have refused: the Ibis path counts them as they are
    return columns


def summary_ibis(table: ir.Table) -> dict[str, Any]:
    """``summary()`` as Ibis expressions, for any backend.

    The ordered pass (``with_successor``) is materialized once where the backend
    supports ``cache()``; activities, DFG and variants are small aggregates over it and
    start/end activities and the case count follow from the variants in Python.
    """
    with ExitStack() as stack:
        steps = cache(with_successor(table), stack)
        counts = _counts(steps, "activity")
        edges = _edges(dfg_expr(steps))
        names = sorted(counts)
        found = _variant_rows(variants_expr(steps, names), None, names)
    return {
        "cases": sum(v["count"] for v in found),
        "events": sum(counts.values()),
        "activities": counts,
        "start_activities": _ends(found, 0),
        "end_activities": _ends(found, -1),
        "dfg": edges,
        "variants": found,
    }


def cache(table: ir.Table, stack: ExitStack) -> ir.Table:
    """Materialize a reused intermediate once where the backend can; else keep the expression."""
    try:
        cached = table.cache()
    except (NotImplementedError, AttributeError):
        return table
    stack.callback(cached.release)
    return cached
