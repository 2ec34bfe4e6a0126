import logging

from django_tasks import task

from teekond.eventlogs import services

log = logging.getLogger(__name__)


@task()
def import_event_log(log_id: int) -> str:
    """Import an uploaded event log; progress and the outcome are stored on the log."""
    status = services.run_import(log_id).status
    try:
        # The page's analyses are stored now, so its first view is as fast as the next.
        from teekond.eventlogs import analyses
        from teekond.eventlogs.models import EventLog, Status

        if status == Status.DONE:
            analyses.stored(EventLog.objects.get(pk=log_id))
    except Exception:  # the import itself succeeded; the page computes them when shown
        log.exception("storing the analyses of event log %s failed", log_id)
    return status
