"""Who may see and change what: the one place that answers it. Every view and endpoint goes
through these helpers, or through an app's queryset helpers built on them
(``journeys.access.journeys_for``, ``eventlogs.services.get_log`` …).

- ``visible(model_or_queryset, user, path)``: only the rows in workspaces the user is a
  member of (``path`` is the lookup from the row to its workspace);
- ``get_visible(queryset, user, pk, message, needed)``: one of those rows, with a role check;
- ``member_by_slug(user, slug, needed)``: the membership a workspace page runs under.

Outsiders get ``NotFound`` rather than ``Forbidden`` so a workspace's existence does not leak;
members whose role is too low get ``Forbidden``.
"""

from __future__ import annotations

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from teekond.accounts.models import ROLE_RANK, Membership, Role, Workspace
from teekond.core.errors import Forbidden, NotFound


def _member_of(user) -> QuerySet:
    return Membership.objects.filter(user=user).values("workspace_id")


def visible(rows: type[Model] | QuerySet, user, path: str = "workspace") -> QuerySet:
    """The rows of ``rows`` (a model or a queryset) in workspaces ``user`` is a member of, in
    any role; nothing for an anonymous user. A subquery, so rows never come twice."""
    queryset = rows._default_manager.all() if isinstance(rows, type) else rows
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    return queryset.filter(**{f"{path}__in": _member_of(user)})


def get_visible(
    rows: type[Model] | QuerySet,
    user,
    pk: int,
    message: str,
    needed: str = Role.VIEWER,
    path: str = "workspace",
):
    """The row ``pk`` if the user may see it and their role grants ``needed``: ``NotFound``
    (with ``message``) when it is not visible, ``Forbidden`` when the role is too low."""
    obj = visible(rows, user, path).filter(pk=pk).first()
    if obj is None:
        raise NotFound(message)
    *hops, last = path.split("__")
    holder = obj
    for hop in hops:  # e.g. a step's journey, whose workspace_id is the one to check
        holder = getattr(holder, hop)
    require_role(user, getattr(holder, f"{last}_id"), needed)
    return obj


def workspaces_for(user) -> QuerySet[Workspace]:
    """The workspaces the user is a member of, in any role."""
    return visible(Workspace, user, "pk")


def membership_for(user, workspace: Workspace | int) -> Membership | None:
    if not user.is_authenticated:
        return None
    workspace_id = workspace.pk if isinstance(workspace, Workspace) else workspace
    return Membership.objects.filter(user=user, workspace_id=workspace_id).first()


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


def member_by_slug(user, slug: str, needed: str = Role.VIEWER) -> Membership:
    """The user's membership of the workspace ``slug`` (with ``.workspace``), if it grants
    ``needed``: what every workspace page runs under (its ``can_edit`` is
    ``membership.allows(Role.EDITOR)``)."""
    membership = (
        Membership.objects.select_related("workspace")
        .filter(user=user, workspace__slug=slug)
        .first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if membership is None:
        raise NotFound(_("Workspace not found."))
    if not membership.allows(needed):
        raise Forbidden(_("Your role in this workspace does not allow this."))
    return membership


def workspace_by_slug(user, slug: str, needed: str = Role.VIEWER) -> Workspace:
    return member_by_slug(user, slug, needed).workspace


def notifications_for(user, *, unread_only: bool = False) -> QuerySet:
    """The user's notifications in the workspaces they still belong to, newest first."""
    from teekond.core.models import Notification

    qs = visible(Notification.objects.filter(recipient=user), user).select_related("workspace")
    return qs.filter(read_at__isnull=True) if unread_only else qs
