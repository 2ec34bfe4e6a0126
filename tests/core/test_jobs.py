"""The shared job lifecycle (core.jobs) on survey/CRM imports: every import ends."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from teekond.core import jobs
from teekond.research import import_jobs, importing
from teekond.research.models import Customer, ImportJob, ImportStatus

pytestmark = pytest.mark.django_db(transaction=True)

CRM = "Kliendi ID;Nimi\nK1;Alfa OÜ\nK2;Beta AS\n".encode()


@pytest.fixture(autouse=True)
def database_tasks(settings, tmp_path):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "webhooks"]}
    }
    settings.MEDIA_ROOT = tmp_path / "media"


def files(settings) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def started(alice, workspace) -> ImportJob:
    job = import_jobs.create_import(alice, workspace, SimpleUploadedFile("crm.csv", CRM), "crm")
    return import_jobs.start_import(alice, job, job.mapping, job.version)


def test_an_import_whose_worker_died_is_failed_when_its_page_is_opened(alice, workspace, settings):
    job = started(alice, workspace)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now() - timedelta(hours=7))
    client = Client()
    client.force_login(alice)
    client.cookies["teekond_language"] = "et"
    page = client.get(f"/w/{workspace.slug}/measure/imports/{job.pk}/").content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.report["file_error"] == jobs.STALLED
    assert "Import ei lõppenud õigel ajal" in page
    assert files(settings) == [] and not Customer.objects.exists()


def test_an_import_whose_task_failed_is_failed_in_the_api(alice, workspace, api):
    job = started(alice, workspace)
    DBTaskResult.objects.update(status="FAILED", finished_at=timezone.now())
    answer = api(alice).get(f"/api/imports/{job.pk}").json()
    assert answer["status"] == ImportStatus.FAILED


def test_an_exception_in_the_worker_fails_the_import_there(alice, workspace, monkeypatch, settings):
    def broken(*args, **kwargs):
        raise RuntimeError("reader crashed")

    monkeypatch.setattr(importing, "validate", broken)
    job = started(alice, workspace)
    call_command("db_worker", batch=True, no_startup_delay=True, max_tasks=1, verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.report["file_error"]) == (ImportStatus.FAILED, jobs.UNEXPECTED)
    assert DBTaskResult.objects.get().status == "FAILED"
    assert files(settings) == [] and not Customer.objects.exists()


def test_a_healthy_import_still_ends_done(alice, workspace):
    job = started(alice, workspace)
    call_command("db_worker", batch=True, no_startup_delay=True, max_tasks=1, verbosity=0)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.report
    assert Customer.objects.count() == 2
