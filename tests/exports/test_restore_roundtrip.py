"""Restoring the demo workspace next to itself, in the same database, gives an identical copy.

Every object of every workspace-owned model (discovered as the backup discovers them) is
compared with its copy, ids replaced by "the n-th object of that model", references followed
the same way; so is the journey document of every map.
"""

import hashlib
import json
import shlex
from collections import defaultdict
from pathlib import Path

import pytest

from teekond.accounts.demo import load_demo
from teekond.accounts.models import Membership, Role, Workspace
from teekond.cli import main
from teekond.exports import backup
from teekond.exports.journey_doc import journey_document
from teekond.journeys.models import Journey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# A restored event log is imported again from its file (the Parquet copy is derived data), so
# the moment that import finished is the copy's own.
DERIVED = {("eventlogs.eventlog", "finished_at")}


def canonical(workspace) -> dict:
    """{model: [fields of its n-th object]} with every id made position-based."""
    from django.core.files.storage import default_storage

    document = backup.build_backup(workspace)
    models = {wm.label: wm.model for wm in backup.workspace_models()}
    position: dict[tuple, int] = {}
    counts: dict[str, int] = defaultdict(int)
    for obj in document["objects"]:
        position[(obj["model"], obj["pk"])] = counts[obj["model"]]
        counts[obj["model"]] += 1

    def ref(label, pk):
        return None if pk is None or (label, pk) not in position else [label, position[label, pk]]

    out: dict[str, list] = defaultdict(list)
    for obj in document["objects"]:
        model = models[obj["model"]]
        fresh = set(getattr(model, "RESTORE_FRESH_FIELDS", ()))
        gfk = dict(backup.gfk_pairs(model))
        fields = {}
        for name, value in obj["fields"].items():
            f = model._meta.get_field(name)
            target = f.related_model._meta.label_lower if f.is_relation else None
            if name in fresh:
                fields[name] = "<fresh>"
            elif (obj["model"], name) in DERIVED:
                fields[name] = "<derived>"
            elif f.many_to_many and target in models:
                fields[name] = sorted(ref(target, v) for v in value)
            elif target in models:
                fields[name] = ref(target, value)
            elif target == "accounts.workspace":
                fields[name] = "<workspace>"
            elif hasattr(f, "upload_to") and value:
                with default_storage.open(value, "rb") as handle:
                    fields[name] = hashlib.sha256(handle.read()).hexdigest()
            elif (obj["model"], name) in backup.JSON_IDS:
                target, shape = backup.JSON_IDS[(obj["model"], name)]
                ids = {pk: position[(t, pk)] for (t, pk) in position if t == target}
                fields[name] = backup.remap_json_ids(value, shape, ids)
            else:
                fields[name] = value
        for ct_name, fk_name in gfk.items():
            ct = obj["fields"].get(ct_name)
            if ct:
                fields[fk_name] = ref(".".join(ct), obj["fields"][fk_name])
        out[obj["model"]].append(json.loads(json.dumps(fields, default=str)))
    return dict(out)


def documents(workspace) -> list:
    return [
        json.loads(json.dumps(journey_document(j), default=str))
        for j in Journey.objects.filter(workspace=workspace).order_by("pk")
    ]


def assert_same(original, copy):
    a, b = canonical(original), canonical(copy)
    assert sorted(a) == sorted(b)
    for label in a:
        assert len(a[label]) == len(b[label]), label
        for left, right in zip(a[label], b[label], strict=True):
            assert left == right, label
    assert documents(original) == documents(copy)


@pytest.fixture
def demo():
    return load_demo().workspace


def test_the_demo_restores_next_to_itself_identically(demo, django_capture_on_commit_callbacks):
    owner = Membership.objects.get(workspace=demo, role=Role.OWNER).user
    data = backup.write_backup(backup.build_backup(demo), as_zip=True)
    with django_capture_on_commit_callbacks(execute=True):
        copy, _warnings = backup.restore_backup(
            owner, backup.read_backup(data), name="Demo copy", with_members=True
        )
    assert copy.pk != demo.pk and copy.name == "Demo copy"
    assert_same(demo, copy)


def test_the_demo_restores_over_itself(demo, django_capture_on_commit_callbacks):
    owner = Membership.objects.get(workspace=demo, role=Role.OWNER).user
    data = backup.write_backup(backup.build_backup(demo), as_zip=True)
    with django_capture_on_commit_callbacks(execute=True):
        twin, _ = backup.restore_backup(owner, backup.read_backup(data), name="Twin")
    Journey.objects.filter(workspace=demo).first().delete()
    with django_capture_on_commit_callbacks(execute=True):
        restored, _ = backup.restore_backup(
            owner, backup.read_backup(data), into=demo, replace=True
        )
    assert restored.pk == demo.pk
    assert_same(twin, demo)


def documented_commands() -> list[list[str]]:
    """The `teekond backup` / `teekond restore` lines of docs/act.md, as arguments."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "act.md").read_text()
    section = text[text.index("## Backup and restore of a workspace") :]
    block = section[
        section.index("```bash") + 7 : section.index("```", section.index("```bash") + 7)
    ]
    return [shlex.split(line.split("#")[0])[1:] for line in block.strip().splitlines()]


def test_the_documented_example_works(demo, tmp_path, capsys, monkeypatch):
    """docs/act.md: `teekond backup demo --zip -o demo.zip`, then
    `teekond restore demo.zip --owner demo --name "Demo copy"`, into an empty workspace and
    over the demo itself."""
    from teekond.accounts import services as accounts

    commands = documented_commands()
    assert commands[:2] == [
        ["backup", "demo", "--zip", "-o", "demo.zip"],
        ["restore", "demo.zip", "--owner", "demo", "--name", "Demo copy"],
    ]
    monkeypatch.chdir(tmp_path)
    owner = Membership.objects.get(workspace=demo, role=Role.OWNER).user
    empty = accounts.create_workspace(owner, "Empty")
    Workspace.objects.filter(pk=empty.pk).update(slug="empty-workspace")
    reference = documents(demo)
    for command in commands:
        assert main(command) == 0, command
    assert "restored into" in capsys.readouterr().out
    for name in ("Demo copy", "Empty"):
        assert documents(Workspace.objects.get(name=name)) == reference
    assert documents(demo) == reference
