"""What the event-log page shows once a log is imported, computed once and stored."""

from __future__ import annotations

from teekond.eventlogs import charts, services
from teekond.eventlogs.models import Status


def page_analyses(log) -> dict:
    """Everything the detail page shows once the log is imported."""
    if log.status != Status.DONE:
        return {}
    page = log.summary.get("page")  # computed at import (imports.PAGE_SANKEY_VARIANTS)
    if page:
        result = {"sankey": page["sankey"], "durations": page["durations"]}
    else:  # imported before the page's analyses were stored with the log
        result = {"sankey": services.sankey(log, top_n=12), "durations": services.durations(log)}
    if services.mapped_steps(log):
        conformance = services.cached_conformance(log)  # shared with the map and home page
        funnel = reach_funnel(conformance)
        result.update(
            funnel=funnel,
            funnel_spec=charts.funnel_spec(funnel),
            conformance=conformance,
            conformance_spec=charts.conformance_spec(conformance),
        )
    return result


def reach_funnel(conformance: dict) -> dict:
    """The page's funnel from the conformance figures, so the two never disagree: a case
    is counted at a step when it got that far on the map (its furthest mapped step is this
    one or a later one), and it drops after the step where its journey ended. A case that
    skipped an optional step has not dropped out. (The strict in-order funnel, where such a
    case does drop, stays in the API and the command line: ``teekond.analytics.funnel``.)"""
    total = conformance["cases"]
    reached = total - conformance["not_started"]
    steps = []
    for index, row in enumerate(conformance["steps"]):
        previous = total if index == 0 else steps[-1]["cases"]
        steps.append(
            {
                "name": row["name"],
                "step_id": row.get("step_id"),
                "cases": reached,
                "share": reached / total if total else 0.0,
                "conversion": reached / previous if previous else 0.0,
                "dropped_after": row["ended_here"],
            }
        )
        reached -= row["ended_here"]
    return {"cases": total, "steps": steps}


# Raise when page_analyses returns something new: stored copies of the old shape are ignored.
PAGE_ANALYSES_VERSION = 2


def stored(log) -> dict:
    """The page's analyses from the stored copy, computed when the log or its link changed."""
    return services.stored_analyses(log, page_analyses, PAGE_ANALYSES_VERSION)
