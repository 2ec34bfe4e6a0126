"""Break-out groups: each group works on its own copy of the map (seed 003's group task,
the hair salon), and the facilitator carries the groups' changes back, item by item.

When a group is made, the map is copied (``journeys.services.copy_with_ids``), and the group
keeps which copied stage, step and lane stands for which original (``links``) and what the
copied items said then (``base``). A group's changes are the differences between its copy
now and that base: stages and touchpoints added, renamed, changed or removed, and cells
written. The facilitator applies or rejects each one. Applying goes through the map's own
services with the version of the original item read now; when the main map changed the
same field since the copy was made, the change says so (``conflict``) and shows both
values, so the facilitator chooses knowingly instead of overwriting silently.

Lanes a group adds are not carried back (a new lane is a decision about the map's form,
made on the main map); their cells are listed as such and cannot be applied.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from teekond.core.errors import Invalid, NotFound
from teekond.journeys import serialize
from teekond.journeys import services as journeys
from teekond.journeys.models import Cell, Journey, Lane, Stage, Step
from teekond.workshops import services
from teekond.workshops.models import MAX_GROUPS, TITLE_MAX_LENGTH, BreakoutGroup, Workshop

STAGE_FIELDS = ("name", "description")
STEP_FIELDS = tuple(f for f in serialize.STEP_FIELDS)
CELL_FIELDS = serialize.CELL_FIELDS
MAX_CHANGES = 2_000


def _values(obj, names) -> dict:
    return {name: getattr(obj, name) for name in names}


def _snapshot(journey: Journey) -> dict:
    """The items of a map as plain values, keyed by id (as text, like JSON keys)."""
    return {
        "stages": {str(s.pk): _values(s, STAGE_FIELDS) for s in journey.stages.all()},
        "steps": {
            str(s.pk): {**_values(s, STEP_FIELDS), "stage": s.stage_id}
            for s in Step.objects.filter(journey=journey)
        },
        "cells": {
            f"{c.lane_id}:{c.step_id}": _values(c, CELL_FIELDS)
            for c in Cell.objects.filter(journey=journey)
        },
    }


def groups_of(workshop: Workshop) -> list[BreakoutGroup]:
    return list(workshop.groups.select_related("journey"))


def group_of(workshop: Workshop, group_id: int) -> BreakoutGroup:
    group = workshop.groups.filter(pk=group_id).select_related("journey").first()
    if group is None or group.journey is None:
        raise NotFound(_("Group not found."))
    return group


@transaction.atomic
def create_groups(actor: services.Actor, names: list[str], task: str = "") -> list[BreakoutGroup]:
    """One group per name, each with a copy of the map."""
    services._facilitator(actor)
    workshop = actor.workshop
    Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
    names = [services._line(n, "names", 80) for n in names]
    if not names:
        raise Invalid(_("Name at least one group."), details=[{"field": "names", "message": ""}])
    if workshop.groups.count() + len(names) > MAX_GROUPS:
        raise Invalid(_("A workshop has at most %(n)d groups.") % {"n": MAX_GROUPS})
    task = services._line(task, "task", 1000, required=False)
    journey = workshop.journey
    made = []
    for name in names:
        with translation.override(journey.language):
            title = _("%(title)s: group %(group)s") % {"title": journey.title, "group": name}
        copy, links = journeys.copy_with_ids(journey, actor.user, title[:TITLE_MAX_LENGTH])
        made.append(
            BreakoutGroup.objects.create(
                workshop=workshop,
                name=name,
                task=task,
                journey=copy,
                links={kind: {str(o): c for o, c in ids.items()} for kind, ids in links.items()},
                base=_snapshot(copy),
            )
        )
    services._touch(workshop, "groups")
    return made


@transaction.atomic
def assign(actor: services.Actor, participant_id: int, group_id: int | None) -> None:
    services._facilitator(actor)
    participant = actor.workshop.participants.filter(pk=participant_id).first()
    if participant is None:
        raise NotFound(_("Participant not found."))
    participant.group = group_of(actor.workshop, group_id) if group_id is not None else None
    participant.save(update_fields=["group"])
    services._touch(actor.workshop, "groups")


def _reverse(links: dict, kind: str) -> dict[int, int]:
    """copy id -> original id."""
    return {int(c): int(o) for o, c in links.get(kind, {}).items()}


def changes(group: BreakoutGroup) -> list[dict]:
    """What the group changed on its copy, one entry per item, in map order, each with a
    ``key`` to apply or reject it, its ``status`` (open, applied, rejected) and, for
    changes to items the main map also changed since, ``conflict``."""
    base, now = group.base, _snapshot(group.journey)
    stage_of = _reverse(group.links, "stages")
    step_of = _reverse(group.links, "steps")
    lane_of = _reverse(group.links, "lanes")
    original = _snapshot(group.workshop.journey)
    copy_stages = {s.pk: s for s in group.journey.stages.all()}
    copy_steps = {s.pk: s for s in Step.objects.filter(journey=group.journey)}
    lanes = {lane.pk: lane for lane in Lane.objects.filter(journey=group.journey)}
    out: list[dict] = []

    def add(key, kind, action, label, fields, *, original_id=None, blocked="", conflict=None):
        out.append(
            {
                "key": key,
                "kind": kind,
                "action": action,
                "label": label,
                "fields": fields,
                "original_id": original_id,
                "blocked": blocked,
                "conflict": conflict or {},
                "status": group.decisions.get(key, "open"),
                "rows": [
                    {
                        "field": name,
                        "old": old,
                        "new": new,
                        "clash": name in (conflict or {}),
                        "main": (conflict or {}).get(name),
                    }
                    for name, (old, new) in fields.items()
                ],
            }
        )

    def diff(old: dict, new: dict, names) -> dict:
        return {n: [old.get(n), new.get(n)] for n in names if old.get(n) != new.get(n)}

    def clash(kind: str, original_key: str | None, fields: dict) -> dict:
        """Fields the main map changed since the copy: {field: value in the main map}."""
        if original_key is None:
            return {}
        now_there = original[kind].get(original_key)
        if now_there is None:
            return {"_removed": True}
        return {f: now_there.get(f) for f, (old, _new) in fields.items() if now_there.get(f) != old}

    for sid, stage in copy_stages.items():
        key = f"stage:{sid}"
        if str(sid) not in base["stages"]:
            add(key, "stage", "add", stage.name, diff({}, now["stages"][str(sid)], STAGE_FIELDS))
            continue
        fields = diff(base["stages"][str(sid)], now["stages"][str(sid)], STAGE_FIELDS)
        if fields:
            oid = stage_of.get(sid)
            add(
                key,
                "stage",
                "update",
                stage.name,
                fields,
                original_id=oid,
                conflict=clash("stages", str(oid) if oid else None, fields),
            )
    for tid, step in copy_steps.items():
        key = f"step:{tid}"
        values = now["steps"][str(tid)]
        if str(tid) not in base["steps"]:
            blocked = "" if step.stage_id in stage_of else _("Apply its stage first.")
            add(key, "step", "add", step.name, diff({}, values, STEP_FIELDS), blocked=blocked)
            continue
        fields = diff(base["steps"][str(tid)], values, STEP_FIELDS)
        if fields:
            oid = step_of.get(tid)
            add(
                key,
                "step",
                "update",
                step.name,
                fields,
                original_id=oid,
                conflict=clash("steps", str(oid) if oid else None, fields),
            )
    for tid, values in base["steps"].items():
        if int(tid) not in copy_steps:
            add(
                f"step:{tid}",
                "step",
                "remove",
                values["name"],
                {},
                original_id=step_of.get(int(tid)),
            )
    for ckey, values in now["cells"].items():
        lane_id, step_id = (int(x) for x in ckey.split(":"))
        fields = diff(base["cells"].get(ckey, {}), values, CELL_FIELDS)
        fields = {
            f: v for f, v in fields.items() if v[1] not in ("", None) or v[0] not in ("", None)
        }
        if not fields:
            continue
        lane, step = lanes[lane_id], copy_steps[step_id]
        label = f"{lane.name} × {step.name}"
        blocked = ""
        if lane_id not in lane_of:
            blocked = _("The group added this lane: add it on the main map first.")
        elif step_id not in step_of:
            blocked = _("Apply its touchpoint first.")
        okey = f"{lane_of.get(lane_id)}:{step_of.get(step_id)}" if not blocked else None
        conflict = {}
        if okey is not None:
            there = original["cells"].get(okey, {})
            old = base["cells"].get(ckey, {})
            conflict = {f: there.get(f) for f in fields if there.get(f) != old.get(f)}
        add(f"cell:{ckey}", "cell", "set", label, fields, blocked=blocked, conflict=conflict)
    return out[:MAX_CHANGES]


def _change(group: BreakoutGroup, key: str) -> dict:
    found = next((c for c in changes(group) if c["key"] == key), None)
    if found is None:
        raise NotFound(_("Change not found."))
    if found["status"] != "open":
        raise Invalid(_("This change was decided already."))
    return found


def _decide(group: BreakoutGroup, key: str, status: str) -> None:
    group.decisions = {**group.decisions, key: status}
    group.save(update_fields=["decisions", "links"])


@transaction.atomic
def reject(actor: services.Actor, group_id: int, key: str) -> None:
    services._facilitator(actor)
    group = group_of(actor.workshop, group_id)
    _change(group, key)
    _decide(group, key, "rejected")
    services._touch(actor.workshop, "merge")


@transaction.atomic
def apply(actor: services.Actor, group_id: int, key: str) -> None:
    """Carry one of the group's changes over to the main map."""
    services._facilitator(actor)
    group = BreakoutGroup.objects.select_for_update().get(pk=group_of(actor.workshop, group_id).pk)
    change = _change(group, key)
    if change["blocked"]:
        raise Invalid(change["blocked"])
    main = Journey.objects.select_for_update().get(pk=actor.workshop.journey_id)
    kind, _sep, ident = key.partition(":")
    new = {f: v[1] for f, v in change["fields"].items()}
    if kind == "stage" and change["action"] == "add":
        copy = Stage.objects.get(pk=int(ident))
        stage = journeys.add_stage(
            main, main.structure_version, name=copy.name, description=copy.description
        )
        group.links.setdefault("stages", {})[str(stage.pk)] = copy.pk
    elif kind == "stage":
        stage = Stage.objects.filter(journey=main, pk=change["original_id"]).first()
        if stage is None:
            raise Invalid(_("The main map no longer has this item."))
        journeys.update_stage(stage, new, stage.version)
    elif kind == "step" and change["action"] == "add":
        copy = Step.objects.get(pk=int(ident))
        stage_id = _reverse(group.links, "stages")[copy.stage_id]
        stage = Stage.objects.get(journey=main, pk=stage_id)
        attrs = {f: getattr(copy, f) for f in journeys.STEP_CREATE_FIELDS}
        step = journeys.add_step(stage, main.structure_version, name=copy.name, **attrs)
        group.links.setdefault("steps", {})[str(step.pk)] = copy.pk
    elif kind == "step":
        step = Step.objects.filter(journey=main, pk=change["original_id"]).first()
        if step is None:
            raise Invalid(_("The main map no longer has this item."))
        if change["action"] == "remove":
            journeys.delete_step(step, main.structure_version)
        else:
            journeys.update_step(step, new, step.version)
    else:
        lane_id, step_id = (int(x) for x in ident.split(":"))
        lane = Lane.objects.get(journey=main, pk=_reverse(group.links, "lanes")[lane_id])
        step = Step.objects.get(journey=main, pk=_reverse(group.links, "steps")[step_id])
        cell = Cell.objects.filter(lane=lane, step=step).first()
        journeys.upsert_cell(lane, step, cell.version if cell else None, new, user=actor.user)
    _decide(group, key, "applied")
    services._touch(actor.workshop, "merge")
