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


@task()
def after_answers(detractor_ids: list[int], journey_ids: list[int]) -> int:
    """Alerts on fresh answers, off the answer's request: detractor comments, then the drop
    test of each journey. Repeats are harmless (a notification reaches a person once)."""
    from teekond.journeys.models import Journey
    from teekond.research.models import Response

    services._after_responses(
        list(Response.objects.filter(pk__in=detractor_ids).select_related("journey"))
    )
    for journey in Journey.objects.filter(pk__in=journey_ids):
        services.check_drops(journey)
    return len(detractor_ids)
