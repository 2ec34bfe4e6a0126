"""Checking a workspace backup before a restore writes anything: format, known models and
fields, every reference resolvable inside the file, field values valid, text storable and
unique values free. Every problem is listed; nothing is written here."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from teekond.accounts.models import Workspace
from teekond.core.errors import Invalid
from teekond.exports.discovery import gfk_pairs, natural_user, workspace_models
from teekond.exports.documents import bad_strings


@dataclass
class RestorePlan:
    rows: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    users: dict[str, object] = field(default_factory=dict)  # username -> User
    present: dict[str, set] = field(default_factory=dict)  # label -> ids in the backup
    fields_of: dict[tuple, dict] = field(default_factory=dict)  # (label, id) -> fields
    warnings: list[str] = field(default_factory=list)


def validate_backup(document: dict, progress=None) -> RestorePlan:
    """Check everything a restore needs; raise Invalid listing every problem found.
    ``progress("checking", done, total)`` is called now and then."""
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
        plan.fields_of[(label, obj.get("pk"))] = obj["fields"]
    for where, problem in bad_strings(objects, "objects", controls=False):
        problems.append({"object": where, "message": problem})
    usernames: set[str] = set()
    checked = 0
    for label, rows in plan.rows.items():
        model = known[label]
        fields = {f.name: f for f in model._meta.get_fields() if f.concrete and not f.primary_key}
        gfk = dict(gfk_pairs(model))
        for obj in rows:
            checked += 1
            if progress is not None and checked % 500 == 0:
                progress("checking", checked, len(objects))
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
                        usernames.update(natural_user(v) or "" for v in value or [])
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
                        username = natural_user(value)
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
                    target_id = obj["fields"].get(fk_name)
                    # A generic relation has no referential integrity: the history of a
                    # deleted step still names it. Such a reference is restored empty; one
                    # that names anything outside the workspace is refused.
                    outside = (
                        target_id != source.get("id")
                        if target_label == "accounts.workspace"
                        else target_label not in known
                    )
                    if outside and target_id is not None:
                        problems.append(
                            {
                                "object": where,
                                "message": _("%s points outside the workspace") % fk_name,
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
    plan.present = dict(present)
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
