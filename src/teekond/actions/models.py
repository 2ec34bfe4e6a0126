"""Act: the customer-centricity self-assessment (and, with the journey models, the
backlog, reviews, crisis plans and the audit log)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teekond.accounts.models import Workspace
from teekond.actions.diagnostics import SCALE_MAX, SCALE_MIN


class Assessment(models.Model):
    """One filled-in self-assessment: who answered, when, and one score per question."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="assessments")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    taken_on = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-taken_on", "-id"]
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")

    def __str__(self) -> str:
        return f"{self.workspace} {self.taken_on}"


class AssessmentAnswer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=40)
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="one_answer_per_question"
            )
        ]
        ordering = ["assessment_id", "id"]

    def __str__(self) -> str:
        return f"{self.question}={self.score}"


# --- items of a map, referenced generically -----------------------------------------------
# Backlog items, comments, owners and the audit log point at "any item" of a workspace: a
# journey, a stage, a step or a cell (and whatever the other apps add). A generic relation
# keeps the Act pillar independent of how the map is modelled; services check that the item
# belongs to the same workspace (see services.resolve_subject).


class Subject(models.Model):
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")

    class Meta:
        abstract = True


class Status(models.TextChoices):
    IDEA = "idea", _("Idea")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Kind(models.TextChoices):
    OPPORTUNITY = "opportunity", _("Opportunity")
    ACTION = "action", _("Improvement action")


class BacklogItem(Subject):
    """An opportunity or an improvement action, linked to a map item (a step, a journey…)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="backlog")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.ACTION)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IDEA
    )
    impact = models.PositiveSmallIntegerField(
        _("impact"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    effort = models.PositiveSmallIntegerField(
        _("effort"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    metric_key = models.CharField(_("KPI metric"), max_length=80, blank=True)
    metric_target = models.FloatField(_("KPI target"), null=True, blank=True)
    # The journey the subject belongs to, kept by the service so a journey's backlog is one query.
    journey = models.ForeignKey(
        "journeys.Journey", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    crisis_plan = models.ForeignKey(
        "CrisisPlan", on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["status", "-impact", "effort", "id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]
        verbose_name = _("backlog item")
        verbose_name_plural = _("backlog items")

    def __str__(self) -> str:
        return self.title

    @property
    def is_quick_win(self) -> bool:
        """High impact (4-5) for low effort (1-2), not yet done or dropped."""
        return (
            self.impact >= 4
            and self.effort <= 2
            and self.status not in (Status.DONE, Status.DROPPED)
        )


class Comment(Subject):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    journey = models.ForeignKey(
        "journeys.Journey", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("comment"))
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=[
            ("comment", _("Comment")),
            ("observation", _("Observation")),
            ("customer_note", _("Customer note")),
        ],
        default="comment",
    )
    evidence = models.CharField(_("evidence"), max_length=20, blank=True)
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def evidence_label(self) -> str:
        """The evidence kind in the reader's language (the key is what is stored)."""
        from teekond.journeys.models import Evidence

        return str(dict(Evidence.choices).get(self.evidence, self.evidence))


ACTION_LABELS = {
    "created": _("created"),
    "updated": _("updated"),
    "deleted": _("deleted"),
    "restored": _("restored"),
    "reviewed": _("reviewed"),
    "version": _("version saved"),
    "owner": _("owner changed"),
    "cadence": _("cadence changed"),
}


class ChangeLog(Subject):
    """The audit log: who changed what, when. Written by services on every change."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=20)  # created / updated / deleted / restored …
    label = models.CharField(max_length=200, blank=True)  # the item's name at that moment
    changes = models.JSONField(default=dict, blank=True)  # {"field": [old, new]}
    journey = models.ForeignKey(
        "journeys.Journey", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.label}"

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))

    @property
    def readable_changes(self) -> list[tuple[str, str, str]]:
        """(field, old, new) as a person reads them: the field's verbose name and a
        choice's label ("Channel: Website → App"), not the stored keys."""
        model = self.subject_type.model_class() if self.subject_type_id else None
        out = []
        for key, pair in (self.changes or {}).items():
            old, new = (list(pair) + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            name, labels = key, {}
            if model is not None:
                try:
                    field = model._meta.get_field(key)
                except Exception:  # a field since removed: keep its stored name
                    field = None
                if field is not None:
                    name = str(getattr(field, "verbose_name", key))
                    labels = {k: str(v) for k, v in (getattr(field, "flatchoices", None) or [])}
            shown = [
                "—" if v is None or v == "" else labels.get(v, v) if isinstance(v, str) else v
                for v in (old, new)
            ]
            out.append((name[:1].upper() + name[1:], str(shown[0]), str(shown[1])))
        return out


class Ownership(Subject):
    """The member responsible for the results of a journey's stage or segment."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="ownerships")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id"], name="one_owner_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner} owns {self.subject_type_id}:{self.subject_id}"


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Half-yearly")
    YEARLY = "yearly", _("Yearly")


CADENCE_DAYS = {
    Cadence.MONTHLY: 30,
    Cadence.QUARTERLY: 91,
    Cadence.HALF_YEARLY: 182,
    Cadence.YEARLY: 365,
}


class ReviewSchedule(Subject):
    """How often a journey is walked and compared with reality."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    cadence = models.CharField(
        _("review cadence"), max_length=12, choices=Cadence.choices, default=Cadence.QUARTERLY
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id"], name="one_schedule_per_journey"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject_type_id}:{self.subject_id} {self.cadence}"


class Review(Subject):
    """A review: how do real experiences match the map?"""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField(_("date"), default=timezone.localdate)
    participants = models.TextField(_("participants"), blank=True)
    findings = models.TextField(_("findings"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on}: {self.findings[:60]}"


class CrisisPlan(models.Model):
    """Re-mapping a journey in a crisis (seed 002)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="crisis_plans")
    title = models.CharField(_("title"), max_length=200)
    reasons = models.JSONField(_("why business cannot go on as before"), default=list)
    problems = models.TextField(_("problems we can solve"), blank=True)
    horizon = models.TextField(_("2-3 years ahead"), blank=True)
    source_journey = models.ForeignKey(
        "journeys.Journey", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    new_journey = models.ForeignKey(
        "journeys.Journey", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    blocked = models.JSONField(default=list, blank=True)  # step ids that cannot be used now
    replacements = models.JSONField(default=dict, blank=True)  # step id -> channel
    step = models.PositiveSmallIntegerField(default=1)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class JourneyVersion(models.Model):
    """A named snapshot of a journey: the versioned JSON document at that moment."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    journey = models.ForeignKey(
        "journeys.Journey", on_delete=models.CASCADE, related_name="snapshots"
    )
    number = models.PositiveIntegerField()
    name = models.CharField(_("name"), max_length=200)
    document = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["journey_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["journey", "number"], name="one_number_per_snapshot")
        ]
        verbose_name = _("version")
        verbose_name_plural = _("versions")

    def __str__(self) -> str:
        return f"v{self.number} {self.name}"
