"""Shared by the map's write paths: validation, the versioned update, the structure version
and ordering helpers. Private to the journeys app (``teekond.journeys.services`` is the
public face).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from teekond.core import versions
from teekond.core.errors import Invalid
from teekond.core.signals import map_changed
from teekond.journeys.models import (
    Journey,
)

# ---------------------------------------------------------------------------- helpers


def validation_details(exc: ValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": name, "message": " ".join(str(m) for e in errors for m in e.messages)}
            for name, errors in exc.error_dict.items()
        ]
    return [{"field": "", "message": " ".join(exc.messages)}]


def clean(obj, exclude: Iterable[str] = ()) -> None:
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise Invalid(_("Some values are not valid."), details=validation_details(exc)) from None


def versioned_update(obj, changes: dict, version: int | None, allowed: Iterable[str], dump):
    """Apply ``changes`` if ``version`` is still current; one conditional UPDATE, so two
    writers that read the same version cannot both succeed."""
    versions.require_version(version)
    unknown = set(changes) - set(allowed)
    if unknown:
        raise Invalid(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    versions.check_version(obj, version)
    before = {name: getattr(obj, name) for name in changes}
    for name, value in changes.items():
        setattr(obj, name, "" if value is None and is_text(obj, name) else value)
    clean(obj, exclude=[f.name for f in obj._meta.fields if f.attname not in changes])
    now = timezone.now()
    values = {name: getattr(obj, name) for name in changes}
    updated = (
        type(obj)
        .objects.filter(pk=obj.pk, version=version)
        .update(version=F("version") + 1, updated_at=now, **values)
    )
    if not updated:
        raise versions.stale(obj)
    obj.version = version + 1
    obj.updated_at = now
    diff = {k: [before[k], v] for k, v in values.items() if before[k] != v}
    map_changed.send(sender=type(obj), instance=obj, changes=diff)  # the audit log
    return obj


def is_text(obj, attname: str) -> bool:
    field_ = next((f for f in obj._meta.fields if f.attname == attname), None)
    return field_ is not None and field_.get_internal_type() in ("CharField", "TextField")


def bump_structure(journey: Journey, structure_version: int | None) -> None:
    versions.require_version(structure_version, "structure_version")
    updated = Journey.objects.filter(pk=journey.pk, structure_version=structure_version).update(
        structure_version=F("structure_version") + 1
    )
    if not updated:
        raise versions.stale(journey, "structure_version")
    journey.structure_version = structure_version + 1


def renumber(objects: Iterable) -> None:
    for position, obj in enumerate(objects):
        if obj.position != position:
            type(obj).objects.filter(pk=obj.pk).update(position=position)
            obj.position = position


def log_order(owner, field: str, before: list, after: list) -> None:
    """Write a reorder to the audit log: ``field`` of ``owner`` from one order of names to
    another (``map_changed``; the renumbering itself is a queryset UPDATE, no signal)."""
    old, new = ", ".join(o.name for o in before), ", ".join(o.name for o in after)
    if old != new:
        map_changed.send(sender=type(owner), instance=owner, changes={field: [old, new]})


def insert_at(siblings: list, new, position: int | None) -> None:
    siblings = list(siblings)
    if position is None or position > len(siblings):
        position = len(siblings)
    if position < 0:
        raise Invalid(_("The position cannot be negative."))
    siblings.insert(position, new)
    renumber(siblings)


def check_order(given: list[int], existing: Iterable[int]) -> None:
    existing_ids = list(existing)
    if len(given) != len(set(given)):
        raise Invalid(_("The new order lists an item twice."), details={"ids": given})
    if set(given) != set(existing_ids):
        raise Invalid(
            _(
                "The new order must list every item of this map exactly once, none "
                "missing and none from elsewhere."
            ),
            details={
                "missing": sorted(set(existing_ids) - set(given)),
                "unknown": sorted(set(given) - set(existing_ids)),
            },
        )


def is_user(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)
