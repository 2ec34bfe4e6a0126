"""Demo content of the Act pillar: a self-assessment, so the page is not empty."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from teekond.actions.diagnostics import QUESTIONS
from teekond.actions.models import Assessment, AssessmentAnswer


def build(workspace, owner) -> None:
    today = timezone.localdate()
    for days_ago, base in ((180, 2), (30, 3)):
        assessment = Assessment.objects.create(
            workspace=workspace, respondent=owner, taken_on=today - timedelta(days=days_ago)
        )
        AssessmentAnswer.objects.bulk_create(
            AssessmentAnswer(
                assessment=assessment,
                question=q.key,
                score=min(5, base + (i % 3 == 0) + (q.area == "customer")),
            )
            for i, q in enumerate(QUESTIONS)
        )
