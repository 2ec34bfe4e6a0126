"""The map API: personas, journey maps, stages, touchpoints, lanes, cells, templates.

Viewers read; editors and owners write; people outside the workspace get 404. Updates send
the ``version`` they read, structural changes the journey's ``structure_version``; a stale
one is answered with 409 and the current object in ``error.details.current``.
"""

from __future__ import annotations

from django.http import FileResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile

from teekond.accounts.access import require_role
from teekond.accounts.models import Role
from teekond.core.bounds import Id, Version
from teekond.core.errors import NotFound
from teekond.core.text import BoundedLine
from teekond.journeys import serialize, services, templates
from teekond.journeys.access import (
    cell_for,
    journey_for,
    journeys_for,
    lane_for,
    persona_for,
    personas_for,
    stage_for,
    step_for,
)
from teekond.journeys.schemas import (
    CellIn,
    CellOut,
    CurvePointOut,
    DuplicateIn,
    EvidenceOut,
    FromTemplateIn,
    JourneyGridOut,
    JourneyIn,
    JourneyOut,
    JourneyPatch,
    KindT,
    LaneIn,
    LaneOut,
    LanePatch,
    MoveStepIn,
    OrderIn,
    PairOut,
    PersonaIn,
    PersonaOut,
    PersonaPatch,
    RoleT,
    StageIn,
    StageOut,
    StagePatch,
    StateT,
    StepIn,
    StepOut,
    StepPatch,
    TemplateOut,
    TemplateResultOut,
    VocabularyOut,
    WarningOut,
)

router = Router(tags=["journeys"])
EDIT = Role.EDITOR


def _language(request) -> str:
    return (translation.get_language() or "en")[:2]


def _patch(payload) -> tuple[dict, int]:
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    return data, version


def _with_structure(data: dict, journey) -> dict:
    """Structural answers carry the map's new structure_version for the next change."""
    data["structure_version"] = journey.structure_version
    return data


def _cell_version(payload) -> tuple[dict, int | None]:
    data = payload.dict(exclude_unset=True)
    for key in ("lane_id", "step_id", "version"):
        data.pop(key, None)
    return data, payload.version


# ---------------------------------------------------------------------------- personas


@router.get("/workspaces/{workspace_id}/personas", response=list[PersonaOut])
def list_personas(request, workspace_id: Id, role: Query[RoleT | None] = None):
    """The workspace's personas (any member), optionally only decision-makers or users."""
    require_role(request.auth, workspace_id)
    personas = personas_for(request.auth).filter(workspace_id=workspace_id)
    if role:
        personas = personas.filter(role=role)
    return [serialize.persona_dict(p) for p in personas]


@router.post("/workspaces/{workspace_id}/personas", response={201: PersonaOut})
def create_persona(request, workspace_id: Id, payload: PersonaIn):
    """Create a persona, empathy map and B2B profile included (editors and owners)."""
    workspace = require_role(request.auth, workspace_id, EDIT).workspace
    data = {k: v for k, v in payload.dict().items() if v is not None}
    persona = services.create_persona(workspace, request.auth, data)
    return Status(201, serialize.persona_dict(persona))


@router.get("/personas/{persona_id}", response=PersonaOut)
def get_persona(request, persona_id: Id):
    return serialize.persona_dict(persona_for(request.auth, persona_id))


@router.patch("/personas/{persona_id}", response=PersonaOut)
def update_persona(request, persona_id: Id, payload: PersonaPatch):
    """Change some fields; send the `version` you read."""
    persona = persona_for(request.auth, persona_id, EDIT)
    changes, version = _patch(payload)
    return serialize.persona_dict(services.update_persona(persona, changes, version))


@router.delete("/personas/{persona_id}", response={204: None})
def delete_persona(request, persona_id: Id):
    """Delete a persona; its journeys stay, without a persona."""
    services.delete_persona(persona_for(request.auth, persona_id, EDIT))
    return Status(204, None)


@router.post("/personas/{persona_id}/photo", response=PersonaOut)
def upload_persona_photo(request, persona_id: Id, photo: File[UploadedFile]):
    """Upload a photo (JPEG, PNG, WebP or GIF, at most 2 MB; multipart field `photo`)."""
    persona = persona_for(request.auth, persona_id, EDIT)
    return serialize.persona_dict(services.set_persona_photo(persona, photo))


@router.delete("/personas/{persona_id}/photo", response=PersonaOut)
def delete_persona_photo(request, persona_id: Id):
    """Remove the photo; the initials avatar shows again."""
    persona = persona_for(request.auth, persona_id, EDIT)
    return serialize.persona_dict(services.clear_persona_photo(persona))


@router.get("/personas/{persona_id}/photo", response={200: None})
def get_persona_photo(request, persona_id: Id):
    """The photo itself (members only)."""
    persona = persona_for(request.auth, persona_id)
    if not persona.photo:
        raise NotFound(_("This persona has no photo."))
    response = FileResponse(
        persona.photo.open("rb"), content_type=services.photo_content_type(persona)
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


# ---------------------------------------------------------------------------- journeys


@router.get("/workspaces/{workspace_id}/journeys", response=list[JourneyOut])
def list_journeys(
    request,
    workspace_id: Id,
    persona_id: Id | None = None,
    state: Query[StateT | None] = None,
    kind: Query[KindT | None] = None,
):
    """The workspace's journey maps, optionally filtered by persona, state and kind."""
    require_role(request.auth, workspace_id)
    journeys = (
        journeys_for(request.auth).filter(workspace_id=workspace_id).select_related("persona")
    )
    if persona_id is not None:
        journeys = journeys.filter(persona_id=persona_id)
    if state:
        journeys = journeys.filter(state=state)
    if kind:
        journeys = journeys.filter(kind=kind)
    return [serialize.journey_dict(j) for j in journeys]


@router.post("/workspaces/{workspace_id}/journeys", response={201: JourneyOut})
def create_journey(request, workspace_id: Id, payload: JourneyIn):
    """Create a map; by default its lanes are the seven parts of a map."""
    workspace = require_role(request.auth, workspace_id, EDIT).workspace
    journey = services.create_journey(workspace, request.auth, **payload.dict())
    return Status(201, serialize.journey_dict(journey))


@router.get("/journey-templates", response=list[TemplateOut])
def list_templates(request, language: BoundedLine | None = None):
    """Ready-made maps from real examples (school, Emma's shipping, app development …)."""
    return templates.catalogue(language or _language(request))


@router.get("/journey-vocabulary", response=VocabularyOut)
def vocabulary(request, language: BoundedLine | None = None):
    """Every choice (emotions with valence, channels, lane types, evidence, kinds …) with
    its label in the language asked for or the active one."""
    return services.vocabulary(language or _language(request))


@router.post("/workspaces/{workspace_id}/journeys/from-template", response={201: TemplateResultOut})
def create_from_template(request, workspace_id: Id, payload: FromTemplateIn):
    """Create a template's personas and maps in one call, in the chosen language."""
    workspace = require_role(request.auth, workspace_id, EDIT).workspace
    result = templates.create_from_template(workspace, payload.key, payload.language, request.auth)
    return Status(
        201,
        {
            "personas": [serialize.persona_dict(p) for p in result.personas],
            "journeys": [serialize.journey_dict(j) for j in result.journeys],
        },
    )


@router.get("/journeys/{journey_id}", response=JourneyGridOut)
def get_journey(request, journey_id: Id):
    """The whole map in one answer: stages with steps, lanes with cells keyed by step id,
    the emotion curve and the persona."""
    return services.journey_grid(journey_for(request.auth, journey_id), _language(request))


@router.patch("/journeys/{journey_id}", response=JourneyOut)
def update_journey(request, journey_id: Id, payload: JourneyPatch):
    journey = journey_for(request.auth, journey_id, EDIT)
    changes, version = _patch(payload)
    return serialize.journey_dict(services.update_journey(journey, changes, version))


@router.delete("/journeys/{journey_id}", response={204: None})
def delete_journey(request, journey_id: Id):
    services.delete_journey(journey_for(request.auth, journey_id, EDIT))
    return Status(204, None)


@router.post("/journeys/{journey_id}/duplicate", response={201: JourneyOut})
def duplicate_journey(request, journey_id: Id, payload: DuplicateIn):
    """Copy the map with everything on it."""
    journey = journey_for(request.auth, journey_id, EDIT)
    return Status(
        201,
        serialize.journey_dict(services.duplicate_journey(journey, request.auth, payload.title)),
    )


@router.post("/journeys/{journey_id}/future-state", response={201: JourneyOut})
def create_future_state(request, journey_id: Id, payload: DuplicateIn):
    """Copy a current-state map into a linked future-state map."""
    journey = journey_for(request.auth, journey_id, EDIT)
    future = services.create_future_state(journey, request.auth, payload.title)
    return Status(201, serialize.journey_dict(future))


@router.get("/journeys/{journey_id}/compare", response=PairOut)
def compare_states(request, journey_id: Id):
    """Current and future state of the journey, for side-by-side viewing."""
    journey = journey_for(request.auth, journey_id)
    current, future = services.journey_pair(journey)
    language = _language(request)
    return {
        "current": services.journey_grid(current, language),
        "future": services.journey_grid(future, language) if future else None,
    }


@router.get("/journeys/{journey_id}/warnings", response=list[WarningOut])
def journey_warnings(request, journey_id: Id):
    """Peak–end warnings and how much of the map is assumption."""
    return services.journey_warnings(journey_for(request.auth, journey_id), _language(request))


@router.get("/journeys/{journey_id}/emotion-curve", response=list[CurvePointOut])
def emotion_curve(request, journey_id: Id):
    return services.emotion_curve(journey_for(request.auth, journey_id), _language(request))


@router.get("/journeys/{journey_id}/evidence", response=EvidenceOut)
def evidence_summary(request, journey_id: Id):
    """Validated vs assumed items of the map."""
    return services.evidence_summary(journey_for(request.auth, journey_id))


# ---------------------------------------------------------------------------- stages


@router.post("/journeys/{journey_id}/stages", response={201: StageOut})
def add_stage(request, journey_id: Id, payload: StageIn):
    journey = journey_for(request.auth, journey_id, EDIT)
    stage = services.add_stage(
        journey,
        payload.structure_version,
        name=payload.name,
        description=payload.description,
        position=payload.position,
    )
    return Status(201, _with_structure(serialize.stage_dict(stage), journey))


@router.put("/journeys/{journey_id}/stages/order", response=list[StageOut])
def reorder_stages(request, journey_id: Id, payload: OrderIn):
    """Send every stage id of the map, each once, in the new order."""
    journey = journey_for(request.auth, journey_id, EDIT)
    services.reorder_stages(journey, payload.structure_version, payload.ids)
    return [_with_structure(serialize.stage_dict(s), journey) for s in journey.stages.all()]


@router.patch("/stages/{stage_id}", response=StageOut)
def update_stage(request, stage_id: Id, payload: StagePatch):
    stage = stage_for(request.auth, stage_id, EDIT)
    changes, version = _patch(payload)
    return serialize.stage_dict(services.update_stage(stage, changes, version))


@router.delete("/stages/{stage_id}", response={204: None})
def delete_stage(request, stage_id: Id, structure_version: Version):
    """Delete a stage with its steps; pass `?structure_version=`."""
    services.delete_stage(stage_for(request.auth, stage_id, EDIT), structure_version)
    return Status(204, None)


# ---------------------------------------------------------------------------- steps


@router.post("/stages/{stage_id}/steps", response={201: StepOut})
def add_step(request, stage_id: Id, payload: StepIn):
    stage = stage_for(request.auth, stage_id, EDIT)
    data = payload.dict(exclude_none=True)
    structure_version = data.pop("structure_version")
    name = data.pop("name")
    position = data.pop("position", None)
    step = services.add_step(stage, structure_version, name=name, position=position, **data)
    return Status(201, _with_structure(serialize.step_dict(step), stage.journey))


@router.put("/stages/{stage_id}/steps/order", response=list[StepOut])
def reorder_steps(request, stage_id: Id, payload: OrderIn):
    """Send every step id of the stage, each once, in the new order."""
    stage = stage_for(request.auth, stage_id, EDIT)
    services.reorder_steps(stage, payload.structure_version, payload.ids)
    return [_with_structure(serialize.step_dict(s), stage.journey) for s in stage.steps.all()]


@router.patch("/steps/{step_id}", response=StepOut)
def update_step(request, step_id: Id, payload: StepPatch):
    step = step_for(request.auth, step_id, EDIT)
    changes, version = _patch(payload)
    return serialize.step_dict(services.update_step(step, changes, version))


@router.post("/steps/{step_id}/move", response=StepOut)
def move_step(request, step_id: Id, payload: MoveStepIn):
    """Move a step to a stage (of the same map) at a position."""
    step = step_for(request.auth, step_id, EDIT)
    to_stage = stage_for(request.auth, payload.stage_id, EDIT)
    step = services.move_step(step, payload.structure_version, to_stage, payload.position)
    step.refresh_from_db()
    return _with_structure(serialize.step_dict(step), step.journey)


@router.delete("/steps/{step_id}", response={204: None})
def delete_step(request, step_id: Id, structure_version: Version):
    services.delete_step(step_for(request.auth, step_id, EDIT), structure_version)
    return Status(204, None)


# ---------------------------------------------------------------------------- lanes


@router.post("/journeys/{journey_id}/lanes", response={201: LaneOut})
def add_lane(request, journey_id: Id, payload: LaneIn):
    journey = journey_for(request.auth, journey_id, EDIT)
    lane = services.add_lane(
        journey,
        payload.structure_version,
        type=payload.type,
        name=payload.name,
        description=payload.description,
        position=payload.position,
    )
    return Status(201, _with_structure(serialize.lane_dict(lane), journey))


@router.put("/journeys/{journey_id}/lanes/order", response=list[LaneOut])
def reorder_lanes(request, journey_id: Id, payload: OrderIn):
    journey = journey_for(request.auth, journey_id, EDIT)
    services.reorder_lanes(journey, payload.structure_version, payload.ids)
    return [_with_structure(serialize.lane_dict(lane), journey) for lane in journey.lanes.all()]


@router.patch("/lanes/{lane_id}", response=LaneOut)
def update_lane(request, lane_id: Id, payload: LanePatch):
    lane = lane_for(request.auth, lane_id, EDIT)
    changes, version = _patch(payload)
    return serialize.lane_dict(services.update_lane(lane, changes, version))


@router.delete("/lanes/{lane_id}", response={204: None})
def delete_lane(request, lane_id: Id, structure_version: Version):
    services.delete_lane(lane_for(request.auth, lane_id, EDIT), structure_version)
    return Status(204, None)


# ---------------------------------------------------------------------------- cells


@router.put("/journeys/{journey_id}/cells", response=CellOut)
def upsert_cell(request, journey_id: Id, payload: CellIn):
    """Create or change the cell of a lane × step. Send the cell `version` you read (null
    when there was no cell); only the fields you send change."""
    journey = journey_for(request.auth, journey_id, EDIT)
    lane = lane_for(request.auth, payload.lane_id, EDIT)
    step = step_for(request.auth, payload.step_id, EDIT)
    if lane.journey_id != journey.pk or step.journey_id != journey.pk:
        raise NotFound(_("Lane or touchpoint not found in this map."))
    changes, version = _cell_version(payload)
    cell = services.upsert_cell(lane, step, version, changes, request.auth)
    return serialize.cell_dict(cell, _language(request))


@router.get("/cells/{cell_id}", response=CellOut)
def get_cell(request, cell_id: Id):
    return serialize.cell_dict(cell_for(request.auth, cell_id), _language(request))


@router.delete("/cells/{cell_id}", response={204: None})
def delete_cell(request, cell_id: Id, version: Version):
    """Empty a cell; pass `?version=`."""
    services.delete_cell(cell_for(request.auth, cell_id, EDIT), version)
    return Status(204, None)
