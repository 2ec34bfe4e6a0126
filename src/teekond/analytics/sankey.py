"""Sankey data from the most frequent real paths.

Nodes are (position, activity) so loops unroll into a left-to-right chart without
cycles; links carry the number of cases that took that hop in the top-N variants.
"""

from __future__ import annotations

from collections import Counter
from typing import TypedDict

import ibis.expr.types as ir

from . import arrowpath
from .discovery import Variant, arrow_of, size, variants
from .log import EventLog


class SankeyNode(TypedDict):
    id: str
    name: str
    depth: int


class SankeyLink(TypedDict):
    source: str
    target: str
    value: int


def sankey(log: EventLog | ir.Table, top_n: int = 10, *, engine: str = "auto") -> dict[str, object]:
    """Nodes and links of the ``top_n`` most frequent variants (cases_shown of cases_total).

    ``engine`` as for ``summary()``: both give identical results."""
    if top_n < 1:
        raise ValueError("top_n must be at least 1")
    columns = arrow_of(log, engine)
    if columns is not None:
        found = arrowpath.summary_table(columns)
        top, total = found["variants"][:top_n], found["cases"]
    else:
        top, (total, _) = variants(log, limit=top_n), size(log)
    return from_variants(top, total)


def from_variants(top: list[Variant], total: int) -> dict[str, object]:
    """The Sankey of already-ranked variants (e.g. a ``summary()``'s first ``top_n``)."""
    nodes: dict[str, SankeyNode] = {}
    links: Counter[tuple[str, str]] = Counter()
    for variant in top:
        ids = [f"{depth}:{name}" for depth, name in enumerate(variant["activities"])]
        for depth, (node_id, name) in enumerate(zip(ids, variant["activities"], strict=True)):
            nodes.setdefault(node_id, SankeyNode(id=node_id, name=name, depth=depth))
        for source, target in zip(ids, ids[1:], strict=False):
            links[(source, target)] += variant["count"]
    return {
        "nodes": sorted(nodes.values(), key=lambda n: (n["depth"], n["name"])),
        "links": [SankeyLink(source=s, target=t, value=v) for (s, t), v in sorted(links.items())],
        "cases_shown": sum(v["count"] for v in top),
        "cases_total": total,
    }
