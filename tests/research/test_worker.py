"""The real background path: the database task backend and its worker run the import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from teekond.research import import_jobs
from teekond.research.models import ImportJob, ImportStatus, Response

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_database_worker_imports_a_queued_file(settings, alice, workspace, journey):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "webhooks"]}
    }
    data = "Samm,Kuupäev,NPS\nVeebipood,2026-03-01,9\nMaksmine,2026-03-02,4\n".encode()
    job = import_jobs.create_import(
        alice, workspace, SimpleUploadedFile("a.csv", data), "survey", journey.pk
    )
    job = import_jobs.start_import(alice, job, job.mapping, job.version)
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.PENDING
    call_command("db_worker", batch=True, no_startup_delay=True, max_tasks=1, verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.progress_percent, job.report["created"]) == (ImportStatus.DONE, 100, 2)
    assert Response.objects.count() == 2
