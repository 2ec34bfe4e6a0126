"""Peak-end and evidence warnings on a map (DOMAIN §2)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from teekond.journeys import plugins
from teekond.journeys.models import (
    Cell,
    Journey,
    LaneType,
)
from teekond.journeys.reading import emotion_curve, evidence_summary, ordered_steps


@dataclass
class Warning:
    code: str
    severity: str
    message: str
    step_ids: list[int] = field(default_factory=list)
    details: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "step_ids": self.step_ids,
            "details": self.details,
        }


ASSUMPTION_WARNING_SHARE = 0.5


def journey_warnings(
    journey: Journey, language: str | None = None, evidence: dict | None = None
) -> list[dict]:
    """Peak-end and evidence warnings (DOMAIN §2): the first impression lasts, an
    experience that ends on a high note is remembered better, the lowest point needs an
    improvement action, every step needs an emotion, and a map built on assumptions is
    still a hypothesis. ``evidence`` is the map's ``evidence_summary`` when the caller
    has it already."""
    with translation.override(language or translation.get_language() or "en"):
        return [w.as_dict() for w in _warnings(journey, evidence)]


def _warnings(journey: Journey, evidence: dict | None = None) -> list[Warning]:
    steps = ordered_steps(journey)
    warnings: list[Warning] = []
    if not steps:
        return [
            Warning("no_touchpoints", "info", _("The map has no touchpoints yet.")),
        ]
    points = emotion_curve(journey, steps=steps)
    if points[0]["lane_id"] is None:
        warnings.append(
            Warning(
                "no_emotion_lane",
                "warning",
                _("The map has no emotion lane: add one to see the customer's emotion curve."),
            )
        )
    first, last = points[0], points[-1]
    if first["valence"] is not None and first["valence"] < 0:
        warnings.append(
            Warning(
                "first_touchpoint_negative",
                "warning",
                _(
                    "The first touchpoint “%(step)s” is negative. The first impression lasts "
                    "and shapes the rest of the experience."
                )
                % {"step": first["step_name"]},
                [first["step_id"]],
                {"valence": first["valence"]},
            )
        )
    if last["valence"] is not None and last["valence"] < 0:
        warnings.append(
            Warning(
                "last_touchpoint_negative",
                "warning",
                _(
                    "The last touchpoint “%(step)s” is negative. An experience that ends on a "
                    "high note is remembered longer and better (peak–end rule)."
                )
                % {"step": last["step_name"]},
                [last["step_id"]],
                {"valence": last["valence"]},
            )
        )
    rated = [p for p in points if p["valence"] is not None]
    if rated:
        lowest = min(p["valence"] for p in rated)
        covered = _steps_with_opportunity(journey)
        uncovered = [p for p in rated if p["valence"] == lowest and p["step_id"] not in covered]
        if uncovered:
            warnings.append(
                Warning(
                    "lowest_point_without_opportunity",
                    "warning",
                    _(
                        "The lowest point of the emotion curve (%(steps)s) has no opportunity "
                        "or improvement action."
                    )
                    % {"steps": ", ".join(f"“{p['step_name']}”" for p in uncovered)},
                    [p["step_id"] for p in uncovered],
                    {"valence": lowest},
                )
            )
    missing = [p for p in points if p["valence"] is None]
    if missing and points[0]["lane_id"] is not None:
        warnings.append(
            Warning(
                "steps_without_emotion",
                "info",
                _("Touchpoints without an emotion: %(count)d.") % {"count": len(missing)},
                [p["step_id"] for p in missing],
            )
        )
    summary = evidence if evidence is not None else evidence_summary(journey)
    share = summary["assumed_share"]
    if share is not None and share > ASSUMPTION_WARNING_SHARE:
        warnings.append(
            Warning(
                "mostly_assumptions",
                "info",
                _(
                    "%(percent)d%% of this map is assumption. Validate it with interviews, "
                    "observation, surveys or analytics: a map is a hypothesis until customers "
                    "confirm it."
                )
                % {"percent": round(share * 100)},
                details={
                    "assumed": summary["assumed"],
                    "validated": summary["validated"],
                    "assumed_share": share,
                },
            )
        )
    return warnings


def _steps_with_opportunity(journey: Journey) -> set[int]:
    covered = {
        c.step_id
        for c in Cell.objects.filter(journey=journey, lane__type=LaneType.OPPORTUNITIES)
        if c.text.strip()
    }
    return covered | plugins.steps_with_actions(journey)
