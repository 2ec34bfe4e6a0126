"""Backup and restore of a whole workspace: generic over the apps, validated, atomic."""

import json

import pytest

from teekond.accounts.models import Membership, Role, Workspace
from teekond.actions import services
from teekond.actions.diagnostics import QUESTIONS
from teekond.actions.models import Assessment, AssessmentAnswer
from teekond.cli import main
from teekond.exports import backup

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(alice, bob, workspace):
    services.record_assessment(alice, workspace, {q.key: 3 for q in QUESTIONS}, note="=cmd")
    services.record_assessment(bob, workspace, {q.key: 5 for q in QUESTIONS})
    return workspace


def comparable(document):
    """The objects of a backup without ids, for comparing two workspaces."""
    out = []
    for obj in document["objects"]:
        fields = {k: v for k, v in obj["fields"].items() if k not in ("workspace", "assessment")}
        out.append((obj["model"], json.dumps(fields, sort_keys=True, default=str)))
    return sorted(out)


def test_backup_finds_the_models_hanging_on_a_workspace():
    labels = [wm.label for wm in backup.workspace_models()]
    assert labels.index("actions.assessment") < labels.index("actions.assessmentanswer")
    assert "accounts.membership" not in labels


def test_webhook_deliveries_are_not_backed_up(filled):
    from teekond.research.models import WebhookDelivery

    WebhookDelivery.objects.create(workspace=filled, url="https://hooks.example/x", payload={})
    assert "research.webhookdelivery" not in [wm.label for wm in backup.workspace_models()]
    models = {obj["model"] for obj in backup.build_backup(filled)["objects"]}
    assert "research.webhookdelivery" not in models and "actions.assessment" in models


def test_round_trip_into_a_new_workspace(alice, charlie, filled):
    document = backup.build_backup(filled)
    assert document["format"] == "teekond.workspace-backup" and document["version"] == 1
    restored, warnings = backup.restore_backup(charlie, json.loads(backup.write_backup(document)))
    assert restored.pk != filled.pk
    assert Membership.objects.get(workspace=restored, user=charlie).role == Role.OWNER
    assert Assessment.objects.filter(workspace=restored).count() == 2
    assert comparable(backup.build_backup(restored)) == comparable(document)
    # users are matched by user name
    assert set(
        Assessment.objects.filter(workspace=restored).values_list("respondent__username", flat=True)
    ) == {"alice", "bob"}
    assert warnings == []


def test_zip_round_trip(charlie, filled):
    data = backup.write_backup(backup.build_backup(filled), as_zip=True)
    assert data[:2] == b"PK"
    restored, _ = backup.restore_backup(charlie, backup.read_backup(data), name="Copy")
    assert restored.name == "Copy"
    assert AssessmentAnswer.objects.filter(assessment__workspace=restored).count() == 2 * len(
        QUESTIONS
    )


def test_a_bad_backup_writes_nothing(charlie, filled):
    document = backup.build_backup(filled)
    document["objects"][-1]["fields"]["score"] = 9
    document["objects"][0]["fields"]["nonsense"] = 1
    before = (Workspace.objects.count(), Assessment.objects.count())
    with pytest.raises(backup.Invalid) as info:
        backup.restore_backup(charlie, document)
    messages = " ".join(p["message"] for p in info.value.details)
    assert "nonsense" in messages and "score" in messages
    assert (Workspace.objects.count(), Assessment.objects.count()) == before


def test_dangling_reference_is_refused(charlie, filled):
    document = backup.build_backup(filled)
    document["objects"] = [o for o in document["objects"] if o["model"] != "actions.assessment"]
    before = Workspace.objects.count()
    with pytest.raises(backup.Invalid):
        backup.restore_backup(charlie, document)
    assert Workspace.objects.count() == before


def test_wrong_format_or_version_is_refused(filled):
    with pytest.raises(backup.Invalid):
        backup.read_backup(b'{"format": "teekond.journey", "version": 1}')
    with pytest.raises(backup.Invalid):
        backup.read_backup(b'{"format": "teekond.workspace-backup", "version": 99}')
    with pytest.raises(backup.Invalid):
        backup.read_backup(b"not json")


def test_restore_only_into_an_empty_workspace(alice, filled, other_workspace, charlie):
    document = backup.build_backup(filled)
    with pytest.raises(backup.Invalid):
        backup.restore_backup(alice, document, into=filled)
    backup.restore_backup(charlie, document, into=other_workspace)
    assert Assessment.objects.filter(workspace=other_workspace).count() == 2


@pytest.fixture
def immediate_tasks(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_api_backup_and_restore_roles(
    api,
    alice,
    bob,
    charlie,
    filled,
    other_workspace,
    immediate_tasks,
    django_capture_on_commit_callbacks,
):
    assert api(bob).get(f"/api/workspaces/{filled.id}/backup").status_code == 403
    assert api(charlie).get(f"/api/workspaces/{filled.id}/backup").status_code == 404
    response = api(alice).get(f"/api/workspaces/{filled.id}/backup")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert (
        api(alice).post(f"/api/workspaces/{other_workspace.id}/restore", document).status_code
        == 404
    )
    assert (
        api(charlie)
        .post(f"/api/workspaces/{other_workspace.id}/restore", {"format": "x"})
        .status_code
        == 422
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = api(charlie).post(f"/api/workspaces/{other_workspace.id}/restore", document)
    assert response.status_code == 202
    assert Assessment.objects.filter(workspace=other_workspace).count() == 2


def test_pages_backup_download_and_restore(
    client, alice, bob, filled, immediate_tasks, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    assert client.get(f"/w/{filled.slug}/backup/").status_code == 403
    client.force_login(alice)
    download = client.get(f"/w/{filled.slug}/backup/download/?format=zip")
    assert download["Content-Disposition"] == f'attachment; filename="{filled.slug}-backup.zip"'
    data = b"".join(download.streaming_content)
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/w/{filled.slug}/backup/",
            {"file": SimpleUploadedFile("b.zip", data), "name": "Taastatud"},
        )
    assert response.status_code == 302
    assert Workspace.objects.filter(name="Taastatud", memberships__user=alice).exists()


def test_cli_backup_and_restore(tmp_path, capsys, alice, filled):
    out = tmp_path / "ws.json"
    assert main(["backup", filled.slug, "-o", str(out)]) == 0
    assert json.loads(out.read_text())["format"] == "teekond.workspace-backup"
    assert main(["restore", str(out), "--owner", "alice", "--name", "Koopia"]) == 0
    assert "restored into" in capsys.readouterr().out
    copy = Workspace.objects.get(name="Koopia")
    assert Assessment.objects.filter(workspace=copy).count() == 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "nope"}')
    assert main(["restore", str(bad), "--owner", "alice"]) == 2
    assert main(["restore", str(out), "--owner", "nobody"]) == 2


def test_backup_covers_maps_and_act_across_apps(alice, bob, charlie, workspace):
    from teekond.actions import services as act
    from teekond.actions import versions
    from teekond.actions.models import BacklogItem, Comment, JourneyVersion
    from teekond.exports.models import ShareLink
    from teekond.exports.shares import create_link
    from teekond.journeys.models import Cell, Journey, Step
    from tests.maps import make_map

    journey = make_map(workspace, alice)
    future = make_map(workspace, alice, title="Unistus")
    Journey.objects.filter(pk=journey.pk).update(counterpart=future)
    Journey.objects.filter(pk=future.pk).update(counterpart=journey, state="future")
    step = Step.objects.filter(journey=journey, name="Kooli koduleht").get()
    cell = Cell.objects.filter(step=step).first()
    act.create_backlog_item(
        alice, workspace, {"title": "Hinnad nähtavaks", "impact": 5, "effort": 1}, step
    )
    act.add_comment(alice, workspace, cell, "@bob kontrolli")
    act.set_owner(alice, workspace, journey.stages.first(), bob.id)
    versions.save_version(alice, journey, "v1")
    create_link(alice, journey)
    document = json.loads(backup.write_backup(backup.build_backup(workspace)))
    restored, _ = backup.restore_backup(charlie, document, with_members=True)
    new_journey = Journey.objects.get(workspace=restored, title="Kooli valik")
    new_future = Journey.objects.get(workspace=restored, title="Unistus")
    assert new_journey.counterpart == new_future and new_future.counterpart == new_journey
    item = BacklogItem.objects.get(workspace=restored)
    assert item.subject.name == "Kooli koduleht" and item.subject.journey == new_journey
    assert item.journey == new_journey
    comment = Comment.objects.get(workspace=restored)
    assert comment.subject.step.journey == new_journey and list(comment.mentions.all()) == [bob]
    assert new_journey.stages.first().owner == bob
    assert JourneyVersion.objects.get(workspace=restored).journey == new_journey
    assert not ShareLink.objects.filter(workspace=restored).exists()
    assert Membership.objects.get(workspace=restored, user=bob).role == Role.EDITOR
