"""Act: the customer-centricity self-assessment (and, with the journey models, the
backlog, reviews, crisis plans and the audit log)."""

from __future__ import annotations

from django.conf import settings
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
