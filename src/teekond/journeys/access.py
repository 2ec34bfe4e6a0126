"""Who may see and change personas and maps: querysets that only hold what the user may see.

Reading needs any role in the workspace (viewer, editor, owner); writing needs editor or
owner. An object in a workspace the user is not a member of is ``NotFound``, never
``Forbidden``, so its existence does not leak.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from teekond.accounts.access import require_role
from teekond.accounts.models import Role
from teekond.core.errors import NotFound
from teekond.journeys.models import Cell, Journey, Lane, Persona, Stage, Step


def _visible_workspace_filter(user, prefix: str = "") -> dict:
    return {f"{prefix}workspace__memberships__user": user}


def personas_for(user) -> QuerySet[Persona]:
    if not user.is_authenticated:
        return Persona.objects.none()
    return Persona.objects.filter(**_visible_workspace_filter(user)).distinct()


def journeys_for(user) -> QuerySet[Journey]:
    if not user.is_authenticated:
        return Journey.objects.none()
    return Journey.objects.filter(**_visible_workspace_filter(user)).distinct()


def _get(queryset, pk: int, message: str):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise NotFound(message)
    return obj


def _checked(user, obj, workspace_id: int, needed: str):
    require_role(user, workspace_id, needed)
    return obj


def persona_for(user, persona_id: int, needed: str = Role.VIEWER) -> Persona:
    persona = _get(personas_for(user), persona_id, _("Persona not found."))
    return _checked(user, persona, persona.workspace_id, needed)


def journey_for(user, journey_id: int, needed: str = Role.VIEWER) -> Journey:
    journey = _get(
        journeys_for(user).select_related("persona"), journey_id, _("Journey not found.")
    )
    return _checked(user, journey, journey.workspace_id, needed)


def _part_for(user, model, pk: int, needed: str, message: str):
    if not user.is_authenticated:
        raise NotFound(message)
    obj = _get(
        model.objects.select_related("journey").filter(journey__workspace__memberships__user=user),
        pk,
        message,
    )
    return _checked(user, obj, obj.journey.workspace_id, needed)


def stage_for(user, stage_id: int, needed: str = Role.VIEWER) -> Stage:
    return _part_for(user, Stage, stage_id, needed, _("Stage not found."))


def step_for(user, step_id: int, needed: str = Role.VIEWER) -> Step:
    return _part_for(user, Step, step_id, needed, _("Touchpoint not found."))


def lane_for(user, lane_id: int, needed: str = Role.VIEWER) -> Lane:
    return _part_for(user, Lane, lane_id, needed, _("Lane not found."))


def cell_for(user, cell_id: int, needed: str = Role.VIEWER) -> Cell:
    return _part_for(user, Cell, cell_id, needed, _("Cell not found."))
