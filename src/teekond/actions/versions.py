"""Named versions (snapshots) of a journey, the difference between two, and restoring one."""

from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from teekond.accounts.access import require_role
from teekond.accounts.models import Role
from teekond.actions import audit
from teekond.actions.models import JourneyVersion
from teekond.actions.services import record_change
from teekond.core.errors import Invalid, NotFound
from teekond.core.versions import check_version
from teekond.exports.journey_doc import journey_document, replace_content
from teekond.journeys.models import Journey


def versions_of(journey: Journey):
    return JourneyVersion.objects.filter(journey=journey).select_related("created_by")


def version_of(journey: Journey, number: int) -> JourneyVersion:
    version = versions_of(journey).filter(number=number).first()
    if version is None:
        raise NotFound(_("Version not found."))
    return version


@transaction.atomic
def save_version(user, journey: Journey, name: str) -> JourneyVersion:
    require_role(user, journey.workspace, Role.EDITOR)
    name = (name or "").strip()
    if not name:
        raise Invalid(_("Name the version."), details=[{"field": "name", "message": ""}])
    # Lock the journey row so two saves never get the same number.
    Journey.objects.select_for_update().filter(pk=journey.pk).first()
    number = (versions_of(journey).aggregate(n=Max("number"))["n"] or 0) + 1
    version = JourneyVersion.objects.create(
        workspace=journey.workspace,
        journey=journey,
        number=number,
        name=name[:200],
        document=journey_document(journey),
        created_by=user,
    )
    record_change(user, journey.workspace, journey, "version", {"version": [None, number]})
    return version


@transaction.atomic
def restore_version(user, journey: Journey, number: int, structure_version: int | None = None):
    """Make the journey look like version ``number``. The current content is saved as a
    version first, so a restore never loses anything."""
    require_role(user, journey.workspace, Role.EDITOR)
    target = version_of(journey, number)
    if structure_version is not None:
        check_version(journey, structure_version, "structure_version")
    backup = save_version(user, journey, _("Before restoring version %d") % number)
    with audit.quiet():
        replace_content(journey, target.document)
    record_change(
        user, journey.workspace, journey, "restored", {"version": [backup.number, number]}
    )
    return journey


# --- diff ---------------------------------------------------------------------------------


def _keyed(items, name_of):
    """{(name, n): item}: the n-th item of that name, so repeated names still match."""
    seen: Counter = Counter()
    out = {}
    for item in items:
        name = name_of(item)
        seen[name] += 1
        out[(name, seen[name])] = item
    return out


def _field_changes(a: dict, b: dict, skip=("key", "steps", "cells")) -> dict:
    keys = [k for k in {**a, **b} if k not in skip]
    return {k: [a.get(k), b.get(k)] for k in keys if a.get(k) != b.get(k)}


def _renames(a_items, b_items, a: dict, b: dict) -> dict:
    """{old key: new key} for items that lost their name match on both sides but are the
    same item renamed. When as many old items as new ones are unmatched (pure renames) they
    pair in order; otherwise an unmatched old and an unmatched new item pair only when they
    stand at the same position in their lists. A renamed item that also moved shows as
    removed plus added."""
    a_pos = {id(item): i for i, item in enumerate(a_items)}
    b_pos = {id(item): i for i, item in enumerate(b_items)}
    lost = sorted((a_pos[id(item)], key) for key, item in a.items() if key not in b)
    new = sorted((b_pos[id(item)], key) for key, item in b.items() if key not in a)
    if len(lost) == len(new):
        return {old_key: new_key for (_, old_key), (_, new_key) in zip(lost, new, strict=True)}
    at = dict(new)
    return {old_key: at[i] for i, old_key in lost if i in at}


def _pairs(a_items, b_items, name_of):
    """(name, old item, new item): matched by name (the n-th of a name with the n-th), then
    renames in place (``_renames``); None on the side where the item does not exist."""
    a_items, b_items = list(a_items), list(b_items)
    a, b = _keyed(a_items, name_of), _keyed(b_items, name_of)
    renamed = _renames(a_items, b_items, a, b)
    taken = set(renamed.values())
    for key, item in a.items():
        if key in b:
            yield key[0], item, b[key]
        elif key in renamed:
            yield renamed[key][0], item, b[renamed[key]]
        else:
            yield key[0], item, None
    for key, item in b.items():
        if key not in a and key not in taken:
            yield key[0], None, item


def _status(old, new, changes) -> str:
    if old is None:
        return "added"
    if new is None:
        return "removed"
    return "changed" if changes else "same"


def diff_documents(old: dict, new: dict) -> dict:
    """What changed from ``old`` to ``new``: stages, steps and cells, each added, removed,
    changed (with field -> [old, new]) or the same. Items are matched by name, then a
    renamed item by its position (``_renames``): a rename shows as a changed name."""
    old_lanes = {l["key"]: l["name"] for l in old.get("lanes", [])}  # noqa: E741
    new_lanes = {l["key"]: l["name"] for l in new.get("lanes", [])}  # noqa: E741
    counts: Counter = Counter()
    stages = []
    for name, a, b in _pairs(old.get("stages", []), new.get("stages", []), lambda s: s["name"]):
        changes = _field_changes(a or {}, b or {}) if a and b else {}
        status = _status(a, b, changes)
        steps = []
        for s_name, sa, sb in _pairs(
            (a or {}).get("steps", []), (b or {}).get("steps", []), lambda s: s["name"]
        ):
            s_changes = _field_changes(sa or {}, sb or {}) if sa and sb else {}
            cells = []
            a_cells = {old_lanes.get(k, k): v for k, v in ((sa or {}).get("cells") or {}).items()}
            b_cells = {new_lanes.get(k, k): v for k, v in ((sb or {}).get("cells") or {}).items()}
            for lane in list(a_cells) + [k for k in b_cells if k not in a_cells]:
                ca, cb = a_cells.get(lane), b_cells.get(lane)
                c_changes = _field_changes(ca or {}, cb or {}) if ca and cb else {}
                c_status = _status(ca, cb, c_changes)
                if c_status != "same":
                    counts[f"cells_{c_status}"] += 1
                    cells.append(
                        {
                            "lane": lane,
                            "status": c_status,
                            "changes": c_changes,
                            "old": ca,
                            "new": cb,
                        }
                    )
            s_status = _status(sa, sb, s_changes)
            if s_status == "same" and cells:
                s_status = "changed"
            counts[f"steps_{s_status}"] += 1
            steps.append({"name": s_name, "status": s_status, "changes": s_changes, "cells": cells})
        if status == "same" and any(s["status"] != "same" for s in steps):
            status = "changed"
        counts[f"stages_{status}"] += 1
        stages.append({"name": name, "status": status, "changes": changes, "steps": steps})
    lanes = []
    for name, a, b in _pairs(old.get("lanes", []), new.get("lanes", []), lambda l: l["name"]):  # noqa: E741
        changes = _field_changes(a or {}, b or {}) if a and b else {}
        lanes.append({"name": name, "status": _status(a, b, changes), "changes": changes})
    journey_changes = _field_changes(old.get("journey", {}), new.get("journey", {}))
    return {"journey": journey_changes, "lanes": lanes, "stages": stages, "counts": dict(counts)}
