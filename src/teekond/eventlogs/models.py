"""Event logs of real customer journeys stored in a workspace and linked to journey maps.

The uploaded file is read by ``teekond.analytics`` in a background task into a canonical
Parquet file (case_id, activity, timestamp, order, …); every analysis afterwards runs on that
file with DuckDB, so a page never re-parses a large XES or CSV.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from teekond.accounts.models import Workspace
from teekond.core import jobs


class Status(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class Format(models.TextChoices):
    CSV = "csv", "CSV"
    PARQUET = "parquet", "Parquet"
    XES = "xes", "XES"
    XES_GZ = "xes.gz", "XES.gz"


def upload_path(instance, filename: str) -> str:
    # The stored name is ours, not the uploader's; only the recognised extension is kept.
    return f"eventlogs/{instance.workspace_id}/{instance.token}.{instance.format}"


class EventLog(jobs.Job):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="event_logs")
    token = models.CharField(max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    original_name = models.CharField(max_length=255, blank=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    file = models.FileField(upload_to=upload_path, max_length=300)
    # Column mapping given at upload; empty values mean "detect" (XES keys, common names).
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(blank=True)
    # The refusal behind ``error`` ({"code", "params", "line", "row", "column"}), so a page
    # can say it in its reader's language; ``error`` itself stays English (the API's text).
    error_detail = models.JSONField(default=dict, blank=True)
    cases = models.PositiveIntegerField(null=True, blank=True)
    events = models.PositiveBigIntegerField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    journey = models.ForeignKey(
        "journeys.Journey",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_logs",
        verbose_name=_("journey map"),
    )
    # {step id (as text): [activity, …]}: which real activities stand for which map step.
    step_activities = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("event log")
        verbose_name_plural = _("event logs")

    def __str__(self) -> str:
        return self.name

    # A workspace restore gives the copy new values for these (see before_restore).
    RESTORE_FRESH_FIELDS = ("token",)

    def before_restore(self) -> None:
        """A restored copy (workspace backup) gets its own token, so its own files."""
        self.token = secrets.token_hex(16)
        self.status = Status.PENDING
        self.progress_done = self.progress_total = 0

    @classmethod
    def after_restore(cls, logs: list[EventLog]) -> None:
        """Re-import restored logs from their source file; the Parquet copy is derived data."""
        from django.utils.translation import gettext as _

        from teekond.eventlogs.tasks import import_event_log

        for log in cls.objects.filter(pk__in=[log.pk for log in logs]):
            if log.file:
                import_event_log.enqueue(log.pk)
            else:
                log.status = Status.FAILED
                log.error = _(
                    "The backup held no file for this log; make a zip backup to keep files."
                )
                log.save(update_fields=["status", "error"])

    @property
    def parquet_path(self) -> Path:
        return (
            Path(settings.MEDIA_ROOT)
            / "eventlogs"
            / str(self.workspace_id)
            / f"{self.token}.parquet"
        )
