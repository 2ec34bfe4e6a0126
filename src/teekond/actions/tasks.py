"""Background tasks of the Act pillar (django-tasks)."""

from django_tasks import task

from teekond.actions.services import send_review_reminders


@task()
def remind_reviews() -> int:
    return send_review_reminders()
