from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from teekond.accounts.access import member_by_slug
from teekond.accounts.models import Role
from teekond.core.errors import Conflict, TeekondError
from teekond.core.views_helpers import domain_errors
from teekond.eventlogs import charts, services
from teekond.eventlogs.forms import UploadForm
from teekond.eventlogs.models import Status


def _context(request, slug):
    membership = member_by_slug(request.user, slug)
    return membership.workspace, membership


@login_required
@domain_errors
@require_http_methods(["GET", "POST"])
def log_list(request, slug):
    workspace, membership = _context(request, slug)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            log = services.create_log(
                request.user,
                workspace,
                data["file"],
                name=data["name"],
                mapping={k: data[k] for k in services.MAPPING_KEYS},
            )
        except TeekondError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("eventlog", slug=slug, log_id=log.pk)
    return render(
        request,
        "eventlogs/list.html",
        {
            "workspace": workspace,
            "membership": membership,
            "form": form,
            "logs": workspace.event_logs.select_related("journey"),
            "can_edit": membership.allows(Role.EDITOR),
        },
    )


def _analyses(log) -> dict:
    """Everything the detail page shows once the log is imported."""
    if log.status != Status.DONE:
        return {}
    result = {"sankey": services.sankey(log, top_n=12), "durations": services.durations(log)}
    if services.mapped_steps(log):
        funnel = services.funnel(log)
        conformance = services.conformance(log)
        result.update(
            funnel=funnel,
            funnel_spec=charts.funnel_spec(funnel),
            conformance=conformance,
            conformance_spec=charts.conformance_spec(conformance),
        )
    return result


@login_required
@domain_errors
def log_detail(request, slug, log_id):
    workspace, membership = _context(request, slug)
    log = services.get_log(request.user, log_id)
    if log.workspace_id != workspace.pk:
        return redirect("eventlog", slug=log.workspace.slug, log_id=log.pk)
    context = {
        "workspace": workspace,
        "membership": membership,
        "log": log,
        "can_edit": membership.allows(Role.EDITOR),
    }
    if request.htmx and log.status in (Status.PENDING, Status.RUNNING):
        return render(request, "eventlogs/_progress.html", context)
    if request.htmx:
        response = render(request, "eventlogs/_progress.html", context)
        response["HX-Refresh"] = "true"
        return response
    context.update(_analyses(log))
    summary = log.summary
    context["top_activities"] = [
        {
            "name": name,
            "events": n,
            "starts": summary.get("start_activities", {}).get(name, ""),
            "ends": summary.get("end_activities", {}).get(name, ""),
        }
        for name, n in sorted(summary.get("activities", {}).items(), key=lambda kv: -kv[1])[:30]
    ]
    context["dfg"] = sorted(log.summary.get("dfg", []), key=lambda e: -e["count"])[:30]
    return render(request, "eventlogs/detail.html", context)


@login_required
@domain_errors
@require_http_methods(["GET", "POST"])
def log_link(request, slug, log_id):
    workspace, membership = _context(request, slug)
    log = services.get_log(request.user, log_id, Role.EDITOR)
    journeys = list(workspace.journeys.all())
    journey = log.journey
    chosen = request.GET.get("journey") or request.POST.get("journey")
    if chosen:
        journey = next((j for j in journeys if str(j.pk) == chosen), None)
    if request.method == "POST" and "save" in request.POST:
        mapping = {}
        if journey is not None:
            for step in journey.steps.all():
                acts = request.POST.getlist(f"step_{step.pk}")
                if acts:
                    mapping[str(step.pk)] = acts
        try:
            services.link_journey(
                request.user,
                log,
                journey.pk if journey else None,
                mapping,
                int(request.POST.get("version", 0)),
            )
        except Conflict as exc:
            messages.error(request, exc.message)
        except TeekondError as exc:
            messages.error(request, " ".join([exc.message, *(exc.details or [])]))
        else:
            messages.success(request, _("The event log is linked to the map."))
            return redirect("eventlog", slug=slug, log_id=log.pk)
    current = log.step_activities if journey is not None and journey == log.journey else {}
    if journey is not None and not current:
        current = services.suggest_step_activities(log, journey)
    steps = []
    if journey is not None:
        steps = [
            {"step": s, "selected": set(current.get(str(s.pk), []))}
            for s in journey.steps.select_related("stage")
        ]
    return render(
        request,
        "eventlogs/link.html",
        {
            "workspace": workspace,
            "membership": membership,
            "log": log,
            "journeys": journeys,
            "journey": journey,
            "steps": steps,
            "activities": sorted(log.summary.get("activities", {})),
        },
    )


@login_required
@domain_errors
@require_POST
def log_delete(request, slug, log_id):
    log = services.get_log(request.user, log_id, Role.EDITOR)
    services.delete_log(request.user, log)
    messages.success(request, _("Event log deleted."))
    return redirect("eventlogs", slug=slug)
