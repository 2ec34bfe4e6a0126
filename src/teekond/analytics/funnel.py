"""Funnels: how many cases reach each of an ordered list of steps.

Definition: a step is one activity or a set of activities (any of them counts). A case
*reaches step k* when its events, in time order, contain an event of step 1, then a
later event of step 2, ..., then a later event of step k (a subsequence; other events
may sit in between). The earliest match of each step is used, which finds such a
subsequence whenever one exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from typing import TypedDict

import ibis
import ibis.expr.types as ir

from . import arrowanalyses
from .discovery import arrow_of, cache, case_window, size
from .errors import EventLogError
from .log import EventLog, as_table

Step = str | Sequence[str]


class FunnelStep(TypedDict):
    name: str
    activities: list[str]
    cases: int
    share: float  # of all cases
    conversion: float  # of the cases that reached the previous step
    dropped_after: int  # reached this step, not the next (0 for the last)


def normalize_steps(steps: Sequence[Step]) -> list[list[str]]:
    if not steps:
        raise EventLogError("a funnel needs at least one step")
    out = []
    for index, step in enumerate(steps, start=1):
        acts = [step] if isinstance(step, str) else [str(a) for a in step]
        if not acts or any(not a for a in acts):
            raise EventLogError(f"funnel step {index} names no activity")
        out.append(acts)
    return out


def reached_counts(table: ir.Table, steps: list[list[str]]) -> list[int]:
    """Cases reaching each step, by successive earliest-later-match joins."""
    counts = []
    with ExitStack() as stack:
        events = table.select("case_id", "activity", pos=ibis.row_number().over(case_window()))
        events = cache(events, stack)
        reached: ir.Table | None = None
        for acts in steps:
            candidates = events.filter(events.activity.isin(acts))
            if reached is not None:
                candidates = candidates.join(reached, "case_id")
                candidates = candidates.filter(candidates.pos > candidates.reached_pos)
            reached = candidates.group_by("case_id").aggregate(reached_pos=candidates.pos.min())
            reached = cache(reached, stack)
            counts.append(int(reached.count().execute()))
    return counts


def funnel(
    log: EventLog | ir.Table, steps: Sequence[Step], *, engine: str = "auto"
) -> dict[str, object]:
    """Cases reaching each step in order, with the drop-off after each.

    ``engine`` as for ``summary()``: both give identical results."""
    normalized = normalize_steps(steps)
    columns = arrow_of(log, engine)
    if columns is not None:
        events = arrowanalyses.sort_events(columns)
        total, counts = events.cases, arrowanalyses.reached_counts(events, normalized)
    else:
        table = as_table(log)
        total, _ = size(table)
        counts = reached_counts(table, normalized)
    rows: list[FunnelStep] = []
    for index, (acts, count) in enumerate(zip(normalized, counts, strict=True)):
        previous = total if index == 0 else counts[index - 1]
        following = counts[index + 1] if index + 1 < len(counts) else count
        rows.append(
            FunnelStep(
                name=" | ".join(acts),
                activities=acts,
                cases=count,
                share=count / total if total else 0.0,
                conversion=count / previous if previous else 0.0,
                dropped_after=count - following,
            )
        )
    return {"cases": total, "steps": rows}
