from django_tasks import task

from teekond.research import alerts, import_jobs, webhooks


@task()
def run_import_task(job_id: int) -> str:
    """Check and import an uploaded survey or CRM file; progress and the report are stored."""
    return import_jobs.run_import(job_id).status


@task()
def deliver_alert(notification_ids: list[int], payload: dict) -> dict:
    """E-mail the recipients of an alert (the webhook has its own task and queue)."""
    return alerts.send_emails(notification_ids, payload)


@task(queue_name=webhooks.QUEUE)
def deliver_webhook(delivery_id: int) -> str:
    """One attempt at calling the workspace's webhook; a failed one queues the next try."""
    return webhooks.attempt(delivery_id)


@task()
def after_answers(
    detractor_ids: list[int],
    journey_ids: list[int],
    sweep_journeys: list[int] | None = None,
    since: str | None = None,
) -> int:
    """Alerts on fresh answers, off the answer's request: detractor comments (by id, and
    every detractor comment of ``sweep_journeys`` stored since ``since``, a batch gathered by
    ``surveys.alert_work``), then the drop test of each journey. Repeats are harmless (a
    notification reaches a person once)."""
    from datetime import datetime

    from django.db.models import Q

    from teekond.journeys.models import Journey
    from teekond.research.models import Response

    wanted = Q(pk__in=detractor_ids)
    if sweep_journeys and since:
        after = datetime.fromisoformat(since)
        wanted |= Q(
            journey_id__in=sweep_journeys,
            answered_at__gte=after,  # the (journey, answered_at) index; the same moment here
            created_at__gte=after,
            nps__lte=6,
        ) & ~Q(comment="")
    responses = list(Response.objects.filter(wanted).select_related("journey").order_by("pk"))
    alerts.detractor_alerts(responses)
    for journey in Journey.objects.filter(pk__in=journey_ids):
        alerts.check_drops(journey)
    return len(responses)
