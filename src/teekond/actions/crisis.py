"""Re-mapping a journey in a crisis (seed 002), as a wizard over a ``CrisisPlan``.

1. why business cannot go on as before (3-5 reasons), the problems we can solve, 2-3 years
   ahead; 2. the product or service to save (a journey); 3. its touchpoints that cannot be
   used now (often the physical ones); 4. allowed replacements; 5. the new journey, a copy
   of the original with those changes, linked to it through the plan; 6. the implementation
   plan: actions with owners and deadlines, carried out within days.

Every step sends the plan's version; a stale one is refused with Conflict.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teekond.accounts.access import require_role
from teekond.accounts.models import Role, Workspace
from teekond.actions import audit, services
from teekond.actions.models import BacklogItem, CrisisPlan, Status
from teekond.core import versions
from teekond.core.errors import Invalid, NotFound
from teekond.exports.journey_doc import import_journey, journey_document
from teekond.journeys.models import Channel, Journey, Step

STEPS = (
    (1, gettext_lazy("Why change")),
    (2, gettext_lazy("Product or service")),
    (3, gettext_lazy("Touchpoints that cannot be used")),
    (4, gettext_lazy("Replacements")),
    (5, gettext_lazy("New journey")),
    (6, gettext_lazy("Implementation plan")),
)
PHYSICAL_CHANNELS = {"physical", "packaging", "newspaper", "word_of_mouth"}
REPLACEMENT_CHANNELS = [c for c in Channel.values if c != "physical"]
PLAN_DAYS = 3  # "carried out quickly, if possible within a couple of days"


def plans_for(user, workspace: Workspace):
    require_role(user, workspace, Role.VIEWER)
    return CrisisPlan.objects.filter(workspace=workspace).select_related(
        "source_journey", "new_journey"
    )


def plan_for(user, workspace: Workspace, plan_id: int) -> CrisisPlan:
    plan = plans_for(user, workspace).filter(pk=plan_id).first()
    if plan is None:
        raise NotFound(_("Crisis plan not found."))
    return plan


def _clean_reasons(reasons) -> list[str]:
    reasons = [r.strip() for r in reasons or [] if r and r.strip()]
    if not 3 <= len(reasons) <= 5:
        raise Invalid(
            _("Write down 3 to 5 reasons why business cannot go on as before."),
            details=[{"field": "reasons", "message": str(len(reasons))}],
        )
    return reasons


def _save(plan: CrisisPlan, version: int, **changes) -> CrisisPlan:
    updated = CrisisPlan.objects.filter(pk=plan.pk, version=version).update(
        **changes, version=F("version") + 1
    )
    if not updated:
        raise versions.stale(plan)
    plan.refresh_from_db()
    return plan


@transaction.atomic
def start_plan(user, workspace: Workspace, title: str, reasons, problems="", horizon=""):
    require_role(user, workspace, Role.EDITOR)
    if not (title or "").strip():
        raise Invalid(_("Give the plan a title."), details=[{"field": "title", "message": ""}])
    plan = CrisisPlan.objects.create(
        workspace=workspace,
        title=title.strip()[:200],
        reasons=_clean_reasons(reasons),
        problems=problems or "",
        horizon=horizon or "",
        step=2,
        created_by=user,
    )
    services.record_change(user, workspace, plan, "created", {"title": [None, plan.title]})
    return plan


@transaction.atomic
def update_reasons(user, plan: CrisisPlan, version: int, reasons, problems="", horizon=""):
    require_role(user, plan.workspace, Role.EDITOR)
    return _save(
        plan,
        version,
        reasons=_clean_reasons(reasons),
        problems=problems or "",
        horizon=horizon or "",
        step=max(plan.step, 2),
    )


@transaction.atomic
def choose_journey(user, plan: CrisisPlan, version: int, journey_id: int) -> CrisisPlan:
    require_role(user, plan.workspace, Role.EDITOR)
    journey = Journey.objects.filter(workspace=plan.workspace, pk=journey_id).first()
    if journey is None:
        raise NotFound(_("Journey not found."))
    return _save(plan, version, source_journey=journey, blocked=[], replacements={}, step=3)


def source_steps(plan: CrisisPlan, medium: str | None = None) -> list[Step]:
    if plan.source_journey is None:
        return []
    steps = Step.objects.filter(journey=plan.source_journey).select_related("stage")
    if medium in ("digital", "physical"):
        steps = steps.filter(medium=medium)
    return list(steps)


@transaction.atomic
def mark_blocked(user, plan: CrisisPlan, version: int, step_ids: list[int]) -> CrisisPlan:
    require_role(user, plan.workspace, Role.EDITOR)
    if plan.source_journey is None:
        raise Invalid(_("Choose the product or service first."))
    valid = {s.pk for s in source_steps(plan)}
    unknown = [i for i in step_ids if i not in valid]
    if unknown:
        raise Invalid(
            _("These touchpoints are not in the journey: %s") % unknown,
            details=[{"field": "blocked", "message": str(unknown)}],
        )
    return _save(plan, version, blocked=sorted(set(step_ids)), step=4)


@transaction.atomic
def set_replacements(user, plan: CrisisPlan, version: int, replacements: dict) -> CrisisPlan:
    """{step id: allowed channel} for blocked touchpoints; a blocked one without a
    replacement is dropped from the new journey."""
    require_role(user, plan.workspace, Role.EDITOR)
    clean = {}
    for key, channel in (replacements or {}).items():
        step_id = int(key)
        if step_id not in plan.blocked:
            raise Invalid(_("Only blocked touchpoints get a replacement."))
        if channel and channel not in REPLACEMENT_CHANNELS:
            raise Invalid(
                _("%s cannot replace a touchpoint now.") % channel,
                details=[{"field": f"replacements.{step_id}", "message": channel}],
            )
        if channel:
            clean[str(step_id)] = channel
    return _save(plan, version, replacements=clean, step=5)


@transaction.atomic
def produce_journey(user, plan: CrisisPlan, version: int, title: str | None = None) -> Journey:
    """Copy the original journey, replace or drop its blocked touchpoints: the new journey."""
    require_role(user, plan.workspace, Role.EDITOR)
    source = plan.source_journey
    if source is None:
        raise Invalid(_("Choose the product or service first."))
    if plan.new_journey_id:
        raise Invalid(_("The new journey has already been made."))
    document = copy.deepcopy(journey_document(source))
    # Steps appear in the document in this same order, so their keys map back to ids.
    ordered = list(
        Step.objects.filter(journey=source).order_by(
            "stage__position", "stage_id", "position", "id"
        )
    )
    key_to_id = {f"T{i}": s.pk for i, s in enumerate(ordered, 1)}
    blocked = set(plan.blocked)
    for stage in document["stages"]:
        kept = []
        for step in stage["steps"]:
            step_id = key_to_id.get(step["key"])
            if step_id in blocked:
                channel = plan.replacements.get(str(step_id))
                if not channel:
                    continue
                step["channel"] = channel
                step["medium"] = "physical" if channel in PHYSICAL_CHANNELS else "digital"
                step["evidence"] = "assumption"
            kept.append(step)
        stage["steps"] = kept
    # Renumber keys so the document stays well formed after dropping steps.
    for n, step in enumerate((s for st in document["stages"] for s in st["steps"]), 1):
        step["key"] = f"T{n}"
    document["journey"]["template_key"] = ""
    new_title = (title or "").strip() or _("%(title)s — crisis journey") % {"title": source.title}
    with audit.quiet():
        journey = import_journey(plan.workspace, user, document, title=new_title[:200])
    _save(plan, version, new_journey=journey, step=6)
    services.record_change(
        user,
        plan.workspace,
        journey,
        "created",
        {"crisis_plan": [None, plan.pk], "source": [None, source.pk]},
    )
    return journey


@transaction.atomic
def add_plan_action(
    user, plan: CrisisPlan, title: str, owner_id: int | None, deadline: date | None, subject=None
) -> BacklogItem:
    """An implementation-plan action: an owner and a deadline are required."""
    require_role(user, plan.workspace, Role.EDITOR)
    problems = []
    if owner_id is None:
        problems.append({"field": "owner_id", "message": _("Name who is responsible.")})
    if deadline is None:
        problems.append({"field": "deadline", "message": _("Set a deadline.")})
    if problems:
        raise Invalid(_("Each action of the plan needs an owner and a deadline."), details=problems)
    item = services.create_backlog_item(
        user,
        plan.workspace,
        {
            "kind": "action",
            "title": title,
            "owner_id": owner_id,
            "deadline": deadline,
            "status": Status.PLANNED,
            "impact": 4,
            "effort": 2,
        },
        subject or plan.new_journey,
    )
    BacklogItem.objects.filter(pk=item.pk).update(crisis_plan=plan)
    item.refresh_from_db()
    return item


def default_deadline() -> date:
    return timezone.localdate() + timedelta(days=PLAN_DAYS)
