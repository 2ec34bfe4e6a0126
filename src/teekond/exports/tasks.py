from django_tasks import task

from teekond.exports import restore_jobs


@task()
def run_restore_task(job_id: int) -> str:
    """Restore an uploaded backup; progress and the outcome are stored on the RestoreJob."""
    job = restore_jobs.run_restore(job_id)
    return job.status if job is not None else "gone"
