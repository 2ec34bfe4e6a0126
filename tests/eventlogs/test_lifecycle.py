"""Every event-log import ends: a task that dies is failed by the worker or by whoever looks."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from teekond.core import jobs
from teekond.eventlogs import imports
from teekond.eventlogs.models import EventLog, Status
from teekond.eventlogs.services import create_log, run_import

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def database_tasks(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


def files(settings) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def queued(alice, workspace, running_example) -> EventLog:
    log = create_log(alice, workspace, running_example)
    assert DBTaskResult.objects.filter(task_path=imports.LIFECYCLE.task_path).count() == 1
    return log


def kill_worker(log: EventLog, hours_ago: float) -> None:
    """What the database holds after a worker died mid-import ``hours_ago``."""
    EventLog.objects.filter(pk=log.pk).update(status=Status.RUNNING)
    DBTaskResult.objects.filter(task_path=imports.LIFECYCLE.task_path).update(
        status="RUNNING", started_at=timezone.now() - timedelta(hours=hours_ago)
    )


def test_a_log_whose_worker_died_is_failed_when_its_page_is_opened(
    alice, workspace, running_example, settings
):
    log = queued(alice, workspace, running_example)
    kill_worker(log, hours_ago=7)
    assert files(settings)  # the upload, until the log is seen to have failed
    client = Client()
    client.force_login(alice)
    client.cookies["teekond_language"] = "en"
    page = client.get(f"/w/{workspace.slug}/logs/{log.pk}/").content.decode()
    log.refresh_from_db()
    assert (log.status, log.error) == (Status.FAILED, jobs.STALLED)
    assert "did not finish in time" in page
    assert files(settings) == []


def test_a_log_running_within_the_timeout_is_left_running(alice, workspace, running_example, api):
    log = queued(alice, workspace, running_example)
    kill_worker(log, hours_ago=1)
    answer = api(alice).get(f"/api/eventlogs/{log.pk}").json()
    assert answer["status"] == "running"


def test_the_timeout_is_a_setting(alice, workspace, running_example, api, settings):
    settings.TEEKOND_JOB_STALE_SECONDS = 600
    log = queued(alice, workspace, running_example)
    kill_worker(log, hours_ago=1)
    assert api(alice).get(f"/api/eventlogs/{log.pk}").json()["status"] == "failed"


def test_a_failed_task_fails_its_log_in_the_api_and_the_list(
    alice, workspace, running_example, api, settings
):
    queued(alice, workspace, running_example)
    DBTaskResult.objects.update(status="FAILED", finished_at=timezone.now())
    listed = api(alice).get(f"/api/workspaces/{workspace.pk}/eventlogs").json()
    assert [(item["status"], item["error"]) for item in listed] == [("failed", jobs.TASK_FAILED)]
    assert files(settings) == []


def test_an_exception_in_the_worker_fails_the_log_there(
    alice, workspace, running_example, monkeypatch, settings
):
    def broken(summary):
        raise MemoryError

    monkeypatch.setattr(imports, "bounded_summary", broken)
    log = queued(alice, workspace, running_example)
    call_command("db_worker", batch=True, no_startup_delay=True, max_tasks=1, verbosity=0)
    log.refresh_from_db()
    assert (log.status, log.error) == (Status.FAILED, jobs.UNEXPECTED)
    # The backend records the failure too, with its traceback, for the operator.
    assert DBTaskResult.objects.get().status == "FAILED"
    assert files(settings) == []


def test_a_late_worker_does_not_revive_a_failed_log(alice, workspace, running_example, settings):
    log = queued(alice, workspace, running_example)
    imports.fail(log.pk, jobs.STALLED)
    run_import(log.pk)
    log.refresh_from_db()
    assert (log.status, log.error, log.summary) == (Status.FAILED, jobs.STALLED, {})
    assert files(settings) == []


def test_a_failure_never_overwrites_a_finished_import(alice, workspace, running_example):
    log = queued(alice, workspace, running_example)
    run_import(log.pk)
    imports.fail(log.pk, jobs.STALLED)
    log.refresh_from_db()
    assert (log.status, log.cases) == (Status.DONE, 6)
    assert log.parquet_path.exists()
