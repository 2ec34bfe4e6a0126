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
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teekond.accounts.access import require_role
from teekond.accounts.models import Membership, Role, Workspace
from teekond.core.errors import Invalid
from teekond.exports.documents import check_envelope, dumps, loads, make_document

KIND = "workspace-backup"
VERSION = 1
ZIP_MEMBER = "workspace.json"
# Uploaded files (persona photos, event-log sources…) travel in a zip backup under this folder,
# named by their path in the storage.
FILES_PREFIX = "files/"
MAX_FILE_BYTES = 2 * 1024**3


class BackupDocument(dict):
    """A parsed backup; ``files`` holds the uploaded files a zip backup carried."""

    files: dict[str, bytes]

    def __init__(self, *args, files: dict[str, bytes] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.files = files or {}


def _file_fields(model) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def _stored_files(document: dict) -> list[str]:
    """Storage names of every uploaded file the document's objects refer to."""
    known = {wm.label: wm.model for wm in workspace_models()}
    names = []
    for obj in document.get("objects") or []:
        model = known.get(str(obj.get("model", "")).lower())
        if model is None:
            continue
        for f in _file_fields(model):
            value = obj["fields"].get(f.name)
            if value:
                names.append(value)
    return names


_EXCLUDED: set[str] = {"accounts.membership", "accounts.invitation"}


def exclude_from_backup(label: str) -> None:
    """Leave a model (``"app_label.model_name"``) out of backups and restores."""
    _EXCLUDED.add(label.lower())


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
            if model in found or model is Workspace or model._meta.label_lower in _EXCLUDED:
                continue
            for f in model._meta.concrete_fields:
                if f.is_relation and f.many_to_one and f.related_model is target:
                    path = f.name + (f"__{target_path}" if target_path else "")
                    found[model] = path
                    frontier.append((model, path))
                    break
    return [WorkspaceModel(m, found[m]) for m in _topological(list(found))]


def _topological(model_list):
    """Order models so that each comes after the models its required foreign keys point to."""
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


def write_backup(document: dict, *, as_zip: bool = False) -> bytes:
    text = dumps(document).encode("utf-8")
    if not as_zip:
        return text
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(ZIP_MEMBER, text)
        for name in _stored_files(document):
            if default_storage.exists(name):
                with default_storage.open(name, "rb") as handle:
                    archive.writestr(FILES_PREFIX + name, handle.read())
    return buffer.getvalue()


def read_backup(data: bytes) -> dict:
    """Parse a backup given as JSON or as a zip holding workspace.json."""
    files: dict[str, bytes] = {}
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                info = archive.getinfo(ZIP_MEMBER)
                if info.file_size > 512 * 1024 * 1024:
                    raise Invalid(_("The backup is too large."))
                data = archive.read(ZIP_MEMBER)
                for member in archive.infolist():
                    name = member.filename
                    if not name.startswith(FILES_PREFIX) or name.endswith("/"):
                        continue
                    stored = name[len(FILES_PREFIX) :]
                    # Only plain relative names: a crafted zip must not reach outside storage.
                    if stored != posixpath.normpath(stored) or stored.startswith(("/", "..")):
                        raise Invalid(_("The zip file holds an unsafe file name: %s") % name)
                    if member.file_size > MAX_FILE_BYTES:
                        raise Invalid(_("The backup is too large."))
                    files[stored] = archive.read(member)
        except (zipfile.BadZipFile, KeyError):
            raise Invalid(
                _("The zip file does not hold a %(name)s.") % {"name": ZIP_MEMBER}
            ) from None
    document = loads(data)
    check_envelope(document, KIND, (VERSION,))
    return BackupDocument(document, files=files)


# --- restore ------------------------------------------------------------------------------


@dataclass
class RestorePlan:
    rows: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    users: dict[str, object] = field(default_factory=dict)  # username -> User
    warnings: list[str] = field(default_factory=list)


def _natural_user(value):
    if isinstance(value, list | tuple) and len(value) == 1:
        return value[0]
    return None


def _gfk_pairs(model):
    return [
        (f.ct_field, f.fk_field)
        for f in model._meta.private_fields
        if isinstance(f, GenericForeignKey)
    ]


def validate_backup(document: dict) -> RestorePlan:
    """Check everything a restore needs; raise Invalid listing every problem found."""
    User = get_user_model()
    known = {wm.label: wm.model for wm in workspace_models()}
    problems: list[dict] = []
    plan = RestorePlan()
    objects = document.get("objects")
    source = document.get("workspace") or {}
    if not isinstance(objects, list) or not isinstance(source, dict):
        raise Invalid(_("The backup has no list of objects."))
    present: dict[str, set] = defaultdict(set)
    for index, obj in enumerate(objects):
        if not isinstance(obj, dict) or not isinstance(obj.get("fields"), dict):
            problems.append({"object": index, "message": _("not an object with fields")})
            continue
        label = str(obj.get("model", "")).lower()
        if label not in known:
            problems.append({"object": index, "message": _("unknown model %s") % label})
            continue
        if obj.get("pk") in present[label]:
            problems.append({"object": index, "message": _("duplicate id %s") % obj.get("pk")})
        present[label].add(obj.get("pk"))
        plan.rows[label].append(obj)
    usernames: set[str] = set()
    for label, rows in plan.rows.items():
        model = known[label]
        fields = {f.name: f for f in model._meta.get_fields() if f.concrete and not f.primary_key}
        gfk = dict(_gfk_pairs(model))
        for obj in rows:
            where = f"{label}#{obj.get('pk')}"
            unknown = sorted(set(obj["fields"]) - set(fields))
            if unknown:
                problems.append(
                    {"object": where, "message": _("unknown fields: %s") % ", ".join(unknown)}
                )
                continue
            instance = model()
            relations = []
            for name, value in obj["fields"].items():
                f = fields[name]
                if f.many_to_many:
                    relations.append(name)
                    target = f.related_model
                    if target is get_user_model():
                        usernames.update(_natural_user(v) or "" for v in value or [])
                    elif target._meta.label_lower in known:
                        missing = [
                            v for v in value or [] if v not in present[target._meta.label_lower]
                        ]
                        if missing:
                            problems.append(
                                {
                                    "object": where,
                                    "message": _("%(field)s points to missing %(ids)s")
                                    % {"field": name, "ids": missing},
                                }
                            )
                    continue
                if f.is_relation:
                    relations.append(name)
                    target = f.related_model
                    if value is None:
                        if not f.null:
                            problems.append(
                                {"object": where, "message": _("%s is required") % name}
                            )
                    elif target is Workspace:
                        if value != source.get("id"):
                            problems.append(
                                {
                                    "object": where,
                                    "message": _("%s points to another workspace") % name,
                                }
                            )
                    elif target is User:
                        username = _natural_user(value)
                        if username is None:
                            problems.append(
                                {
                                    "object": where,
                                    "message": _("%s: a user is given by user name") % name,
                                }
                            )
                        else:
                            usernames.add(username)
                    elif target is ContentType:
                        try:
                            ContentType.objects.get_by_natural_key(*value)
                        except (ContentType.DoesNotExist, TypeError):
                            problems.append(
                                {"object": where, "message": _("%s: unknown content type") % name}
                            )
                    elif target._meta.label_lower in known:
                        if value not in present[target._meta.label_lower]:
                            problems.append(
                                {
                                    "object": where,
                                    "message": _("%(field)s points to missing %(ids)s")
                                    % {"field": name, "ids": value},
                                }
                            )
                    else:
                        problems.append(
                            {
                                "object": where,
                                "message": _("%s points outside the workspace") % name,
                            }
                        )
                    continue
                try:
                    setattr(instance, f.attname, f.to_python(value))
                except ValidationError as exc:
                    problems.append(
                        {"object": where, "message": f"{name}: {'; '.join(exc.messages)}"}
                    )
            for ct_name, fk_name in gfk.items():
                ct = obj["fields"].get(ct_name)
                if ct and isinstance(ct, list | tuple) and len(ct) == 2:
                    target_label = f"{ct[0]}.{ct[1]}"
                    if (
                        target_label in known
                        and obj["fields"].get(fk_name) not in present[target_label]
                    ):
                        problems.append(
                            {
                                "object": where,
                                "message": _("%(field)s points to missing %(ids)s")
                                % {"field": fk_name, "ids": obj["fields"].get(fk_name)},
                            }
                        )
            try:
                instance.clean_fields(
                    exclude=[
                        *relations,
                        *[f.name for f in model._meta.concrete_fields if f.primary_key],
                    ]
                )
            except ValidationError as exc:
                for name, errs in exc.message_dict.items():
                    problems.append({"object": where, "message": f"{name}: {'; '.join(errs)}"})
            fresh = getattr(model, "RESTORE_FRESH_FIELDS", ())
            for name, f in fields.items():
                if (
                    getattr(f, "unique", False)
                    and not f.is_relation
                    and name not in fresh
                    and name in obj["fields"]
                    and model._default_manager.filter(**{name: obj["fields"][name]}).exists()
                ):
                    problems.append({"object": where, "message": _("%s is already taken") % name})
    usernames.discard("")
    for user in User.objects.filter(username__in=usernames):
        plan.users[user.username] = user
    for username in sorted(usernames - set(plan.users)):
        plan.warnings.append(
            _("User %s does not exist here; their items are kept without them.") % username
        )
    if problems:
        raise Invalid(
            _("The backup cannot be restored: %d problems.") % len(problems), details=problems[:200]
        )
    return plan


def _is_empty(workspace: Workspace) -> bool:
    return not any(
        wm.model._default_manager.filter(**{wm.path: workspace}).exists()
        for wm in workspace_models()
    )


def restore_backup(
    user,
    document: dict,
    *,
    into: Workspace | None = None,
    name: str | None = None,
    with_members: bool = False,
) -> tuple[Workspace, list[str]]:
    """Restore a backup into ``into`` (which must be empty) or into a new workspace."""
    from teekond.accounts import services as accounts

    plan = validate_backup(document)
    if into is not None:
        require_role(user, into, Role.OWNER)
        if not _is_empty(into):
            raise Invalid(_("Restore only into a new or an empty workspace."))
    with transaction.atomic():
        workspace = into or accounts.create_workspace(
            user, (name or document["workspace"].get("name") or "Restored")[:120]
        )
        _write(plan, workspace, user, getattr(document, "files", {}))
        if with_members:
            _restore_members(document, workspace, plan)
    return workspace, plan.warnings


def _restore_members(document, workspace, plan):
    User = get_user_model()
    for member in document.get("members") or []:
        user = User.objects.filter(username=member.get("username")).first()
        if user is None or member.get("role") not in Role.values:
            continue
        Membership.objects.get_or_create(
            workspace=workspace, user=user, defaults={"role": member["role"]}
        )


def _restore_files(instance, fields: dict, files: dict[str, bytes]) -> None:
    """Store the instance's own copy of each uploaded file the backup carried.

    A restored workspace never shares a file with the original (deleting one would break the
    other); a file the backup did not carry (a JSON backup) leaves the field empty.
    """
    changed = {}
    for f in _file_fields(type(instance)):
        value = fields.get(f.name)
        if not value:
            continue
        field_file = getattr(instance, f.name)
        if value in files:
            field_file.save(posixpath.basename(value), ContentFile(files[value]), save=False)
            changed[f.attname] = field_file.name
        else:
            changed[f.attname] = ""
            setattr(instance, f.attname, "")
    if changed:
        type(instance)._default_manager.filter(pk=instance.pk).update(**changed)


def _write(plan: RestorePlan, workspace: Workspace, restorer, files: dict[str, bytes]) -> None:
    User = get_user_model()
    ids: dict[str, dict] = defaultdict(dict)  # label -> old pk -> new pk
    deferred: list[tuple[type[models.Model], int, str, str, object]] = []
    for wm in workspace_models():
        rows = plan.rows.get(wm.label, [])
        if not rows:
            continue
        model = wm.model
        gfk = dict(_gfk_pairs(model))
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
                    u = plan.users.get(_natural_user(value))
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
                if not ct:
                    continue
                target_label = f"{ct[0]}.{ct[1]}"
                attname = model._meta.get_field(fk_name).attname
                if target_label == "accounts.workspace":
                    kwargs[attname] = workspace.pk
                elif target_label in plan.rows:
                    later[attname] = (target_label, fields.get(fk_name))
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
            _restore_files(instance, obj["fields"], files)
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
    for model, _index, label, old_pk, later in deferred:
        if later:
            updates = {
                attname: ids[t_label].get(t_pk, t_pk) for attname, (t_label, t_pk) in later.items()
            }
            model._default_manager.filter(pk=ids[label][old_pk]).update(**updates)
