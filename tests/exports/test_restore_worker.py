"""The real background path: a restore queued from the page is done by the worker process."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from teekond.accounts.models import Workspace
from teekond.actions import services
from teekond.actions.diagnostics import QUESTIONS
from teekond.actions.models import Assessment
from teekond.exports import backup
from teekond.exports.models import RestoreJob, RestoreStatus

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_database_worker_restores_a_queued_backup(settings, tmp_path, client, alice, workspace):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = str(tmp_path / "media")
    services.record_assessment(alice, workspace, {q.key: 4 for q in QUESTIONS})
    data = backup.write_backup(backup.build_backup(workspace), as_zip=True)
    client.force_login(alice)
    response = client.post(
        f"/w/{workspace.slug}/backup/",
        {"file": SimpleUploadedFile("b.zip", data), "name": "Töötaja koopia"},
    )
    assert response.status_code == 302
    job = RestoreJob.objects.get()
    assert job.status == RestoreStatus.PENDING
    assert not Workspace.objects.filter(name="Töötaja koopia").exists()
    call_command("db_worker", batch=True, no_startup_delay=True, max_tasks=1, verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.progress_percent) == (RestoreStatus.DONE, 100)
    assert job.restored.name == "Töötaja koopia"
    assert Assessment.objects.filter(workspace=job.restored).count() == 1
