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

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from teekond.accounts.access import require_role
from teekond.accounts.models import Role, Workspace
from teekond.core import jobs
from teekond.core.errors import Invalid, NotFound, TeekondError
from teekond.exports import backup
from teekond.exports.models import RestoreJob, RestoreStatus, RestoreTarget

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


#: The lifecycle's reasons said of a restore (stored in English like theirs, shown translated).
REASONS = {
    jobs.UNEXPECTED: gettext_noop("The restore failed unexpectedly; nothing was changed."),
    jobs.TASK_FAILED: gettext_noop("The background task failed; nothing was changed."),
    jobs.STALLED: gettext_noop(
        "The restore did not finish in time (its worker may have stopped); nothing was changed."
    ),
}


def fail(job_id: int, reason: str) -> None:
    """End a restore that has not ended as failed and delete its upload (``jobs.Lifecycle``).
    Restoring writes in one transaction, so a dead worker has changed nothing."""
    job = RestoreJob.objects.filter(pk=job_id).first()
    if (
        job is not None
        and RestoreJob.end_failed(job_id, error=REASONS.get(reason, reason), phase="", file="")
        and job.file
    ):
        job.file.delete(save=False)


LIFECYCLE = jobs.Lifecycle(
    model=RestoreJob, task_path="teekond.exports.tasks.run_restore_task", fail=fail
)


def _checked(job: RestoreJob) -> RestoreJob:
    if LIFECYCLE.check(job):
        job.refresh_from_db()
    return job


def restores_for(user, workspace: Workspace):
    require_role(user, workspace, Role.OWNER)
    return RestoreJob.objects.filter(workspace=workspace)


def latest_restores(user, workspace: Workspace, count: int = 5) -> list[RestoreJob]:
    """The latest restores, each failed first if its worker died."""
    return [_checked(job) for job in restores_for(user, workspace)[:count]]


def get_restore(user, workspace: Workspace, job_id: int) -> RestoreJob:
    """A restore the user may see; failed first if its worker died (``jobs.Lifecycle``)."""
    job = restores_for(user, workspace).filter(pk=job_id).first()
    if job is None:
        raise NotFound(_("Restore not found."))
    return _checked(job)


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


def _finish(job_id: int, **values) -> RestoreJob:
    """Store the outcome unless a page has ended the job meanwhile (``jobs.Lifecycle``)."""
    RestoreJob.objects.filter(pk=job_id, status__in=RestoreJob.ACTIVE).update(
        finished_at=timezone.now(), **values
    )
    return RestoreJob.objects.get(pk=job_id)


def run_restore(job_id: int) -> RestoreJob | None:
    """The worker's side: unpack within bounds, check everything, write in one transaction.
    The outcome is stored in the language of the person who started it."""
    job = RestoreJob.objects.select_related("workspace", "created_by").filter(pk=job_id).first()
    if job is None or job.finished:  # gone with its workspace, or already done
        return job
    language = getattr(job.created_by, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        return LIFECYCLE.run(job_id, lambda _pk: _run(job))


def _run(job: RestoreJob) -> RestoreJob:
    job_id = job.pk
    if not RestoreJob.objects.filter(pk=job_id, status__in=RestoreJob.ACTIVE).update(
        status=RestoreStatus.RUNNING, phase="reading"
    ):
        return RestoreJob.objects.get(pk=job_id)  # ended meanwhile (a page found it dead)
    store = jobs.Progress(RestoreJob, job_id)

    def progress(phase: str, done: int, total: int, force: bool = False) -> None:
        store(done, total, force=force, phase=phase)

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
    # Any other exception is a bug, not the file: LIFECYCLE.run fails the job and logs it.
    finally:
        if document is not None:
            document.close()
        job.file.delete(save=False)
    return _finish(job_id, file="", **outcome)
