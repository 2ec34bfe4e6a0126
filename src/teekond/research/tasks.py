from django_tasks import task

from teekond.research import import_jobs, services


@task()
def run_import_task(job_id: int) -> str:
    """Check and import an uploaded survey or CRM file; progress and the report are stored."""
    return import_jobs.run_import(job_id).status


@task()
def deliver_alert(notification_ids: list[int], payload: dict) -> dict:
    """E-mail the recipients of an alert and call the workspace's webhook."""
    return services.deliver(notification_ids, payload)
