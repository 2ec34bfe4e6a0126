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
from teekond.eventlogs import analyses, imports, services
from teekond.eventlogs.forms import UploadForm
from teekond.eventlogs.models import Status
from teekond.eventlogs.overlay import FLAG_MIN_CASES

#: Rows per page of each list on the event-log pages; every list is paged, none unbounded.
PAGE_SIZE = 30
#: Activities offered per step on the link page (plus the step's chosen ones).
LINK_OPTIONS = 50
#: Chips of activities that are not on the map.
UNEXPECTED_SHOWN = 30


def _page(request, name: str, items: list, size: int = PAGE_SIZE) -> dict:
    """One page of ``items`` from ``?<name>_page=N``, with what the "more" links need."""
    pages = max(1, -(-len(items) // size))
    try:
        number = min(max(int(request.GET.get(f"{name}_page", 1)), 1), pages)
    except ValueError:
        number = 1
    query = request.GET.copy()

    def link(n: int) -> str:
        query[f"{name}_page"] = str(n)
        return "?" + query.urlencode() + f"#{name}"

    return {
        "items": items[(number - 1) * size : number * size],
        "number": number,
        "start": (number - 1) * size + 1,
        "pages": pages,
        "total": len(items),
        "next": link(number + 1) if number < pages else "",
        "previous": link(number - 1) if number > 1 else "",
    }


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
            "logs": services.checked(workspace.event_logs.select_related("journey")),
            "can_edit": membership.allows(Role.EDITOR),
        },
    )


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
    if log.status == Status.FAILED:
        context["error"] = imports.error_text(log)
    if request.htmx and log.status in (Status.PENDING, Status.RUNNING):
        return render(request, "eventlogs/_progress.html", context)
    if request.htmx:
        response = render(request, "eventlogs/_progress.html", context)
        response["HX-Refresh"] = "true"
        return response
    context.update(analyses.stored(log))
    context["flag_min_cases"] = FLAG_MIN_CASES
    summary = log.summary
    ranked = sorted(summary.get("activities", {}).items(), key=lambda kv: -kv[1])
    activities = _page(request, "activities", ranked)
    activities["items"] = [
        {
            "name": name,
            "events": n,
            "starts": summary.get("start_activities", {}).get(name, 0),
            "ends": summary.get("end_activities", {}).get(name, 0),
        }
        for name, n in activities["items"]
    ]
    context["activities"] = activities
    edges = sorted(summary.get("dfg", []), key=lambda e: -e["count"])
    context["dfg"] = _page(request, "dfg", edges)
    context["variants"] = _page(request, "variants", summary.get("variants", []), 15)
    if "conformance" in context:
        unexpected = list(context["conformance"]["unexpected_activities"].items())
        context["unexpected"] = unexpected[:UNEXPECTED_SHOWN]
        context["unexpected_more"] = max(0, len(unexpected) - UNEXPECTED_SHOWN)
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
    # The most frequent activities (matching ?q=), a page at a time, plus each step's own.
    query = request.GET.get("q", "").strip()[:200]
    ranked = list(log.summary.get("activities", {}))
    if query:
        ranked = [a for a in ranked if query.casefold() in a.casefold()]
    offered = _page(request, "activities", ranked, LINK_OPTIONS)
    steps = []
    if journey is not None:
        for s in journey.steps.select_related("stage"):
            chosen = list(dict.fromkeys(current.get(str(s.pk), [])))
            options = chosen + sorted(a for a in offered["items"] if a not in chosen)
            steps.append({"step": s, "selected": set(chosen), "options": options})
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
            "offered": offered,
            "query": query,
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
