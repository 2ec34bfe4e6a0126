"""The end of a workshop: what changed on the map, the votes, the actions with owners and
deadlines, saved as a named version of the map and printable as a PDF.

A one-off workshop that never reaches daily work is a named mapping mistake (seed 003), so
finishing a workshop also records it as a review of the map (``actions`` reviews) and sets
the map's review cadence when it has none: the next review date follows from it and is
shown in the summary and on the map's Act page.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from teekond.accounts.access import require_role
from teekond.accounts.models import Role
from teekond.actions import services as actions
from teekond.actions import versions
from teekond.actions.models import CADENCE_DAYS, Cadence, Kind, ReviewSchedule
from teekond.core.errors import Invalid
from teekond.exports import pdf
from teekond.exports.journey_doc import journey_document
from teekond.workshops import convert, services
from teekond.workshops.models import TITLE_MAX_LENGTH, Note, Status, Workshop

MAX_LISTED = 300


def proposed_review(workshop: Workshop, cadence: str | None = None) -> tuple[str, date]:
    """(cadence, date) of the next review: the map's cadence if it has one, else the given
    one or quarterly (the seed: compare the map with reality every quarter), from today."""
    schedule = actions.items_about(ReviewSchedule, workshop.journey).first()
    chosen = cadence or (schedule.cadence if schedule else Cadence.QUARTERLY)
    if chosen not in Cadence.values:
        raise Invalid(_("Unknown review cadence."), details=[{"field": "cadence", "message": ""}])
    return chosen, timezone.localdate() + timedelta(days=CADENCE_DAYS[Cadence(chosen)])


def _changes(workshop: Workshop) -> list[dict]:
    """The map's changes since the workshop started, flattened to one line per item."""
    if workshop.start_version is None:
        return []
    start = versions.version_of(workshop.journey, workshop.start_version).document
    diff = versions.diff_documents(start, journey_document(workshop.journey))
    lines = []
    for stage in diff["stages"]:
        if stage["status"] in ("added", "removed") or stage["changes"]:
            lines.append({"what": "stage", "name": stage["name"], "status": stage["status"]})
        for step in stage["steps"]:
            if step["status"] in ("added", "removed") or step["changes"]:
                lines.append({"what": "step", "name": step["name"], "status": step["status"]})
            for cell in step["cells"]:
                new = (cell.get("new") or {}).get("text") or ""
                lines.append(
                    {
                        "what": "cell",
                        "name": f"{cell['lane']} × {step['name']}",
                        "status": cell["status"],
                        "text": new[:500],
                    }
                )
    return lines[:MAX_LISTED]


def workshop_actions(workshop: Workshop, user):
    """Backlog items the workshop made (its conversions) or that were added to the map
    while it ran."""
    made = [c.subject_id for c in workshop.conversions.filter(kind="opportunity")]
    items = actions.backlog_for(user, workshop.workspace).filter(journey=workshop.journey)
    if workshop.started_at is not None:
        end = workshop.ended_at or timezone.now()
        items = items.filter(pk__in=made) | items.filter(
            created_at__gte=workshop.started_at, created_at__lte=end
        )
    else:
        items = items.filter(pk__in=made)
    return items.distinct().select_related("owner").order_by("deadline", "id")[:MAX_LISTED]


def _action_row(item) -> dict:
    return {
        "id": item.pk,
        "title": item.title,
        "kind": item.kind,
        "kind_label": str(Kind(item.kind).label),
        "owner": (item.owner.get_full_name() or item.owner.username) if item.owner else "",
        "deadline": item.deadline.isoformat() if item.deadline else None,
        "status": item.status,
    }


def build(workshop: Workshop, user) -> dict:
    """The summary as plain values (kept in ``Workshop.summary`` when the workshop ends)."""
    conversions = convert.conversions_of(workshop)
    return {
        "title": workshop.title,
        "journey": workshop.journey.title,
        "held_on": timezone.localdate().isoformat(),
        "participants": [p.name for p in services.participants_of(workshop)],
        "changes": _changes(workshop),
        "votes": services.results(workshop)[:MAX_LISTED],
        "conversions": [
            {"kind": c.kind, "label": c.label, "authors": c.authors} for c in conversions
        ],
        "actions": [_action_row(item) for item in workshop_actions(workshop, user)],
        "notes": Note.objects.filter(step__workshop=workshop).count(),
    }


@transaction.atomic
def finish(actor: services.Actor, *, name: str = "", cadence: str | None = None) -> Workshop:
    """End the workshop: keep the summary, save the map as a named version, record the
    workshop as a review of the map and propose (set) the next review date."""
    services._facilitator(actor)
    workshop = (
        Workshop.objects.select_for_update().select_related("journey").get(pk=actor.workshop.pk)
    )
    if workshop.status == Status.ENDED:
        raise Invalid(_("The workshop has ended."))
    journey = workshop.journey
    chosen, _on = proposed_review(workshop, cadence)
    with translation.override(journey.language):
        default = _("Workshop: %(title)s") % {"title": workshop.title}
    name = services._line(name or default, "name", TITLE_MAX_LENGTH)
    workshop.status = Status.ENDED
    workshop.ended_at = timezone.now()
    workshop.timer_ends_at = None
    workshop.timer_paused_left = None
    workshop.voting_open = False
    summary = build(workshop, actor.user)
    version = versions.save_version(actor.user, journey, name)
    with translation.override(journey.language):
        findings = "\n".join(
            f"{line['name']}: {line['status']}" for line in summary["changes"][:50]
        ) or _("No changes to the map.")
        decisions = "\n".join(
            f"{a['title']} ({a['owner'] or '—'}, {a['deadline'] or '—'})"
            for a in summary["actions"][:50]
        )
        review = actions.record_review(
            actor.user,
            workshop.workspace,
            journey,
            {
                "held_on": timezone.localdate(),
                "participants": ", ".join(summary["participants"])[:5000],
                "findings": (_("Workshop “%(title)s”.") % {"title": workshop.title})
                + "\n"
                + findings,
                "decisions": decisions,
            },
        )
    schedule = actions.items_about(ReviewSchedule, journey).first()
    if schedule is None or (cadence and cadence != schedule.cadence):
        schedule = actions.set_cadence(actor.user, workshop.workspace, journey, chosen)
    workshop.next_review_on = actions.review_due_on(schedule, review)
    summary["version"] = version.number
    summary["next_review_on"] = workshop.next_review_on.isoformat()
    summary["cadence"] = schedule.cadence
    workshop.summary = summary
    workshop.summary_version = version.number
    workshop.save()
    actor.workshop = workshop
    services._touch(workshop, "ended")
    return workshop


@transaction.atomic
def set_action(actor: services.Actor, item_id: int, version: int, data: dict):
    """Give a workshop's action its owner and deadline (and make an opportunity an action)."""
    services._facilitator(actor)
    allowed = {k: v for k, v in data.items() if k in ("owner_id", "deadline", "kind", "title")}
    item = actions.update_backlog_item(
        actor.user, actor.workshop.workspace, item_id, version, allowed
    )
    services._touch(actor.workshop, "actions")
    return item


def summary_of(workshop: Workshop, user) -> dict:
    """The kept summary of an ended workshop, or the one it would have now."""
    if workshop.status == Status.ENDED and workshop.summary:
        return workshop.summary
    return build(workshop, user)


def for_display(data: dict) -> dict:
    """The summary's ISO dates as dates, for the templates to format in the UI language."""
    out = dict(data)
    for key in ("held_on", "next_review_on"):
        if out.get(key):
            out[key] = date.fromisoformat(out[key])
    out["actions"] = [
        {**a, "deadline": date.fromisoformat(a["deadline"]) if a.get("deadline") else None}
        for a in data.get("actions", [])
    ]
    return out


def summary_pdf(workshop: Workshop, user, language: str) -> bytes:
    require_role(user, workshop.workspace, Role.VIEWER)
    context = {
        "workshop": workshop,
        "workspace": workshop.workspace,
        "summary": for_display(summary_of(workshop, user)),
    }
    return pdf.render_pdf("workshops/summary_print.html", context, paper="A4", language=language)
