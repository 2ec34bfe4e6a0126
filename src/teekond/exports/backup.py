"""Back up and restore a whole workspace, generically across apps.

Which models belong to a workspace is discovered, not listed: every model with a foreign
key to ``Workspace``, then every model with a foreign key to one of those, and so on. Each
row is serialised with Django's serializer (users by their natural key, the user name;
content types by app label and model, so generic relations survive). Apps opt a model out
with ``exclude_from_backup("app.model")`` — e.g. share links, whose tokens must never be
duplicated — and the accounts app's memberships and invitations are kept apart: the backup
lists the members, and a restore adds only those who already have an account, on request.

Restoring validates the whole file first (format, version, known models and fields, every
reference resolvable, field values valid, unique values free) and then writes everything in
one transaction into a new or an empty workspace, mapping every id to a new one.
"""

from __future__ import annotations

import io
import posixpath
import shutil
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import BinaryIO

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teekond.accounts.access import require_role
from teekond.accounts.models import Membership, Role, Workspace
from teekond.core.errors import Invalid
from teekond.core.quiet import quiet
from teekond.exports import archive
from teekond.exports.discovery import (
    JSON_IDS,
    WorkspaceModel,
    exclude_from_backup,  # noqa: F401  (apps register exclusions through this module)
    file_fields,
    gfk_pairs,
    json_ids,  # noqa: F401
    natural_user,
    remap_json_ids,
    stored_files,
    topological,
    workspace_models,
)
from teekond.exports.documents import check_envelope, dumps, loads, make_document
from teekond.exports.restore_check import RestorePlan, validate_backup

KIND = "workspace-backup"
VERSION = 1
ZIP_MEMBER = "workspace.json"
# Uploaded files (persona photos, event-log sources…) travel in a zip backup under this folder,
# named by their path in the storage.
FILES_PREFIX = "files/"


class BackupDocument(dict):
    """A parsed backup; ``files`` maps the stored name of each uploaded file a zip backup
    carried to its unpacked copy in a temporary folder (removed by ``close()``)."""

    files: dict[str, Path]
    unpacked: archive.Unpacked | None = None

    def __init__(self, *args, files: dict[str, Path] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.files = files or {}

    def close(self) -> None:
        if self.unpacked is not None:
            self.unpacked.close()


# --- backup -------------------------------------------------------------------------------


def backup_document(user, workspace: Workspace) -> dict:
    require_role(user, workspace, Role.OWNER)
    return build_backup(workspace)


def build_backup(workspace: Workspace) -> dict:
    objects = []
    for wm in workspace_models():
        qs = wm.model._default_manager.filter(**{wm.path: workspace}).order_by("pk")
        objects.extend(
            serializers.serialize(
                "python", qs, use_natural_foreign_keys=True, use_natural_primary_keys=False
            )
        )
    members = [
        {"username": m.user.username, "email": m.user.email, "role": m.role}
        for m in workspace.memberships.select_related("user").order_by("user__username")
    ]
    return make_document(
        KIND,
        VERSION,
        {
            "created_at": timezone.now(),
            "workspace": {"id": workspace.pk, "name": workspace.name, "slug": workspace.slug},
            "members": members,
            "objects": objects,
        },
    )


def write_backup(document: dict, *, as_zip: bool = False, out: BinaryIO | None = None):
    """The backup as bytes, or, given ``out``, written into that binary file (a zip's
    uploaded files are copied in chunks, never read whole into memory)."""
    target = out if out is not None else io.BytesIO()
    text = dumps(document).encode("utf-8")
    if not as_zip:
        target.write(text)
    else:
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(ZIP_MEMBER, text)
            for name in stored_files(document):
                if default_storage.exists(name):
                    with (
                        default_storage.open(name, "rb") as handle,
                        zf.open(FILES_PREFIX + name, "w", force_zip64=True) as member,
                    ):
                        shutil.copyfileobj(handle, member, archive.CHUNK)
    return target.getvalue() if out is None else None


def read_backup(source) -> BackupDocument:
    """Parse a backup given as JSON or as a zip holding workspace.json (bytes, a path or a
    binary file), within the bounds of ``exports.archive``; call ``close()`` when done."""
    parsed: dict = {}

    def wanted(text: bytes) -> list[str]:
        parsed["document"] = document = loads(text, max_containers=archive.MAX_CONTAINERS)
        check_envelope(document, KIND, (VERSION,))
        return [n for n in stored_files(document) if isinstance(n, str)]

    unpacked = archive.unpack(source, ZIP_MEMBER, FILES_PREFIX, wanted)
    if "document" not in parsed:  # a plain JSON backup
        wanted(unpacked.text)
    document = BackupDocument(parsed["document"], files=unpacked.files)
    document.unpacked = unpacked
    return document


# --- restore ------------------------------------------------------------------------------


def is_empty(workspace: Workspace) -> bool:
    return not any(
        wm.model._default_manager.filter(**{wm.path: workspace}).exists()
        for wm in workspace_models()
    )


def _clear(workspace: Workspace) -> list[str]:
    """Delete every workspace-owned object (not the members); return the stored files they
    held, to delete once the transaction commits."""
    names: list[str] = []
    wms = workspace_models()
    for wm in wms:
        for f in file_fields(wm.model):
            qs = wm.model._default_manager.filter(**{wm.path: workspace})
            names.extend(n for n in qs.values_list(f.attname, flat=True) if n)
    with quiet():  # the history being replaced must not log its own deletion
        for wm in reversed(wms):
            wm.model._default_manager.filter(**{wm.path: workspace}).delete()
    return names


def restore_backup(
    user,
    document: dict,
    *,
    into: Workspace | None = None,
    name: str | None = None,
    with_members: bool = False,
    replace: bool = False,
    progress=None,
) -> tuple[Workspace, list[str]]:
    """Restore a backup into a new workspace, into ``into`` when it is empty, or over
    ``into`` (its content replaced) when ``replace`` is given. The whole file is checked
    before anything is written; the restore is one transaction."""
    from teekond.accounts import services as accounts

    plan = validate_backup(document, progress)
    if into is not None:
        require_role(user, into, Role.OWNER)
        if not replace and not is_empty(into):
            raise Invalid(
                _(
                    "The workspace is not empty: restore into a new workspace or replace its content."
                )
            )
    removed: list[str] = []
    with transaction.atomic():
        if into is not None:
            into = Workspace.objects.select_for_update().get(pk=into.pk)
            if replace:
                removed = _clear(into)
        workspace = into or accounts.create_workspace(
            user, (name or document["workspace"].get("name") or "Restored")[:120]
        )
        files = getattr(document, "files", {})
        kept = (set(removed) & set(stored_files(document))) - set(files)
        _write(plan, workspace, user, files, progress, kept)
        if with_members:
            _restore_members(document, workspace, plan)
        gone = [n for n in removed if n not in kept]
        transaction.on_commit(lambda: _delete_files(gone))
    return workspace, plan.warnings


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _restore_members(document, workspace, plan):
    User = get_user_model()
    for member in document.get("members") or []:
        user = User.objects.filter(username=member.get("username")).first()
        if user is None or member.get("role") not in Role.values:
            continue
        Membership.objects.get_or_create(
            workspace=workspace, user=user, defaults={"role": member["role"]}
        )


def _restore_files(instance, fields: dict, files: dict, keep=()) -> None:
    """Store the instance's own copy of each uploaded file the backup carried.

    A restored workspace never shares a file with the original (deleting one would break the
    other); a file the backup did not carry (a JSON backup) leaves the field empty, unless
    the restore replaces the workspace that still holds it (``keep``).
    """
    changed = {}
    for f in file_fields(type(instance)):
        value = fields.get(f.name)
        if not value:
            continue
        field_file = getattr(instance, f.name)
        if value in files:
            with open(files[value], "rb") as handle:
                field_file.save(posixpath.basename(value), File(handle), save=False)
            changed[f.attname] = field_file.name
        elif value in keep:
            changed[f.attname] = value
            setattr(instance, f.attname, value)
        else:
            changed[f.attname] = ""
            setattr(instance, f.attname, "")
    if changed:
        type(instance)._default_manager.filter(pk=instance.pk).update(**changed)


def _write_order(plan: RestorePlan) -> list[WorkspaceModel]:
    """The workspace models in the order to write them. Generic relations are not foreign
    keys, so the models their rows point at (read from the rows) come first and each row is
    created pointing at the new id: a stand-in id could collide with a unique constraint
    (one review schedule per journey did, restoring next to the original)."""
    wms = workspace_models()
    by_label = {wm.label: wm for wm in wms}
    extra: dict[type[models.Model], set] = defaultdict(set)
    for wm in wms:
        for ct_name, _fk in gfk_pairs(wm.model):
            for obj in plan.rows.get(wm.label, []):
                ct = obj["fields"].get(ct_name)
                if isinstance(ct, list | tuple) and len(ct) == 2:
                    target = by_label.get(f"{ct[0]}.{ct[1]}")
                    if target is not None:
                        extra[wm.model].add(target.model)
    paths = {wm.model: wm.path for wm in wms}
    return [WorkspaceModel(m, paths[m]) for m in topological(list(paths), extra)]


def _write(
    plan: RestorePlan, workspace: Workspace, restorer, files: dict, progress=None, keep=()
) -> None:
    User = get_user_model()
    total = sum(len(rows) for rows in plan.rows.values())
    done = 0
    ids: dict[str, dict] = defaultdict(dict)  # label -> old pk -> new pk
    deferred: list[tuple[type[models.Model], int, str, str, object]] = []
    for wm in _write_order(plan):
        rows = plan.rows.get(wm.label, [])
        if not rows:
            continue
        model = wm.model
        gfk = dict(gfk_pairs(model))
        instances, auto_times, m2m = [], [], []
        for obj in rows:
            kwargs, times, later = {}, {}, {}
            fields = obj["fields"]
            for f in model._meta.concrete_fields:
                if f.primary_key or f.name not in fields:
                    continue
                value = fields[f.name]
                if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
                    times[f.attname] = f.to_python(value)
                if not f.is_relation:
                    kwargs[f.attname] = f.to_python(value)
                    continue
                target = f.related_model
                if value is None:
                    kwargs[f.attname] = None
                elif target is Workspace:
                    kwargs[f.attname] = workspace.pk
                elif target is User:
                    u = plan.users.get(natural_user(value))
                    kwargs[f.attname] = u.pk if u else (None if f.null else restorer.pk)
                elif target is ContentType:
                    kwargs[f.attname] = ContentType.objects.get_by_natural_key(*value).pk
                else:
                    label = target._meta.label_lower
                    if value in ids[label]:
                        kwargs[f.attname] = ids[label][value]
                    else:
                        kwargs[f.attname] = None
                        later[f.attname] = (label, value)
            for ct_name, fk_name in gfk.items():
                ct = fields.get(ct_name)
                fk_field = model._meta.get_field(fk_name)
                attname = fk_field.attname
                target_id = fields.get(fk_name)
                if not ct or target_id is None:
                    continue
                target_label = f"{ct[0]}.{ct[1]}"
                if target_label == "accounts.workspace":
                    kwargs[attname] = workspace.pk
                elif target_id in ids[target_label]:
                    kwargs[attname] = ids[target_label][target_id]
                elif target_id in plan.present.get(target_label, ()):
                    # Not written yet (generic relations in a cycle): filled in at the end.
                    kwargs[attname] = None
                    later[attname] = (target_label, target_id)
                else:
                    kwargs[attname] = None  # the item is gone from the original too
            instance = model(**kwargs)
            # A model can adjust a restored copy, e.g. give it fresh unique tokens.
            if hasattr(instance, "before_restore"):
                instance.before_restore()
            instances.append(instance)
            auto_times.append(times)
            m2m.append(
                {
                    f.name: fields.get(f.name) or []
                    for f in model._meta.many_to_many
                    if f.remote_field.through._meta.auto_created and f.name in fields
                }
            )
            deferred.append((model, len(instances) - 1, wm.label, obj["pk"], later))
        created = model._default_manager.bulk_create(instances)
        for obj, instance, times in zip(rows, created, auto_times, strict=True):
            ids[wm.label][obj["pk"]] = instance.pk
            if times:
                model._default_manager.filter(pk=instance.pk).update(**times)
            _restore_files(instance, obj["fields"], files, keep)
        if hasattr(model, "after_restore"):
            restored = list(created)
            transaction.on_commit(
                lambda model=model, restored=restored: model.after_restore(restored)
            )
        for instance, relations in zip(created, m2m, strict=True):
            for name, values in relations.items():
                target = model._meta.get_field(name).related_model
                if target is User:
                    mapped = [plan.users[v[0]].pk for v in values if v and v[0] in plan.users]
                else:
                    mapped = [ids[target._meta.label_lower][v] for v in values]
                getattr(instance, name).set(mapped)
        done += len(rows)
        if progress is not None:
            progress("writing", done, total)
    for model, _index, label, old_pk, later in deferred:
        updates = {
            attname: ids[t_label].get(t_pk, t_pk) for attname, (t_label, t_pk) in later.items()
        }
        for (json_label, name), (target, shape) in JSON_IDS.items():
            obj_fields = plan.fields_of[(label, old_pk)]
            if json_label == label and obj_fields.get(name):
                updates[model._meta.get_field(name).attname] = remap_json_ids(
                    obj_fields[name], shape, ids[target]
                )
        if updates:
            model._default_manager.filter(pk=ids[label][old_pk]).update(**updates)
