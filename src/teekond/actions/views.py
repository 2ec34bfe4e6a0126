"""Act pages: thin views over the services."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from teekond.accounts.access import require_role, workspace_by_slug
from teekond.accounts.models import Role
from teekond.actions import services
from teekond.actions.diagnostics import AREAS, SCALE_MAX, SCALE_MIN, questions_by_area
from teekond.actions.models import Kind, Status
from teekond.core.errors import Conflict, Invalid
from teekond.core.views_helpers import domain_errors


def _context(request, slug, needed=Role.VIEWER):
    workspace = workspace_by_slug(request.user, slug, needed)
    membership = require_role(request.user, workspace)
    return workspace, {
        "workspace": workspace,
        "membership": membership,
        "can_edit": membership.allows(Role.EDITOR),
    }


@login_required
@domain_errors
def diagnostics(request, slug):
    workspace, ctx = _context(request, slug)
    assessments = list(services.assessments_for(request.user, workspace))
    rows = [
        {
            "assessment": a,
            "scores": list(services.area_scores(a).values()),
            "overall": services.overall_score(a),
        }
        for a in assessments
    ]
    ctx.update(
        rows=rows,
        areas=AREAS,
        latest=rows[0] if rows else None,
        latest_spec=services.area_chart_spec(assessments[0]) if assessments else None,
        history_spec=services.history_chart_spec(list(reversed(assessments)))
        if len(assessments) > 1
        else None,
    )
    return render(request, "actions/diagnostics.html", ctx)


@login_required
@domain_errors
@require_http_methods(["GET", "POST"])
def diagnostics_new(request, slug):
    workspace, ctx = _context(request, slug, Role.EDITOR)
    errors = []
    given: dict[str, int] = {}
    if request.method == "POST":
        for _area, questions in questions_by_area():
            for q in questions:
                raw = request.POST.get(q.key, "")
                if raw.isdigit():
                    given[q.key] = int(raw)
        try:
            taken_on = date.fromisoformat(request.POST.get("taken_on") or date.today().isoformat())
        except ValueError:
            taken_on = None
            errors.append(_("Give the date as YYYY-MM-DD."))
        if not errors:
            try:
                assessment = services.record_assessment(
                    request.user, workspace, given, taken_on, request.POST.get("note", "")
                )
            except Invalid as exc:
                errors = [d["message"] for d in exc.details or []] or [exc.message]
            else:
                messages.success(request, _("Self-assessment saved."))
                return redirect("actions:assessment", slug=slug, assessment_id=assessment.id)
    ctx.update(
        groups=questions_by_area(),
        scale=range(SCALE_MIN, SCALE_MAX + 1),
        given=given,
        errors=errors,
        today=date.today().isoformat(),
    )
    return render(request, "actions/diagnostics_new.html", ctx)


@login_required
@domain_errors
def assessment(request, slug, assessment_id):
    workspace, ctx = _context(request, slug)
    a = services.assessment_for(request.user, workspace, assessment_id)
    by_q = {x.question: x.score for x in a.answers.all()}
    ctx.update(
        assessment=a,
        scores=[(area, services.area_scores(a)[area.key]) for area in AREAS],
        overall=services.overall_score(a),
        groups=[(area, [(q, by_q.get(q.key)) for q in qs]) for area, qs in questions_by_area()],
        weakest=services.weakest_topics(a),
        spec=services.area_chart_spec(a),
        areas=AREAS,
    )
    return render(request, "actions/assessment.html", ctx)


@login_required
@domain_errors
@require_POST
def assessment_delete(request, slug, assessment_id):
    workspace, _ctx = _context(request, slug, Role.EDITOR)
    services.delete_assessment(request.user, workspace, assessment_id)
    messages.success(request, _("Self-assessment deleted."))
    return redirect("actions:diagnostics", slug=slug)


EXPORT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "svg": "image/svg+xml",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
@domain_errors
def assessment_export(request, slug, assessment_id, fmt):
    """One self-assessment as PDF/PNG (A4 or A3 landscape, et or en), SVG chart, CSV or XLSX."""
    from teekond.exports import charts, pdf, tabular

    workspace, ctx = _context(request, slug)
    if fmt not in EXPORT_TYPES:
        raise Invalid(_("Unknown export format."))
    a = services.assessment_for(request.user, workspace, assessment_id)
    language = request.GET.get("lang") or translation.get_language() or "en"
    language = language if language in ("et", "en") else "en"
    with translation.override(language):
        spec = services.area_chart_spec(a)
        by_q = {x.question: x.score for x in a.answers.all()}
        groups = [(area, [(q, by_q.get(q.key)) for q in qs]) for area, qs in questions_by_area()]
        rows = [
            (str(area.name), str(q.topic), str(q.text), score)
            for area, items in groups
            for q, score in items
        ]
        header = [_("Focus area"), _("Topic"), _("Statement"), _("Score")]
        if fmt == "svg":
            body = charts.svg_from_spec(spec).encode()
        elif fmt == "csv":
            body = tabular.csv_bytes(header, rows)
        elif fmt == "xlsx":
            body = tabular.xlsx_bytes({str(_("Self-assessment")): (header, rows)})
        else:
            ctx.update(
                assessment=a,
                groups=groups,
                overall=services.overall_score(a),
                chart_svg=charts.svg_from_spec(spec),
            )
            body = pdf.render_pdf(
                "actions/assessment_print.html",
                ctx,
                paper=request.GET.get("paper", "A4"),
                language=language,
            )
            if fmt == "png":
                body = pdf.pdf_to_png(body)
    response = HttpResponse(body, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="self-assessment-{a.taken_on}-{language}.{fmt}"'
    )
    return response


# --- backlog ------------------------------------------------------------------------------


def _backlog_form_data(post) -> dict:
    data = {}
    for name in ("kind", "title", "description", "status", "metric_key"):
        if name in post:
            data[name] = post.get(name, "").strip()
    for name in ("impact", "effort"):
        if post.get(name, "").isdigit():
            data[name] = int(post[name])
    if "owner_id" in post:
        data["owner_id"] = int(post["owner_id"]) if post["owner_id"].isdigit() else None
    if "deadline" in post:
        try:
            data["deadline"] = date.fromisoformat(post["deadline"]) if post["deadline"] else None
        except ValueError as exc:
            raise Invalid(_("Give the date as YYYY-MM-DD.")) from exc
    if "metric_target" in post:
        try:
            data["metric_target"] = float(post["metric_target"]) if post["metric_target"] else None
        except ValueError as exc:
            raise Invalid(_("The KPI target must be a number.")) from exc
    return data


@login_required
@domain_errors
@require_http_methods(["GET", "POST"])
def backlog(request, slug):
    workspace, ctx = _context(request, slug)
    if request.method == "POST":
        subject = services.resolve_subject(workspace, request.POST.get("subject") or None)
        services.create_backlog_item(
            request.user, workspace, _backlog_form_data(request.POST), subject
        )
        messages.success(request, _("Added to the backlog."))
        return redirect("actions:backlog", slug=slug)
    items = list(services.backlog_for(request.user, workspace))
    status = request.GET.get("status")
    ctx.update(
        items=[i for i in items if not status or i.status == status],
        matrix=services.priority_matrix(items),
        statuses=Status.choices,
        kinds=Kind.choices,
        members=workspace.memberships.select_related("user").order_by("user__username"),
        scale=range(1, 6),
        status_filter=status or "",
        metrics=services.KNOWN_METRICS,
        subject=request.GET.get("subject", ""),
    )
    return render(request, "actions/backlog.html", ctx)


@login_required
@domain_errors
@require_http_methods(["GET", "POST"])
def backlog_item(request, slug, item_id):
    workspace, ctx = _context(request, slug)
    item = services.backlog_item_for(request.user, workspace, item_id)
    conflict = None
    if request.method == "POST":
        version = int(request.POST.get("version", "0") or 0)
        try:
            item = services.update_backlog_item(
                request.user, workspace, item_id, version, _backlog_form_data(request.POST)
            )
        except Conflict as exc:
            conflict = exc.message
            item = services.backlog_item_for(request.user, workspace, item_id)
        else:
            messages.success(request, _("Saved."))
            return redirect("actions:backlog_item", slug=slug, item_id=item.id)
    ctx.update(
        item=item,
        conflict=conflict,
        statuses=Status.choices,
        kinds=Kind.choices,
        members=workspace.memberships.select_related("user").order_by("user__username"),
        scale=range(1, 6),
        metrics=services.KNOWN_METRICS,
        changes=services.history(request.user, workspace, item)[:20],
    )
    return render(request, "actions/backlog_item.html", ctx, status=409 if conflict else 200)


@login_required
@domain_errors
@require_POST
def backlog_delete(request, slug, item_id):
    workspace, _ctx = _context(request, slug, Role.EDITOR)
    services.delete_backlog_item(request.user, workspace, item_id)
    messages.success(request, _("Deleted."))
    return redirect("actions:backlog", slug=slug)


@login_required
@domain_errors
def notifications(request):
    items = list(services.notifications_for(request.user)[:100])
    services.mark_read(request.user, [n.id for n in items if n.read_at is None])
    return render(request, "actions/notifications.html", {"notifications": items})
