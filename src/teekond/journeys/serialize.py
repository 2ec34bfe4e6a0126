"""Plain-dict views of the map objects, shared by the API answers, conflict details, the grid
and the copies, so every place shows an object the same way."""

from __future__ import annotations

from teekond.core import design, emotions
from teekond.journeys.models import (
    LANE_PART,
    Cell,
    Journey,
    Lane,
    LaneType,
    Persona,
    Stage,
    Step,
)

PERSONA_TEXT_FIELDS = (
    "name",
    "tagline",
    "quote",
    "gender",
    "residence",
    "partner",
    "children",
    "housing",
    "car",
    "tv_channels",
    "social_media",
    "education",
    "position",
    "skills",
    "income",
    "colleague_relations",
    "career_plans",
    "free_time",
    "hobbies",
    "friends",
    "values",
    "goals",
    "obstacles",
    "typical_day",
    "product_usage",
    "expected_experience",
    "drivers",
    "inspirations",
    "influences",
    "irritants",
    "company_turnover",
    "company_location",
    "tech_capability",
    "empathy_says",
    "empathy_thinks",
    "empathy_does",
    "empathy_feels",
    "empathy_pains",
    "empathy_gains",
    "evidence_note",
)
PERSONA_FIELDS = (*PERSONA_TEXT_FIELDS, "role", "age", "company_employees", "evidence")
JOURNEY_FIELDS = ("title", "description", "goal", "kind", "state", "language", "persona_id")
STAGE_FIELDS = ("name", "description", "owner_id")
STEP_FIELDS = (
    "name",
    "description",
    "channel",
    "medium",
    "directness",
    "company_owned",
    "owner_department",
    "evidence",
    "evidence_note",
)
LANE_FIELDS = ("type", "name", "description")
CELL_FIELDS = (
    "text",
    "emotion",
    "valence",
    "rating",
    "effect_rating",
    "ease_rating",
    "emotion_rating",
    "evidence",
    "evidence_note",
)


def avatar(persona: Persona) -> dict:
    """The photo's API address, or initials on a colour that stays the same for the persona."""
    return {
        "initials": persona.initials,
        "colour": design.avatar_colours()[(persona.pk or 0) % len(design.avatar_colours())],
        "photo_url": f"/api/personas/{persona.pk}/photo" if persona.photo else None,
    }


def persona_dict(persona: Persona) -> dict:
    data = {f: getattr(persona, f) for f in PERSONA_FIELDS}
    data.update(
        id=persona.pk,
        workspace_id=persona.workspace_id,
        version=persona.version,
        avatar=avatar(persona),
        empathy_map={
            k: getattr(persona, f"empathy_{k}")
            for k in ("says", "thinks", "does", "feels", "pains", "gains")
        },
        created_at=persona.created_at,
        updated_at=persona.updated_at,
    )
    return data


def journey_dict(journey: Journey) -> dict:
    data = {f: getattr(journey, f) for f in JOURNEY_FIELDS}
    data.update(
        id=journey.pk,
        workspace_id=journey.workspace_id,
        persona_name=journey.persona.name if journey.persona_id else "",
        counterpart_id=journey.counterpart_id,
        template_key=journey.template_key,
        owner_id=journey.owner_id,
        version=journey.version,
        structure_version=journey.structure_version,
        created_at=journey.created_at,
        updated_at=journey.updated_at,
    )
    return data


def stage_dict(stage: Stage) -> dict:
    data = {f: getattr(stage, f) for f in STAGE_FIELDS}
    data.update(
        id=stage.pk, journey_id=stage.journey_id, position=stage.position, version=stage.version
    )
    return data


def step_dict(step: Step) -> dict:
    data = {f: getattr(step, f) for f in STEP_FIELDS}
    data.update(
        id=step.pk,
        journey_id=step.journey_id,
        stage_id=step.stage_id,
        position=step.position,
        version=step.version,
    )
    return data


def lane_dict(lane: Lane) -> dict:
    data = {f: getattr(lane, f) for f in LANE_FIELDS}
    data.update(
        id=lane.pk,
        journey_id=lane.journey_id,
        position=lane.position,
        part=LANE_PART.get(LaneType(lane.type)),
        version=lane.version,
    )
    return data


def cell_dict(cell: Cell, language: str = "en") -> dict:
    data = {f: getattr(cell, f) for f in CELL_FIELDS}
    emotion = emotions.BY_KEY.get(cell.emotion) if cell.emotion else None
    data.update(
        id=cell.pk,
        journey_id=cell.journey_id,
        lane_id=cell.lane_id,
        step_id=cell.step_id,
        effective_valence=cell.effective_valence,
        emotion_label=emotion.name(language) if emotion else "",
        version=cell.version,
    )
    return data
