"""Act services. Plain functions over the models; they raise the domain errors of core."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from teekond.accounts.access import require_role
from teekond.accounts.models import Role, Workspace
from teekond.actions.diagnostics import (
    AREAS,
    QUESTION_KEYS,
    QUESTIONS,
    SCALE_MAX,
    SCALE_MIN,
    area_name,
)
from teekond.actions.models import Assessment, AssessmentAnswer
from teekond.core.errors import Invalid, NotFound

# --- the self-assessment ------------------------------------------------------------------


def validate_answers(answers: dict[str, int]) -> None:
    problems = []
    unknown = sorted(set(answers) - QUESTION_KEYS)
    if unknown:
        problems.append(
            {"field": "answers", "message": _("Unknown questions: %s") % ", ".join(unknown)}
        )
    for key, score in answers.items():
        if key in QUESTION_KEYS and not (
            isinstance(score, int) and SCALE_MIN <= score <= SCALE_MAX
        ):
            problems.append(
                {
                    "field": f"answers.{key}",
                    "message": _("Give a score from %(min)d to %(max)d.")
                    % {"min": SCALE_MIN, "max": SCALE_MAX},
                }
            )
    missing = sorted(QUESTION_KEYS - set(answers))
    if missing:
        problems.append(
            {"field": "answers", "message": _("Unanswered questions: %s") % ", ".join(missing)}
        )
    if problems:
        raise Invalid(_("The self-assessment is not complete."), details=problems)


@transaction.atomic
def record_assessment(
    user, workspace: Workspace, answers: dict[str, int], taken_on: date | None = None, note=""
) -> Assessment:
    """Store one answered self-assessment; every question needs a score on the 1-5 scale."""
    require_role(user, workspace, Role.EDITOR)
    validate_answers(answers)
    assessment = Assessment.objects.create(
        workspace=workspace,
        respondent=user,
        note=note,
        **({"taken_on": taken_on} if taken_on else {}),
    )
    AssessmentAnswer.objects.bulk_create(
        AssessmentAnswer(assessment=assessment, question=q.key, score=answers[q.key])
        for q in QUESTIONS
    )
    return assessment


def assessments_for(user, workspace: Workspace):
    require_role(user, workspace, Role.VIEWER)
    return (
        Assessment.objects.filter(workspace=workspace)
        .select_related("respondent")
        .prefetch_related("answers")
    )


def assessment_for(user, workspace: Workspace, assessment_id: int) -> Assessment:
    assessment = assessments_for(user, workspace).filter(pk=assessment_id).first()
    if assessment is None:
        raise NotFound(_("Self-assessment not found."))
    return assessment


def delete_assessment(user, workspace: Workspace, assessment_id: int) -> None:
    require_role(user, workspace, Role.EDITOR)
    assessment_for(user, workspace, assessment_id).delete()


def area_scores(assessment: Assessment) -> dict[str, float]:
    """Average score per focus area, rounded to one decimal."""
    by_question = {a.question: a.score for a in assessment.answers.all()}
    scores = {}
    for area in AREAS:
        values = [
            by_question[q.key] for q in QUESTIONS if q.area == area.key and q.key in by_question
        ]
        scores[area.key] = round(sum(values) / len(values), 1) if values else 0.0
    return scores


def overall_score(assessment: Assessment) -> float:
    values = [a.score for a in assessment.answers.all()]
    return round(sum(values) / len(values), 1) if values else 0.0


def weakest_topics(assessment: Assessment, limit: int = 3) -> list[dict]:
    by_key = {q.key: q for q in QUESTIONS}
    answers = sorted(assessment.answers.all(), key=lambda a: (a.score, a.id))
    return [
        {"key": a.question, "topic": str(by_key[a.question].topic), "score": a.score}
        for a in answers[:limit]
        if a.question in by_key
    ]


def area_chart_spec(assessment: Assessment) -> dict:
    """A Vega-Lite bar chart of the area scores of one self-assessment (1-5 scale)."""
    scores = area_scores(assessment)
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": _("Customer-centricity by focus area"),
        "width": 360,
        "height": 180,
        "data": {
            "values": [{"area": area_name(key), "score": value} for key, value in scores.items()]
        },
        "mark": {"type": "bar", "cornerRadiusEnd": 3},
        "encoding": {
            "y": {"field": "area", "type": "nominal", "sort": None, "title": None},
            "x": {
                "field": "score",
                "type": "quantitative",
                "scale": {"domain": [0, SCALE_MAX]},
                "title": _("Score (1-5)"),
            },
            "color": {"field": "area", "type": "nominal", "legend": None},
            "tooltip": [
                {"field": "area", "type": "nominal", "title": _("Focus area")},
                {"field": "score", "type": "quantitative", "title": _("Score")},
            ],
        },
    }


def history_chart_spec(assessments: list[Assessment]) -> dict:
    """A Vega-Lite line chart of the area scores over time."""
    values = []
    for assessment in assessments:
        for key, value in area_scores(assessment).items():
            values.append(
                {"date": assessment.taken_on.isoformat(), "area": area_name(key), "score": value}
            )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": _("Self-assessment history"),
        "width": 480,
        "height": 200,
        "data": {"values": values},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "date", "type": "temporal", "title": _("Date")},
            "y": {
                "field": "score",
                "type": "quantitative",
                "scale": {"domain": [0, SCALE_MAX]},
                "title": _("Score (1-5)"),
            },
            "color": {"field": "area", "type": "nominal", "title": _("Focus area")},
        },
    }
