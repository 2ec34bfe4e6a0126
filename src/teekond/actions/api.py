"""The Act API: self-assessment (diagnostics) and, later, backlog, reviews and crisis plans."""

from __future__ import annotations

from ninja import Router, Status

from teekond.accounts.access import workspace_for
from teekond.actions import services
from teekond.actions.diagnostics import questions_by_area
from teekond.actions.schemas import AreaOut, AssessmentIn, AssessmentOut

router = Router(tags=["act"])


def _assessment_out(a) -> dict:
    return {
        "id": a.id,
        "taken_on": a.taken_on,
        "respondent": a.respondent.username if a.respondent else None,
        "note": a.note,
        "created_at": a.created_at,
        "answers": {x.question: x.score for x in a.answers.all()},
        "area_scores": services.area_scores(a),
        "overall": services.overall_score(a),
    }


@router.get("/diagnostics/questions", response=list[AreaOut])
def diagnostics_questions(request):
    return [
        {
            "key": area.key,
            "name": str(area.name),
            "questions": [
                {"key": q.key, "area": q.area, "topic": str(q.topic), "text": str(q.text)}
                for q in questions
            ],
        }
        for area, questions in questions_by_area()
    ]


@router.get("/workspaces/{workspace_id}/diagnostics", response=list[AssessmentOut])
def list_assessments(request, workspace_id: int):
    workspace = workspace_for(request.auth, workspace_id)
    return [_assessment_out(a) for a in services.assessments_for(request.auth, workspace)]


@router.post("/workspaces/{workspace_id}/diagnostics", response={201: AssessmentOut})
def create_assessment(request, workspace_id: int, payload: AssessmentIn):
    workspace = workspace_for(request.auth, workspace_id)
    assessment = services.record_assessment(
        request.auth, workspace, payload.answers, payload.taken_on, payload.note
    )
    return Status(201, _assessment_out(assessment))


@router.get("/workspaces/{workspace_id}/diagnostics/{assessment_id}", response=AssessmentOut)
def get_assessment(request, workspace_id: int, assessment_id: int):
    workspace = workspace_for(request.auth, workspace_id)
    return _assessment_out(services.assessment_for(request.auth, workspace, assessment_id))


@router.delete("/workspaces/{workspace_id}/diagnostics/{assessment_id}", response={204: None})
def delete_assessment(request, workspace_id: int, assessment_id: int):
    workspace = workspace_for(request.auth, workspace_id)
    services.delete_assessment(request.auth, workspace, assessment_id)
    return Status(204, None)
