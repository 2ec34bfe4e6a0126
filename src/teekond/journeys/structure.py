"""The map's structure and content: stages, steps (touchpoints), lanes and cells.

Structural changes (add, remove, reorder) take the journey's ``structure_version``; changes
to one item take its ``version`` (``core.versions``).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from teekond.core import emotions, versions
from teekond.core.errors import Invalid
from teekond.core.signals import map_changed
from teekond.journeys import serialize
from teekond.journeys.edits import (
    bump_structure,
    check_order,
    clean,
    insert_at,
    is_text,
    is_user,
    log_order,
    renumber,
    versioned_update,
)
from teekond.journeys.models import (
    Cell,
    Journey,
    Lane,
    LaneType,
    Stage,
    Step,
)
from teekond.journeys.reading import emotion_lane, lane_type_label

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
    bump_structure(journey, structure_version)
    stage = Stage(journey=journey, name=name, description=description, position=0)
    clean(stage, exclude=["journey", "owner"])
    stage.save()
    insert_at(journey.stages.exclude(pk=stage.pk), stage, position)
    return stage


def update_stage(stage: Stage, changes: dict, version: int | None) -> Stage:
    if changes.get("owner_id") is not None:
        from teekond.accounts.models import Membership

        if not Membership.objects.filter(
            workspace_id=stage.journey.workspace_id, user_id=changes["owner_id"]
        ).exists():
            raise Invalid(_("The owner must be a member of this workspace."))
    return versioned_update(stage, changes, version, serialize.STAGE_FIELDS, serialize.stage_dict)


@transaction.atomic
def delete_stage(stage: Stage, structure_version: int | None) -> None:
    journey = stage.journey
    bump_structure(journey, structure_version)
    stage.delete()
    renumber(journey.stages.all())


@transaction.atomic
def reorder_stages(journey: Journey, structure_version: int | None, ids: list[int]) -> None:
    check_order(ids, journey.stages.values_list("pk", flat=True))
    bump_structure(journey, structure_version)
    before = list(journey.stages.order_by("position", "pk"))
    by_id = {s.pk: s for s in before}
    renumber([by_id[i] for i in ids])
    log_order(journey, "stages", before, [by_id[i] for i in ids])


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
    bump_structure(stage.journey, structure_version)
    step = Step(journey_id=stage.journey_id, stage=stage, name=name, position=0)
    for key, value in attrs.items():
        setattr(step, key, value)
    clean(step, exclude=["journey", "stage"])
    step.save()
    insert_at(stage.steps.exclude(pk=step.pk), step, position)
    return step


def update_step(step: Step, changes: dict, version: int | None) -> Step:
    return versioned_update(step, changes, version, serialize.STEP_FIELDS, serialize.step_dict)


@transaction.atomic
def delete_step(step: Step, structure_version: int | None) -> None:
    stage = step.stage
    bump_structure(step.journey, structure_version)
    step.delete()
    renumber(stage.steps.all())


@transaction.atomic
def reorder_steps(stage: Stage, structure_version: int | None, ids: list[int]) -> None:
    check_order(ids, stage.steps.values_list("pk", flat=True))
    bump_structure(stage.journey, structure_version)
    before = list(stage.steps.order_by("position", "pk"))
    by_id = {s.pk: s for s in before}
    renumber([by_id[i] for i in ids])
    log_order(stage, "steps", before, [by_id[i] for i in ids])


@transaction.atomic
def move_step(
    step: Step, structure_version: int | None, to_stage: Stage, position: int | None = None
) -> Step:
    """Move a step to another stage (or within its own) at ``position`` (end when None)."""
    if to_stage.journey_id != step.journey_id:
        raise Invalid(_("A touchpoint can only move to a stage of the same map."))
    bump_structure(step.journey, structure_version)
    from_stage = step.stage
    before = list(to_stage.steps.order_by("position", "pk"))
    Step.objects.filter(pk=step.pk).update(stage=to_stage)
    step.stage = to_stage
    insert_at(to_stage.steps.exclude(pk=step.pk), step, position)
    if from_stage.pk != to_stage.pk:
        renumber(Step.objects.filter(stage_id=from_stage.pk))
        map_changed.send(
            sender=Step, instance=step, changes={"stage": [from_stage.name, to_stage.name]}
        )
    else:
        log_order(to_stage, "steps", before, list(to_stage.steps.order_by("position", "pk")))
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
    bump_structure(journey, structure_version)
    lane = Lane(
        journey=journey,
        type=type,
        name=name.strip() or lane_type_label(type, journey.language),
        description=description,
        position=0,
    )
    clean(lane, exclude=["journey"])
    lane.save()
    insert_at(journey.lanes.exclude(pk=lane.pk), lane, position)
    return lane


def update_lane(lane: Lane, changes: dict, version: int | None) -> Lane:
    return versioned_update(lane, changes, version, ("name", "description"), serialize.lane_dict)


@transaction.atomic
def delete_lane(lane: Lane, structure_version: int | None) -> None:
    journey = lane.journey
    bump_structure(journey, structure_version)
    lane.delete()
    renumber(journey.lanes.all())


@transaction.atomic
def reorder_lanes(journey: Journey, structure_version: int | None, ids: list[int]) -> None:
    check_order(ids, journey.lanes.values_list("pk", flat=True))
    bump_structure(journey, structure_version)
    before = list(journey.lanes.order_by("position", "pk"))
    by_id = {lane.pk: lane for lane in before}
    renumber([by_id[i] for i in ids])
    log_order(journey, "lanes", before, [by_id[i] for i in ids])


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
            updated_by=user if is_user(user) else None,
        )
        for name, value in changes.items():
            setattr(cell, name, "" if value is None and is_text(cell, name) else value)
        clean(cell, exclude=["journey", "lane", "step", "updated_by"])
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
    versioned_update(cell, changes, version, serialize.CELL_FIELDS, dump)
    if is_user(user):
        Cell.objects.filter(pk=cell.pk).update(updated_by=user)
    return cell


def delete_cell(cell: Cell, version: int | None) -> None:
    versions.check_version(cell, version)
    if not Cell.objects.filter(pk=cell.pk, version=version).delete()[0]:
        raise versions.stale(cell)


def set_step_valence(step: Step, valence: int, version: int | None, user=None) -> Cell:
    """Move a step's point on the emotion curve (the first emotion lane's cell)."""
    lane = emotion_lane(step.journey)
    if lane is None:
        raise Invalid(
            _("The map has no emotion lane: add one to see the customer's emotion curve.")
        )
    return upsert_cell(lane, step, version, {"valence": valence}, user)
