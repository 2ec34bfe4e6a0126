"""The Act API: self-assessment (diagnostics) and, later, backlog, reviews and crisis plans."""

from __future__ import annotations

from ninja import Router, Status

from teekond.accounts import access
from teekond.accounts.access import workspace_for
from teekond.actions import services, versions
from teekond.actions.diagnostics import questions_by_area
from teekond.actions.schemas import (
    AreaOut,
    AssessmentIn,
    AssessmentOut,
    BacklogIn,
    BacklogOut,
    BacklogPatch,
    CadenceIn,
    ChangeOut,
    CommentIn,
    CommentOut,
    HealthOut,
    NotificationOut,
    OwnerIn,
    ReadIn,
    RestoreIn,
    ReviewIn,
    ReviewOut,
    VersionIn,
    VersionOut,
)
from teekond.core import notifications
from teekond.core.bounds import Id, Version
from teekond.core.text import BoundedLine
from teekond.journeys.access import journey_in

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
def list_assessments(request, workspace_id: Id):
    workspace = workspace_for(request.auth, workspace_id)
    return [_assessment_out(a) for a in services.assessments_for(request.auth, workspace)]


@router.post("/workspaces/{workspace_id}/diagnostics", response={201: AssessmentOut})
def create_assessment(request, workspace_id: Id, payload: AssessmentIn):
    workspace = workspace_for(request.auth, workspace_id)
    assessment = services.record_assessment(
        request.auth, workspace, payload.answers, payload.taken_on, payload.note
    )
    return Status(201, _assessment_out(assessment))


@router.get("/workspaces/{workspace_id}/diagnostics/{assessment_id}", response=AssessmentOut)
def get_assessment(request, workspace_id: Id, assessment_id: Id):
    workspace = workspace_for(request.auth, workspace_id)
    return _assessment_out(services.assessment_for(request.auth, workspace, assessment_id))


@router.delete("/workspaces/{workspace_id}/diagnostics/{assessment_id}", response={204: None})
def delete_assessment(request, workspace_id: Id, assessment_id: Id):
    workspace = workspace_for(request.auth, workspace_id)
    services.delete_assessment(request.auth, workspace, assessment_id)
    return Status(204, None)


# --- backlog ------------------------------------------------------------------------------


def _subject_of(obj):
    if obj.subject_type_id is None:
        return None, None
    subject = obj.subject
    return (
        f"{obj.subject_type.app_label}.{obj.subject_type.model}:{obj.subject_id}",
        str(subject) if subject else None,
    )


def _backlog_out(item) -> dict:
    ref, label = _subject_of(item)
    return {
        "id": item.id,
        "kind": item.kind,
        "title": item.title,
        "description": item.description,
        "subject": ref,
        "subject_label": label,
        "owner_id": item.owner_id,
        "owner": item.owner.username if item.owner else None,
        "deadline": item.deadline,
        "status": item.status,
        "impact": item.impact,
        "effort": item.effort,
        "quick_win": item.is_quick_win,
        "quadrant": services.quadrant(item),
        "metric_key": item.metric_key,
        "metric_target": item.metric_target,
        "metric_current": services.current_metric(item),
        "version": item.version,
        "updated_at": item.updated_at,
    }


@router.get("/workspaces/{workspace_id}/backlog", response=list[BacklogOut])
def list_backlog(
    request, workspace_id: Id, status: BoundedLine | None = None, subject: BoundedLine | None = None
):
    workspace = workspace_for(request.auth, workspace_id)
    items = services.backlog_for(request.auth, workspace)
    if status:
        items = items.filter(status=status)
    if subject:
        items = items.filter(
            **services.subject_fields(services.resolve_subject(workspace, subject))
        )
    return [_backlog_out(i) for i in items]


@router.post("/workspaces/{workspace_id}/backlog", response={201: BacklogOut})
def create_backlog(request, workspace_id: Id, payload: BacklogIn):
    workspace = workspace_for(request.auth, workspace_id)
    data = payload.model_dump(exclude={"subject"})
    subject = services.resolve_subject(workspace, payload.subject)
    item = services.create_backlog_item(request.auth, workspace, data, subject)
    return Status(201, _backlog_out(item))


@router.get("/workspaces/{workspace_id}/backlog/{item_id}", response=BacklogOut)
def get_backlog(request, workspace_id: Id, item_id: Id):
    workspace = workspace_for(request.auth, workspace_id)
    return _backlog_out(services.backlog_item_for(request.auth, workspace, item_id))


@router.patch("/workspaces/{workspace_id}/backlog/{item_id}", response=BacklogOut)
def update_backlog(request, workspace_id: Id, item_id: Id, payload: BacklogPatch):
    workspace = workspace_for(request.auth, workspace_id)
    given = payload.model_dump(exclude_unset=True)
    version = given.pop("version")
    subject = ...
    if "subject" in given:
        subject = services.resolve_subject(workspace, given.pop("subject"))
    item = services.update_backlog_item(request.auth, workspace, item_id, version, given, subject)
    return _backlog_out(item)


@router.delete("/workspaces/{workspace_id}/backlog/{item_id}", response={204: None})
def delete_backlog(request, workspace_id: Id, item_id: Id):
    workspace = workspace_for(request.auth, workspace_id)
    services.delete_backlog_item(request.auth, workspace, item_id)
    return Status(204, None)


# --- comments and notifications -----------------------------------------------------------


def _comment_out(c) -> dict:
    ref, _label = _subject_of(c)
    return {
        "id": c.id,
        "subject": ref,
        "author": c.author.username if c.author else None,
        "body": c.body,
        "kind": c.kind,
        "evidence": c.evidence,
        "mentions": [u.username for u in c.mentions.all()],
        "created_at": c.created_at,
    }


@router.get("/workspaces/{workspace_id}/comments", response=list[CommentOut])
def list_comments(request, workspace_id: Id, subject: BoundedLine | None = None):
    workspace = workspace_for(request.auth, workspace_id)
    target = services.resolve_subject(workspace, subject)
    return [_comment_out(c) for c in services.comments_for(request.auth, workspace, target)]


@router.post("/workspaces/{workspace_id}/comments", response={201: CommentOut})
def create_comment(request, workspace_id: Id, payload: CommentIn):
    workspace = workspace_for(request.auth, workspace_id)
    target = services.resolve_subject(workspace, payload.subject)
    comment = services.add_comment(
        request.auth, workspace, target, payload.body, payload.kind, payload.evidence
    )
    return Status(201, _comment_out(comment))


@router.get("/notifications", response=list[NotificationOut])
def list_notifications(request, unread: bool = False):
    return [
        {
            "id": n.id,
            "workspace_id": n.workspace_id,
            "message": n.message,
            "link": n.link,
            "created_at": n.created_at,
            "read": n.read_at is not None,
        }
        for n in access.notifications_for(request.auth, unread_only=unread)[:200]
    ]


@router.post("/notifications/read")
def read_notifications(request, payload: ReadIn):
    return {"marked": notifications.mark_read(request.auth, payload.ids)}


# --- owners, review cadence, reviews, history ---------------------------------------------


@router.put("/workspaces/{workspace_id}/owners")
def put_owner(request, workspace_id: Id, payload: OwnerIn):
    workspace = workspace_for(request.auth, workspace_id)
    subject = services.resolve_subject(workspace, payload.subject)
    result = services.set_owner(request.auth, workspace, subject, payload.owner_id)
    return {"subject": payload.subject, "owner_id": result.owner_id if result else None}


@router.put("/workspaces/{workspace_id}/review-cadence")
def put_cadence(request, workspace_id: Id, payload: CadenceIn):
    workspace = workspace_for(request.auth, workspace_id)
    subject = services.resolve_subject(workspace, payload.subject)
    schedule = services.set_cadence(request.auth, workspace, subject, payload.cadence)
    due = services.review_due_on(schedule, services.last_review(subject))
    return {"subject": payload.subject, "cadence": schedule.cadence, "due_on": due}


@router.get("/workspaces/{workspace_id}/reviews", response=list[ReviewOut])
def list_reviews(request, workspace_id: Id, subject: BoundedLine | None = None):
    from teekond.accounts.access import require_role

    workspace = workspace_for(request.auth, workspace_id)
    require_role(request.auth, workspace)
    target = services.resolve_subject(workspace, subject)
    qs = services.Review.objects.filter(workspace=workspace)
    if target is not None:
        qs = services.items_about(services.Review, target)
    return [
        {
            **{
                f: getattr(r, f) for f in ("id", "held_on", "participants", "findings", "decisions")
            },
            "subject": _subject_of(r)[0],
        }
        for r in qs
    ]


@router.post("/workspaces/{workspace_id}/reviews", response={201: ReviewOut})
def create_review(request, workspace_id: Id, payload: ReviewIn):
    workspace = workspace_for(request.auth, workspace_id)
    subject = services.resolve_subject(workspace, payload.subject)
    data = payload.model_dump(exclude={"subject"}, exclude_none=True)
    r = services.record_review(request.auth, workspace, subject, data)
    return Status(
        201,
        {
            **{
                f: getattr(r, f) for f in ("id", "held_on", "participants", "findings", "decisions")
            },
            "subject": payload.subject,
        },
    )


@router.get("/workspaces/{workspace_id}/history", response=list[ChangeOut])
def list_history(request, workspace_id: Id, subject: BoundedLine | None = None):
    workspace = workspace_for(request.auth, workspace_id)
    target = services.resolve_subject(workspace, subject)
    return [
        {
            "id": c.id,
            "actor": c.actor.username if c.actor else None,
            "action": c.action,
            "subject": _subject_of(c)[0],
            "label": c.label,
            "changes": c.changes,
            "created_at": c.created_at,
        }
        for c in services.history(request.auth, workspace, target)
    ]


# --- versions and health of a journey -----------------------------------------------------


def _version_out(v) -> dict:
    return {
        "number": v.number,
        "name": v.name,
        "created_by": v.created_by.username if v.created_by else None,
        "created_at": v.created_at,
    }


@router.get("/workspaces/{workspace_id}/journeys/{journey_id}/versions", response=list[VersionOut])
def list_versions(request, workspace_id: Id, journey_id: Id):
    workspace = workspace_for(request.auth, workspace_id)
    journey = journey_in(request.auth, workspace, journey_id)
    return [_version_out(v) for v in versions.versions_of(journey)]


@router.post(
    "/workspaces/{workspace_id}/journeys/{journey_id}/versions", response={201: VersionOut}
)
def create_version(request, workspace_id: Id, journey_id: Id, payload: VersionIn):
    workspace = workspace_for(request.auth, workspace_id)
    journey = journey_in(request.auth, workspace, journey_id)
    return Status(201, _version_out(versions.save_version(request.auth, journey, payload.name)))


@router.get("/workspaces/{workspace_id}/journeys/{journey_id}/versions/diff")
def diff_versions(
    request, workspace_id: Id, journey_id: Id, old: Version, new: Version | None = None
):
    """What changed from version ``old`` to version ``new`` (default: the map as it is now)."""
    from teekond.exports.journey_doc import journey_document

    workspace = workspace_for(request.auth, workspace_id)
    journey = journey_in(request.auth, workspace, journey_id)
    before = versions.version_of(journey, old).document
    after = versions.version_of(journey, new).document if new else journey_document(journey)
    return versions.diff_documents(before, after)


@router.get("/workspaces/{workspace_id}/journeys/{journey_id}/versions/{number}")
def get_version(request, workspace_id: Id, journey_id: Id, number: Version):
    """The version's journey document (format teekond.journey)."""
    workspace = workspace_for(request.auth, workspace_id)
    journey = journey_in(request.auth, workspace, journey_id)
    return versions.version_of(journey, number).document


@router.post("/workspaces/{workspace_id}/journeys/{journey_id}/versions/{number}/restore")
def restore_version(request, workspace_id: Id, journey_id: Id, number: Version, payload: RestoreIn):
    workspace = workspace_for(request.auth, workspace_id)
    journey = journey_in(request.auth, workspace, journey_id)
    journey = versions.restore_version(request.auth, journey, number, payload.structure_version)
    return {
        "journey_id": journey.id,
        "restored": number,
        "structure_version": journey.structure_version,
    }


@router.get("/workspaces/{workspace_id}/journeys/{journey_id}/health", response=HealthOut)
def journey_health(request, workspace_id: Id, journey_id: Id):
    from teekond.actions.health import health_check
    from teekond.actions.maps import map_facts

    workspace = workspace_for(request.auth, workspace_id)
    journey = journey_in(request.auth, workspace, journey_id)
    result = health_check(map_facts(journey))
    return {
        "journey_id": journey.id,
        "score": result["score"],
        "checks": [vars(c) for c in result["checks"]],
    }
