"""Funnel, conformance, Sankey and durations on the in-process engine (Arrow + NumPy).

The same definitions as the Ibis versions in ``funnel``, ``conformance``, ``sankey`` and
``durations`` (read their docstrings), computed on a canonical Arrow table sorted once by
(case, timestamp, file order) as ``arrowpath.summary_table`` does. Both engines give
identical results (``tests/analytics/test_engines.py``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from . import arrowpath
from .arrowpath import MICROS


@dataclass(frozen=True)
class Sorted:
    """Events in (case, timestamp, order) order, as integer codes."""

    case: np.ndarray
    activity: np.ndarray
    stamps: np.ndarray
    names: list[str]
    starts: np.ndarray  # first event of each case
    lengths: np.ndarray

    @property
    def cases(self) -> int:
        return len(self.starts)

    def case_of_event(self) -> np.ndarray:
        return np.repeat(np.arange(len(self.starts)), self.lengths)


def sort_events(table: pa.Table) -> Sorted:
    case, _ = arrowpath._codes(table.column("case_id"))
    activity, names = arrowpath._codes(table.column("activity"))
    stamps = arrowpath._int64(table.column("timestamp"))
    order = arrowpath._int64(table.column("order"))
    perm = arrowpath._case_time_order(case, stamps, order)
    case, activity, stamps = case[perm], activity[perm], stamps[perm]
    n = len(case)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Sorted(case, activity, stamps, names, empty, empty)
    first = np.empty(n, dtype=bool)
    first[0] = True
    np.not_equal(case[1:], case[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    lengths = np.diff(np.append(starts, n))
    return Sorted(case, activity, stamps, names, starts, lengths)


def _codes_of(events: Sorted, activities: list[str]) -> np.ndarray:
    index = {name: code for code, name in enumerate(events.names)}
    return np.array([index[a] for a in activities if a in index], dtype=np.int64)


def reached_counts(events: Sorted, steps: list[list[str]]) -> list[int]:
    """Cases reaching each funnel step: the earliest later event of each step, per case."""
    owner = events.case_of_event()
    reached = np.full(events.cases, -1, dtype=np.int64)  # event index matched so far
    alive = np.ones(events.cases, dtype=bool)
    counts = []
    for acts in steps:
        candidates = np.flatnonzero(np.isin(events.activity, _codes_of(events, acts)))
        cases = owner[candidates]
        keep = alive[cases] & (candidates > reached[cases])
        candidates, cases = candidates[keep], cases[keep]
        # Candidates ascend, so a case's first one is its earliest match.
        firsts = np.flatnonzero(np.concatenate(([True], cases[1:] != cases[:-1])))
        matched = np.zeros(events.cases, dtype=bool)
        if len(cases):
            matched[cases[firsts]] = True
            reached[cases[firsts]] = candidates[firsts]
        alive &= matched
        counts.append(int(alive.sum()))
    return counts


def conformance_counts(events: Sorted, step_of: dict[str, int], last: int) -> dict[str, Any]:
    """The per-step histograms ``conformance()`` turns into its result."""
    step_by_code = np.full(len(events.names) + 1, -1, dtype=np.int64)
    for code, name in enumerate(events.names):
        step_by_code[code] = step_of.get(name, -1)
    steps = step_by_code[events.activity]
    mapped = np.flatnonzero(steps >= 0)
    owner = events.case_of_event()[mapped]
    step = steps[mapped]
    n_cases = events.cases
    new_case = (
        np.concatenate(([True], owner[1:] != owner[:-1])) if len(owner) else np.zeros(0, bool)
    )
    prev = np.full(len(step), -1, dtype=np.int64)
    prev[1:] = step[:-1]
    ok = np.where(new_case, step == 0, (step == prev) | (step == prev + 1))
    all_ok = np.ones(n_cases, dtype=bool)
    np.logical_and.at(all_ok, owner, ok)
    furthest = np.full(n_cases, -1, dtype=np.int64)
    np.maximum.at(furthest, owner, step)
    has = furthest >= 0
    conforming = int(np.sum(has & all_ok & (furthest == last)))
    counts = np.bincount(furthest[has]) if has.any() else np.zeros(0, dtype=np.int64)
    furthest_hist = Counter({int(i): int(c) for i, c in enumerate(counts.tolist()) if c})
    width = last + 1
    pairs = np.unique(owner * width + step)  # distinct (case, step)
    pair_case, pair_step = pairs // width, pairs % width
    visited = np.bincount(pair_step, minlength=width)
    later = pair_step < furthest[pair_case]
    visited_with_later = np.bincount(pair_step[later], minlength=width)
    unexpected = np.bincount(events.activity[steps < 0], minlength=len(events.names))
    return {
        "conforming": conforming,
        "furthest": dict(furthest_hist),
        "visited": {i: int(v) for i, v in enumerate(visited.tolist()) if v},
        "visited_with_later": {i: int(v) for i, v in enumerate(visited_with_later.tolist()) if v},
        "unexpected": arrowpath._ranked(unexpected, events.names),
    }


def durations(events: Sorted) -> dict[str, Any]:
    """First to last event of each case: count, mean, interpolated median and p90, min, max."""
    if events.cases == 0:
        return {
            "cases": 0,
            "mean_seconds": None,
            "median_seconds": None,
            "p90_seconds": None,
            "min_seconds": None,
            "max_seconds": None,
        }
    ends = events.starts + events.lengths - 1
    # Sorted by time within the case: the first and last events are the min and max.
    spans = events.stamps[ends] - events.stamps[events.starts]
    total = sum(int(x) for x in np.add.reduceat(spans, np.arange(0, len(spans), 1 << 20)))
    median, p90 = np.quantile(spans, [0.5, 0.9], method="linear")
    return {
        "cases": events.cases,
        "mean_seconds": total / len(spans) / MICROS,
        "median_seconds": float(median) / MICROS,
        "p90_seconds": float(p90) / MICROS,
        "min_seconds": float(spans.min()) / MICROS,
        "max_seconds": float(spans.max()) / MICROS,
    }
