"""Who may see and change what. Every view and endpoint goes through these helpers.

Outsiders get ``NotFound`` rather than ``Forbidden`` so a workspace's existence does not leak;
members whose role is too low get ``Forbidden``.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from teekond.accounts.models import ROLE_RANK, Membership, Role, Workspace
from teekond.core.errors import Forbidden, NotFound


def workspaces_for(user) -> QuerySet[Workspace]:
    """The workspaces the user is a member of, in any role."""
    if not user.is_authenticated:
        return Workspace.objects.none()
    return Workspace.objects.filter(memberships__user=user).distinct()


def membership_for(user, workspace: Workspace | int) -> Membership | None:
    if not user.is_authenticated:
        return None
    workspace_id = workspace.pk if isinstance(workspace, Workspace) else workspace
    return Membership.objects.filter(user=user, workspace_id=workspace_id).first()


def role_for(user, workspace: Workspace | int) -> str | None:
    membership = membership_for(user, workspace)
    return membership.role if membership else None


def require_role(user, workspace: Workspace | int, needed: str = Role.VIEWER) -> Membership:
    """Return the user's membership if it grants ``needed``; raise otherwise."""
    membership = membership_for(user, workspace)
    if membership is None:
        raise NotFound(_("Workspace not found."))
    if ROLE_RANK[Role(membership.role)] < ROLE_RANK[Role(needed)]:
        raise Forbidden(_("Your role in this workspace does not allow this."))
    return membership


def workspace_for(user, workspace_id: int, needed: str = Role.VIEWER) -> Workspace:
    membership = require_role(user, workspace_id, needed)
    return membership.workspace


def workspace_by_slug(user, slug: str, needed: str = Role.VIEWER) -> Workspace:
    workspace = workspaces_for(user).filter(slug=slug).first()
    if workspace is None:
        raise NotFound(_("Workspace not found."))
    require_role(user, workspace, needed)
    return workspace
