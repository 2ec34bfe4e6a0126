"""Conformance of real cases to a journey map.

Definitions (events in time order, file order breaking ties; unmapped activities are
ignored here and reported separately as unexpected):

* a case *follows* the journey when its mapped steps, with repeats of the same step
  collapsed, read exactly step 1, step 2, ..., step n: every step visited, in order,
  none skipped, never going back;
* a case *skips* step j when it has no event of step j but reaches a later step;
* a case *ends early* at step j when j is the furthest step it reaches and j is not the
  last step; cases with no mapped event at all are counted as ``not_started``.
"""

from __future__ import annotations

from collections import Counter
from typing import TypedDict

import ibis
import ibis.expr.types as ir

from . import arrowanalyses
from .discovery import _counts, arrow_of, case_window, size
from .journey import Journey
from .log import EventLog, as_table


class StepConformance(TypedDict):
    name: str
    visited: int
    skipped: int
    ended_here: int


def mapped_events(table: ir.Table, journey: Journey) -> ir.Table:
    """Events of mapped activities, with ``step`` (0-based) and an in-order flag ``ok``."""
    step_of = journey.step_of()
    mapped = table.filter(table.activity.isin(list(step_of)))
    mapped = mapped.mutate(
        step=mapped.activity.substitute(step_of, else_=ibis.literal(-1, "int64")).cast("int64")
    )
    prev = mapped.step.lag().over(case_window())
    ok = (prev.isnull() & (mapped.step == 0)) | (mapped.step == prev) | (mapped.step == prev + 1)
    return mapped.mutate(ok=ok.ifelse(1, 0))


def conformance(
    log: EventLog | ir.Table, journey: Journey, *, engine: str = "auto"
) -> dict[str, object]:
    """Share of cases following the journey, skips per step, unexpected activities, early ends.

    ``engine`` as for ``summary()``: both give identical results."""
    last = len(journey.steps) - 1
    columns = arrow_of(log, engine)
    if columns is not None:
        events = arrowanalyses.sort_events(columns)
        found = arrowanalyses.conformance_counts(events, journey.step_of(), last)
        return _result(
            journey,
            events.cases,
            found["conforming"],
            found["furthest"],
            found["visited"],
            found["visited_with_later"],
            found["unexpected"],
        )
    table = as_table(log)
    total, _ = size(table)
    mapped = mapped_events(table, journey)
    per_case = mapped.group_by("case_id").aggregate(
        all_ok=mapped.ok.min(), furthest=mapped.step.max()
    )
    conforming = int(
        per_case.filter((per_case.all_ok == 1) & (per_case.furthest == last)).count().execute()
    )
    furthest = _histogram(per_case.group_by("furthest").aggregate(n=per_case.count()), "furthest")
    pairs = mapped.select("case_id", "step").distinct().join(per_case, "case_id")
    visited = _histogram(pairs.group_by("step").aggregate(n=pairs.count()), "step")
    before_furthest = pairs.filter(pairs.step < pairs.furthest)
    visited_with_later = _histogram(
        before_furthest.group_by("step").aggregate(n=before_furthest.count()), "step"
    )
    unexpected = table.filter(~table.activity.isin(list(journey.step_of())))
    return _result(
        journey,
        total,
        conforming,
        furthest,
        visited,
        visited_with_later,
        _counts(unexpected, "activity"),
    )


def _result(
    journey: Journey,
    total: int,
    conforming: int,
    furthest: dict[int, int],
    visited: dict[int, int],
    visited_with_later: dict[int, int],
    unexpected: dict[str, int],
) -> dict[str, object]:
    last = len(journey.steps) - 1
    steps = []
    for index, step in enumerate(journey.steps):
        reached_later = sum(n for f, n in furthest.items() if f > index)
        steps.append(
            StepConformance(
                name=step.name,
                visited=visited.get(index, 0),
                skipped=reached_later - visited_with_later.get(index, 0),
                ended_here=furthest.get(index, 0) if index < last else 0,
            )
        )
    started = sum(furthest.values())
    return {
        "journey": journey.name,
        "cases": total,
        "conforming": conforming,
        "conforming_share": conforming / total if total else 0.0,
        "completed": furthest.get(last, 0),
        "not_started": total - started,
        "steps": steps,
        "ended_early": {s["name"]: s["ended_here"] for s in steps if s["ended_here"]},
        "unexpected_activities": unexpected,
    }


def _histogram(expr: ir.Table, key: str) -> dict[int, int]:
    counter: Counter[int] = Counter()
    for row in expr.to_pyarrow().to_pylist():
        counter[int(row[key])] += int(row["n"])
    return dict(counter)
