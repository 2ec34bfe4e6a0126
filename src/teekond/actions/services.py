"""Act services. Plain functions over the models; they raise the domain errors of core."""

from __future__ import annotations

import functools
import re
from datetime import date, timedelta

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teekond.accounts.access import require_role
from teekond.accounts.models import Membership, Role, Workspace
from teekond.actions.diagnostics import (
    AREAS,
    QUESTION_KEYS,
    QUESTIONS,
    SCALE_MAX,
    SCALE_MIN,
    area_name,
)
from teekond.actions.models import (
    CADENCE_DAYS,
    Assessment,
    AssessmentAnswer,
    BacklogItem,
    Cadence,
    ChangeLog,
    Comment,
    Kind,
    Ownership,
    Review,
    ReviewSchedule,
    Status,
)
from teekond.core import design, notifications, versions
from teekond.core.errors import Invalid, NotFound
from teekond.journeys import plugins
from teekond.journeys.models import Step

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


# One colour per focus area on every chart: the bars, the history lines and the topic
# labels of the radar (static/teekond/charts.js uses the same list, in AREAS order).
AREA_COLOURS = [
    design.token(n) for n in ("lane-touchpoints", "lane-opportunities", "lane-blueprint")
]


def _area_colours() -> dict:
    return {"domain": [area_name(a.key) for a in AREAS], "range": AREA_COLOURS[: len(AREAS)]}


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
            "color": {
                "field": "area",
                "type": "nominal",
                "legend": None,
                "scale": _area_colours(),
            },
            "tooltip": [
                {"field": "area", "type": "nominal", "title": _("Focus area")},
                {"field": "score", "type": "quantitative", "title": _("Score")},
            ],
        },
    }


def topic_radar(assessments: list[Assessment]) -> dict:
    """A radar of every topic's score (1-5) for the given self-assessments, newest first,
    topics grouped by focus area so each area is one sector of the web. Drawn by ECharts
    (``data-chart="radar"``); a missing answer is 0 (the centre)."""
    series = []
    for assessment in assessments:
        by_question = {a.question: a.score for a in assessment.answers.all()}
        series.append(
            {
                "name": assessment.taken_on.isoformat(),
                "values": [by_question.get(q.key, 0) for q in QUESTIONS],
            }
        )
    return {
        "title": str(_("Topics")),
        "max": SCALE_MAX,
        "indicators": [{"name": str(q.topic), "area": area_name(q.area)} for q in QUESTIONS],
        "series": series,
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
            "color": {
                "field": "area",
                "type": "nominal",
                "title": _("Focus area"),
                "scale": _area_colours(),
            },
        },
    }


# --- map items referenced generically -----------------------------------------------------


@functools.cache
def _workspace_paths() -> dict[str, str]:
    from teekond.exports.backup import workspace_models

    return {wm.label: wm.path for wm in workspace_models()}


def subject_ref(obj) -> str | None:
    """``"app_label.model:id"`` — how the API names a map item."""
    if obj is None:
        return None
    return f"{obj._meta.label_lower}:{obj.pk}"


def resolve_subject(workspace: Workspace, ref: str | None):
    """The item named by ``ref`` if it belongs to ``workspace``; NotFound otherwise."""
    if not ref:
        return None
    label, _sep, raw_id = ref.partition(":")
    path = _workspace_paths().get(label.lower())
    if path is None or not raw_id.isdigit():
        raise NotFound(_("Item %s not found.") % ref)
    app_label, model_name = label.lower().split(".", 1)
    model = apps.get_model(app_label, model_name)
    obj = model._default_manager.filter(pk=int(raw_id), **{path: workspace}).first()
    if obj is None:
        raise NotFound(_("Item %s not found.") % ref)
    return obj


def subject_fields(obj) -> dict:
    if obj is None:
        return {"subject_type": None, "subject_id": None}
    return {"subject_type": ContentType.objects.get_for_model(obj), "subject_id": obj.pk}


def journey_id_of(obj) -> int | None:
    """The journey a map item belongs to (the journey itself for a journey)."""
    if obj is None:
        return None
    if obj._meta.label_lower == "journeys.journey":
        return obj.pk
    return getattr(obj, "journey_id", None)


def items_about(model, obj):
    return model.objects.filter(**subject_fields(obj))


def _member(workspace: Workspace, user_id: int | None):
    if user_id is None:
        return None
    membership = Membership.objects.filter(workspace=workspace, user_id=user_id).first()
    if membership is None:
        raise Invalid(
            _("The owner must be a member of the workspace."),
            details=[{"field": "owner", "message": _("not a member")}],
        )
    return membership.user


# --- the audit log ------------------------------------------------------------------------


def record_change(actor, workspace: Workspace, obj, action: str, changes: dict | None = None):
    """Write one audit-log line. Services of every app call this on each change."""
    return ChangeLog.objects.create(
        workspace=workspace,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        label=str(obj)[:200] if obj is not None else "",
        changes=changes or {},
        journey_id=journey_id_of(obj),
        **subject_fields(obj),
    )


def diff_fields(obj, data: dict) -> dict:
    """{field: [old, new]} for the fields in ``data`` that differ on ``obj``."""
    out = {}
    for name, new in data.items():
        old = getattr(obj, name, None)
        if old != new:
            out[name] = [_plain(old), _plain(new)]
    return out


def _plain(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, date):
        return value.isoformat()
    return value


def history(user, workspace: Workspace, obj=None, limit: int = 200):
    require_role(user, workspace, Role.VIEWER)
    qs = ChangeLog.objects.filter(workspace=workspace).select_related("actor")
    if obj is not None:
        qs = qs.filter(**subject_fields(obj))
    return qs[:limit]


# --- the improvement backlog --------------------------------------------------------------

BACKLOG_FIELDS = (
    "kind",
    "title",
    "description",
    "owner_id",
    "deadline",
    "status",
    "impact",
    "effort",
    "metric_key",
    "metric_target",
)
METRIC_KEY = re.compile(r"^[a-z][a-z0-9_.:-]{0,79}$")
# The measures of DOMAIN §6 (a step's NPS, CSAT, customer effort, the three E's …).
KNOWN_METRICS = ("nps", "csat", "ces", "effect", "ease", "emotion", "complaints", "churn")


def current_metric(item: BacklogItem) -> float | None:
    """The KPI's current value from the Measure pillar (``journeys.plugins.METRIC_SOURCES``);
    until a source is registered the backlog stores the key and the target only."""
    if not item.metric_key:
        return None
    return plugins.current_metric(item)


def steps_with_backlog(journey) -> set[int]:
    """The steps of ``journey`` with an opportunity or improvement action that is not
    dropped: registered as a ``journeys.plugins.STEP_ACTIONS`` provider."""
    step_type = ContentType.objects.get_for_model(Step)
    return set(
        BacklogItem.objects.filter(journey=journey, subject_type=step_type)
        .exclude(status=Status.DROPPED)
        .values_list("subject_id", flat=True)
    )


def _check_backlog(workspace, data: dict) -> dict:
    problems = []
    for name in ("impact", "effort"):
        if name in data and not (isinstance(data[name], int) and 1 <= data[name] <= 5):
            problems.append({"field": name, "message": _("Give a value from 1 to 5.")})
    if "status" in data and data["status"] not in Status.values:
        problems.append({"field": "status", "message": _("Unknown status.")})
    if "kind" in data and data["kind"] not in Kind.values:
        problems.append({"field": "kind", "message": _("Unknown kind.")})
    if "title" in data and not (data["title"] or "").strip():
        problems.append({"field": "title", "message": _("Give a title.")})
    if data.get("metric_key") and not METRIC_KEY.match(data["metric_key"]):
        problems.append({"field": "metric_key", "message": _("Use a metric key like nps or csat.")})
    if problems:
        raise Invalid(_("The backlog item is not valid."), details=problems)
    if "owner_id" in data:
        _member(workspace, data["owner_id"])
    return data


def backlog_for(user, workspace: Workspace):
    require_role(user, workspace, Role.VIEWER)
    return BacklogItem.objects.filter(workspace=workspace).select_related("owner", "subject_type")


def backlog_item_for(user, workspace: Workspace, item_id: int) -> BacklogItem:
    item = backlog_for(user, workspace).filter(pk=item_id).first()
    if item is None:
        raise NotFound(_("Backlog item not found."))
    return item


@transaction.atomic
def create_backlog_item(user, workspace: Workspace, data: dict, subject=None) -> BacklogItem:
    require_role(user, workspace, Role.EDITOR)
    data = _check_backlog(workspace, {k: v for k, v in data.items() if k in BACKLOG_FIELDS})
    item = BacklogItem.objects.create(
        workspace=workspace,
        created_by=user,
        journey_id=journey_id_of(subject),
        **data,
        **subject_fields(subject),
    )
    record_change(user, workspace, item, "created", {"title": [None, item.title]})
    return item


@transaction.atomic
def update_backlog_item(
    user, workspace: Workspace, item_id: int, version: int, data: dict, subject=...
) -> BacklogItem:
    """Change a backlog item; refused with Conflict when someone changed it in between."""
    require_role(user, workspace, Role.EDITOR)
    item = backlog_item_for(user, workspace, item_id)
    data = _check_backlog(workspace, {k: v for k, v in data.items() if k in BACKLOG_FIELDS})
    if subject is not ...:
        data.update(subject_fields(subject), journey_id=journey_id_of(subject))
    changes = diff_fields(item, data)
    updated = BacklogItem.objects.filter(pk=item.pk, version=version).update(
        **data, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise versions.stale(item)
    item.refresh_from_db()
    record_change(user, workspace, item, "updated", changes)
    return item


@transaction.atomic
def delete_backlog_item(user, workspace: Workspace, item_id: int) -> None:
    require_role(user, workspace, Role.EDITOR)
    item = backlog_item_for(user, workspace, item_id)
    record_change(user, workspace, None, "deleted", {"title": [item.title, None]})
    item.delete()


QUADRANTS = (
    (
        "quick_wins",
        gettext_lazy("Quick wins"),
        gettext_lazy("high impact, low effort: do these first"),
    ),
    (
        "major_projects",
        gettext_lazy("Major projects"),
        gettext_lazy("high impact, high effort: plan them"),
    ),
    (
        "fill_ins",
        gettext_lazy("Fill-ins"),
        gettext_lazy("low impact, low effort: when there is time"),
    ),
    (
        "thankless",
        gettext_lazy("Thankless tasks"),
        gettext_lazy("low impact, high effort: reconsider"),
    ),
)


def quadrant(item: BacklogItem) -> str:
    high_impact, low_effort = item.impact >= 4, item.effort <= 2
    if high_impact:
        return "quick_wins" if low_effort else "major_projects"
    return "fill_ins" if low_effort else "thankless"


def priority_matrix(items) -> list[dict]:
    """Open items grouped into the four impact/effort quadrants, best first inside each."""
    groups = {key: [] for key, _n, _h in QUADRANTS}
    for item in items:
        if item.status in (Status.DONE, Status.DROPPED):
            continue
        groups[quadrant(item)].append(item)
    return [
        {
            "key": key,
            "name": name,
            "hint": hint,
            "items": sorted(groups[key], key=lambda i: (-i.impact, i.effort, i.id)),
        }
        for key, name, hint in QUADRANTS
    ]


# --- comments, mentions, notifications ----------------------------------------------------

MENTION = re.compile(r"(?<![\w@])@([\w.+-]{1,150})")
EVIDENCE_TYPES = (
    "interview",
    "observation",
    "focus_group",
    "innovation_game",
    "role_play",
    "survey",
    "analytics",
    "assumption",
)


def comments_for(user, workspace: Workspace, subject=None):
    require_role(user, workspace, Role.VIEWER)
    qs = Comment.objects.filter(workspace=workspace).select_related("author")
    if subject is not None:
        qs = qs.filter(**subject_fields(subject))
    return qs


@transaction.atomic
def add_comment(
    user, workspace: Workspace, subject, body: str, kind: str = "comment", evidence: str = ""
) -> Comment:
    """Comment on an item; @user names of members are notified. Any member may comment;
    observations and customer notes (which are evidence for the map) need an editor."""
    needed = Role.VIEWER if kind == "comment" else Role.EDITOR
    require_role(user, workspace, needed)
    body = (body or "").strip()
    if not body:
        raise Invalid(_("Write something first."), details=[{"field": "body", "message": ""}])
    if kind not in ("comment", "observation", "customer_note"):
        raise Invalid(_("Unknown kind."), details=[{"field": "kind", "message": kind}])
    if evidence and evidence not in EVIDENCE_TYPES:
        raise Invalid(_("Unknown evidence type."), details=[{"field": "evidence", "message": ""}])
    comment = Comment.objects.create(
        workspace=workspace,
        author=user,
        body=body,
        kind=kind,
        evidence=evidence,
        journey_id=journey_id_of(subject),
        **subject_fields(subject),
    )
    names = {m.lower() for m in MENTION.findall(body)}
    mentioned = [
        m.user
        for m in Membership.objects.filter(workspace=workspace).select_related("user")
        if m.user.username.lower() in names
    ]
    comment.mentions.set(mentioned)
    where = str(subject) if subject is not None else workspace.name
    journey_id = journey_id_of(subject)
    link = f"/w/{workspace.slug}/journeys/{journey_id}/act/" if journey_id else ""
    notifications.notify(
        workspace.pk,
        [member for member in mentioned if member.pk != user.pk],
        _("%(user)s mentioned you on %(item)s") % {"user": user.username, "item": where},
        link,
        detail=body,
    )
    return comment


def notify(workspace: Workspace, recipients, message: str, link: str = "") -> None:
    notifications.notify(workspace.pk, recipients, message, link)


# --- owners and reviews -------------------------------------------------------------------


@transaction.atomic
def set_owner(user, workspace: Workspace, subject, owner_id: int | None):
    """Name the member responsible for a stage's (or any item's) results; None clears it."""
    require_role(user, workspace, Role.EDITOR)
    if subject is None:
        raise Invalid(_("Choose an item."))
    if any(f.name == "owner" for f in subject._meta.concrete_fields):
        # Stages and journeys keep their owner themselves; the version moves on so an
        # editor holding the old version gets a conflict instead of overwriting it.
        owner = _member(workspace, owner_id) if owner_id is not None else None
        old = subject.owner_id
        type(subject)._default_manager.filter(pk=subject.pk).update(
            owner=owner, version=F("version") + 1
        )
        subject.refresh_from_db()
        record_change(user, workspace, subject, "owner", {"owner": [old, owner_id]})
        return subject
    fields = subject_fields(subject)
    existing = Ownership.objects.filter(**fields).first()
    if owner_id is None:
        if existing:
            existing.delete()
            record_change(user, workspace, subject, "owner", {"owner": [existing.owner_id, None]})
        return None
    owner = _member(workspace, owner_id)
    old = existing.owner_id if existing else None
    ownership, _created = Ownership.objects.update_or_create(
        **fields, defaults={"owner": owner, "workspace": workspace}
    )
    record_change(user, workspace, subject, "owner", {"owner": [old, owner.pk]})
    return ownership


def owner_of(subject):
    if any(f.name == "owner" for f in subject._meta.concrete_fields):
        return subject.owner
    ownership = items_about(Ownership, subject).select_related("owner").first()
    return ownership.owner if ownership else None


@transaction.atomic
def set_cadence(user, workspace: Workspace, subject, cadence: str) -> ReviewSchedule:
    require_role(user, workspace, Role.EDITOR)
    if cadence not in Cadence.values:
        raise Invalid(_("Unknown review cadence."), details=[{"field": "cadence", "message": ""}])
    schedule, _created = ReviewSchedule.objects.update_or_create(
        **subject_fields(subject), defaults={"cadence": cadence, "workspace": workspace}
    )
    record_change(user, workspace, subject, "cadence", {"cadence": [None, cadence]})
    return schedule


@transaction.atomic
def record_review(user, workspace: Workspace, subject, data: dict) -> Review:
    require_role(user, workspace, Role.EDITOR)
    allowed = {
        k: v for k, v in data.items() if k in ("held_on", "participants", "findings", "decisions")
    }
    if not (allowed.get("findings") or "").strip():
        raise Invalid(
            _("Write down what you found."), details=[{"field": "findings", "message": ""}]
        )
    review = Review.objects.create(
        workspace=workspace, recorded_by=user, **allowed, **subject_fields(subject)
    )
    record_change(user, workspace, subject, "reviewed", {"review": [None, review.pk]})
    return review


def last_review(subject) -> Review | None:
    return items_about(Review, subject).order_by("-held_on", "-id").first()


def review_due_on(schedule: ReviewSchedule, last: Review | None) -> date:
    start = last.held_on if last else timezone.localtime(schedule.created_at).date()
    return start + timedelta(days=CADENCE_DAYS[Cadence(schedule.cadence)])


def due_reviews(today: date | None = None) -> list[tuple[ReviewSchedule, date]]:
    today = today or timezone.localdate()
    due = []
    for schedule in ReviewSchedule.objects.select_related("workspace", "subject_type"):
        if schedule.subject is None:
            continue
        on = review_due_on(schedule, last_review(schedule.subject))
        if on <= today:
            due.append((schedule, on))
    return due


def send_review_reminders(today: date | None = None, *, every_days: int = 7) -> int:
    """Notify the owners (workspace owners and the item's owner) of every overdue review,
    at most once a week per journey. Returns how many journeys were reminded."""
    now = timezone.now()
    count = 0
    for schedule, on in due_reviews(today):
        if schedule.reminded_at and schedule.reminded_at > now - timedelta(days=every_days):
            continue
        recipients = [
            m.user for m in Membership.objects.filter(workspace=schedule.workspace, role=Role.OWNER)
        ]
        item_owner = owner_of(schedule.subject)
        if item_owner:
            recipients.append(item_owner)
        notify(
            schedule.workspace,
            recipients,
            _("Review of %(item)s was due on %(date)s: compare the map with real experiences.")
            % {"item": schedule.subject, "date": on.isoformat()},
        )
        ReviewSchedule.objects.filter(pk=schedule.pk).update(reminded_at=now)
        count += 1
    return count
