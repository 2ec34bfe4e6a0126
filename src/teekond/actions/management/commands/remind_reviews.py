"""Notify owners of journeys whose review is overdue (run daily, e.g. from cron)."""

from django.core.management.base import BaseCommand

from teekond.actions.services import send_review_reminders


class Command(BaseCommand):
    help = "Find journeys whose review is due and notify their owners."

    def handle(self, *args, **options):
        count = send_review_reminders()
        self.stdout.write(f"{count} review reminders sent")
