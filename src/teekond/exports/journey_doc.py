"""The journey document: ``{"format": "teekond.journey", "version": 1, ...}``.

One journey with its persona, lanes, stages, steps and cells, without database ids,
versions, timestamps or the workspace, so it can be imported into any workspace and
exported again to the identical document. Stage owners travel as user names and are kept
only where that user is a member of the target workspace. Lanes and steps are named by
local keys (``L1``, ``T1``…) that are their order in the document.

The same document is the content of a saved version (a snapshot) of a journey; restoring a
version replaces the journey's content with it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from teekond.accounts.models import Membership, Workspace
from teekond.core.errors import Invalid
from teekond.exports.documents import check_envelope, make_document
from teekond.journeys import serialize
from teekond.journeys.models import Cell, Journey, Lane, Persona, Stage, Step

KIND = "journey"
VERSION = 1


def _without_ids(fields: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f for f in fields if not f.endswith("_id"))


# The content fields have one home, the map's serializer (``journeys.serialize``); a document
# leaves out the ids (it refers to its parts by key) and adds the template a map came from.
JOURNEY_FIELDS = (*_without_ids(serialize.JOURNEY_FIELDS), "template_key")
STAGE_FIELDS = _without_ids(serialize.STAGE_FIELDS)
STEP_FIELDS = serialize.STEP_FIELDS
LANE_FIELDS = serialize.LANE_FIELDS
CELL_FIELDS = serialize.CELL_FIELDS
PERSONA_SKIP = {"id", "workspace", "photo", "version", "created_at", "updated_at", "created_by"}


def _persona_fields() -> list[str]:
    return [
        f.name
        for f in Persona._meta.concrete_fields
        if f.name not in PERSONA_SKIP and not f.is_relation
    ]


def _values(obj, names) -> dict:
    return {name: getattr(obj, name) for name in names}


def journey_document(journey: Journey) -> dict:
    lanes = list(journey.lanes.order_by("position", "id"))
    lane_keys = {lane.pk: f"L{i}" for i, lane in enumerate(lanes, 1)}
    stages = list(journey.stages.order_by("position", "id").select_related("owner"))
    steps_by_stage: dict[int, list[Step]] = {}
    for step in journey.steps.order_by("position", "id"):
        steps_by_stage.setdefault(step.stage_id, []).append(step)
    cells: dict[int, dict[str, dict]] = {}
    for cell in journey.cells.all():
        if cell.is_empty and cell.evidence == "assumption" and not cell.evidence_note:
            continue
        cells.setdefault(cell.step_id, {})[lane_keys[cell.lane_id]] = _values(cell, CELL_FIELDS)
    step_no = 0
    stage_docs = []
    for i, stage in enumerate(stages, 1):
        step_docs = []
        for step in steps_by_stage.get(stage.pk, []):
            step_no += 1
            step_docs.append(
                {
                    "key": f"T{step_no}",
                    **_values(step, STEP_FIELDS),
                    "cells": dict(
                        sorted(cells.get(step.pk, {}).items(), key=lambda kv: int(kv[0][1:]))
                    ),
                }
            )
        stage_docs.append(
            {
                "key": f"S{i}",
                **_values(stage, STAGE_FIELDS),
                "owner": stage.owner.username if stage.owner else None,
                "steps": step_docs,
            }
        )
    persona = journey.persona
    return make_document(
        KIND,
        VERSION,
        {
            "journey": _values(journey, JOURNEY_FIELDS),
            "persona": _values(persona, _persona_fields()) if persona else None,
            "lanes": [{"key": lane_keys[lane.pk], **_values(lane, LANE_FIELDS)} for lane in lanes],
            "stages": stage_docs,
        },
    )


# --- reading ------------------------------------------------------------------------------


def _check_fields(model, data, names, where, problems, exclude=()):
    if not isinstance(data, dict):
        problems.append({"where": where, "message": _("must be an object")})
        return None
    unknown = sorted(set(data) - set(names) - set(exclude))
    if unknown:
        problems.append({"where": where, "message": _("unknown fields: %s") % ", ".join(unknown)})
    instance = model()
    for name in names:
        if name in data:
            field = model._meta.get_field(name)
            try:
                setattr(instance, field.attname, field.to_python(data[name]))
            except ValidationError as exc:
                problems.append({"where": f"{where}.{name}", "message": "; ".join(exc.messages)})
    skip = [f.name for f in model._meta.fields if f.name not in names]
    try:
        instance.clean_fields(exclude=skip)
    except ValidationError as exc:
        for name, errors in exc.message_dict.items():
            problems.append({"where": f"{where}.{name}", "message": "; ".join(errors)})
    return instance


def validate_document(document: dict) -> None:
    """Raise Invalid listing every problem; nothing is written by validation."""
    check_envelope(document, KIND, (VERSION,))
    problems: list[dict] = []
    allowed_top = {"format", "version", "journey", "persona", "lanes", "stages"}
    extra = sorted(set(document) - allowed_top)
    if extra:
        problems.append({"where": "", "message": _("unknown fields: %s") % ", ".join(extra)})
    _check_fields(Journey, document.get("journey"), JOURNEY_FIELDS, "journey", problems)
    if not (document.get("journey") or {}).get("title"):
        problems.append({"where": "journey.title", "message": _("a title is required")})
    if document.get("persona") is not None:
        _check_fields(Persona, document["persona"], _persona_fields(), "persona", problems)
    lanes = document.get("lanes")
    stages = document.get("stages")
    if not isinstance(lanes, list) or not isinstance(stages, list):
        problems.append({"where": "", "message": _("lanes and stages must be lists")})
        raise Invalid(_("The journey document is not valid."), details=problems)
    lane_keys = set()
    for i, lane in enumerate(lanes):
        where = f"lanes[{i}]"
        _check_fields(Lane, lane, LANE_FIELDS, where, problems, exclude=("key",))
        key = lane.get("key") if isinstance(lane, dict) else None
        if not key or key in lane_keys:
            problems.append({"where": where, "message": _("missing or repeated key")})
        lane_keys.add(key)
    step_keys = set()
    for i, stage in enumerate(stages):
        where = f"stages[{i}]"
        _check_fields(
            Stage, stage, STAGE_FIELDS, where, problems, exclude=("key", "owner", "steps")
        )
        for j, step in enumerate(
            (stage or {}).get("steps") or [] if isinstance(stage, dict) else []
        ):
            swhere = f"{where}.steps[{j}]"
            _check_fields(Step, step, STEP_FIELDS, swhere, problems, exclude=("key", "cells"))
            key = step.get("key") if isinstance(step, dict) else None
            if not key or key in step_keys:
                problems.append({"where": swhere, "message": _("missing or repeated key")})
            step_keys.add(key)
            for lane_key, cell in ((step or {}).get("cells") or {}).items():
                if lane_key not in lane_keys:
                    problems.append(
                        {"where": f"{swhere}.cells.{lane_key}", "message": _("unknown lane")}
                    )
                _check_fields(Cell, cell, CELL_FIELDS, f"{swhere}.cells.{lane_key}", problems)
    if problems:
        raise Invalid(_("The journey document is not valid."), details=problems[:200])


def _pick(data: dict, names) -> dict:
    return {name: data[name] for name in names if name in data}


def _write_content(journey: Journey, document: dict) -> None:
    """Create the lanes, stages, steps and cells of ``document`` in an empty journey."""
    workspace = journey.workspace
    members = {
        m.user.username: m.user
        for m in Membership.objects.filter(workspace=workspace).select_related("user")
    }
    lanes = {}
    for position, lane in enumerate(document["lanes"]):
        lanes[lane["key"]] = Lane.objects.create(
            journey=journey, position=position, **_pick(lane, LANE_FIELDS)
        )
    for s_pos, stage_doc in enumerate(document["stages"]):
        stage = Stage.objects.create(
            journey=journey,
            position=s_pos,
            owner=members.get(stage_doc.get("owner") or ""),
            **_pick(stage_doc, STAGE_FIELDS),
        )
        for t_pos, step_doc in enumerate(stage_doc.get("steps") or []):
            step = Step.objects.create(
                journey=journey, stage=stage, position=t_pos, **_pick(step_doc, STEP_FIELDS)
            )
            Cell.objects.bulk_create(
                Cell(journey=journey, lane=lanes[key], step=step, **_pick(cell, CELL_FIELDS))
                for key, cell in (step_doc.get("cells") or {}).items()
            )


@transaction.atomic
def import_journey(
    workspace: Workspace, user, document: dict, *, title: str | None = None
) -> Journey:
    """Create a new journey (and its persona) in ``workspace`` from a document."""
    validate_document(document)
    persona = None
    if document.get("persona"):
        persona = Persona.objects.create(
            workspace=workspace,
            created_by=user if getattr(user, "is_authenticated", False) else None,
            **_pick(document["persona"], _persona_fields()),
        )
    data = _pick(document["journey"], JOURNEY_FIELDS)
    if title:
        data["title"] = title
    journey = Journey.objects.create(
        workspace=workspace,
        persona=persona,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        owner=user if getattr(user, "is_authenticated", False) else None,
        **data,
    )
    _write_content(journey, document)
    return journey


@transaction.atomic
def replace_content(journey: Journey, document: dict) -> Journey:
    """Make ``journey`` hold exactly the document's content (used to restore a version).
    Its persona link, id, comments and backlog stay; the structure version moves on so open
    editors see a conflict instead of writing into removed steps."""
    validate_document(document)
    journey.cells.all().delete()
    journey.steps.all().delete()
    journey.stages.all().delete()
    journey.lanes.all().delete()
    data = _pick(document["journey"], JOURNEY_FIELDS)
    Journey.objects.filter(pk=journey.pk).update(
        **data, version=F("version") + 1, structure_version=F("structure_version") + 1
    )
    journey.refresh_from_db()
    _write_content(journey, document)
    return journey
