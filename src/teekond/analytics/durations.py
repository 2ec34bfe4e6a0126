"""Time to complete: first to last event of each case, summarized."""

from __future__ import annotations

from typing import TypedDict

import ibis.expr.types as ir

from . import arrowanalyses
from .discovery import MICROS, arrow_of
from .log import EventLog, as_table


class DurationStats(TypedDict):
    cases: int
    mean_seconds: float | None
    median_seconds: float | None
    p90_seconds: float | None
    min_seconds: float | None
    max_seconds: float | None


def case_durations(log: EventLog | ir.Table) -> ir.Table:
    """One row per case: ``case_id``, ``start``, ``end``, ``duration_us``."""
    table = as_table(log)
    cases = table.group_by("case_id").aggregate(
        start=table.timestamp.min(), end=table.timestamp.max()
    )
    return cases.mutate(duration_us=cases.end.delta(cases.start, unit="microsecond"))


def durations(log: EventLog | ir.Table, *, engine: str = "auto") -> DurationStats:
    """Mean, median (interpolated), p90, min and max case duration in seconds.

    ``engine`` as for ``summary()``: both give identical results."""
    columns = arrow_of(log, engine)
    if columns is not None:
        return DurationStats(**arrowanalyses.durations(arrowanalyses.sort_events(columns)))  # type: ignore[typeddict-item]
    cases = case_durations(log)
    d = cases.duration_us
    row = (
        cases.aggregate(
            cases=cases.count(),
            mean=d.mean(),
            median=d.median(),
            p90=d.quantile(0.9),
            lo=d.min(),
            hi=d.max(),
        )
        .to_pyarrow()
        .to_pylist()[0]
    )

    def seconds(value: object) -> float | None:
        return None if value is None else float(value) / MICROS  # type: ignore[arg-type]

    return DurationStats(
        cases=int(row["cases"]),
        mean_seconds=seconds(row["mean"]),
        median_seconds=seconds(row["median"]),
        p90_seconds=seconds(row["p90"]),
        min_seconds=seconds(row["lo"]),
        max_seconds=seconds(row["hi"]),
    )
