from django_tasks import task

from teekond.exports import restore_jobs


@task()
def run_restore_task(job_id: int) -> str:
    """Restore an uploaded backup; progress and the outcome are stored on the RestoreJob."""
    return restore_jobs.run_restore(job_id).status
