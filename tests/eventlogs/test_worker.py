"""The real background path: the database task backend and its worker process the import."""

import pytest
from django.core.management import call_command

from teekond.eventlogs.models import EventLog, Status
from teekond.eventlogs.services import create_log

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_database_worker_imports_a_queued_log(settings, alice, workspace, running_example):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    log = create_log(alice, workspace, running_example)
    assert EventLog.objects.get(pk=log.pk).status == Status.PENDING
    call_command("db_worker", batch=True, no_startup_delay=True, max_tasks=1, verbosity=0)
    log.refresh_from_db()
    assert (log.status, log.cases, log.progress_percent) == (Status.DONE, 6, 100)
    assert log.progress_total > 0
