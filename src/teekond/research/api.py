"""Measure API: push answers from other systems (batch, idempotent), import survey exports
and CRM lists (upload, mapping with preview, background check and import, progress), list
the CRM customers, read metrics, drivers, quadrants and the live overlay, and configure a
step's micro-survey.

Viewers read; editors push answers, import and change surveys; people outside the workspace get 404.
"""

from __future__ import annotations

from django.utils import translation
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from teekond.accounts.access import require_role, workspace_for
from teekond.accounts.models import Role
from teekond.core.bounds import Amount, Id
from teekond.core.errors import Invalid, also_answers
from teekond.core.text import BoundedLine
from teekond.journeys.access import journey_for, step_for
from teekond.research import import_jobs, importing, reasons, services
from teekond.research.models import ImportStatus
from teekond.research.schemas import (
    BatchIn,
    BatchOut,
    CustomerOut,
    ImportOut,
    ImportStartIn,
    SurveyLinkOut,
    SurveyOut,
    SurveyPatch,
)

router = Router(tags=["measure"])


def _survey_out(request, config) -> dict:
    return {
        "step_id": config.step_id,
        "token": config.token,
        "url": services.survey_url(config, request),
        "questions": config.questions,
        "segment_questions": config.segment_questions or {},
        "intro": config.intro,
        "embed_origins": config.embed_origins or [],
        "is_active": config.is_active,
        "version": config.version,
    }


@router.post("/workspaces/{workspace_id}/responses", response=BatchOut)
def push_responses(request, workspace_id: Id, payload: BatchIn):
    """Store answers from another system. Every answer is checked before any is stored; an
    answer whose ``idempotency_key`` is already stored is counted under ``existing``, so a
    retried request never duplicates."""
    workspace = workspace_for(request.user, workspace_id)
    items = [r.model_dump() for r in payload.responses]
    return services.record_batch(request.user, workspace, items)


@router.get("/journeys/{journey_id}/metrics")
def journey_metrics(
    request,
    journey_id: Id,
    period: BoundedLine = "month",
    segment: BoundedLine | None = None,
    persona_id: Id | None = None,
):
    """NPS, CSAT, CES, the three E's and good-minus-bad (each with a 95 % interval) for the
    journey, per stage, per step and per segment, and their trend per week/month/quarter."""
    journey = journey_for(request.user, journey_id)
    if period not in ("week", "month", "quarter"):
        raise Invalid("Unknown period: use week, month or quarter.")
    persona = None
    if persona_id is not None:
        persona = journey.workspace.personas.filter(pk=persona_id).first()
        if persona is None:
            raise Invalid("No such persona in this workspace.")
    return services.journey_metrics(journey, period=period, segment=segment, persona=persona)


@router.get("/journeys/{journey_id}/overlay")
def journey_overlay(request, journey_id: Id):
    """Per step: what the map assumes next to what was measured, and where they disagree."""
    return services.step_overlay(journey_for(request.user, journey_id))


@router.get("/journeys/{journey_id}/drivers")
def journey_drivers(request, journey_id: Id, language: BoundedLine | None = None):
    """Which steps move the likelihood to recommend, with a plain-language reading."""
    journey = journey_for(request.user, journey_id)
    lang = language or translation.get_language() or "en"
    return services.journey_drivers(journey, lang)


@router.get("/workspaces/{workspace_id}/quadrants")
def quadrants(
    request,
    workspace_id: Id,
    journey_id: Id | None = None,
    score: Amount | None = None,
    revenue: Amount | None = None,
    potential: Amount | None = None,
):
    """Customers in the four quadrants (exemplary, growth, at-risk, hanging); thresholds
    default to the medians."""
    workspace = workspace_for(request.user, workspace_id)
    journey = None
    if journey_id is not None:
        journey = journey_for(request.user, journey_id)
        if journey.workspace_id != workspace.pk:
            raise Invalid("The journey is not in this workspace.")
    result = services.customer_quadrants(workspace, journey, score, revenue, potential)
    result["spec"] = services.quadrant_spec(result)
    return result


@router.get("/workspaces/{workspace_id}/metrics")
def workspace_metrics(request, workspace_id: Id, segment: BoundedLine | None = None):
    """Metrics of the whole workspace, per journey, persona and segment."""
    workspace = workspace_for(request.user, workspace_id)
    return services.workspace_metrics(workspace, segment=segment)


@router.get("/steps/{step_id}/survey", response=SurveyOut)
def get_survey(request, step_id: Id):
    step = step_for(request.user, step_id)
    return _survey_out(request, services.survey_for_step(step))


@router.patch("/steps/{step_id}/survey", response=SurveyOut)
def patch_survey(request, step_id: Id, payload: SurveyPatch):
    step = step_for(request.user, step_id, Role.EDITOR)
    require_role(request.user, step.journey.workspace_id, Role.EDITOR)
    config = services.survey_for_step(step)
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    return _survey_out(request, services.update_survey(config, changes, payload.version))


def _import_out(job) -> dict:
    preview = None
    if job.status == ImportStatus.MAPPING:
        try:
            preview = import_jobs.import_preview(job)
        except importing.ImportProblem as exc:
            preview = {"file_error": reasons.translate(exc.message)}
    return {
        "id": job.pk,
        "kind": job.kind,
        "journey_id": job.journey_id,
        "original_name": job.original_name,
        "status": job.status,
        "mapping": job.mapping,
        "version": job.version,
        "progress_done": job.progress_done,
        "progress_total": job.progress_total,
        "progress_percent": job.progress_percent,
        "preview": preview,
        "report": reasons.translated_report(job.report or {}),
    }


@router.post("/workspaces/{workspace_id}/imports", response={201: ImportOut})
def upload_import(
    request,
    workspace_id: Id,
    file: File[UploadedFile],
    kind: Form[BoundedLine],
    journey_id: Id | None = Form(None),  # noqa: B008 - ninja drops defaults of Form[Annotated]
    encoding: BoundedLine | None = Form(None),  # noqa: B008 - as above
):
    """Upload a survey export (``kind=survey``, with the ``journey_id`` its answers belong to)
    or a CRM list (``kind=crm``), CSV or XLSX. Nothing is imported yet: the answer holds the
    suggested column mapping and a preview of the first rows with their problems. A file
    that cannot be read at all (encoding, format, no header, rows that do not fit the header)
    is refused with 422 and nothing is kept; ``error.details`` lists each bad line. When the
    encoding cannot be told, the details hold the candidate encodings with a preview of each:
    upload again with ``encoding=`` (utf-8, windows-1257, windows-1252, windows-1251, …)."""
    workspace = workspace_for(request.user, workspace_id)
    job = import_jobs.create_import(
        request.user, workspace, file, kind, journey_id, encoding or None
    )
    return Status(201, _import_out(job))


@router.get("/imports/{job_id}", response=ImportOut)
def get_import(request, job_id: Id):
    """An import's status and progress; once checked, its report (every bad row and column)."""
    return _import_out(import_jobs.get_import(request.user, job_id))


@router.post("/imports/{job_id}/start", response={202: ImportOut})
def start_import(request, job_id: Id, payload: ImportStartIn):
    """Confirm the mapping (or keep the suggested one) and start the background check and
    import. Every row is checked before anything is written; poll ``GET /imports/{id}``."""
    job = import_jobs.get_import(request.user, job_id, Role.EDITOR)
    mapping = payload.mapping if payload.mapping is not None else job.mapping
    job = import_jobs.start_import(request.user, job, mapping, payload.version)
    return Status(202, _import_out(import_jobs.get_import(request.user, job.pk)))


@router.get("/workspaces/{workspace_id}/customers", response=list[CustomerOut])
def customers(request, workspace_id: Id, segment: BoundedLine | None = None):
    """The workspace's CRM customers: segment, revenue and potential revenue."""
    workspace = workspace_for(request.user, workspace_id)
    qs = workspace.customers.all()
    if segment is not None:
        qs = qs.filter(segment=segment)
    return [
        {
            "id": c.pk,
            "external_id": c.external_id,
            "name": c.name,
            "segment": c.segment,
            "revenue": services.as_float(c.revenue),
            "potential_revenue": services.as_float(c.potential_revenue),
            "persona_id": c.persona_id,
            "churned_on": c.churned_on,
        }
        for c in qs
    ]


@router.get("/steps/{step_id}/survey/link", response=SurveyLinkOut, openapi_extra=also_answers(403))
def survey_link(request, step_id: Id, customer_external_id: BoundedLine, src: BoundedLine = ""):
    """The survey link for one CRM customer, to send after their visit: the survey then
    never asks who they are, stores the answer on that customer, and asks their segment's
    own questions. Editors only (the link speaks for the customer)."""
    step = step_for(request.user, step_id, Role.EDITOR)
    config = services.survey_for_step(step)
    customer = step.journey.workspace.customers.filter(external_id=customer_external_id).first()
    if customer is None:
        raise Invalid("No customer with that id in this workspace.")
    source = src if src in ("qr", "embed") else ""
    return {
        "url": services.customer_link(config, customer, request, source),
        "customer_external_id": customer.external_id,
        "segment": customer.segment,
        "questions": config.questions_for(customer.segment),
    }
