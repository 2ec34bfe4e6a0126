"""Workspace backup and restore over the API (owners only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Body, Router, Schema, Status

from teekond.accounts.access import workspace_for
from teekond.accounts.models import Role
from teekond.core.bounds import Id
from teekond.core.errors import Invalid, also_answers
from teekond.core.text import BoundedLine, Document
from teekond.exports import backup, restore_jobs
from teekond.exports.documents import check_envelope, dumps, loads
from teekond.exports.models import RestoreTarget

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


class RestoreOut(Schema):
    id: int
    status: str
    phase: str
    progress_done: int
    progress_total: int
    progress_percent: int
    finished: bool
    error: str
    problems: list[dict[str, str]]
    warnings: list[str]
    restored_workspace_id: int | None
    created_at: datetime
    finished_at: datetime | None

    @staticmethod
    def resolve_restored_workspace_id(job) -> int | None:
        return job.restored_id


_RESTORE_BODY = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "target": {"type": "string", "enum": RestoreTarget.values},
                        "name": {"type": "string", "maxLength": 120},
                        "members": {"type": "boolean"},
                    },
                    "required": ["file"],
                }
            },
            "application/json": {"schema": {"type": "object"}},
        }
    }
}


@router.post(
    "/workspaces/{workspace_id}/restore",
    response={202: RestoreOut},
    openapi_extra=_RESTORE_BODY,
)
def restore(
    request,
    workspace_id: Id,
    target: BoundedLine = "",
    name: BoundedLine = "",
    members: bool = False,
):
    """Queue a restore of a backup (a JSON or zip file as multipart ``file``, or a small JSON
    document as the body); it runs in the background worker: poll the returned restore.

    ``target``: ``into`` (default; this workspace, which must be empty), ``replace`` (this
    workspace, its content replaced) or ``new`` (a new workspace named ``name``)."""
    workspace = workspace_for(request.auth, workspace_id, Role.OWNER)
    upload = request.FILES.get("file")
    form = request.POST if upload is not None else {}
    if upload is None and request.content_type != "application/json":
        raise Invalid(_("Choose a backup file (JSON or zip)."))
    if upload is None:
        try:
            body = request.body
        except RequestDataTooBig:
            raise Invalid(_("The document is too large: send it as a file upload.")) from None
        # A body is small (DATA_UPLOAD_MAX_MEMORY_SIZE): its envelope is checked at once.
        check_envelope(loads(body, max_containers=100_000), backup.KIND, (backup.VERSION,))
        upload = ContentFile(body, name="backup.json")
    job = restore_jobs.start_restore(
        request.auth,
        workspace,
        upload,
        target=form.get("target") or target or RestoreTarget.INTO,
        name=form.get("name") or name,
        with_members=str(form.get("members", members)).lower() in ("1", "true", "on"),
    )
    return Status(202, job)


@router.get(
    "/workspaces/{workspace_id}/restores/{job_id}",
    response=RestoreOut,
    openapi_extra=also_answers(403),
)
def restore_status(request, workspace_id: Id, job_id: Id):
    """A restore: its status, phase and progress, then the restored workspace or the problems."""
    workspace = workspace_for(request.auth, workspace_id, Role.OWNER)
    return restore_jobs.get_restore(request.auth, workspace, job_id)


@router.get("/workspaces/{workspace_id}/journeys/{journey_id}/document")
def journey_document(request, workspace_id: Id, journey_id: Id):
    """The journey as a `teekond.journey` version-1 document (no ids, versions or dates)."""
    from teekond.exports.journey_doc import journey_document as build
    from teekond.journeys.access import journey_in

    workspace = workspace_for(request.auth, workspace_id)
    return build(journey_in(request.auth, workspace, journey_id))


@router.post("/workspaces/{workspace_id}/journeys/import", response={201: dict[str, Any]})
def import_journey(request, workspace_id: Id, payload: Document = Body(...)):  # noqa: B008
    """Create a journey from a `teekond.journey` document; nothing is written if it is invalid."""
    from teekond.exports.journey_doc import import_journey as do_import

    workspace = workspace_for(request.auth, workspace_id, Role.EDITOR)
    journey = do_import(workspace, request.auth, payload)
    return Status(201, {"id": journey.id, "title": journey.title})
