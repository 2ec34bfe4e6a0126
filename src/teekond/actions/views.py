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

from teekond.accounts import access
from teekond.accounts.access import member_by_slug
from teekond.accounts.models import Role
from teekond.actions import crisis, services
from teekond.actions.diagnostics import AREAS, SCALE_MAX, SCALE_MIN, questions_by_area
from teekond.actions.models import ChangeLog, Kind, Status
from teekond.core import notifications as inbox
from teekond.core.errors import Conflict, Invalid
from teekond.core.views_helpers import domain_errors
from teekond.journeys.access import journey_in
from teekond.journeys.models import Evidence


def _context(request, slug, needed=Role.VIEWER):
    membership = member_by_slug(request.user, slug, needed)
    workspace = membership.workspace
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
        # the latest self-assessment against the one before it
        radar=services.topic_radar(assessments[:2]) if assessments else None,
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
        radar=services.topic_radar([a]),
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
    items = list(access.notifications_for(request.user)[:100])
    inbox.mark_read(request.user, [n.id for n in items if n.read_at is None])
    return render(request, "actions/notifications.html", {"notifications": items})


# --- a journey's Act hub: health, owners, reviews, versions, comments, history -------------


def _journey_ctx(request, slug, journey_id, needed=Role.VIEWER):
    workspace, ctx = _context(request, slug, needed)
    journey = journey_in(request.user, workspace, journey_id)
    ctx["journey"] = journey
    return workspace, journey, ctx


@login_required
@domain_errors
def act_overview(request, slug):
    from teekond.actions.health import health_check
    from teekond.actions.maps import map_facts
    from teekond.journeys.models import Journey

    workspace, ctx = _context(request, slug)
    journeys = Journey.objects.filter(workspace=workspace).order_by("title", "id")
    ctx.update(
        journeys=[(j, health_check(map_facts(j))["score"]) for j in journeys],
        plans=crisis.plans_for(request.user, workspace)[:20],
    )
    return render(request, "actions/act_overview.html", ctx)


@login_required
@domain_errors
@require_http_methods(["GET", "POST"])
def journey_act(request, slug, journey_id):
    from teekond.actions import versions
    from teekond.actions.health import health_check
    from teekond.actions.maps import map_facts

    workspace, journey, ctx = _journey_ctx(request, slug, journey_id)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "owner":
            stage = journey.stages.filter(pk=request.POST.get("stage", "0") or 0).first()
            if stage is None:
                raise Invalid(_("Choose a stage."))
            raw = request.POST.get("owner_id", "")
            services.set_owner(request.user, workspace, stage, int(raw) if raw.isdigit() else None)
            messages.success(request, _("Owner saved."))
        elif action == "cadence":
            services.set_cadence(request.user, workspace, journey, request.POST.get("cadence", ""))
            messages.success(request, _("Review cadence saved."))
        elif action == "review":
            try:
                held_on = date.fromisoformat(
                    request.POST.get("held_on") or date.today().isoformat()
                )
            except ValueError as exc:
                raise Invalid(_("Give the date as YYYY-MM-DD.")) from exc
            services.record_review(
                request.user,
                workspace,
                journey,
                {
                    "held_on": held_on,
                    "participants": request.POST.get("participants", ""),
                    "findings": request.POST.get("findings", ""),
                    "decisions": request.POST.get("decisions", ""),
                },
            )
            messages.success(request, _("Review recorded."))
        elif action == "version":
            v = versions.save_version(request.user, journey, request.POST.get("name", ""))
            messages.success(request, _("Version %d saved.") % v.number)
        elif action == "restore":
            number = int(request.POST.get("number", "0") or 0)
            structure = request.POST.get("structure_version", "")
            versions.restore_version(
                request.user, journey, number, int(structure) if structure.isdigit() else None
            )
            messages.success(request, _("Version %d restored.") % number)
        elif action == "comment":
            subject = services.resolve_subject(workspace, request.POST.get("subject") or None)
            services.add_comment(
                request.user,
                workspace,
                subject or journey,
                request.POST.get("body", ""),
                request.POST.get("kind", "comment"),
                request.POST.get("evidence", ""),
            )
            messages.success(request, _("Comment added."))
        return redirect("actions:journey_act", slug=slug, journey_id=journey.id)
    from teekond.actions.models import BacklogItem, Cadence, ReviewSchedule

    stages = list(journey.stages.order_by("position", "id").select_related("owner"))
    steps = list(journey.steps.order_by("stage__position", "stage_id", "position", "id"))
    schedule = services.items_about(ReviewSchedule, journey).first()
    last = services.last_review(journey)
    comments = services.Comment.objects.filter(journey=journey).select_related("author")
    result = health_check(map_facts(journey))
    ctx.update(
        health=result,
        stages=stages,
        subjects=[(services.subject_ref(journey), journey.title)]
        + [(services.subject_ref(s), f"{_('Stage')}: {s.name}") for s in stages]
        + [(services.subject_ref(s), f"{_('Touchpoint')}: {s.name}") for s in steps],
        members=workspace.memberships.select_related("user").order_by("user__username"),
        cadences=Cadence.choices,
        schedule=schedule,
        due_on=services.review_due_on(schedule, last) if schedule else None,
        reviews=services.items_about(services.Review, journey)[:20],
        versions=versions.versions_of(journey)[:30],
        backlog=BacklogItem.objects.filter(journey=journey).select_related("owner"),
        comments=comments,
        evidence_types=[(key, Evidence(key).label) for key in services.EVIDENCE_TYPES],
        changes=ChangeLog.objects.filter(journey=journey).select_related("actor")[:30],
        today=date.today().isoformat(),
        journey_ref=services.subject_ref(journey),
    )
    return render(request, "actions/journey_act.html", ctx)


@login_required
@domain_errors
def version_diff(request, slug, journey_id):
    from teekond.actions import versions
    from teekond.exports.journey_doc import journey_document

    workspace, journey, ctx = _journey_ctx(request, slug, journey_id)
    old_raw, new_raw = request.GET.get("old", ""), request.GET.get("new", "")
    if not old_raw.isdigit():
        raise Invalid(_("Choose a version to compare."))
    old = versions.version_of(journey, int(old_raw))
    new = versions.version_of(journey, int(new_raw)) if new_raw.isdigit() else None
    ctx.update(
        old=old,
        new=new,
        diff=versions.diff_documents(
            old.document, new.document if new else journey_document(journey)
        ),
    )
    return render(request, "actions/version_diff.html", ctx)


# --- crisis re-mapping wizard -------------------------------------------------------------


@login_required
@domain_errors
@require_http_methods(["GET", "POST"])
def crisis_new(request, slug):
    workspace, ctx = _context(request, slug, Role.EDITOR)
    if request.method == "POST":
        plan = crisis.start_plan(
            request.user,
            workspace,
            request.POST.get("title", ""),
            request.POST.getlist("reasons"),
            request.POST.get("problems", ""),
            request.POST.get("horizon", ""),
        )
        return redirect("actions:crisis_plan", slug=slug, plan_id=plan.id)
    ctx.update(reason_slots=range(5), steps=crisis.STEPS, current=1)
    return render(request, "actions/crisis_new.html", ctx)


@login_required
@domain_errors
@require_http_methods(["GET", "POST"])
def crisis_plan(request, slug, plan_id):
    from teekond.journeys.models import Journey

    workspace, ctx = _context(request, slug)
    plan = crisis.plan_for(request.user, workspace, plan_id)
    if request.method == "POST":
        version = int(request.POST.get("version", "0") or 0)
        step = request.POST.get("step")
        if step == "1":
            crisis.update_reasons(
                request.user,
                plan,
                version,
                request.POST.getlist("reasons"),
                request.POST.get("problems", ""),
                request.POST.get("horizon", ""),
            )
        elif step == "2":
            crisis.choose_journey(
                request.user, plan, version, int(request.POST.get("journey", "0") or 0)
            )
        elif step == "3":
            ids = [int(i) for i in request.POST.getlist("blocked") if i.isdigit()]
            crisis.mark_blocked(request.user, plan, version, ids)
        elif step == "4":
            replacements = {
                key.removeprefix("replace_"): value
                for key, value in request.POST.items()
                if key.startswith("replace_")
            }
            crisis.set_replacements(request.user, plan, version, replacements)
        elif step == "5":
            crisis.produce_journey(request.user, plan, version, request.POST.get("title"))
        elif step == "6":
            raw_deadline = request.POST.get("deadline", "")
            try:
                deadline = date.fromisoformat(raw_deadline) if raw_deadline else None
            except ValueError as exc:
                raise Invalid(_("Give the date as YYYY-MM-DD.")) from exc
            owner = request.POST.get("owner_id", "")
            crisis.add_plan_action(
                request.user,
                plan,
                request.POST.get("title", ""),
                int(owner) if owner.isdigit() else None,
                deadline,
            )
            messages.success(request, _("Action added to the plan."))
        return redirect("actions:crisis_plan", slug=slug, plan_id=plan.id)
    shown = request.GET.get("step", "")
    current = int(shown) if shown.isdigit() and 1 <= int(shown) <= plan.step else plan.step
    medium = request.GET.get("medium", "")
    blocked_steps = [s for s in crisis.source_steps(plan) if s.id in plan.blocked]
    ctx.update(
        plan=plan,
        steps=crisis.STEPS,
        current=current,
        reason_slots=[(plan.reasons[i] if i < len(plan.reasons) else "") for i in range(5)],
        journeys=Journey.objects.filter(workspace=workspace).order_by("title"),
        source_steps=crisis.source_steps(plan, medium or None),
        hidden_blocked=[
            i
            for i in plan.blocked
            if i not in {s.id for s in crisis.source_steps(plan, medium or None)}
        ],
        medium=medium,
        blocked_steps=blocked_steps,
        channels=[
            (c, label) for c, label in _channel_choices() if c in crisis.REPLACEMENT_CHANNELS
        ],
        members=workspace.memberships.select_related("user").order_by("user__username"),
        default_deadline=crisis.default_deadline().isoformat(),
        plan_actions=plan.actions.select_related("owner").order_by("deadline", "id"),
    )
    return render(request, "actions/crisis_plan.html", ctx)


def _channel_choices():
    from teekond.journeys.models import Channel

    return Channel.choices
