"""Measure pages: the public micro-survey, a journey's Measure page, survey settings with QR
code and embed snippet, imports, notifications and the workspace's alert settings."""

from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from teekond.accounts.access import require_role, workspace_by_slug
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
    Response,
    Source,
)

# Public survey limits (per client IP and per survey): generous for a real person answering
# a few touchpoints, tight enough that a script cannot flood a survey from one address.
RATE_PER_IP = (20, 600)  # answers per IP and survey per 10 minutes
RATE_PER_SURVEY = (2000, 3600)  # answers per survey per hour


def _context(request, slug, needed=Role.VIEWER):
    workspace = workspace_by_slug(request.user, slug)
    membership = require_role(request.user, workspace, needed)
    return workspace, membership


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _allow(key: str, limit: int, window: int) -> bool:
    """A fixed-window counter in Django's cache (per process with the default local-memory
    cache; configure a shared cache for several server processes)."""
    if cache.add(key, 1, window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
        return True
    return count <= limit


def _survey_language(request) -> str:
    chosen = request.GET.get("lang") or request.POST.get("lang")
    if chosen in ("et", "en"):
        return chosen
    return translation.get_language_from_request(request, check_path=False)[:2]


SCALES = {
    "nps": list(range(0, 11)),
    "csat": list(range(1, 6)),
    "ces": list(range(1, 8)),
    "three": list(range(1, 6)),
}


def _survey_context(config, lang, source, data=None, errors=None, embed=False, customer=None):
    segment = customer.segment if customer else None
    return {
        "config": config,
        "step": config.step,
        "lang": lang,
        "source": source,
        "embed": embed,
        # a personal link: passed on with the answer, never shown
        "customer_ref": (data or {}).get("c", ""),
        "asks": {q: config.asks(q, segment) for q in Question.values},
        "scales": SCALES,
        "emotion_choices": [(e.key, e.name(lang), e.valence) for e in emotions.VOCABULARY],
        "key": (data or {}).get("key") or services.new_idempotency_key(),
        "data": data or {},
        "errors": errors or [],
    }


@csrf_exempt
@require_http_methods(["GET", "POST"])
def survey(request, token):
    """The public micro-survey of one step: no login, no cookies. A POST carries the
    idempotency key generated into the form, so a retried submit stores nothing twice."""
    try:
        config = services.survey_by_token(token)
    except NotFound:
        return render(request, "research/survey_closed.html", status=404)
    lang = _survey_language(request)
    source = request.GET.get("src") or request.POST.get("src") or Source.WEB
    if source not in (Source.WEB, Source.QR, Source.EMBED):
        source = Source.WEB
    embed = source == Source.EMBED
    ref = request.GET.get("c") or request.POST.get("c") or ""
    customer = services.customer_from_link(config, ref)
    with translation.override(lang):
        if request.method == "GET":
            response = render(
                request,
                "research/survey.html",
                _survey_context(
                    config, lang, source, {"c": ref} if customer else None, None, embed, customer
                ),
            )
        else:
            response = _survey_post(request, config, lang, source, embed, customer)
    if embed:
        # The widget is meant to be framed by the customer's own site.
        response.xframe_options_exempt = True
        response._csp_replace = {"frame-ancestors": ["*"]}
    return response


def _survey_post(request, config, lang, source, embed, customer=None):
    data = request.POST
    key = data.get("key", "")
    thanks = {"config": config, "lang": lang, "embed": embed}
    if data.get("website"):  # the honeypot: people never see this field
        return render(request, "research/survey_thanks.html", thanks)
    if Response.objects.filter(workspace_id=config.workspace_id, idempotency_key=key).exists():
        return render(request, "research/survey_thanks.html", thanks)
    ip = _client_ip(request)
    if not _allow(f"survey-ip:{config.pk}:{ip}", *RATE_PER_IP) or not _allow(
        f"survey:{config.pk}", *RATE_PER_SURVEY
    ):
        return render(request, "research/survey_busy.html", thanks, status=429)
    answer = {
        "nps": data.get("nps"),
        "csat": data.get("csat"),
        "ces": data.get("ces"),
        "effect": data.get("effect"),
        "ease": data.get("ease"),
        "emotion_rating": data.get("emotion_rating"),
        "emotion": data.get("emotion"),
        "comment": data.get("comment"),
    }
    try:
        services.record_response(
            config, answer, source=source, language=lang, idempotency_key=key, customer=customer
        )
    except Invalid as exc:
        data = {**answer, "key": key, "c": data.get("c", "") if customer else ""}
        context = _survey_context(config, lang, source, data, exc.details, embed, customer)
        return render(request, "research/survey.html", context, status=422)
    return render(request, "research/survey_thanks.html", thanks)


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
            )
        except Invalid as exc:
            error = exc.message
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
