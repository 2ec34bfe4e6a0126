"""Measure pages for members: a journey's Measure page, survey settings with QR
code and embed snippet, imports, notifications and the workspace's alert settings. The public
micro-survey itself is in ``survey_views``."""

from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from teekond.accounts.access import member_by_slug, require_role
from teekond.accounts.models import Role
from teekond.core import emotions
from teekond.core.errors import Invalid, NotFound, TeekondError
from teekond.core.views_helpers import domain_errors
from teekond.journeys.access import journey_for, step_for
from teekond.research import alerts, import_jobs, importing, reasons, services, snippets, webhooks
from teekond.research.models import (
    ImportJob,
    ImportKind,
    ImportStatus,
    Question,
    Source,
)


def _context(request, slug, needed=Role.VIEWER):
    membership = member_by_slug(request.user, slug, needed)
    workspace = membership.workspace
    return workspace, membership


# ---------------------------------------------------------------- pages for members


@login_required
@domain_errors
def measure_home(request, slug):
    workspace, membership = _context(request, slug)
    data = services.workspace_metrics(workspace)
    journeys = [
        {"journey": j, "metrics": data["journeys"].get(j.pk)}
        for j in workspace.journeys.select_related("persona")
    ]
    personas = [
        {"persona": p, "metrics": data["personas"][p.pk]}
        for p in workspace.personas.all()
        if p.pk in data["personas"]
    ]
    return render(
        request,
        "research/home.html",
        {
            "workspace": workspace,
            "membership": membership,
            "journeys": journeys,
            "personas": personas,
            "overall": data["overall"],
            "segments": [
                (name, m, data["churn"]["segments"].get(name))
                for name, m in sorted(data["segments"].items())
            ],
            "churn": data["churn"],
            "customers": workspace.customers.all()[:200],
            "customer_count": workspace.customers.count(),
            "imports": workspace.imports.all()[:10],
            "can_edit": membership.allows(Role.EDITOR),
        },
    )


@login_required
@domain_errors
def measure_journey(request, slug, journey_id):
    workspace, membership = _context(request, slug)
    journey = journey_for(request.user, journey_id)
    if journey.workspace_id != workspace.pk:
        raise NotFound(_("Journey not found."))
    period = request.GET.get("period", "month")
    if period not in ("week", "month", "quarter"):
        period = "month"
    segment = request.GET.get("segment") or None
    data = services.journey_metrics(journey, period=period, segment=segment)
    language = translation.get_language() or "en"
    overlay = services.step_overlay(journey)
    by_step = {row["step_id"]: row for row in overlay}
    comments = services.step_comments(journey)
    steps = [
        {**s, "overlay": by_step.get(s["id"]), "comments": comments.get(s["id"], [])}
        for s in data["steps"]
    ]
    quad = services.customer_quadrants(workspace, journey)
    labels = {"nps": "NPS", "csat": "CSAT %", "period": _("Period"), "value": _("Score")}
    return render(
        request,
        "research/journey.html",
        {
            "workspace": workspace,
            "membership": membership,
            "journey": journey,
            "data": data,
            "steps": steps,
            "period": period,
            "segment": segment or "",
            "segments": sorted(k for k in data["segments"] if k),
            "trend_spec": services.trend_spec(data["trend"], labels),
            "drivers": services.journey_drivers(journey, language),
            "quadrants": quad,
            "quadrant_lists": [
                (key, label, quad["quadrants"][key])
                for key, label in services.quadrant_labels().items()
            ],
            "quadrant_spec": services.quadrant_spec(quad),
            "emotion_names": {e.key: e.name(language) for e in emotions.VOCABULARY},
            "can_edit": membership.allows(Role.EDITOR),
        },
    )


def _step_in(request, workspace, step_id, needed=Role.VIEWER):
    step = step_for(request.user, step_id, needed)
    if step.journey.workspace_id != workspace.pk:
        raise NotFound(_("Touchpoint not found."))
    return step


@login_required
@domain_errors
@require_http_methods(["GET", "POST"])
def survey_settings(request, slug, step_id):
    workspace, membership = _context(request, slug)
    step = _step_in(request, workspace, step_id)
    config = services.survey_for_step(step)
    segments = sorted(
        set(workspace.customers.exclude(segment="").values_list("segment", flat=True))
        | set(config.segment_questions or {})
    )
    if request.method == "POST":
        require_role(request.user, workspace, Role.EDITOR)
        try:
            version = int(request.POST.get("version", "0"))
        except ValueError:
            version = 0
        try:
            services.update_survey(
                config,
                {
                    "questions": request.POST.getlist("questions"),
                    "intro": request.POST.get("intro", ""),
                    "is_active": request.POST.get("is_active") == "on",
                    "embed_origins": request.POST.get("embed_origins", "")[:4200],
                    # a segment with its own box ticked gets its own questions
                    "segment_questions": {
                        seg: request.POST.getlist(f"segment_{i}")
                        if request.POST.get(f"own_{i}") == "on"
                        else []
                        for i, seg in enumerate(segments)
                    },
                },
                version,
            )
        except TeekondError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Survey saved."))
            return redirect("survey_settings", slug=slug, step_id=step.pk)
    url = services.survey_url(config, request)
    embed_url = services.survey_url(config, request, Source.EMBED)
    return render(
        request,
        "research/survey_settings.html",
        {
            "workspace": workspace,
            "membership": membership,
            "step": step,
            "config": config,
            "questions": Question.choices,
            "segments": [
                (i, seg, (config.segment_questions or {}).get(seg))
                for i, seg in enumerate(segments)
            ],
            "url": url,
            "qr_url": services.survey_url(config, request, Source.QR),
            "embed": snippets.survey_iframe(embed_url, step.name),
            "can_edit": membership.allows(Role.EDITOR),
        },
    )


@login_required
@domain_errors
def survey_qr(request, slug, step_id, fmt):
    workspace, _membership = _context(request, slug)
    step = _step_in(request, workspace, step_id)
    config = services.survey_for_step(step)
    qr = segno.make(services.survey_url(config, request, Source.QR), error="m")
    buf = io.BytesIO()
    if fmt == "svg":
        qr.save(buf, kind="svg", scale=8, border=2, title=step.name)
        content_type = "image/svg+xml"
    else:
        qr.save(buf, kind="png", scale=10, border=2)
        content_type = "image/png"
    response = HttpResponse(buf.getvalue(), content_type=content_type)
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="survey-{step.pk}.{fmt}"'
    return response


@login_required
@domain_errors
@require_http_methods(["GET", "POST"])
def imports(request, slug):
    workspace, membership = _context(request, slug)
    error = None
    details: list = []
    if request.method == "POST":
        require_role(request.user, workspace, Role.EDITOR)
        upload = request.FILES.get("file")
        journey_id = request.POST.get("journey") or None
        try:
            if upload is None:
                raise Invalid(_("Choose a file."))
            job = import_jobs.create_import(
                request.user,
                workspace,
                upload,
                request.POST.get("kind", ""),
                int(journey_id) if journey_id and journey_id.isdigit() else None,
                request.POST.get("encoding") or None,
            )
        except Invalid as exc:
            error = exc.message
            details = exc.details if isinstance(exc.details, list) else []
        else:
            return redirect("import_detail", slug=slug, job_id=job.pk)
    return render(
        request,
        "research/imports.html",
        {
            "workspace": workspace,
            "membership": membership,
            "jobs": workspace.imports.select_related("journey"),
            "journeys": workspace.journeys.all(),
            "kinds": ImportKind.choices,
            "error": error,
            "problems": [d for d in details if d.get("row")],
            "candidates": next((d["candidates"] for d in details if d.get("candidates")), []),
            "encodings": importing.ENCODING_CHOICES,
            "chosen": request.POST.get("encoding", ""),
            "can_edit": membership.allows(Role.EDITOR),
        },
        status=422 if error else 200,
    )


@login_required
@domain_errors
@require_http_methods(["GET", "POST"])
def import_detail(request, slug, job_id):
    workspace, membership = _context(request, slug)
    job = import_jobs.get_import(request.user, job_id)
    if job.workspace_id != workspace.pk:
        raise NotFound(_("Import not found."))
    context = {
        "workspace": workspace,
        "membership": membership,
        "job": job,
        "report": reasons.translated_report(job.report or {}),
    }
    if request.htmx and job.status in (ImportStatus.PENDING, ImportStatus.RUNNING):
        return render(request, "research/_progress.html", context)
    if request.htmx:
        response = render(request, "research/_progress.html", context)
        response["HX-Refresh"] = "true"
        return response
    mapping = job.mapping
    if request.method == "POST":
        job = import_jobs.get_import(request.user, job_id, Role.EDITOR)
        fields = [f.name for f in importing.fields_for(job.kind)]
        mapping = {f: request.POST.get(f"map_{f}", "") for f in fields}
        if "start" in request.POST:
            try:
                import_jobs.start_import(
                    request.user, job, mapping, int(request.POST.get("version") or 0)
                )
            except TeekondError as exc:
                messages.error(request, exc.message)
            else:
                return redirect("import_detail", slug=slug, job_id=job.pk)
    if job.status == ImportStatus.MAPPING:
        try:
            context["preview"] = import_jobs.import_preview(job, mapping)
        except importing.ImportProblem as exc:
            context["file_error"] = reasons.translate(exc.message)
        context["can_edit"] = membership.allows(Role.EDITOR)
    return render(request, "research/import_detail.html", context)


@login_required
@domain_errors
@require_http_methods(["GET", "POST"])
def measure_settings(request, slug):
    workspace, membership = _context(request, slug, Role.OWNER)
    ms = alerts.measure_settings(workspace)
    if request.method == "POST":
        try:
            alerts.update_settings(
                request.user,
                workspace,
                request.POST.get("webhook_url", ""),
                int(request.POST.get("version") or 0),
            )
        except TeekondError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("measure_settings", slug=slug)
    return render(
        request,
        "research/settings.html",
        {
            "workspace": workspace,
            "membership": membership,
            "settings": ms,
            "deliveries": webhooks.recent_deliveries(workspace),
        },
    )


@login_required
@domain_errors
@require_POST
def import_delete(request, slug, job_id):
    workspace, _membership = _context(request, slug, Role.EDITOR)
    job = import_jobs.get_import(request.user, job_id, Role.EDITOR)
    if job.workspace_id != workspace.pk or job.status in (
        ImportStatus.PENDING,
        ImportStatus.RUNNING,
    ):
        raise NotFound(_("Import not found."))
    job.file.delete(save=False)
    ImportJob.objects.filter(pk=job.pk).delete()
    messages.success(request, _("Import removed; the answers it brought in stay."))
    return redirect("imports", slug=slug)
