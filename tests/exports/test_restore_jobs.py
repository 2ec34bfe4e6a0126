"""Restores from the web run in the background worker, with progress, for owners only."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult

from teekond.accounts import services as accounts
from teekond.accounts.models import Membership, Role, Workspace
from teekond.actions import services
from teekond.actions.diagnostics import QUESTIONS
from teekond.actions.models import Assessment
from teekond.exports import backup, restore_jobs
from teekond.exports.models import RestoreJob, RestoreStatus
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ROLES = ["owner", "editor", "viewer", "outsider"]
DENIED = {"editor": 403, "viewer": 403, "outsider": 404}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def worker_queue(settings):
    """The real database queue the worker reads (what `teekond serve` uses)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def dave(workspace):
    user = accounts.create_user(username="dave", email="dave@example.com", password=PASSWORD)
    Membership.objects.create(workspace=workspace, user=user, role=Role.VIEWER)
    return user


@pytest.fixture
def users(alice, bob, charlie, dave, other_workspace):
    return {"owner": alice, "editor": bob, "viewer": dave, "outsider": charlie}


@pytest.fixture
def zipped(alice, bob, workspace):
    services.record_assessment(alice, workspace, {q.key: 3 for q in QUESTIONS}, note="=cmd")
    services.record_assessment(bob, workspace, {q.key: 5 for q in QUESTIONS})
    return backup.write_backup(backup.build_backup(workspace), as_zip=True)


def queued_restores() -> list[int]:
    return [
        r.args_kwargs["args"][0]
        for r in DBTaskResult.objects.filter(task_path="teekond.exports.tasks.run_restore_task")
    ]


@pytest.mark.parametrize("role", ROLES)
def test_api_restore_is_queued_for_the_worker_and_reports_progress(
    api, users, workspace, zipped, worker_queue, django_capture_on_commit_callbacks, role
):
    client = api(users[role])
    before = Workspace.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.client.post(
            f"/api/workspaces/{workspace.id}/restore",
            {"file": SimpleUploadedFile("b.zip", zipped), "target": "new", "name": "Koopia"},
            headers=client.headers,
        )
    if role in DENIED:
        assert response.status_code == DENIED[role]
        assert not RestoreJob.objects.exists()
        return
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "pending" and body["restored_workspace_id"] is None
    # Nothing was restored in the web process: the job waits in the worker's queue.
    assert Workspace.objects.count() == before
    assert queued_restores() == [body["id"]]
    restore_jobs.run_restore(body["id"])  # what the worker runs
    status = client.get(f"/api/workspaces/{workspace.id}/restores/{body['id']}").json()
    assert status["status"] == "done" and status["progress_percent"] == 100
    copy = Workspace.objects.get(pk=status["restored_workspace_id"])
    assert copy.name == "Koopia"
    assert Assessment.objects.filter(workspace=copy).count() == 2
    assert not RestoreJob.objects.get(pk=body["id"]).file  # the upload is gone


@pytest.mark.parametrize("role", ROLES)
def test_api_restore_status_is_for_owners_only(api, users, alice, workspace, zipped, role):
    job = restore_jobs.start_restore(alice, workspace, SimpleUploadedFile("b.zip", zipped))
    response = api(users[role]).get(f"/api/workspaces/{workspace.id}/restores/{job.id}")
    assert response.status_code == DENIED.get(role, 200)
    if role == "owner":
        assert response.json()["status"] == "pending"


def test_api_restore_of_a_json_body_into_this_empty_workspace(
    api, charlie, workspace, alice, other_workspace, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    services.record_assessment(alice, workspace, {q.key: 3 for q in QUESTIONS})
    document = json.loads(backup.write_backup(backup.build_backup(workspace)))
    with django_capture_on_commit_callbacks(execute=True):
        response = api(charlie).post(f"/api/workspaces/{other_workspace.id}/restore", document)
    assert response.status_code == 202
    status = api(charlie).get(
        f"/api/workspaces/{other_workspace.id}/restores/{response.json()['id']}"
    )
    assert status.json()["status"] == "done"
    assert status.json()["restored_workspace_id"] == other_workspace.id
    assert Assessment.objects.filter(workspace=other_workspace).count() == 1
    # into a workspace that is no longer empty: refused at once, nothing queued
    again = api(charlie).post(f"/api/workspaces/{other_workspace.id}/restore", document)
    assert again.status_code == 422
    assert RestoreJob.objects.filter(workspace=other_workspace).count() == 1


def test_api_refuses_what_is_not_a_backup(api, alice, workspace):
    response = api(alice).client.post(
        f"/api/workspaces/{workspace.id}/restore",
        {"file": SimpleUploadedFile("x.zip", b"hello")},
        headers=api(alice).headers,
    )
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid"
    assert not RestoreJob.objects.exists()


def test_a_bad_backup_fails_with_its_problems_and_changes_nothing(alice, workspace, zipped):
    document = backup.build_backup(workspace)
    document["objects"][0]["fields"]["nonsense"] = 1
    upload = SimpleUploadedFile("bad.json", backup.write_backup(document))
    job = restore_jobs.start_restore(alice, workspace, upload)
    before = (Workspace.objects.count(), Assessment.objects.count())
    job = restore_jobs.run_restore(job.pk)
    assert job.status == RestoreStatus.FAILED and job.finished_at is not None
    assert "ei saa taastada" in job.error  # in alice's language, Estonian
    assert any("nonsense" in p["message"] for p in job.problems)
    assert (Workspace.objects.count(), Assessment.objects.count()) == before
    assert not job.file


@pytest.mark.parametrize("role", ROLES)
def test_backup_page_queues_a_restore_and_shows_its_progress(
    client, users, workspace, zipped, worker_queue, django_capture_on_commit_callbacks, role
):
    client.force_login(users[role])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/w/{workspace.slug}/backup/",
            {"file": SimpleUploadedFile("b.zip", zipped), "name": "Taastatud"},
        )
    if role in DENIED:
        assert response.status_code == DENIED[role]
        assert not RestoreJob.objects.exists()
        return
    job = RestoreJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/w/{workspace.slug}/backup/restores/{job.pk}/"
    assert queued_restores() == [job.pk]
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'data-status="pending"' in page.content.decode()
    assert 'hx-trigger="every 1s"' in page.content.decode()
    restore_jobs.run_restore(job.pk)
    partial = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert 'data-status="done"' in partial and "Taastatud" in partial
    assert "hx-trigger" not in partial
    assert Workspace.objects.filter(name="Taastatud", memberships__user=users[role]).exists()


@pytest.mark.parametrize("role", ROLES)
def test_restore_page_is_for_owners_only(client, users, alice, workspace, zipped, role):
    job = restore_jobs.start_restore(alice, workspace, SimpleUploadedFile("b.zip", zipped))
    client.force_login(users[role])
    response = client.get(f"/w/{workspace.slug}/backup/restores/{job.pk}/")
    assert response.status_code == DENIED.get(role, 200)


def test_replacing_this_workspace_from_the_page(client, alice, workspace, zipped):
    services.record_assessment(alice, workspace, {q.key: 1 for q in QUESTIONS})
    assert Assessment.objects.filter(workspace=workspace).count() == 3
    client.force_login(alice)
    client.post(
        f"/w/{workspace.slug}/backup/",
        {"file": SimpleUploadedFile("b.zip", zipped), "target": "replace"},
    )
    job = restore_jobs.run_restore(RestoreJob.objects.get().pk)
    assert job.status == RestoreStatus.DONE and job.restored_id == workspace.pk
    assert Assessment.objects.filter(workspace=workspace).count() == 2
    assert Membership.objects.filter(workspace=workspace).count() == 2  # members stay


def test_a_restore_whose_workspace_was_deleted_meanwhile_is_dropped(alice, workspace, zipped):
    job = restore_jobs.start_restore(alice, workspace, SimpleUploadedFile("b.zip", zipped))
    before = Workspace.objects.count()
    workspace.delete()
    assert restore_jobs.run_restore(job.pk) is None
    assert Workspace.objects.count() == before - 1
