"""Who may see and change personas and maps: querysets that only hold what the user may see,
built on ``teekond.accounts.access`` (the one place that answers "what may this user see").

Reading needs any role in the workspace (viewer, editor, owner); writing needs editor or
owner. An object in a workspace the user is not a member of is ``NotFound``, never
``Forbidden``, so its existence does not leak.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from teekond.accounts.access import get_visible, visible
from teekond.accounts.models import Role, Workspace
from teekond.core.errors import NotFound
from teekond.journeys.models import Cell, Journey, Lane, Persona, Stage, Step


def personas_for(user) -> QuerySet[Persona]:
    return visible(Persona, user)


def journeys_for(user) -> QuerySet[Journey]:
    return visible(Journey, user)


def persona_for(user, persona_id: int, needed: str = Role.VIEWER) -> Persona:
    return get_visible(Persona, user, persona_id, _("Persona not found."), needed)


def journey_for(user, journey_id: int, needed: str = Role.VIEWER) -> Journey:
    return get_visible(
        Journey.objects.select_related("persona"), user, journey_id, _("Journey not found."), needed
    )


def journey_in(user, workspace: Workspace, journey_id: int, needed: str = Role.VIEWER) -> Journey:
    """The journey ``journey_id`` of ``workspace`` (a page's or an endpoint's workspace): a
    journey of another workspace is ``NotFound`` even when the user may see it there."""
    journey = journey_for(user, journey_id, needed)
    if journey.workspace_id != workspace.pk:
        raise NotFound(_("Journey not found."))
    return journey


def _part_for(user, model, pk: int, needed: str, message: str):
    return get_visible(
        model.objects.select_related("journey"), user, pk, message, needed, "journey__workspace"
    )


def stage_for(user, stage_id: int, needed: str = Role.VIEWER) -> Stage:
    return _part_for(user, Stage, stage_id, needed, _("Stage not found."))


def step_for(user, step_id: int, needed: str = Role.VIEWER) -> Step:
    return _part_for(user, Step, step_id, needed, _("Touchpoint not found."))


def lane_for(user, lane_id: int, needed: str = Role.VIEWER) -> Lane:
    return _part_for(user, Lane, lane_id, needed, _("Lane not found."))


def cell_for(user, cell_id: int, needed: str = Role.VIEWER) -> Cell:
    return _part_for(user, Cell, cell_id, needed, _("Cell not found."))
