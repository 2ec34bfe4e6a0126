"""Reading a map: its steps in order, the grid, the emotion curve, the evidence, the vocabulary."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from teekond.core import emotions
from teekond.core.errors import NotFound
from teekond.journeys import serialize
from teekond.journeys.models import (
    Cell,
    Evidence,
    Journey,
    JourneyKind,
    Lane,
    LaneType,
    Persona,
    Step,
)

# ---------------------------------------------------------------------------- reading


DEFAULT_LANES = (
    LaneType.TOUCHPOINTS,
    LaneType.NEEDS,
    LaneType.EMOTION,
    LaneType.CONTEXT,
    LaneType.FRONT_STAGE,
    LaneType.PROMISE,
    LaneType.OPPORTUNITIES,
)
BLUEPRINT_LANES = (
    LaneType.TOUCHPOINTS,
    LaneType.NEEDS,
    LaneType.EMOTION,
    LaneType.CONTEXT,
    LaneType.FRONT_STAGE,
    LaneType.BACK_STAGE,
    LaneType.SUPPORT,
    LaneType.PROMISE,
    LaneType.OPPORTUNITIES,
)


def default_lane_types(kind: str) -> tuple[str, ...]:
    return BLUEPRINT_LANES if kind == JourneyKind.SERVICE_BLUEPRINT else DEFAULT_LANES


def lane_type_label(lane_type: str, language: str) -> str:
    with translation.override(language):
        return str(LaneType(lane_type).label)


def ordered_steps(journey: Journey) -> list[Step]:
    return list(
        Step.objects.filter(journey=journey)
        .select_related("stage")
        .order_by("stage__position", "stage_id", "position", "id")
    )


def journey_grid(journey: Journey, language: str | None = None) -> dict:
    """Everything a map view needs in one structure: stages with their steps, the flat step
    order, lanes with their cells keyed by step id, the emotion curve and the structure
    version to send back with structural changes."""
    language = language or translation.get_language() or "en"
    steps = ordered_steps(journey)
    stages = []
    by_stage: dict[int, list] = {}
    for step in steps:
        by_stage.setdefault(step.stage_id, []).append(serialize.step_dict(step))
    for stage in journey.stages.all():
        data = serialize.stage_dict(stage)
        data["steps"] = by_stage.get(stage.pk, [])
        stages.append(data)
    cells_by_lane: dict[int, dict[int, dict]] = {}
    for cell in Cell.objects.filter(journey=journey):
        cells_by_lane.setdefault(cell.lane_id, {})[cell.step_id] = serialize.cell_dict(
            cell, language
        )
    lanes = []
    for lane in journey.lanes.all():
        data = serialize.lane_dict(lane)
        data["type_label"] = lane_type_label(lane.type, language)
        data["cells"] = cells_by_lane.get(lane.pk, {})
        lanes.append(data)
    return {
        "journey": serialize.journey_dict(journey),
        "persona": serialize.persona_dict(journey.persona) if journey.persona else None,
        "stages": stages,
        "step_ids": [s.pk for s in steps],
        "lanes": lanes,
        "emotion_curve": emotion_curve(journey, language, steps=steps),
    }


def emotion_lane(journey: Journey) -> Lane | None:
    return journey.lanes.filter(type=LaneType.EMOTION).order_by("position", "id").first()


def emotion_curve(
    journey: Journey, language: str | None = None, *, steps: list[Step] | None = None
) -> list[dict]:
    """One point per step in map order, from the first emotion lane; ``valence`` is None
    where no emotion is set."""
    language = language or translation.get_language() or "en"
    steps = steps if steps is not None else ordered_steps(journey)
    lane = emotion_lane(journey)
    cells = {c.step_id: c for c in Cell.objects.filter(lane=lane)} if lane else {}
    points = []
    for step in steps:
        cell = cells.get(step.pk)
        emotion = emotions.BY_KEY.get(cell.emotion) if cell and cell.emotion else None
        points.append(
            {
                "step_id": step.pk,
                "step_name": step.name,
                "stage_id": step.stage_id,
                "stage_name": step.stage.name,
                "lane_id": lane.pk if lane else None,
                "cell_id": cell.pk if cell else None,
                "cell_version": cell.version if cell else None,
                "emotion": cell.emotion if cell else "",
                "valence": cell.effective_valence if cell else None,
                "label": emotion.name(language) if emotion else "",
                "note": cell.text if cell else "",
            }
        )
    return points


def evidence_summary(journey: Journey) -> dict:
    """How much of the map rests on research and how much is assumption: filled cells and
    steps count; the persona's own evidence is reported too."""
    by_evidence = {e: 0 for e in Evidence.values}
    cells = [c for c in Cell.objects.filter(journey=journey) if not c.is_empty]
    steps = list(Step.objects.filter(journey=journey))
    for item in (*cells, *steps):
        by_evidence[item.evidence] += 1
    items = len(cells) + len(steps)
    assumed = by_evidence[Evidence.ASSUMPTION]
    return {
        "items": items,
        "validated": items - assumed,
        "assumed": assumed,
        "assumed_share": round(assumed / items, 3) if items else None,
        "cells": {
            "total": len(cells),
            "validated": sum(1 for c in cells if c.is_validated),
            "assumed": sum(1 for c in cells if not c.is_validated),
        },
        "steps": {
            "total": len(steps),
            "validated": sum(1 for s in steps if s.is_validated),
            "assumed": sum(1 for s in steps if not s.is_validated),
        },
        "by_evidence": by_evidence,
        "persona_evidence": journey.persona.evidence if journey.persona else None,
    }


def get_cell(lane: Lane, step: Step) -> Cell:
    cell = Cell.objects.filter(lane=lane, step=step).first()
    if cell is None:
        raise NotFound(_("Cell not found."))
    return cell


def vocabulary(language: str | None = None) -> dict:
    """Every choice of the map with its label in ``language``: for editors' menus."""
    from teekond.journeys import models

    language = (language or translation.get_language() or "en")[:2]

    def pairs(choices) -> list[dict]:
        return [{"value": value, "label": str(label)} for value, label in choices.choices]

    with translation.override(language):
        persona_fields = {f.name: str(f.verbose_name) for f in Persona._meta.fields}
        return {
            "emotions": [
                {
                    "key": e.key,
                    "label": e.name(language),
                    "valence": e.valence,
                    "words": list(e.words(language)),
                }
                for e in emotions.VOCABULARY
            ],
            "channels": pairs(models.Channel),
            "media": pairs(models.Medium),
            "directness": pairs(models.Directness),
            "evidence": pairs(models.Evidence),
            "kinds": pairs(models.JourneyKind),
            "states": pairs(models.JourneyState),
            "persona_roles": pairs(models.PersonaRole),
            "lane_types": [
                {"value": value, "label": str(label), "part": models.LANE_PART[LaneType(value)]}
                for value, label in LaneType.choices
            ],
            "default_lanes": list(DEFAULT_LANES),
            "blueprint_lanes": list(BLUEPRINT_LANES),
            "persona_sections": [
                {
                    "label": str(label),
                    "fields": [{"name": f, "label": persona_fields[f]} for f in fields],
                }
                for label, fields in models.PERSONA_SECTIONS
            ],
        }
