"""Customer quadrants by satisfaction and revenue (seed 004).

* **exemplary** — high score, high revenue: keep them, learn from them;
* **growth** — high score, low current revenue: happy customers with room to buy more;
  ranked by potential revenue (and flagged ``high_potential`` when it reaches the potential
  threshold), because the seed's growth quadrant is "high score, high potential revenue";
* **at-risk** — low score, high revenue: the revenue that can walk away first;
* **hanging** — low score, low revenue.

"High" means at or above the threshold; the thresholds default to the medians of the
customers given and can be set explicitly. Pure Python; the plot is a Vega-Lite spec (a dict).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

QUADRANTS = ("exemplary", "growth", "at_risk", "hanging")


@dataclass(frozen=True)
class Point:
    key: object
    name: str
    score: float
    revenue: float
    potential: float | None = None
    segment: str = ""


@dataclass(frozen=True)
class Thresholds:
    score: float
    revenue: float
    potential: float | None


def thresholds(
    points: list[Point],
    score: float | None = None,
    revenue: float | None = None,
    potential: float | None = None,
) -> Thresholds:
    pots = [p.potential for p in points if p.potential is not None]
    return Thresholds(
        score if score is not None else (statistics.median(p.score for p in points)),
        revenue if revenue is not None else (statistics.median(p.revenue for p in points)),
        potential if potential is not None else (statistics.median(pots) if pots else None),
    )


def quadrant(p: Point, t: Thresholds) -> str:
    high_score = p.score >= t.score
    high_revenue = p.revenue >= t.revenue
    if high_score:
        return "exemplary" if high_revenue else "growth"
    return "at_risk" if high_revenue else "hanging"


def classify(
    points: Iterable[Point],
    score: float | None = None,
    revenue: float | None = None,
    potential: float | None = None,
) -> dict:
    """{"thresholds": …, "quadrants": {name: [customer dicts]}} — lists ordered by what matters
    in each: revenue for exemplary and at-risk, potential for growth, score for hanging."""
    pts = list(points)
    if not pts:
        return {"thresholds": None, "quadrants": {q: [] for q in QUADRANTS}}
    t = thresholds(pts, score, revenue, potential)
    out: dict[str, list[dict]] = {q: [] for q in QUADRANTS}
    for p in pts:
        q = quadrant(p, t)
        out[q].append(
            {
                "key": p.key,
                "name": p.name,
                "segment": p.segment,
                "score": p.score,
                "revenue": p.revenue,
                "potential": p.potential,
                "quadrant": q,
                "high_potential": (
                    p.potential is not None
                    and t.potential is not None
                    and p.potential >= t.potential
                ),
            }
        )
    out["exemplary"].sort(key=lambda c: -c["revenue"])
    out["at_risk"].sort(key=lambda c: -c["revenue"])
    out["growth"].sort(key=lambda c: -(c["potential"] or 0))
    out["hanging"].sort(key=lambda c: c["score"])
    return {
        "thresholds": {"score": t.score, "revenue": t.revenue, "potential": t.potential},
        "quadrants": out,
    }


def plot_spec(result: dict, labels: dict[str, str], axis: dict[str, str]) -> dict:
    """A Vega-Lite scatter with the threshold rules. ``labels``: quadrant → display name;
    ``axis``: {"score": …, "revenue": …, "potential": …, "name": …, "segment": …} titles."""
    values = [
        {**c, "label": labels.get(c["quadrant"], c["quadrant"]), "potential": c["potential"] or 0}
        for q in QUADRANTS
        for c in result["quadrants"][q]
    ]
    for v in values:
        v["key"] = str(v["key"])
    t = result["thresholds"] or {"score": 0, "revenue": 0}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "height": 320,
        "layer": [
            {
                "data": {"values": values},
                "mark": {"type": "point", "filled": True, "tooltip": True},
                "encoding": {
                    # zoom on where the customers are: means cluster far from 0
                    "x": {
                        "field": "score",
                        "type": "quantitative",
                        "title": axis["score"],
                        "scale": {"zero": False, "nice": True},
                    },
                    "y": {"field": "revenue", "type": "quantitative", "title": axis["revenue"]},
                    "size": {
                        "field": "potential",
                        "type": "quantitative",
                        "title": axis["potential"],
                    },
                    "color": {
                        "field": "label",
                        "type": "nominal",
                        "title": None,
                        "scale": {
                            "domain": [labels[q] for q in QUADRANTS],
                            "range": ["#2e7d32", "#1565c0", "#c62828", "#757575"],
                        },
                    },
                    "tooltip": [
                        {"field": "name", "title": axis["name"]},
                        {"field": "segment", "title": axis["segment"]},
                        {"field": "score", "title": axis["score"]},
                        {"field": "revenue", "title": axis["revenue"]},
                        {"field": "potential", "title": axis["potential"]},
                    ],
                },
            },
            {
                "data": {"values": [{"x": t["score"]}]},
                "mark": {"type": "rule", "strokeDash": [4, 4]},
                "encoding": {"x": {"field": "x", "type": "quantitative"}},
            },
            {
                "data": {"values": [{"y": t["revenue"]}]},
                "mark": {"type": "rule", "strokeDash": [4, 4]},
                "encoding": {"y": {"field": "y", "type": "quantitative"}},
            },
        ],
    }
