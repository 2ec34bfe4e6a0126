"""A restore ends like every background job (core.jobs): a dead worker fails it."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from teekond.accounts.models import Workspace
from teekond.core import jobs
from teekond.exports import backup, restore_jobs
from teekond.exports.models import RestoreJob, RestoreStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def queue(settings, tmp_path):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "webhooks"]}
    }
    settings.MEDIA_ROOT = str(tmp_path / "media")


def files(settings) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


@pytest.fixture
def running(alice, workspace, django_capture_on_commit_callbacks) -> RestoreJob:
    """A restore the worker picked up and then died on (SIGKILL says nothing)."""
    data = backup.write_backup(backup.build_backup(workspace), as_zip=True)
    with django_capture_on_commit_callbacks(execute=True):
        job = restore_jobs.start_restore(alice, workspace, SimpleUploadedFile("b.zip", data))
    RestoreJob.objects.filter(pk=job.pk).update(status=RestoreStatus.RUNNING, phase="checking")
    return job


def test_a_restore_whose_task_failed_is_failed_in_the_api(api, alice, workspace, running, settings):
    DBTaskResult.objects.update(status="FAILED", finished_at=timezone.now())
    answer = api(alice).get(f"/api/workspaces/{workspace.id}/restores/{running.pk}").json()
    assert answer["status"] == "failed"
    job = RestoreJob.objects.get(pk=running.pk)
    assert job.finished_at is not None and job.error == restore_jobs.REASONS[jobs.TASK_FAILED]
    assert files(settings) == []  # the upload is gone


def test_a_stalled_restore_is_failed_when_its_page_is_opened(client, alice, workspace, running):
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now() - timedelta(hours=7))
    client.force_login(alice)
    client.cookies["teekond_language"] = "et"
    page = client.get(f"/w/{workspace.slug}/backup/restores/{running.pk}/").content.decode()
    assert 'data-status="failed"' in page and "hx-trigger" not in page
    assert "Taastamine ei lõppenud õigel ajal" in page


def test_a_restore_still_running_in_time_is_left_alone(api, alice, workspace, running):
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now())
    answer = api(alice).get(f"/api/workspaces/{workspace.id}/restores/{running.pk}").json()
    assert answer["status"] == "running"


def test_the_backup_page_fails_the_dead_restores_it_lists(client, alice, workspace, running):
    DBTaskResult.objects.update(status="FAILED", finished_at=timezone.now())
    client.force_login(alice)
    client.get(f"/w/{workspace.slug}/backup/")
    assert RestoreJob.objects.get(pk=running.pk).status == RestoreStatus.FAILED


def test_a_bug_in_the_worker_fails_the_restore_and_the_task(
    alice, workspace, monkeypatch, settings
):
    data = backup.write_backup(backup.build_backup(workspace), as_zip=True)
    job = restore_jobs.start_restore(alice, workspace, SimpleUploadedFile("b.zip", data))
    before = Workspace.objects.count()

    def broken(*args, **kwargs):
        raise RuntimeError("restore crashed")

    monkeypatch.setattr(backup, "restore_backup", broken)
    with pytest.raises(RuntimeError):  # raised again, so the task backend records it
        restore_jobs.run_restore(job.pk)
    job.refresh_from_db()
    assert job.status == RestoreStatus.FAILED
    assert job.error == restore_jobs.REASONS[jobs.UNEXPECTED]
    assert Workspace.objects.count() == before and files(settings) == []
