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

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, F, TextField
from django.utils.translation import gettext as _

from teekond.accounts.models import Membership, Workspace
from teekond.core.errors import Invalid
from teekond.exports.documents import bad_strings, check_envelope, loads, make_document
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


# Bounds of one document: far above any real map (the seed templates have at most a dozen
# stages, forty steps and twenty lanes), low enough that checking one costs little.
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MAX_STAGES = 100
MAX_STEPS = 1_000  # in all stages together
MAX_LANES = 60
MAX_CELLS = 20_000
MAX_TEXT = 20_000  # characters of any one text
MAX_PROBLEMS = 200


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
            value = data[name]
            if isinstance(value, dict | list):
                problems.append({"where": f"{where}.{name}", "message": _("must be a value")})
                continue
            if value is None and not field.null:
                problems.append({"where": f"{where}.{name}", "message": _("may not be null")})
                continue
            if isinstance(field, CharField | TextField) and not isinstance(value, str | None):
                # to_python would turn true into "True", but the raw value is what is stored
                problems.append({"where": f"{where}.{name}", "message": _("must be text")})
                continue
            try:
                setattr(instance, field.attname, field.to_python(value))
            except ValidationError as exc:
                problems.append({"where": f"{where}.{name}", "message": "; ".join(exc.messages)})
            except (TypeError, ValueError, OverflowError):
                problems.append({"where": f"{where}.{name}", "message": _("not a valid value")})
    skip = [f.name for f in model._meta.fields if f.name not in names]
    try:
        instance.clean_fields(exclude=skip)
    except ValidationError as exc:
        for name, errors in exc.message_dict.items():
            problems.append({"where": f"{where}.{name}", "message": "; ".join(errors)})
    return instance


PLACES = [
    (re.compile(r"stages\[(\d+)\]"), lambda n: _("stage %(n)s") % {"n": n}),
    (re.compile(r"steps\[(\d+)\]"), lambda n: _("step %(n)s") % {"n": n}),
    (re.compile(r"lanes\[(\d+)\]"), lambda n: _("lane %(n)s") % {"n": n}),
]


def describe_place(where: str) -> str:
    """ "stages[0].steps[2].name" as a person reads it: "stage 1, step 3, name"."""
    text = where
    for pattern, word in PLACES:
        text = pattern.sub(lambda m, word=word: str(word(int(m.group(1)) + 1)), text)
    return ", ".join(part for part in text.split(".") if part)


def problem_lines(exc: Invalid) -> list[str]:
    """The refusal and each problem once, with its place where it has one."""
    lines = [exc.message]
    for detail in exc.details if isinstance(exc.details, list) else []:
        where, message = detail.get("where", ""), detail.get("message", "")
        line = f"{describe_place(where)}: {message}" if where else message
        if line not in lines:
            lines.append(line)
    return lines[: MAX_PROBLEMS + 1]


def _invalid(problems: list[dict]) -> Invalid:
    return Invalid(_("The journey document is not valid."), details=problems[:MAX_PROBLEMS])


def _check_text(document: dict) -> None:
    """Refuse control characters, NUL, unpaired surrogates and over-long texts anywhere."""
    problems = [
        {"where": where, "message": problem}
        for where, problem in bad_strings(document, limit=MAX_PROBLEMS)
    ]
    stack = [("", document)]
    while stack and len(problems) < MAX_PROBLEMS:
        where, item = stack.pop()
        if isinstance(item, str) and len(item) > MAX_TEXT:
            problems.append({"where": where, "message": _("longer than %d characters") % MAX_TEXT})
        elif isinstance(item, dict):
            stack.extend((f"{where}.{k}" if where else str(k), v) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((f"{where}[{i}]", v) for i, v in enumerate(item))
    if problems:
        raise _invalid(problems)


def _as_list(value) -> list:
    return value if isinstance(value, list) else []


def _check_counts(lanes: list, stages: list) -> None:
    steps = [
        step for stage in stages if isinstance(stage, dict) for step in _as_list(stage.get("steps"))
    ]
    cells = sum(
        len(s["cells"]) for s in steps if isinstance(s, dict) and isinstance(s.get("cells"), dict)
    )
    for count, limit, where in (
        (len(lanes), MAX_LANES, "lanes"),
        (len(stages), MAX_STAGES, "stages"),
        (len(steps), MAX_STEPS, "steps"),
        (cells, MAX_CELLS, "cells"),
    ):
        if count > limit:
            raise _invalid(
                [
                    {
                        "where": where,
                        "message": _("%(count)d are more than the %(limit)d allowed")
                        % {"count": count, "limit": limit},
                    }
                ]
            )


def _key(data, where: str, seen: set, problems: list) -> str | None:
    key = data.get("key") if isinstance(data, dict) else None
    if not isinstance(key, str) or not key or key in seen:
        problems.append({"where": where, "message": _("missing or repeated key")})
        return None
    seen.add(key)
    return key


def validate_document(document) -> None:
    """Raise Invalid listing every problem; nothing is written by validation. Any parsed
    JSON may be given: whatever it holds, only ``Invalid`` is raised."""
    if not isinstance(document, dict):
        raise Invalid(_("The file is not a Teekond document."))
    check_envelope(document, KIND, (VERSION,))
    _check_text(document)
    problems: list[dict] = []
    allowed_top = {"format", "version", "journey", "persona", "lanes", "stages"}
    extra = sorted(set(document) - allowed_top)
    if extra:
        problems.append({"where": "", "message": _("unknown fields: %s") % ", ".join(extra)})
    journey = document.get("journey")
    _check_fields(Journey, journey, JOURNEY_FIELDS, "journey", problems)
    if not any(p["where"].startswith("journey") for p in problems) and (
        not isinstance(journey, dict) or not journey.get("title")
    ):
        problems.append({"where": "journey.title", "message": _("a title is required")})
    if document.get("persona") is not None:
        _check_fields(Persona, document["persona"], _persona_fields(), "persona", problems)
    lanes = document.get("lanes")
    stages = document.get("stages")
    if not isinstance(lanes, list) or not isinstance(stages, list):
        problems.append({"where": "", "message": _("lanes and stages must be lists")})
        raise _invalid(problems)
    _check_counts(lanes, stages)
    lane_keys: set = set()
    for i, lane in enumerate(lanes):
        where = f"lanes[{i}]"
        _check_fields(Lane, lane, LANE_FIELDS, where, problems, exclude=("key",))
        _key(lane, where, lane_keys, problems)
    step_keys: set = set()
    for i, stage in enumerate(stages):
        where = f"stages[{i}]"
        _check_fields(
            Stage, stage, STAGE_FIELDS, where, problems, exclude=("key", "owner", "steps")
        )
        if not isinstance(stage, dict):
            continue
        if not isinstance(stage.get("owner"), str | None):
            problems.append({"where": f"{where}.owner", "message": _("must be a user name")})
        if not isinstance(stage.get("steps"), list | None):
            problems.append({"where": f"{where}.steps", "message": _("must be a list")})
        for j, step in enumerate(_as_list(stage.get("steps"))):
            swhere = f"{where}.steps[{j}]"
            _check_fields(Step, step, STEP_FIELDS, swhere, problems, exclude=("key", "cells"))
            if not isinstance(step, dict):
                continue
            _key(step, swhere, step_keys, problems)
            cells = step.get("cells")
            if not isinstance(cells, dict | None):
                problems.append({"where": f"{swhere}.cells", "message": _("must be an object")})
                continue
            for lane_key, cell in (cells or {}).items():
                if lane_key not in lane_keys:
                    problems.append(
                        {"where": f"{swhere}.cells.{lane_key}", "message": _("unknown lane")}
                    )
                _check_fields(Cell, cell, CELL_FIELDS, f"{swhere}.cells.{lane_key}", problems)
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise _invalid(problems)


def read_document(source) -> dict:
    """Parse and check a journey document (bytes, text or a binary file) within the bounds;
    of a file at most one byte more than the limit is read."""
    data = source if isinstance(source, bytes | str) else source.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise Invalid(
            _("The journey document is larger than %d MB.") % (MAX_DOCUMENT_BYTES // 1024**2)
        )
    document = loads(data, max_containers=4 * (MAX_CELLS + MAX_STEPS + MAX_STAGES + MAX_LANES))
    validate_document(document)
    return document


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
