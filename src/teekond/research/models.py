"""Measuring the experience (DOMAIN §6): touchpoint feedback, survey and CRM data, alerts.

A ``Response`` is one customer's answer about one step (touchpoint) of a journey map — from
the public micro-survey, an embedded widget, a QR code, the API or an imported survey export.
``Customer`` holds what the CRM knows (segment, revenue, potential revenue) so touchpoint
scores can be combined with it (key drivers, customer quadrants). Metrics are computed on the
fly from responses by ``services`` with the formulas of ``metrics``.
"""

from __future__ import annotations

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teekond.accounts.models import Workspace
from teekond.core import emotions, jobs
from teekond.journeys.models import Journey, Persona, Step


def _token() -> str:
    return secrets.token_urlsafe(12)


def _range(low: int, high: int):
    return [MinValueValidator(low), MaxValueValidator(high)]


class Question(models.TextChoices):
    NPS = "nps", _("Likelihood to recommend (NPS, 0-10)")
    CSAT = "csat", _("Satisfaction (CSAT, 1-5)")
    CES = "ces", _("Ease of getting it done (CES, 1-7)")
    THREE_ES = "three_es", _("The three E's: effect, ease, emotion (1-5)")
    EMOTION = "emotion", _("How it felt (emotion)")
    COMMENT = "comment", _("Comment")


class SurveyConfig(models.Model):
    """Which questions the micro-survey of one step asks: only what that step needs, so the
    survey does not become a pain point itself (seed 004)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="+")
    step = models.OneToOneField(Step, on_delete=models.CASCADE, related_name="survey")
    token = models.CharField(max_length=32, unique=True, default=_token)
    questions = models.JSONField(default=list)  # Question values, in order
    # {CRM segment: [Question values]}: a segment asked its own questions when the link
    # carries a known customer (``services.customer_link``); others get ``questions``.
    segment_questions = models.JSONField(default=dict, blank=True)
    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    # Sites allowed to frame the widget and send its answers ("https://shop.example"); none
    # means any site may frame it (answers still need the page's signed form token).
    embed_origins = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(_("accepting answers"), default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("micro-survey")
        verbose_name_plural = _("micro-surveys")

    def __str__(self) -> str:
        return f"{self.step} ({self.token})"

    def questions_for(self, segment: str | None = None) -> list[str]:
        return (self.segment_questions or {}).get(segment or "") or self.questions

    def asks(self, question: str, segment: str | None = None) -> bool:
        return question in self.questions_for(segment)

    # A workspace restore gives the copy new values for these (see before_restore).
    RESTORE_FRESH_FIELDS = ("token",)

    def before_restore(self) -> None:
        """A restored copy gets its own public link (the backup's may still be in use)."""
        self.token = _token()


class Customer(models.Model):
    """What the CRM knows about a customer."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="customers")
    external_id = models.CharField(_("customer ID"), max_length=100)
    name = models.CharField(_("name"), max_length=200)
    segment = models.CharField(_("segment"), max_length=100, blank=True)
    revenue = models.DecimalField(
        _("revenue"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    potential_revenue = models.DecimalField(
        _("potential revenue"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    persona = models.ForeignKey(
        Persona, on_delete=models.SET_NULL, null=True, blank=True, related_name="customers"
    )
    # When the customer left us (churn), as the CRM says; empty while they are a customer.
    churned_on = models.DateField(_("left on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "external_id"], name="one_customer_per_external_id"
            )
        ]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")

    def __str__(self) -> str:
        return self.name


class Source(models.TextChoices):
    WEB = "web", _("Micro-survey link")
    QR = "qr", _("QR code")
    EMBED = "embed", _("Embedded widget")
    API = "api", _("API")
    IMPORT = "import", _("Imported file")


class Response(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="responses")
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="responses")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="responses")
    customer = models.ForeignKey(
        Customer, on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    # Ties several answers of one person together when no CRM customer is known (drivers).
    respondent = models.CharField(max_length=100, blank=True)
    nps = models.PositiveSmallIntegerField(null=True, blank=True, validators=_range(0, 10))
    csat = models.PositiveSmallIntegerField(null=True, blank=True, validators=_range(1, 5))
    ces = models.PositiveSmallIntegerField(null=True, blank=True, validators=_range(1, 7))
    effect = models.PositiveSmallIntegerField(null=True, blank=True, validators=_range(1, 5))
    ease = models.PositiveSmallIntegerField(null=True, blank=True, validators=_range(1, 5))
    emotion_rating = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=_range(1, 5)
    )
    emotion = models.CharField(max_length=20, blank=True, choices=emotions.choices("en"))
    comment = models.TextField(blank=True)
    # The answer is a complaint (from a complaints channel, an import or the API).
    complaint = models.BooleanField(_("complaint"), default=False)
    emotions = models.JSONField(default=list, blank=True)  # tagged from the comment
    language = models.CharField(max_length=8, blank=True)
    answered_at = models.DateTimeField(default=timezone.now, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    idempotency_key = models.CharField(max_length=120)
    import_job = models.ForeignKey(
        "ImportJob", on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )

    class Meta:
        ordering = ["-answered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "idempotency_key"], name="one_response_per_idempotency_key"
            )
        ]
        indexes = [
            models.Index(fields=["journey", "answered_at"]),
            models.Index(fields=["step", "answered_at"]),
        ]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.step} @ {self.answered_at:%Y-%m-%d}"

    @property
    def is_detractor(self) -> bool:
        return self.nps is not None and self.nps <= 6


class ImportKind(models.TextChoices):
    SURVEY = "survey", _("Survey answers")
    CRM = "crm", _("CRM customers")


class ImportStatus(models.TextChoices):
    MAPPING = "mapping", _("Waiting for the column mapping")
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Rejected")


def import_path(instance, filename: str) -> str:
    ext = "xlsx" if filename.lower().endswith(".xlsx") else "csv"
    return f"imports/{instance.workspace_id}/{instance.token}.{ext}"


class ImportJob(jobs.Job):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="imports")
    token = models.CharField(max_length=32, unique=True, default=_token)
    kind = models.CharField(_("kind"), max_length=10, choices=ImportKind.choices)
    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to=import_path, max_length=300)
    original_name = models.CharField(max_length=255, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.MAPPING
    )
    report = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)

    # MAPPING is not active: nothing runs until the mapping is confirmed.
    ACTIVE = (ImportStatus.PENDING, ImportStatus.RUNNING)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.original_name or self.token

    RESTORE_FRESH_FIELDS = ("token",)

    def before_restore(self) -> None:
        self.token = _token()


class MeasureSettings(models.Model):
    """Per-workspace settings of the measure pillar."""

    workspace = models.OneToOneField(
        Workspace, on_delete=models.CASCADE, related_name="measure_settings"
    )
    webhook_url = models.URLField(_("webhook URL for alerts"), blank=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.workspace}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """One alert on its way to the workspace's webhook: each attempt, its outcome and the
    time of the next try (``research.webhooks``). Only the latest few per workspace are kept.

    Not in backups: a delivery is a log of calls made, not content, its payload copies an
    answer the backup holds anyway, and a restored copy must not look as if it had called."""

    IN_BACKUP = False

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="webhook_deliveries"
    )
    url = models.CharField(max_length=200)
    payload = models.JSONField(default=dict)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.url} ({self.status})"


class RateCounter(models.Model):
    """One fixed-window counter of the public survey's limits (``research.ratelimit``), when
    they are counted in the database so that every web process sees the same counts."""

    name = models.CharField(max_length=200, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires = models.FloatField()  # seconds since the epoch: the window's end

    def __str__(self) -> str:
        return f"{self.name}: {self.count}"
