"""Real journeys from an event log as a row on the journey map (see ``journeys.overlays``).

For the map's most recently imported linked log with mapped steps, each mapped touchpoint
shows how many of the real cases reach it, how many skip it and how many journeys end
there (``analytics.conformance``). A cell is flagged when reality departs from the map
noticeably: at least ``SKIP_FLAG`` of all cases skip the step, or at least ``END_FLAG``
of them end there although the map goes on. A log of fewer than ``FLAG_MIN_CASES`` cases
is never flagged: one case of three skipping a step says nothing about the journey.

The numbers are cached per log version (``services.cached_conformance``), so the editor
does not re-read the log on every redraw.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from teekond.eventlogs import services
from teekond.eventlogs.models import EventLog
from teekond.journeys.overlays import OverlayCell, OverlayRow

SKIP_FLAG = 0.10
END_FLAG = 0.20
FLAG_MIN_CASES = 20


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}\u00a0%" if whole else "–"


def step_cell(row: dict, cases: int, is_last: bool) -> OverlayCell:
    visited, skipped, ended = row["visited"], row["skipped"], row["ended_here"]
    flags = []
    enough = cases >= FLAG_MIN_CASES
    if enough and skipped / cases >= SKIP_FLAG:
        flags.append(_("often skipped"))
    if enough and not is_last and ended / cases >= END_FLAG:
        flags.append(_("many journeys end here"))
    sub = [_("skipped %(n)d") % {"n": skipped}]
    if not is_last:
        sub.append(_("end here %(n)d") % {"n": ended})
    return OverlayCell(
        value=_("%(p)s reach") % {"p": percent(visited, cases)},
        sub=" · ".join(sub),
        tone="bad" if flags else "",
        flag=", ".join(flags),
        title=_(
            "%(step)s: %(visited)d of %(cases)d real journeys reach it, %(skipped)d skip it "
            "and go on, %(ended)d end here."
        )
        % {
            "step": row["name"],
            "visited": visited,
            "cases": cases,
            "skipped": skipped,
            "ended": ended,
        },
    )


def conformance_row(journey, language: str) -> OverlayRow | None:
    """The "Real journeys" row: None without an imported, linked and mapped log."""
    log = services.latest_linked(EventLog.objects.filter(journey=journey))
    if log is None or not services.mapped_steps(log):
        return None
    result = services.cached_conformance(log)
    cases = result["cases"]
    rows = result["steps"]
    cells = {
        row["step_id"]: step_cell(row, cases, index == len(rows) - 1)
        for index, row in enumerate(rows)
    }
    return OverlayRow(
        key="eventlog",
        label=_("Real journeys"),
        hint=_("%(log)s: %(share)s of %(cases)d follow the map")
        % {"log": log.name, "share": percent(result["conforming"], cases), "cases": cases},
        link=reverse("eventlog", args=[journey.workspace.slug, log.pk]),
        cells=cells,
        order=20,
    )
