"""Which models belong to a workspace, found through foreign keys, and what a restore must
know about them: their uploaded files, generic relations and JSON fields holding ids.

Every model with a foreign key to ``Workspace`` belongs to it, then every model with a
foreign key to one of those, and so on. Apps opt a model out with
``exclude_from_backup("app.model")`` or ``IN_BACKUP = False`` on the model, and declare JSON fields holding ids with ``json_ids``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models

from teekond.accounts.models import Workspace


def file_fields(model) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def stored_files(document: dict) -> list[str]:
    """Storage names of every uploaded file the document's objects refer to."""
    known = {wm.label: wm.model for wm in workspace_models()}
    names = []
    for obj in document.get("objects") or []:
        model = known.get(str(obj.get("model", "")).lower())
        if model is None:
            continue
        for f in file_fields(model):
            value = obj["fields"].get(f.name)
            if value:
                names.append(value)
    return names


_EXCLUDED: set[str] = {"accounts.membership", "accounts.invitation"}


def exclude_from_backup(label: str) -> None:
    """Leave a model (``"app_label.model_name"``) out of backups and restores."""
    _EXCLUDED.add(label.lower())


def excluded(model: type[models.Model]) -> bool:
    """Left out of backups: registered with ``exclude_from_backup``, or a model that says
    ``IN_BACKUP = False`` itself (an app below exports cannot import this module)."""
    return model._meta.label_lower in _EXCLUDED or getattr(model, "IN_BACKUP", True) is False


# JSON fields that hold ids of other objects of the workspace: (model, field) -> (target
# model, shape), where "keys" is a dict keyed by the id as text and "items" a list of ids.
# A restore maps them to the new ids and drops those of objects the backup does not hold.
JSON_IDS: dict[tuple[str, str], tuple[str, str]] = {
    ("eventlogs.eventlog", "step_activities"): ("journeys.step", "keys"),
    ("actions.crisisplan", "blocked"): ("journeys.step", "items"),
    ("actions.crisisplan", "replacements"): ("journeys.step", "keys"),
}


def json_ids(label: str, field_name: str, target: str, shape: str) -> None:
    """Declare that a JSON field holds ids of ``target`` objects (shape "keys" or "items")."""
    if shape not in ("keys", "items"):
        raise ValueError(shape)
    JSON_IDS[(label.lower(), field_name)] = (target.lower(), shape)


def remap_json_ids(value, shape: str, mapping: dict):
    """``value`` with each id replaced by ``mapping[id]``; ids not in the mapping are dropped."""

    def new(old):
        try:
            return mapping.get(int(old))
        except (TypeError, ValueError):
            return None

    if shape == "keys" and isinstance(value, dict):
        return {str(new(k)): v for k, v in value.items() if new(k) is not None}
    if shape == "items" and isinstance(value, list):
        return [new(v) for v in value if new(v) is not None]
    return value


@dataclass
class WorkspaceModel:
    model: type[models.Model]
    path: str  # lookup from the model to its workspace, e.g. "journey__workspace"

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


def workspace_models() -> list[WorkspaceModel]:
    """Every model hanging on a workspace, in an order where targets come before sources."""
    found: dict[type[models.Model], str] = {}
    frontier: list[tuple[type[models.Model], str]] = [(Workspace, "")]
    while frontier:
        target, target_path = frontier.pop(0)
        for model in apps.get_models():
            if model in found or model is Workspace or excluded(model):
                continue
            for f in model._meta.concrete_fields:
                if f.is_relation and f.many_to_one and f.related_model is target:
                    path = f.name + (f"__{target_path}" if target_path else "")
                    found[model] = path
                    frontier.append((model, path))
                    break
    return [WorkspaceModel(m, found[m]) for m in topological(list(found))]


def topological(model_list, extra: dict | None = None):
    """Order models so that each comes after the models its required foreign keys point to
    (and, given ``extra``, after further models each one should follow)."""
    included = set(model_list)
    deps = {
        m: {
            f.related_model
            for f in m._meta.concrete_fields
            if f.is_relation
            and f.related_model in included
            and f.related_model is not m
            and not f.null
        }
        | {t for t in (extra or {}).get(m, ()) if t in included and t is not m}
        for m in model_list
    }
    ordered, seen = [], set()

    def visit(m, stack=()):
        if m in seen:
            return
        if m in stack:
            return  # a cycle through required keys: keep the given order
        for d in sorted(deps[m], key=lambda x: x._meta.label_lower):
            visit(d, (*stack, m))
        seen.add(m)
        ordered.append(m)

    for m in sorted(model_list, key=lambda x: x._meta.label_lower):
        visit(m)
    return ordered


def gfk_pairs(model):
    return [
        (f.ct_field, f.fk_field)
        for f in model._meta.private_fields
        if isinstance(f, GenericForeignKey)
    ]


def natural_user(value):
    if isinstance(value, list | tuple) and len(value) == 1:
        return value[0]
    return None
