"""One lifecycle for every background job (event-log and survey/CRM imports, restores).

A job row has a status; its task runs in the worker. Whatever happens, the job ends
*done* or *failed with a reason*, and a failed job leaves no files behind:

- in the worker, :meth:`Lifecycle.run` turns any exception of the work into a failure
  (the traceback goes to the log and, re-raised, into the task backend's result);
- a worker that is killed cannot say anything, so whoever *looks* at a job (its page, the
  API) calls :meth:`Lifecycle.check`: a job that has not ended although its task failed,
  finished, or has been running for longer than ``TEEKOND_JOB_STALE_SECONDS`` is failed then.

Each app says how to fail its job (which fields hold the reason, which files to remove) in
one ``fail(pk, reason)`` callable, which must only touch a job that has not ended, so a
late worker and a page never overwrite each other's outcome.

The job models share :class:`Job` (progress, who started it, when it started and ended) and
:class:`Progress` (progress stored at most twice a second); each keeps its own ``status``
field, because their statuses are named for what they do ("Importing", "Restoring"), and
says which of its statuses are ``ACTIVE``, ``RUNNING``, ``DONE`` and ``FAILED``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ClassVar, TypeVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_noop

log = logging.getLogger("teekond.jobs")

T = TypeVar("T")

#: Reasons stored in English (the worker has no reader); pages translate them (``REASONS``).
UNEXPECTED = gettext_noop("The import stopped on an unexpected error; nothing was stored.")
TASK_FAILED = gettext_noop("The background task failed; nothing was stored.")
STALLED = gettext_noop(
    "The import did not finish in time (its worker may have stopped); nothing was stored."
)
REASONS = {reason: reason for reason in (UNEXPECTED, TASK_FAILED, STALLED)}

DEFAULT_STALE_SECONDS = 6 * 3600


def stale_after() -> timedelta:
    """How long a job may run before a page takes it for dead (setting, default 6 hours)."""
    return timedelta(seconds=getattr(settings, "TEEKOND_JOB_STALE_SECONDS", DEFAULT_STALE_SECONDS))


def translate(reason: str) -> str:
    """A lifecycle reason in the active language; any other text as it is."""
    from django.utils.translation import gettext

    return gettext(REASONS[reason]) if reason in REASONS else reason


class Job(models.Model):
    """What every background job row has. A subclass defines ``status`` (a CharField with
    its own choices) and names its statuses in the class attributes below."""

    #: statuses of a job that has not ended (the worker may still change it)
    ACTIVE: ClassVar[tuple[str, ...]] = ("pending", "running")
    RUNNING: ClassVar[str] = "running"
    DONE: ClassVar[str] = "done"
    FAILED: ClassVar[str] = "failed"

    progress_done = models.BigIntegerField(default=0)
    progress_total = models.BigIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def finished(self) -> bool:
        return self.status in (self.DONE, self.FAILED)  # type: ignore[attr-defined]

    @property
    def progress_percent(self) -> int:
        if self.status == self.DONE:  # type: ignore[attr-defined]
            return 100
        if not self.progress_total:
            return 0
        return min(99, int(100 * self.progress_done / self.progress_total))

    @classmethod
    def end_failed(cls, pk: int, **values: Any) -> bool:
        """Mark the job failed with ``values`` unless it has ended; True when this call did
        (only then may the caller remove the job's files)."""
        return bool(
            cls._default_manager.filter(pk=pk, status__in=cls.ACTIVE).update(  # type: ignore[misc]
                status=cls.FAILED, finished_at=timezone.now(), **values
            )
        )


class Progress:
    """Stores a job's progress (and any other fields given) at most every ``interval``
    seconds; ``force=True`` always stores (the last call of a phase)."""

    def __init__(self, model: type[Job], pk: int, interval: float = 0.5):
        self.model, self.pk, self.interval, self.last = model, pk, interval, 0.0

    def __call__(self, done: int, total: int, force: bool = False, **values: Any) -> None:
        now = time.monotonic()
        if not force and now - self.last < self.interval:
            return
        self.last = now
        self.model._default_manager.filter(pk=self.pk).update(
            progress_done=done, progress_total=total, **values
        )


@dataclass(frozen=True)
class TaskState:
    """What the task backend knows of a job's latest task (database backend only)."""

    status: str  # READY, RUNNING, FAILED, SUCCESSFUL (django-tasks' names)
    started_at: datetime | None
    enqueued_at: datetime | None


def task_state(task_path: str, pk: int) -> TaskState | None:
    """The latest task run for ``task_path(pk)``, or None when the backend keeps no record."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the database backend is a dependency
        return None
    row = (
        DBTaskResult.objects.filter(task_path=task_path, args_kwargs__args=[pk])
        .order_by("-enqueued_at")
        .values("status", "started_at", "enqueued_at")
        .first()
    )
    return TaskState(**row) if row else None


@dataclass(frozen=True)
class Lifecycle:
    """How one kind of job ends; see the module docstring."""

    model: type[Job]
    #: the task's dotted path as the backend records it, e.g. ``teekond.eventlogs.tasks.x``
    task_path: str
    #: fail(pk, reason): store the failure and remove the job's files; a no-op on an ended job
    fail: Callable[[int, str], Any]

    @property
    def active(self) -> tuple[str, ...]:
        """Statuses of a job that has not ended yet."""
        return self.model.ACTIVE

    @property
    def running(self) -> str:
        """Status of a job running in the worker (the stale timeout applies to it)."""
        return self.model.RUNNING

    def run(self, pk: int, work: Callable[[int], T]) -> T:
        """``work(pk)`` in the worker; an exception fails the job, then is raised again so
        the task backend records it too."""
        try:
            return work(pk)
        except Exception:
            log.exception("%s %s failed", self.model.__name__, pk)
            self.fail(pk, UNEXPECTED)
            raise

    def check(self, job: Job) -> bool:
        """Fail ``job`` if its task is gone; True when it did (reload the job then)."""
        status = job.status  # type: ignore[attr-defined]
        if status not in self.active:
            return False
        reason = self._reason(job, status)
        if reason is None:
            return False
        log.warning("%s %s: %s", self.model.__name__, job.pk, reason)
        self.fail(job.pk, reason)
        return True

    def _reason(self, job: Job, status: str) -> str | None:
        state = task_state(self.task_path, job.pk)
        now = timezone.now()
        if state is None:
            # No record (another backend, or pruned): only the age of the job is known.
            created = getattr(job, "created_at", None)
            if status == self.running and created and now - created > stale_after():
                return STALLED
            return None
        if state.status == "FAILED":
            return TASK_FAILED
        if state.status == "SUCCESSFUL":
            return UNEXPECTED  # the task ended without ending its job
        started = state.started_at
        if state.status == "RUNNING" and started and now - started > stale_after():
            return STALLED
        return None
