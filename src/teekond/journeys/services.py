"""Map logic: plain functions over the models, called by the API, the pages and the CLI.

Callers resolve objects through ``teekond.journeys.access`` first (with the role the action
needs); these functions do not check roles again.

Races: ``update_*`` take the ``version`` the caller read and refuse a stale one with
``Conflict`` (``core.versions``: details hold the current version). Structural changes (add, remove,
reorder stages, steps and lanes) take the journey's ``structure_version``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from teekond.core import emotions, versions
from teekond.core.errors import Conflict, Invalid, NotFound
from teekond.core.signals import map_changed
from teekond.journeys import plugins, serialize
from teekond.journeys.models import (
    Cell,
    Evidence,
    Journey,
    JourneyKind,
    JourneyState,
    Lane,
    LaneType,
    Persona,
    Stage,
    Step,
)

# ---------------------------------------------------------------------------- helpers


def _validation_details(exc: ValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": name, "message": " ".join(str(m) for e in errors for m in e.messages)}
            for name, errors in exc.error_dict.items()
        ]
    return [{"field": "", "message": " ".join(exc.messages)}]


def _clean(obj, exclude: Iterable[str] = ()) -> None:
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise Invalid(_("Some values are not valid."), details=_validation_details(exc)) from None


def _versioned_update(obj, changes: dict, version: int | None, allowed: Iterable[str], dump):
    """Apply ``changes`` if ``version`` is still current; one conditional UPDATE, so two
    writers that read the same version cannot both succeed."""
    versions.require_version(version)
    unknown = set(changes) - set(allowed)
    if unknown:
        raise Invalid(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    versions.check_version(obj, version)
    before = {name: getattr(obj, name) for name in changes}
    for name, value in changes.items():
        setattr(obj, name, "" if value is None and _is_text(obj, name) else value)
    _clean(obj, exclude=[f.name for f in obj._meta.fields if f.attname not in changes])
    now = timezone.now()
    values = {name: getattr(obj, name) for name in changes}
    updated = (
        type(obj)
        .objects.filter(pk=obj.pk, version=version)
        .update(version=F("version") + 1, updated_at=now, **values)
    )
    if not updated:
        raise versions.stale(obj)
    obj.version = version + 1
    obj.updated_at = now
    diff = {k: [before[k], v] for k, v in values.items() if before[k] != v}
    map_changed.send(sender=type(obj), instance=obj, changes=diff)  # the audit log
    return obj


def _is_text(obj, attname: str) -> bool:
    field_ = next((f for f in obj._meta.fields if f.attname == attname), None)
    return field_ is not None and field_.get_internal_type() in ("CharField", "TextField")


def _bump_structure(journey: Journey, structure_version: int | None) -> None:
    versions.require_version(structure_version, "structure_version")
    updated = Journey.objects.filter(pk=journey.pk, structure_version=structure_version).update(
        structure_version=F("structure_version") + 1
    )
    if not updated:
        raise versions.stale(journey, "structure_version")
    journey.structure_version = structure_version + 1


def _renumber(objects: Iterable) -> None:
    for position, obj in enumerate(objects):
        if obj.position != position:
            type(obj).objects.filter(pk=obj.pk).update(position=position)
            obj.position = position


def _log_order(owner, field: str, before: list, after: list) -> None:
    """Write a reorder to the audit log: ``field`` of ``owner`` from one order of names to
    another (``map_changed``; the renumbering itself is a queryset UPDATE, no signal)."""
    old, new = ", ".join(o.name for o in before), ", ".join(o.name for o in after)
    if old != new:
        map_changed.send(sender=type(owner), instance=owner, changes={field: [old, new]})


def _insert_at(siblings: list, new, position: int | None) -> None:
    siblings = list(siblings)
    if position is None or position > len(siblings):
        position = len(siblings)
    if position < 0:
        raise Invalid(_("The position cannot be negative."))
    siblings.insert(position, new)
    _renumber(siblings)


def _check_order(given: list[int], existing: Iterable[int]) -> None:
    existing_ids = list(existing)
    if len(given) != len(set(given)):
        raise Invalid(_("The new order lists an item twice."), details={"ids": given})
    if set(given) != set(existing_ids):
        raise Invalid(
            _(
                "The new order must list every item of this map exactly once, none "
                "missing and none from elsewhere."
            ),
            details={
                "missing": sorted(set(existing_ids) - set(given)),
                "unknown": sorted(set(given) - set(existing_ids)),
            },
        )


# ---------------------------------------------------------------------------- personas


def create_persona(workspace, user, data: dict) -> Persona:
    unknown = set(data) - set(serialize.PERSONA_FIELDS)
    if unknown:
        raise Invalid(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    persona = Persona(workspace=workspace, created_by=user if _is_user(user) else None)
    for name, value in data.items():
        setattr(
            persona, name, "" if value is None and name in serialize.PERSONA_TEXT_FIELDS else value
        )
    _clean(persona, exclude=["workspace", "photo", "created_by"])
    persona.save()
    return persona


def _is_user(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def update_persona(persona: Persona, changes: dict, version: int | None) -> Persona:
    return _versioned_update(
        persona, changes, version, serialize.PERSONA_FIELDS, serialize.persona_dict
    )


def delete_persona(persona: Persona) -> None:
    if persona.photo:
        persona.photo.delete(save=False)
    persona.delete()


PHOTO_MAX_BYTES = 2 * 1024 * 1024
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
PHOTO_MAX_PIXELS = 40_000_000


def set_persona_photo(persona: Persona, upload) -> Persona:
    """Store an uploaded photo after checking its size and that it really is an image in an
    allowed format (the content is inspected; the file name and declared type are not
    trusted)."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > PHOTO_MAX_BYTES:
        raise Invalid(
            _("The photo is too large: at most %(mb)s MB.") % {"mb": PHOTO_MAX_BYTES // 2**20}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            if image.width * image.height > PHOTO_MAX_PIXELS:
                raise Invalid(_("The photo has too many pixels."))
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise Invalid(_("The file is not an image Teekond can show.")) from None
    if image_format not in PHOTO_FORMATS:
        raise Invalid(_("Upload a JPEG, PNG, WebP or GIF image."))
    upload.seek(0)
    old = persona.photo.name if persona.photo else ""
    name = f"{secrets.token_hex(12)}.{PHOTO_FORMATS[image_format]}"
    persona.photo.save(name, upload, save=False)
    Persona.objects.filter(pk=persona.pk).update(photo=persona.photo.name, version=F("version") + 1)
    persona.version += 1
    if old and old != persona.photo.name:
        persona.photo.storage.delete(old)
    return persona


def clear_persona_photo(persona: Persona) -> Persona:
    if persona.photo:
        persona.photo.delete(save=False)
        Persona.objects.filter(pk=persona.pk).update(photo="", version=F("version") + 1)
        persona.version += 1
    return persona


def photo_content_type(persona: Persona) -> str:
    ext = persona.photo.name.rsplit(".", 1)[-1].lower()
    return {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp", "gif": "image/gif"}.get(
        ext, "application/octet-stream"
    )


# ---------------------------------------------------------------------------- journeys

# The seven parts of a map (DOMAIN §2) as the default lanes; a service blueprint shows the
# company's part as front stage, back stage and support processes.
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


def _check_persona(workspace_id: int, persona_id: int | None) -> None:
    if (
        persona_id is not None
        and not Persona.objects.filter(pk=persona_id, workspace_id=workspace_id).exists()
    ):
        raise Invalid(
            _("The persona is not in this workspace."),
            details=[{"field": "persona_id", "message": ""}],
        )


@transaction.atomic
def create_journey(
    workspace,
    user,
    *,
    title: str,
    persona_id: int | None = None,
    description: str = "",
    goal: str = "",
    kind: str = JourneyKind.HOLISTIC,
    state: str = JourneyState.CURRENT,
    language: str = "et",
    default_lanes: bool = True,
    stages: Iterable[str] = (),
    template_key: str = "",
) -> Journey:
    _check_persona(workspace.pk, persona_id)
    journey = Journey(
        workspace=workspace,
        persona_id=persona_id,
        title=title,
        description=description,
        goal=goal,
        kind=kind,
        state=state,
        language=language,
        template_key=template_key,
        created_by=user if _is_user(user) else None,
        owner=user if _is_user(user) else None,
    )
    _clean(journey, exclude=["workspace", "persona", "counterpart", "owner", "created_by"])
    journey.save()
    if default_lanes:
        Lane.objects.bulk_create(
            Lane(journey=journey, position=i, type=t, name=lane_type_label(t, language))
            for i, t in enumerate(default_lane_types(kind))
        )
    Stage.objects.bulk_create(
        Stage(journey=journey, position=i, name=name) for i, name in enumerate(stages)
    )
    return journey


JOURNEY_EDITABLE = ("title", "description", "goal", "kind", "language", "persona_id", "owner_id")


def update_journey(journey: Journey, changes: dict, version: int | None) -> Journey:
    if "persona_id" in changes:
        _check_persona(journey.workspace_id, changes["persona_id"])
    if changes.get("owner_id") is not None:
        from teekond.accounts.models import Membership

        if not Membership.objects.filter(
            workspace_id=journey.workspace_id, user_id=changes["owner_id"]
        ).exists():
            raise Invalid(_("The owner must be a member of this workspace."))
    return _versioned_update(journey, changes, version, JOURNEY_EDITABLE, serialize.journey_dict)


@transaction.atomic
def delete_journey(journey: Journey) -> None:
    journey.delete()


def _copy_map(source: Journey, target: Journey) -> None:
    """Copy stages, steps, lanes and cells (with their evidence) from source to target."""
    stage_map, step_map, lane_map = {}, {}, {}
    for stage in source.stages.all():
        stage_map[stage.pk] = Stage.objects.create(
            journey=target,
            position=stage.position,
            name=stage.name,
            description=stage.description,
            owner_id=stage.owner_id,
        )
    for step in Step.objects.filter(journey=source):
        new = Step(journey=target, stage=stage_map[step.stage_id], position=step.position)
        for name in serialize.STEP_FIELDS:
            setattr(new, name, getattr(step, name))
        new.save()
        step_map[step.pk] = new
    for lane in source.lanes.all():
        lane_map[lane.pk] = Lane.objects.create(
            journey=target,
            position=lane.position,
            type=lane.type,
            name=lane.name,
            description=lane.description,
        )
    cells = []
    for cell in Cell.objects.filter(journey=source):
        new = Cell(journey=target, lane=lane_map[cell.lane_id], step=step_map[cell.step_id])
        for name in serialize.CELL_FIELDS:
            setattr(new, name, getattr(cell, name))
        cells.append(new)
    Cell.objects.bulk_create(cells)


@transaction.atomic
def duplicate_journey(journey: Journey, user=None, title: str | None = None) -> Journey:
    with translation.override(journey.language):
        default_title = _("%(title)s (copy)") % {"title": journey.title}
    copy = Journey.objects.create(
        workspace=journey.workspace,
        persona=journey.persona,
        title=(title or default_title)[:200],
        description=journey.description,
        goal=journey.goal,
        kind=journey.kind,
        state=journey.state,
        language=journey.language,
        template_key=journey.template_key,
        owner=journey.owner,
        created_by=user if _is_user(user) else None,
    )
    _copy_map(journey, copy)
    return copy


@transaction.atomic
def create_future_state(journey: Journey, user=None, title: str | None = None) -> Journey:
    """Copy a current-state map into a new future-state ("dream") map linked to it."""
    journey = Journey.objects.select_for_update().get(pk=journey.pk)
    if journey.state != JourneyState.CURRENT:
        raise Invalid(_("A future state is made from a current-state map."))
    if journey.counterpart_id is not None:
        raise Conflict(
            _("This map has a future state already."),
            details={"counterpart_id": journey.counterpart_id},
        )
    with translation.override(journey.language):
        default_title = _("%(title)s: future state") % {"title": journey.title}
    future = Journey.objects.create(
        workspace=journey.workspace,
        persona=journey.persona,
        title=(title or default_title)[:200],
        description=journey.description,
        goal=journey.goal,
        kind=journey.kind,
        state=JourneyState.FUTURE,
        counterpart=journey,
        language=journey.language,
        template_key=journey.template_key,
        owner=journey.owner,
        created_by=user if _is_user(user) else None,
    )
    _copy_map(journey, future)
    # Conditional, so two people pressing the button at once cannot both link a future.
    if not Journey.objects.filter(pk=journey.pk, counterpart__isnull=True).update(
        counterpart=future
    ):
        raise Conflict(_("This map has a future state already."))
    journey.counterpart = future
    return future


def journey_pair(journey: Journey) -> tuple[Journey, Journey | None]:
    """(current, future) for side-by-side viewing; future is None when there is none yet."""
    other = journey.counterpart
    if journey.state == JourneyState.FUTURE:
        return (other, journey) if other else (journey, None)
    return journey, other


# ---------------------------------------------------------------------------- stages


@transaction.atomic
def add_stage(
    journey: Journey,
    structure_version: int | None,
    *,
    name: str,
    description: str = "",
    position: int | None = None,
) -> Stage:
    _bump_structure(journey, structure_version)
    stage = Stage(journey=journey, name=name, description=description, position=0)
    _clean(stage, exclude=["journey", "owner"])
    stage.save()
    _insert_at(journey.stages.exclude(pk=stage.pk), stage, position)
    return stage


def update_stage(stage: Stage, changes: dict, version: int | None) -> Stage:
    if changes.get("owner_id") is not None:
        from teekond.accounts.models import Membership

        if not Membership.objects.filter(
            workspace_id=stage.journey.workspace_id, user_id=changes["owner_id"]
        ).exists():
            raise Invalid(_("The owner must be a member of this workspace."))
    return _versioned_update(stage, changes, version, serialize.STAGE_FIELDS, serialize.stage_dict)


@transaction.atomic
def delete_stage(stage: Stage, structure_version: int | None) -> None:
    journey = stage.journey
    _bump_structure(journey, structure_version)
    stage.delete()
    _renumber(journey.stages.all())


@transaction.atomic
def reorder_stages(journey: Journey, structure_version: int | None, ids: list[int]) -> None:
    _check_order(ids, journey.stages.values_list("pk", flat=True))
    _bump_structure(journey, structure_version)
    before = list(journey.stages.order_by("position", "pk"))
    by_id = {s.pk: s for s in before}
    _renumber([by_id[i] for i in ids])
    _log_order(journey, "stages", before, [by_id[i] for i in ids])


# ---------------------------------------------------------------------------- steps

STEP_CREATE_FIELDS = tuple(f for f in serialize.STEP_FIELDS if f != "name")


@transaction.atomic
def add_step(
    stage: Stage,
    structure_version: int | None,
    *,
    name: str,
    position: int | None = None,
    **attrs,
) -> Step:
    unknown = set(attrs) - set(STEP_CREATE_FIELDS)
    if unknown:
        raise Invalid(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    _bump_structure(stage.journey, structure_version)
    step = Step(journey_id=stage.journey_id, stage=stage, name=name, position=0)
    for key, value in attrs.items():
        setattr(step, key, value)
    _clean(step, exclude=["journey", "stage"])
    step.save()
    _insert_at(stage.steps.exclude(pk=step.pk), step, position)
    return step


def update_step(step: Step, changes: dict, version: int | None) -> Step:
    return _versioned_update(step, changes, version, serialize.STEP_FIELDS, serialize.step_dict)


@transaction.atomic
def delete_step(step: Step, structure_version: int | None) -> None:
    stage = step.stage
    _bump_structure(step.journey, structure_version)
    step.delete()
    _renumber(stage.steps.all())


@transaction.atomic
def reorder_steps(stage: Stage, structure_version: int | None, ids: list[int]) -> None:
    _check_order(ids, stage.steps.values_list("pk", flat=True))
    _bump_structure(stage.journey, structure_version)
    before = list(stage.steps.order_by("position", "pk"))
    by_id = {s.pk: s for s in before}
    _renumber([by_id[i] for i in ids])
    _log_order(stage, "steps", before, [by_id[i] for i in ids])


@transaction.atomic
def move_step(
    step: Step, structure_version: int | None, to_stage: Stage, position: int | None = None
) -> Step:
    """Move a step to another stage (or within its own) at ``position`` (end when None)."""
    if to_stage.journey_id != step.journey_id:
        raise Invalid(_("A touchpoint can only move to a stage of the same map."))
    _bump_structure(step.journey, structure_version)
    from_stage = step.stage
    before = list(to_stage.steps.order_by("position", "pk"))
    Step.objects.filter(pk=step.pk).update(stage=to_stage)
    step.stage = to_stage
    _insert_at(to_stage.steps.exclude(pk=step.pk), step, position)
    if from_stage.pk != to_stage.pk:
        _renumber(Step.objects.filter(stage_id=from_stage.pk))
        map_changed.send(
            sender=Step, instance=step, changes={"stage": [from_stage.name, to_stage.name]}
        )
    else:
        _log_order(to_stage, "steps", before, list(to_stage.steps.order_by("position", "pk")))
    return step


# ---------------------------------------------------------------------------- lanes


@transaction.atomic
def add_lane(
    journey: Journey,
    structure_version: int | None,
    *,
    type: str,
    name: str = "",
    description: str = "",
    position: int | None = None,
) -> Lane:
    if type not in LaneType.values:
        raise Invalid(_("Unknown lane type."), details=[{"field": "type", "message": type}])
    _bump_structure(journey, structure_version)
    lane = Lane(
        journey=journey,
        type=type,
        name=name.strip() or lane_type_label(type, journey.language),
        description=description,
        position=0,
    )
    _clean(lane, exclude=["journey"])
    lane.save()
    _insert_at(journey.lanes.exclude(pk=lane.pk), lane, position)
    return lane


def update_lane(lane: Lane, changes: dict, version: int | None) -> Lane:
    return _versioned_update(lane, changes, version, ("name", "description"), serialize.lane_dict)


@transaction.atomic
def delete_lane(lane: Lane, structure_version: int | None) -> None:
    journey = lane.journey
    _bump_structure(journey, structure_version)
    lane.delete()
    _renumber(journey.lanes.all())


@transaction.atomic
def reorder_lanes(journey: Journey, structure_version: int | None, ids: list[int]) -> None:
    _check_order(ids, journey.lanes.values_list("pk", flat=True))
    _bump_structure(journey, structure_version)
    before = list(journey.lanes.order_by("position", "pk"))
    by_id = {lane.pk: lane for lane in before}
    _renumber([by_id[i] for i in ids])
    _log_order(journey, "lanes", before, [by_id[i] for i in ids])


# ---------------------------------------------------------------------------- cells


@transaction.atomic
def upsert_cell(lane: Lane, step: Step, version: int | None, changes: dict, user=None) -> Cell:
    """Create or change the cell of ``lane`` × ``step``.

    ``version`` is the cell version the caller read; ``None`` or 0 means "I saw no cell".
    If someone created or changed the cell since, the write is refused with Conflict.
    """
    if lane.journey_id != step.journey_id:
        raise Invalid(_("The lane and the touchpoint belong to different maps."))
    unknown = set(changes) - set(serialize.CELL_FIELDS)
    if unknown:
        raise Invalid(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if changes.get("emotion") and changes["emotion"] not in emotions.BY_KEY:
        raise Invalid(
            _("Unknown emotion."), details=[{"field": "emotion", "message": changes["emotion"]}]
        )
    cell = Cell.objects.filter(lane=lane, step=step).first()
    dump = serialize.cell_dict
    if cell is None:
        if version:
            raise versions.conflict(None)  # the cell they read was deleted
        cell = Cell(
            journey_id=lane.journey_id,
            lane=lane,
            step=step,
            updated_by=user if _is_user(user) else None,
        )
        for name, value in changes.items():
            setattr(cell, name, "" if value is None and _is_text(cell, name) else value)
        _clean(cell, exclude=["journey", "lane", "step", "updated_by"])
        try:
            with transaction.atomic():
                cell.save()
        except IntegrityError:
            # Someone created it between our look and our insert (unique lane × step).
            existing = Cell.objects.filter(lane=lane, step=step).first()
            if existing is None:
                raise
            raise versions.conflict(existing.version) from None
        return cell
    if not version:
        raise versions.conflict(cell.version)
    _versioned_update(cell, changes, version, serialize.CELL_FIELDS, dump)
    if _is_user(user):
        Cell.objects.filter(pk=cell.pk).update(updated_by=user)
    return cell


def delete_cell(cell: Cell, version: int | None) -> None:
    versions.check_version(cell, version)
    if not Cell.objects.filter(pk=cell.pk, version=version).delete()[0]:
        raise versions.stale(cell)


# ---------------------------------------------------------------------------- reading


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


def set_step_valence(step: Step, valence: int, version: int | None, user=None) -> Cell:
    """Move a step's point on the emotion curve (the first emotion lane's cell)."""
    lane = emotion_lane(step.journey)
    if lane is None:
        raise Invalid(
            _("The map has no emotion lane: add one to see the customer's emotion curve.")
        )
    return upsert_cell(lane, step, version, {"valence": valence}, user)


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
