"""Journey maps as a whole: create, change, delete, duplicate, and the future state."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from teekond.core.errors import Conflict, Invalid
from teekond.journeys import serialize
from teekond.journeys.edits import clean, is_user, versioned_update
from teekond.journeys.models import (
    Cell,
    Journey,
    JourneyKind,
    JourneyState,
    Lane,
    Persona,
    Stage,
    Step,
)
from teekond.journeys.reading import default_lane_types, lane_type_label

# ---------------------------------------------------------------------------- journeys


# The seven parts of a map (DOMAIN §2) as the default lanes; a service blueprint shows the
# company's part as front stage, back stage and support processes.
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
        created_by=user if is_user(user) else None,
        owner=user if is_user(user) else None,
    )
    clean(journey, exclude=["workspace", "persona", "counterpart", "owner", "created_by"])
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
    return versioned_update(journey, changes, version, JOURNEY_EDITABLE, serialize.journey_dict)


@transaction.atomic
def delete_journey(journey: Journey) -> None:
    journey.delete()


def _copy_map(source: Journey, target: Journey) -> dict[str, dict[int, int]]:
    """Copy stages, steps, lanes and cells (with their evidence) from source to target.
    Returns which copy stands for which original: {"stages"|"steps"|"lanes": {old: new}}."""
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
    return {
        "stages": {old: new.pk for old, new in stage_map.items()},
        "steps": {old: new.pk for old, new in step_map.items()},
        "lanes": {old: new.pk for old, new in lane_map.items()},
    }


@transaction.atomic
def duplicate_journey(journey: Journey, user=None, title: str | None = None) -> Journey:
    return copy_with_ids(journey, user, title)[0]


@transaction.atomic
def copy_with_ids(
    journey: Journey, user=None, title: str | None = None
) -> tuple[Journey, dict[str, dict[int, int]]]:
    """``duplicate_journey`` that also says which copied stage, step and lane stands for which
    original ({"stages"|"steps"|"lanes": {original id: copy id}}), so changes made on the copy
    (a workshop's break-out group) can be carried back item by item."""
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
        created_by=user if is_user(user) else None,
    )
    return copy, _copy_map(journey, copy)


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
        created_by=user if is_user(user) else None,
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
