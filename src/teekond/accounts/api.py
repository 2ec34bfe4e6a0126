from __future__ import annotations

from ninja import Router, Status

from teekond.accounts import services
from teekond.accounts.access import require_role, workspace_for, workspaces_for
from teekond.accounts.models import Membership, Role
from teekond.accounts.schemas import (
    InvitationIn,
    InvitationOut,
    MemberOut,
    RoleIn,
    TokenCreated,
    TokenIn,
    TokenOut,
    UserOut,
    WorkspaceIn,
    WorkspaceOut,
)
from teekond.core import dashboard
from teekond.core.bounds import Id
from teekond.core.errors import also_answers
from teekond.core.text import BoundedLine

router = Router(tags=["accounts"])
# A workspace keeps at least one owner: taking the last one away is a conflict.
KEEPS_AN_OWNER = also_answers(409)


def _workspace_out(workspace, role: str) -> dict:
    return {
        "id": workspace.id,
        "name": workspace.name,
        "slug": workspace.slug,
        "role": role,
        "created_at": workspace.created_at,
    }


@router.get("/me", response=UserOut)
def me(request):
    return request.auth


@router.get("/workspaces", response=list[WorkspaceOut])
def list_workspaces(request):
    roles = dict(Membership.objects.filter(user=request.auth).values_list("workspace_id", "role"))
    return [_workspace_out(w, roles[w.id]) for w in workspaces_for(request.auth)]


@router.post("/workspaces", response={201: WorkspaceOut})
def create_workspace(request, payload: WorkspaceIn):
    workspace = services.create_workspace(request.auth, payload.name)
    return Status(201, _workspace_out(workspace, Role.OWNER))


@router.get("/workspaces/{workspace_id}", response=WorkspaceOut)
def get_workspace(request, workspace_id: Id):
    membership = require_role(request.auth, workspace_id)
    return _workspace_out(membership.workspace, membership.role)


@router.patch("/workspaces/{workspace_id}", response=WorkspaceOut)
def rename_workspace(request, workspace_id: Id, payload: WorkspaceIn):
    workspace = workspace_for(request.auth, workspace_id)
    services.rename_workspace(request.auth, workspace, payload.name)
    return _workspace_out(workspace, Role.OWNER)


@router.delete("/workspaces/{workspace_id}", response={204: None})
def delete_workspace(request, workspace_id: Id):
    services.delete_workspace(request.auth, workspace_for(request.auth, workspace_id))
    return Status(204, None)


@router.get("/workspaces/{workspace_id}/members", response=list[MemberOut])
def list_members(request, workspace_id: Id):
    workspace = workspace_for(request.auth, workspace_id)
    return [
        {"user_id": m.user_id, "username": m.user.username, "email": m.user.email, "role": m.role}
        for m in workspace.memberships.select_related("user")
    ]


@router.put(
    "/workspaces/{workspace_id}/members/{user_id}",
    response=MemberOut,
    openapi_extra=KEEPS_AN_OWNER,
)
def set_member_role(request, workspace_id: Id, user_id: Id, payload: RoleIn):
    workspace = workspace_for(request.auth, workspace_id)
    m = services.set_role(request.auth, workspace, user_id, payload.role)
    return {
        "user_id": m.user_id,
        "username": m.user.username,
        "email": m.user.email,
        "role": m.role,
    }


@router.delete(
    "/workspaces/{workspace_id}/members/{user_id}",
    response={204: None},
    openapi_extra=KEEPS_AN_OWNER,
)
def remove_member(request, workspace_id: Id, user_id: Id):
    services.remove_member(request.auth, workspace_for(request.auth, workspace_id), user_id)
    return Status(204, None)


@router.get(
    "/workspaces/{workspace_id}/invitations",
    response=list[InvitationOut],
    openapi_extra=also_answers(403),
)
def list_invitations(request, workspace_id: Id):
    workspace = workspace_for(request.auth, workspace_id, Role.OWNER)
    return list(workspace.invitations.all())


@router.post(
    "/workspaces/{workspace_id}/invitations",
    response={201: InvitationOut},
    openapi_extra=also_answers(409),  # already a member
)
def create_invitation(request, workspace_id: Id, payload: InvitationIn):
    workspace = workspace_for(request.auth, workspace_id)
    invitation = services.invite(request.auth, workspace, payload.email, payload.role)
    return Status(201, invitation)


@router.post("/invitations/{token}/accept", response=WorkspaceOut)
def accept_invitation(request, token: BoundedLine):
    membership = services.accept_invitation(request.auth, token)
    return _workspace_out(membership.workspace, membership.role)


@router.get("/tokens", response=list[TokenOut])
def list_tokens(request):
    return list(request.auth.api_tokens.all())


@router.post("/tokens", response={201: TokenCreated})
def create_token(request, payload: TokenIn):
    token, raw = services.create_token(request.auth, payload.name)
    token.token = raw  # type: ignore[attr-defined]  # shown once, never stored
    return Status(201, token)


@router.delete("/tokens/{token_id}", response={204: None})
def revoke_token(request, token_id: Id):
    services.revoke_token(request.auth, token_id)
    return Status(204, None)


@router.get("/workspaces/{workspace_id}/dashboard")
def workspace_dashboard(request, workspace_id: Id):
    """The home page's figures per pillar (``map``, ``measure``, ``act``): each panel's
    headline ``figures`` (key, label, value, hint, link, tone), the things needing
    ``attention`` and ``links``, in the request's language. Any member may read it."""
    workspace = workspace_for(request.auth, workspace_id)
    return dashboard.panels(workspace, request.auth)
