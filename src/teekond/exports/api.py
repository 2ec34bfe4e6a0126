"""Workspace backup and restore over the API (owners only)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from ninja import Body, Router, Status

from teekond.accounts.access import workspace_for
from teekond.accounts.models import Role
from teekond.core.bounds import Id
from teekond.core.errors import also_answers
from teekond.core.text import Document
from teekond.exports import backup
from teekond.exports.documents import check_envelope, dumps

router = Router(tags=["exports"])


@router.get("/workspaces/{workspace_id}/backup", openapi_extra=also_answers(403))
def get_backup(request, workspace_id: Id):
    """The whole workspace as one `teekond.workspace-backup` JSON document."""
    workspace = workspace_for(request.auth, workspace_id, Role.OWNER)
    response = HttpResponse(
        dumps(backup.backup_document(request.auth, workspace)), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{workspace.slug}-backup.json"'
    return response


@router.post("/workspaces/{workspace_id}/restore", response={201: dict[str, Any]})
def restore(request, workspace_id: Id, payload: Document = Body(...)):  # noqa: B008
    """Restore a backup document into this workspace, which must be empty."""
    workspace = workspace_for(request.auth, workspace_id, Role.OWNER)
    check_envelope(payload, backup.KIND, (backup.VERSION,))
    _, warnings = backup.restore_backup(request.auth, payload, into=workspace)
    return Status(201, {"workspace_id": workspace.pk, "warnings": warnings})


@router.get("/workspaces/{workspace_id}/journeys/{journey_id}/document")
def journey_document(request, workspace_id: Id, journey_id: Id):
    """The journey as a `teekond.journey` version-1 document (no ids, versions or dates)."""
    from teekond.actions.versions import journey_in
    from teekond.exports.journey_doc import journey_document as build

    workspace = workspace_for(request.auth, workspace_id)
    return build(journey_in(request.auth, workspace, journey_id))


@router.post("/workspaces/{workspace_id}/journeys/import", response={201: dict[str, Any]})
def import_journey(request, workspace_id: Id, payload: Document = Body(...)):  # noqa: B008
    """Create a journey from a `teekond.journey` document; nothing is written if it is invalid."""
    from teekond.exports.journey_doc import import_journey as do_import

    workspace = workspace_for(request.auth, workspace_id, Role.EDITOR)
    journey = do_import(workspace, request.auth, payload)
    return Status(201, {"id": journey.id, "title": journey.title})
