"""The map as the canvas draws it: stages with colours, their steps as columns, lanes as
rows with one cell per column, the measured rows and the emotion curve.

One structure for every place the canvas appears — the editor and its read-only views
(``journeys/_grid.html``), the presentation, current vs future, and the PDF, PNG and SVG
exports (``exports/journey_export.py``) — so what leaves Teekond looks like the map.
"""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from teekond.core import design
from teekond.journeys import curve, services
from teekond.journeys.models import Channel, Evidence, Medium
from teekond.journeys.overlays import rows_in_columns


def to_json(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


def canvas_context(journey, language: str, *, lane_types=None, editable: bool = False) -> dict:
    """The map as rows and columns for the templates: each lane row holds one column per
    step in map order (and a placeholder column for a stage without steps)."""
    grid = services.journey_grid(journey, language)
    evidence_labels = dict(Evidence.choices)
    channel_labels = dict(Channel.choices)
    medium_labels = dict(Medium.choices)
    members = {
        m.user_id: m.user.get_full_name() or m.user.get_username()
        for m in journey.workspace.memberships.select_related("user")
    }
    columns = []
    stages = []
    for index, stage in enumerate(grid["stages"]):
        stage["colour"] = design.stage_colour(index)
        stage["span"] = max(1, len(stage["steps"]))
        stage["json"] = to_json({k: v for k, v in stage.items() if k != "steps"})
        stage["owner_name"] = members.get(stage["owner_id"], "")
        for step in stage["steps"]:
            step["json"] = to_json(step)
            step["evidence_label"] = evidence_labels.get(step["evidence"], "")
            step["channel_label"] = channel_labels.get(step["channel"], "")
            step["medium_label"] = medium_labels.get(step["medium"], "")
        stages.append(stage)
        if stage["steps"]:
            for step in stage["steps"]:
                columns.append({"step": step, "stage": stage})
        else:
            columns.append({"step": None, "stage": stage})
    lanes = [lane for lane in grid["lanes"] if lane_types is None or lane["type"] in lane_types]
    rows = []
    for lane in lanes:
        lane["json"] = to_json({k: v for k, v in lane.items() if k != "cells"})
        for cell in lane["cells"].values():
            cell["json"] = to_json(cell)
            cell["evidence_label"] = evidence_labels.get(cell["evidence"], "")
            cell["validated"] = cell["evidence"] != Evidence.ASSUMPTION
        cells = []
        for column in columns:
            step = column["step"]
            cells.append(
                {
                    "step": step,
                    "stage": column["stage"],
                    "cell": lane["cells"].get(step["id"]) if step else None,
                }
            )
        rows.append({"lane": lane, "cells": cells})
    curve_lane = next((row["lane"] for row in rows if row["lane"]["type"] == "emotion"), None)
    positions = {c["step"]["id"]: i for i, c in enumerate(columns) if c["step"]}
    points = curve.points_from(grid["emotion_curve"], positions) if curve_lane else []
    evidence = services.evidence_summary(journey)
    overlays = rows_in_columns(
        journey, language, [c["step"]["id"] if c["step"] else None for c in columns]
    )
    # A map without steps has nothing to draw a curve over (no floating empty box).
    has_curve = curve_lane is not None and bool(points)
    curve_data = [
        {
            "stepId": p.step_id,
            "column": p.column,
            "label": p.name,
            "valence": p.valence,
            "emotion": p.emotion,
            "word": p.word,
            "laneId": curve_lane["id"],
            "version": (curve_lane["cells"].get(p.step_id) or {}).get("version", 0),
        }
        for p in points
    ]
    return {
        "grid": grid,
        "stages": stages,
        "overlays": overlays,
        "columns": columns,
        "column_count": max(1, len(columns)),
        "rows": rows,
        "curve": curve_data,
        "curve_points": points,
        "curve_json": to_json(curve_data),
        "curve_lane": curve_lane if has_curve else None,
        "curve_svg": mark_safe(  # noqa: S308  (curve.render escapes every value)
            curve.render(
                points,
                len(columns),
                language=language,
                positive=_("positive"),
                negative=_("negative"),
                label=_("Emotion curve"),
                editable=editable,
            )
        )
        if has_curve
        else "",
        "warnings": services.journey_warnings(journey, language, evidence),
        "evidence": evidence,
    }
