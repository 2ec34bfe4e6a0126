"""Exports of one journey: the presentation grid (page, PDF, PNG), the emotion curve
(Vega-Lite → SVG), CSV and XLSX of all lanes, and the JSON document."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from teekond.core import emotions
from teekond.journeys.models import Journey
from teekond.journeys.overlays import rows_in_columns


def _cell_text(cell, lane_type: str, language: str) -> str:
    parts = []
    if cell.emotion and cell.emotion in emotions.BY_KEY:
        parts.append(emotions.BY_KEY[cell.emotion].name(language))
    if cell.valence is not None:
        parts.append(f"({cell.valence:+d})")
    if cell.rating is not None:
        parts.append(f"{cell.rating}/5")
    ratings = [
        (_("Effect"), cell.effect_rating),
        (_("Ease"), cell.ease_rating),
        (_("Emotion"), cell.emotion_rating),
    ]
    parts += [f"{label} {value}/5" for label, value in ratings if value is not None]
    if cell.text:
        parts.append(cell.text)
    return " ".join(parts)


def grid(journey: Journey, language: str | None = None) -> dict:
    """Stages with their steps (columns) and lanes (rows) with one cell text per step, and
    the measured rows other apps lay over the map (``journeys.overlays``)."""
    language = language or translation.get_language() or "en"
    stages = list(journey.stages.order_by("position", "id").select_related("owner"))
    steps = list(journey.steps.order_by("stage__position", "stage_id", "position", "id"))
    lanes = list(journey.lanes.order_by("position", "id"))
    cells = {(c.lane_id, c.step_id): c for c in journey.cells.all()}
    by_stage = {s.pk: [t for t in steps if t.stage_id == s.pk] for s in stages}
    rows = []
    for lane in lanes:
        values = []
        for step in steps:
            cell = cells.get((lane.pk, step.pk))
            values.append(
                {
                    "text": _cell_text(cell, lane.type, language) if cell else "",
                    "assumption": bool(
                        cell and not cell.is_empty and cell.evidence == "assumption"
                    ),
                }
            )
        rows.append({"lane": lane, "cells": values})
    # The printed table has a column per step, and one empty column for a stage without
    # steps (its header cell); ``display`` holds each row's cells in those columns.
    columns = [step for s in stages for step in (by_stage[s.pk] or [None])]
    blank = {"text": "", "assumption": False}
    for row in rows:
        by_step = dict(zip([t.pk for t in steps], row["cells"], strict=True))
        row["display"] = [by_step[c.pk] if c else blank for c in columns]
    measured = rows_in_columns(journey, language, [c.pk if c else None for c in columns])
    return {
        "journey": journey,
        "stages": [
            {"stage": s, "steps": by_stage[s.pk], "span": max(1, len(by_stage[s.pk]))}
            for s in stages
        ],
        "steps": steps,
        "rows": rows,
        "measured": measured,
    }


def emotion_points(journey: Journey, language: str) -> list[dict]:
    lane = journey.lanes.filter(type="emotion").order_by("position", "id").first()
    steps = list(journey.steps.order_by("stage__position", "stage_id", "position", "id"))
    cells = {c.step_id: c for c in lane.cells.all()} if lane else {}
    points = []
    for order, step in enumerate(steps, 1):
        cell = cells.get(step.pk)
        valence = cell.effective_valence if cell else None
        if valence is None:
            continue
        emotion = emotions.BY_KEY.get(cell.emotion) if cell.emotion else None
        points.append(
            {
                "order": order,
                "step": f"{order}. {step.name}",
                "valence": valence,
                "emotion": emotion.name(language) if emotion else "",
            }
        )
    return points


def emotion_curve_spec(journey: Journey, language: str | None = None) -> dict:
    language = language or translation.get_language() or "en"
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": _("Emotion curve"),
        "width": 640,
        "height": 200,
        "data": {"values": emotion_points(journey, language)},
        "layer": [
            {
                "mark": {"type": "rule", "color": "#9aa3ae"},
                "encoding": {"y": {"datum": 0}},
            },
            {
                "mark": {"type": "line", "point": True, "interpolate": "monotone"},
                "encoding": {
                    "x": {"field": "step", "type": "ordinal", "sort": None, "title": None},
                    "y": {
                        "field": "valence",
                        "type": "quantitative",
                        "scale": {"domain": [-3, 3]},
                        "title": _("Emotion"),
                    },
                    "tooltip": [
                        {"field": "step", "type": "nominal"},
                        {"field": "emotion", "type": "nominal"},
                        {"field": "valence", "type": "quantitative"},
                    ],
                },
            },
        ],
    }


def table(journey: Journey, language: str) -> tuple[list[str], list[list]]:
    """One row per step: stage, step, its attributes, then one column per lane."""
    data = grid(journey, language)
    header = [
        _("Stage"),
        _("Touchpoint"),
        _("Channel"),
        _("Digital or physical"),
        _("Direct or indirect"),
        _("Owner department"),
        _("Evidence"),
        *[row["lane"].name for row in data["rows"]],
    ]
    stage_of = {s["stage"].pk: s["stage"].name for s in data["stages"]}
    rows = []
    for index, step in enumerate(data["steps"]):
        rows.append(
            [
                stage_of.get(step.stage_id, ""),
                step.name,
                step.get_channel_display() if step.channel else "",
                step.get_medium_display() if step.medium else "",
                step.get_directness_display() if step.directness else "",
                step.owner_department,
                step.get_evidence_display(),
                *[row["cells"][index]["text"] for row in data["rows"]],
            ]
        )
    return header, rows
