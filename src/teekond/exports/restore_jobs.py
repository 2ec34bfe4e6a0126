"""Restores started from the web run in the background worker, never in the web process.

``start_restore`` keeps the upload (its size checked, nothing unpacked) and queues
``run_restore``; the worker unpacks it within the bounds of ``exports.archive``, checks every
object and writes in one transaction. Progress is stored on the ``RestoreJob``: reading,
then checking (objects checked of all), then writing (one transaction, so it shows when it
ends). A job ends as done, naming the restored workspace, or failed with the reason and
the problems; either way the upload is deleted. Only owners of the workspace the restore
was started from see it.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from teekond.accounts.access import require_role
from teekond.accounts.models import Role, Workspace
from teekond.core.errors import Invalid, NotFound, TeekondError
from teekond.exports import backup
from teekond.exports.models import RestoreJob, RestoreStatus, RestoreTarget

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


def restores_for(user, workspace: Workspace):
    require_role(user, workspace, Role.OWNER)
    return RestoreJob.objects.filter(workspace=workspace)


def get_restore(user, workspace: Workspace, job_id: int) -> RestoreJob:
    job = restores_for(user, workspace).filter(pk=job_id).first()
    if job is None:
        raise NotFound(_("Restore not found."))
    return job


def start_restore(
    user,
    workspace: Workspace,
    uploaded,
    *,
    target: str = RestoreTarget.NEW,
    name: str = "",
    with_members: bool = False,
) -> RestoreJob:
    """Keep the upload and queue the restore; a file that is plainly not a backup is refused."""
    require_role(user, workspace, Role.OWNER)
    if target not in RestoreTarget.values:
        raise Invalid(_("Unknown restore target."))
    if uploaded is None or not uploaded.size:
        raise Invalid(_("Choose a backup file (JSON or zip)."))
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise Invalid(_("The backup file is larger than 200 MB."))
    head = uploaded.read(64).lstrip()
    uploaded.seek(0)
    if not (head.startswith(b"PK\x03\x04") or head.startswith(b"{")):
        raise Invalid(_("Choose a backup file (JSON or zip)."))
    if target == RestoreTarget.INTO and not backup.is_empty(workspace):
        raise Invalid(
            _("The workspace is not empty: restore into a new workspace or replace its content.")
        )
    job = RestoreJob(
        workspace=workspace,
        created_by=user,
        target=target,
        name=(name or "").strip()[:120],
        with_members=with_members,
        original_name=(getattr(uploaded, "name", "") or "")[:255],
    )
    job.file.save("upload", uploaded, save=False)
    job.save()
    from teekond.exports.tasks import run_restore_task

    transaction.on_commit(lambda: run_restore_task.enqueue(job.pk))
    return job


class _Progress:
    """Store the phase and counts, at most twice a second (the last call always)."""

    def __init__(self, job_id: int):
        self.job_id, self.last = job_id, 0.0

    def __call__(self, phase: str, done: int, total: int, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < 0.5:
            return
        self.last = now
        RestoreJob.objects.filter(pk=self.job_id).update(
            phase=phase, progress_done=done, progress_total=total
        )


def _finish(job_id: int, **values) -> RestoreJob:
    RestoreJob.objects.filter(pk=job_id).update(finished_at=timezone.now(), **values)
    return RestoreJob.objects.get(pk=job_id)


def run_restore(job_id: int) -> RestoreJob | None:
    """The worker's side: unpack within bounds, check everything, write in one transaction.
    The outcome is stored in the language of the person who started it."""
    job = RestoreJob.objects.select_related("workspace", "created_by").filter(pk=job_id).first()
    if job is None or job.finished:  # gone with its workspace, or already done
        return job
    language = getattr(job.created_by, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        return _run(job)


def _run(job: RestoreJob) -> RestoreJob:
    job_id = job.pk
    RestoreJob.objects.filter(pk=job_id).update(status=RestoreStatus.RUNNING, phase="reading")
    progress = _Progress(job_id)
    document = None
    try:
        if job.created_by is None:
            raise Invalid(_("The person who started the restore no longer exists."))
        with job.file.open("rb") as handle:
            document = backup.read_backup(handle)
        total = len(document.get("objects") or [])
        progress("checking", 0, total, force=True)
        restored, warnings = backup.restore_backup(
            job.created_by,
            document,
            into=job.workspace if job.target != RestoreTarget.NEW else None,
            replace=job.target == RestoreTarget.REPLACE,
            name=job.name or None,
            with_members=job.with_members,
            progress=progress,
        )
        outcome = {
            "status": RestoreStatus.DONE,
            "restored": restored,
            "warnings": warnings,
            "phase": "",
            "progress_done": total,
            "progress_total": total,
        }
    except TeekondError as exc:
        details = exc.details if isinstance(exc.details, list) else []
        outcome = {
            "status": RestoreStatus.FAILED,
            "error": exc.message,
            "problems": [
                {"object": str(d.get("object", "")), "message": str(d.get("message", ""))}
                for d in details[:200]
                if isinstance(d, dict)
            ],
        }
    except Exception:  # a bug, not the file: say so, keep the trace in the log
        log.exception("restore %s failed", job_id)
        outcome = {
            "status": RestoreStatus.FAILED,
            "error": _("The restore failed unexpectedly; nothing was changed."),
        }
    finally:
        if document is not None:
            document.close()
        job.file.delete(save=False)
    return _finish(job_id, file="", **outcome)
