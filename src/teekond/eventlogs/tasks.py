from django_tasks import task

from teekond.eventlogs import services


@task()
def import_event_log(log_id: int) -> str:
    """Import an uploaded event log; progress and the outcome are stored on the log."""
    return services.run_import(log_id).status
