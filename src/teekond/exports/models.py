"""Read-only share links of a journey's presentation view."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teekond.accounts.models import Workspace
from teekond.core import jobs


def new_token() -> str:
    return secrets.token_urlsafe(24)


class ShareLink(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    journey = models.ForeignKey(
        "journeys.Journey", on_delete=models.CASCADE, related_name="share_links"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    label = models.CharField(_("label"), max_length=120, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")

    def __str__(self) -> str:
        return f"{self.journey_id}:{self.token[:6]}…"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (
            self.expires_at is None or self.expires_at > timezone.now()
        )


class RestoreStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Restoring")
    DONE = "done", _("Restored")
    FAILED = "failed", _("Failed")


class RestoreTarget(models.TextChoices):
    NEW = "new", _("a new workspace")
    INTO = "into", _("this workspace, which must be empty")
    REPLACE = "replace", _("this workspace, replacing its content")


def restore_upload_path(instance, filename: str) -> str:
    # The stored name is ours; the upload is deleted when the restore ends.
    return f"restores/{instance.token}.upload"


def _restore_token() -> str:
    return secrets.token_hex(16)


class RestoreJob(jobs.Job):
    """A restore of an uploaded backup, run by the background worker.

    It ends like every job (``core.jobs``: done, or failed with a reason, also when its
    worker died); the outcome names the restored workspace or lists the problems found."""

    # The workspace whose owner started it; with target "into"/"replace" also the target.
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=32, unique=True, default=_restore_token)
    file = models.FileField(upload_to=restore_upload_path, max_length=300, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    target = models.CharField(
        max_length=10, choices=RestoreTarget.choices, default=RestoreTarget.NEW
    )
    name = models.CharField(max_length=120, blank=True)  # of the new workspace
    with_members = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=RestoreStatus.choices, default=RestoreStatus.PENDING
    )
    phase = models.CharField(max_length=20, blank=True)  # reading, checking, writing
    error = models.TextField(blank=True)
    problems = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    restored = models.ForeignKey(
        Workspace, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("restore")
        verbose_name_plural = _("restores")

    def __str__(self) -> str:
        return f"{self.original_name or self.token} ({self.status})"

    @property
    def error_display(self) -> str:
        """The reason in the reader's language: the lifecycle's reasons are stored in English
        (``restore_jobs.REASONS``), a file's problems in the language of who started it."""
        from django.utils.translation import gettext

        return gettext(self.error) if self.error else ""
