"""Templates: ready-made personas and maps from the seed examples, created in one call.

The data lives in ``teekond.journeys.templates_data`` (one module per template, texts in
Estonian and English). ``create_from_template`` validates the template fully before it
writes anything, then creates its personas and journeys in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from teekond.core import emotions
from teekond.core.errors import Invalid, NotFound
from teekond.journeys import services
from teekond.journeys.models import (
    Cell,
    Channel,
    Directness,
    Evidence,
    Journey,
    JourneyKind,
    Lane,
    LaneType,
    Medium,
    Persona,
    PersonaRole,
    Stage,
    Step,
)
from teekond.journeys.serialize import PERSONA_FIELDS, PERSONA_TEXT_FIELDS
from teekond.journeys.templates_data import (
    app_development,
    bank,
    emma,
    hair_salon,
    mobile_phone,
    school,
)

TEMPLATES: dict[str, dict] = {
    m.TEMPLATE["key"]: m.TEMPLATE
    for m in (school, emma, app_development, mobile_phone, bank, hair_salon)
}
LANGUAGES = ("et", "en")


@dataclass
class TemplateResult:
    personas: list[Persona] = field(default_factory=list)
    journeys: list[Journey] = field(default_factory=list)


def _lang(language: str) -> str:
    language = (language or "et")[:2]
    if language not in LANGUAGES:
        raise Invalid(_("Templates exist in Estonian and English."))
    return language


def catalogue(language: str = "et") -> list[dict]:
    language = language[:2] if language[:2] in LANGUAGES else "en"
    return [
        {
            "key": key,
            "title": tpl["title"][language],
            "description": tpl["description"][language],
            "personas": len(tpl["personas"]),
            "journeys": len(tpl["journeys"]),
        }
        for key, tpl in TEMPLATES.items()
    ]


def validate_template(tpl: dict) -> list[str]:
    """Every problem of a template, so a broken one fails a test rather than a user."""
    problems = []
    refs = {p["ref"] for p in tpl["personas"]}
    for persona in tpl["personas"]:
        if persona.get("role") not in PersonaRole.values:
            problems.append(f"persona {persona['ref']}: bad role")
        for language in LANGUAGES:
            texts = persona[language]
            if not texts.get("name"):
                problems.append(f"persona {persona['ref']}: no {language} name")
            unknown = set(texts) - set(PERSONA_TEXT_FIELDS)
            if unknown:
                problems.append(f"persona {persona['ref']}: unknown fields {sorted(unknown)}")
        unknown = set(persona) - {"ref", "role", "et", "en"} - set(PERSONA_FIELDS)
        if unknown:
            problems.append(f"persona {persona['ref']}: unknown fields {sorted(unknown)}")
    for journey in tpl["journeys"]:
        where = journey["title"]["en"]
        if journey.get("persona") not in refs:
            problems.append(f"{where}: unknown persona")
        if journey.get("kind", JourneyKind.HOLISTIC) not in JourneyKind.values:
            problems.append(f"{where}: bad kind")
        lane_refs = {}
        for lane in journey["lanes"]:
            if lane["type"] not in LaneType.values:
                problems.append(f"{where}: bad lane type {lane['type']}")
            lane_refs[lane["ref"]] = lane["type"]
        for stage in journey["stages"]:
            if not stage["steps"]:
                problems.append(f"{where}: stage {stage['name']['en']} has no steps")
            for step in stage["steps"]:
                problems.extend(_step_problems(where, step, lane_refs))
    return problems


def _step_problems(where: str, step: dict, lane_refs: dict) -> list[str]:
    name = f"{where} / {step['name']['en']}"
    problems = []
    for attr, allowed in (
        ("channel", Channel.values),
        ("medium", Medium.values),
        ("directness", Directness.values),
        ("evidence", Evidence.values),
    ):
        if step[attr] and step[attr] not in allowed:
            problems.append(f"{name}: bad {attr} {step[attr]}")
    for ref, value in step["cells"].items():
        if ref not in lane_refs:
            problems.append(f"{name}: no lane {ref}")
            continue
        if isinstance(value, dict) and value.get("emotion"):
            if value["emotion"] not in emotions.BY_KEY:
                problems.append(f"{name}: unknown emotion {value['emotion']}")
        elif isinstance(value, tuple) and len(value) != 2:
            problems.append(f"{name}: {ref} needs (et, en)")
    return problems


def _cell_values(value, language: str) -> dict:
    if isinstance(value, tuple):
        return {"text": value[0] if language == "et" else value[1]}
    data = {k: v for k, v in value.items() if k != "text" and v is not None}
    data["text"] = value["text"][language]
    return data


@transaction.atomic
def create_from_template(workspace, key: str, language: str, user) -> TemplateResult:
    """Create the template's personas and journeys in ``language`` (one click in the UI)."""
    language = _lang(language)
    tpl = TEMPLATES.get(key)
    if tpl is None:
        raise NotFound(_("No such template."))
    problems = validate_template(tpl)
    if problems:
        raise Invalid(_("The template is broken."), details=problems)
    result = TemplateResult()
    personas = {}
    for spec in tpl["personas"]:
        data = dict(spec[language])
        data.update({k: v for k, v in spec.items() if k in PERSONA_FIELDS})
        data["role"] = spec["role"]
        persona = services.create_persona(workspace, user, data)
        personas[spec["ref"]] = persona
        result.personas.append(persona)
    for spec in tpl["journeys"]:
        result.journeys.append(_create_journey(workspace, user, spec, personas, language, key))
    return result


def _create_journey(workspace, user, spec, personas, language, key) -> Journey:
    journey = services.create_journey(
        workspace,
        user,
        title=spec["title"][language],
        persona_id=personas[spec["persona"]].pk,
        description=spec.get("description", {}).get(language, ""),
        goal=spec.get("goal", {}).get(language, ""),
        kind=spec.get("kind", JourneyKind.HOLISTIC),
        language=language,
        default_lanes=False,
        template_key=key,
    )
    lanes = {}
    for position, lane_spec in enumerate(spec["lanes"]):
        name = (
            lane_spec["name"][language]
            if lane_spec["name"]
            else services.lane_type_label(lane_spec["type"], language)
        )
        lanes[lane_spec["ref"]] = Lane.objects.create(
            journey=journey, position=position, type=lane_spec["type"], name=name
        )
    cells = []
    for s_pos, stage_spec in enumerate(spec["stages"]):
        stage = Stage.objects.create(
            journey=journey,
            position=s_pos,
            name=stage_spec["name"][language],
            description=stage_spec["description"][language],
        )
        for position, step_spec in enumerate(stage_spec["steps"]):
            step = Step.objects.create(
                journey=journey,
                stage=stage,
                position=position,
                name=step_spec["name"][language],
                channel=step_spec["channel"],
                medium=step_spec["medium"],
                directness=step_spec["directness"],
                company_owned=step_spec["company_owned"],
                owner_department=step_spec["owner_department"][language],
                evidence=step_spec["evidence"],
            )
            for ref, value in step_spec["cells"].items():
                # A step observed or asked about in research lends its evidence to
                # what the template says about it.
                cell = Cell(
                    journey=journey, lane=lanes[ref], step=step, evidence=step_spec["evidence"]
                )
                for attr, v in _cell_values(value, language).items():
                    setattr(cell, attr, v)
                cell.full_clean(exclude=["journey", "lane", "step", "updated_by"])
                cells.append(cell)
    Cell.objects.bulk_create(cells)
    return journey


# ---------------------------------------------------------------------------- demo

DEMO_TEMPLATES = ("school", "emma", "app_development", "bank")


def build_demo_content(workspace, owner) -> TemplateResult:
    """The demo workspace (Estonian): several templates, and a future state for Emma's map."""
    result = TemplateResult()
    for key in DEMO_TEMPLATES:
        part = create_from_template(workspace, key, "et", owner)
        result.personas += part.personas
        result.journeys += part.journeys
    emma_map = next(j for j in result.journeys if j.template_key == "emma")
    future = services.create_future_state(emma_map, owner)
    _dream_up(future)
    result.journeys.append(future)
    return result


def _dream_up(future: Journey) -> None:
    """Make the demo's future state differ where it matters: the low points are lifted and
    the opportunities read as things done."""
    lane = services.emotion_lane(future)
    if lane is None:
        return
    for cell in Cell.objects.filter(lane=lane):
        value = cell.effective_valence
        if value is not None and value < 1:
            cell.emotion = "calm" if value < 0 else "confident"
            cell.valence = min(value + 3, 2)
            cell.save(update_fields=["emotion", "valence"])
