"""The audit log of the map: every change of a journey, stage, step, lane, cell or persona.

The journey services stay unaware of it: signal receivers here compare each saved row with
the stored one and write a ``ChangeLog`` line (who, when, what: field -> [old, new]). Who
comes from the request being served (``AuditMiddleware`` keeps it in a context variable;
the API's token login sets ``request.user`` later, so the user is read when the line is
written). Bulk writes (imports, restoring a version) are wrapped in ``quiet()`` and logged
once by the service that did them.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from datetime import date, datetime

from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from teekond.core.quiet import is_quiet, quiet  # noqa: F401 - quiet() is used as audit.quiet()

_request = contextvars.ContextVar("teekond_audit_request", default=None)
# Workspaces being deleted: their cascade must not write change-log rows pointing at them.
_dying_workspaces: set[int] = set()
_actor = contextvars.ContextVar("teekond_audit_actor", default=None)
# Journeys being deleted: their parts' deletions are not logged one by one (and must not be,
# as the lines would point at a journey that is gone when the transaction ends).
_dying = contextvars.ContextVar("teekond_audit_dying", default=frozenset())

IGNORED = {"version", "structure_version", "updated_at", "created_at", "updated_by"}
TRACKED = ("Journey", "Stage", "Step", "Lane", "Cell", "Persona")


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


@contextmanager
def acting_as(user):
    """Name the actor outside a request (CLI, tasks, tests)."""
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor():
    actor = _actor.get()
    if actor is None and _request.get() is not None:
        actor = getattr(_request.get(), "user", None)
    return actor if getattr(actor, "is_authenticated", False) else None


def _plain(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def _snapshot(instance) -> dict:
    return {
        f.attname: _plain(getattr(instance, f.attname))
        for f in instance._meta.concrete_fields
        if f.attname not in IGNORED and not f.primary_key
    }


def _journey_and_workspace(instance):
    from teekond.journeys.models import Journey, Persona

    if isinstance(instance, Persona):
        return None, instance.workspace_id
    if isinstance(instance, Journey):
        return instance.pk, instance.workspace_id
    journey_id = getattr(instance, "journey_id", None)
    workspace_id = (
        Journey.objects.filter(pk=journey_id).values_list("workspace_id", flat=True).first()
    )
    return journey_id, workspace_id


def _write(instance, action: str, changes: dict) -> None:
    from django.contrib.contenttypes.models import ContentType

    from teekond.actions.models import ChangeLog

    journey_id, workspace_id = _journey_and_workspace(instance)
    if workspace_id is None or workspace_id in _dying_workspaces:
        return
    ChangeLog.objects.create(
        workspace_id=workspace_id,
        journey_id=journey_id
        if action != "deleted" or instance._meta.model_name != "journey"
        else None,
        actor=current_actor(),
        action=action,
        label=str(instance)[:200],
        changes=changes,
        subject_type=ContentType.objects.get_for_model(instance),
        subject_id=instance.pk,
    )


def _before(sender, instance, raw=False, **kwargs):
    if raw or is_quiet() or instance.pk is None:
        instance._audit_old = None
        return
    old = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_old = _snapshot(old) if old is not None else None


def _after(sender, instance, created, raw=False, **kwargs):
    if raw or is_quiet():
        return
    new = _snapshot(instance)
    old = getattr(instance, "_audit_old", None)
    if created or old is None:
        _write(instance, "created", {})  # the label names it; the fields are in the map
        return
    changes = {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v}
    if changes:
        _write(instance, "updated", changes)


def _dying_journey(sender, instance, **kwargs):
    _dying.set(_dying.get() | {instance.pk})


def _deleted(sender, instance, **kwargs):
    if is_quiet():
        return
    if (
        instance._meta.model_name != "journey"
        and getattr(instance, "journey_id", None) in _dying.get()
    ):
        return
    _write(instance, "deleted", {})


def _changed(sender, instance, changes, **kwargs):
    """A versioned update done with a queryset UPDATE (no post_save)."""
    if is_quiet() or not changes:
        return
    _write(instance, "updated", {k: [_plain(a), _plain(b)] for k, (a, b) in changes.items()})


def connect() -> None:
    from django.apps import apps

    from teekond.core.signals import map_changed

    map_changed.connect(_changed, dispatch_uid="teekond-audit-map-changed")

    for name in TRACKED:
        model = apps.get_model("journeys", name)
        uid = f"teekond-audit-{name}"
        pre_save.connect(_before, sender=model, dispatch_uid=uid + "-pre")
        post_save.connect(_after, sender=model, dispatch_uid=uid + "-post")
        post_delete.connect(_deleted, sender=model, dispatch_uid=uid + "-del")
    pre_delete.connect(
        _dying_journey, sender=apps.get_model("journeys", "Journey"), dispatch_uid="teekond-dying"
    )
    workspace = apps.get_model("accounts", "Workspace")
    pre_delete.connect(_dying_workspace, sender=workspace, dispatch_uid="teekond-dying-ws")
    post_delete.connect(_dead_workspace, sender=workspace, dispatch_uid="teekond-dead-ws")


def _dying_workspace(sender, instance, **kwargs):
    _dying_workspaces.add(instance.pk)


def _dead_workspace(sender, instance, **kwargs):
    _dying_workspaces.discard(instance.pk)
