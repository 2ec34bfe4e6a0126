"""Process discovery as Ibis expressions: activities, start/end, DFG, variants, summary.

Each function takes an EventLog or any Ibis table with the canonical columns and runs
where that table lives (DuckDB, Spark, ...). Only small aggregates come back to Python.
"""

from __future__ import annotations

from typing import Any, TypedDict

import ibis
import ibis.expr.types as ir

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
    """Each event with the activity and timestamp of the next event of its case."""
    w = case_window()
    return table.mutate(
        next_activity=table.activity.lead().over(w),
        next_timestamp=table.timestamp.lead().over(w),
        is_start=table["order"].lag().over(w).isnull(),
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
    steps = with_successor(as_table(log))
    return _counts(steps.filter(steps.is_start), "activity")


def end_activities(log: EventLog | ir.Table) -> dict[str, int]:
    """Cases per last activity."""
    steps = with_successor(as_table(log))
    return _counts(steps.filter(steps.next_activity.isnull()), "activity")


def dfg_expr(steps: ir.Table) -> ir.Table:
    """Directly-follows pairs with count and mean/median seconds between the two events."""
    pairs = steps.filter(steps.next_activity.notnull())
    gap = pairs.next_timestamp.delta(pairs.timestamp, unit="microsecond")
    pairs = pairs.mutate(gap=gap)
    return pairs.group_by(source=pairs.activity, target=pairs.next_activity).aggregate(
        count=pairs.count(), mean_us=pairs.gap.mean(), median_us=pairs.gap.median()
    )


def dfg(log: EventLog | ir.Table) -> list[DfgEdge]:
    """Directly-follows graph sorted by (source, target)."""
    rows = dfg_expr(with_successor(as_table(log))).to_pyarrow().to_pylist()
    edges = [
        DfgEdge(
            source=r["source"],
            target=r["target"],
            count=int(r["count"]),
            mean_seconds=float(r["mean_us"]) / MICROS,
            median_seconds=float(r["median_us"]) / MICROS,
        )
        for r in rows
    ]
    edges.sort(key=lambda e: (e["source"], e["target"]))
    return edges


def traces_expr(table: ir.Table) -> ir.Table:
    """One row per case: its activities in order (``trace``)."""
    order = [table.timestamp, table["order"]]
    return table.group_by("case_id").aggregate(trace=table.activity.collect(order_by=order))


def variants(log: EventLog | ir.Table, limit: int | None = None) -> list[Variant]:
    """Distinct activity sequences with their case counts, most frequent first."""
    traces = traces_expr(as_table(log))
    grouped = traces.group_by("trace").aggregate(n=traces.count())
    if limit is not None:
        # Ties at the cut are broken in Python below, so fetch a little extra.
        grouped = grouped.order_by(ibis.desc("n")).limit(limit * 4 + 16)
    rows = grouped.to_pyarrow().to_pylist()
    out = [Variant(activities=list(r["trace"]), count=int(r["n"])) for r in rows]
    out.sort(key=lambda v: (-v["count"], v["activities"]))
    return out if limit is None else out[:limit]


def size(log: EventLog | ir.Table) -> tuple[int, int]:
    """(cases, events)."""
    table = as_table(log)
    row = table.aggregate(cases=table.case_id.nunique(), events=table.count()).to_pyarrow().to_pylist()[0]
    return int(row["cases"] or 0), int(row["events"] or 0)


def summary(log: EventLog | ir.Table) -> dict[str, Any]:
    """Everything ``teekond analyze --json`` prints, in that exact shape."""
    table = as_table(log)
    steps = with_successor(table)
    cases, events = size(table)
    return {
        "cases": cases,
        "events": events,
        "activities": _counts(table, "activity"),
        "start_activities": _counts(steps.filter(steps.is_start), "activity"),
        "end_activities": _counts(steps.filter(steps.next_activity.isnull()), "activity"),
        "dfg": dfg(table),
        "variants": variants(table),
    }
