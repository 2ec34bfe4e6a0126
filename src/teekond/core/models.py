"""The one model of the bottom layer: notifications, which every app writes through
``teekond.core.notifications`` instead of touching another app's model."""

from django.conf import settings
from django.db import models


class Notification(models.Model):
    """A message for one member of a workspace (a mention, an alert, a review reminder).

    The model references the user and workspace models by name, like Django's own
    contrib apps reference ``AUTH_USER_MODEL``: core imports nothing from the apps above.
    The table keeps its first name, ``actions_notification`` (see docs/decisions.md).
    """

    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="notifications"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(max_length=300)
    link = models.CharField(max_length=300, blank=True)
    # A quotation shown under the message (the comment that mentioned someone), copied so
    # core needs no foreign key to an app above it.
    detail = models.CharField(max_length=1000, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "actions_notification"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.message


class LiveTopic(models.Model):
    """The last sequence number given to an event of one live topic (``core.live``)."""

    topic = models.CharField(max_length=60, unique=True)
    seq = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.topic} @ {self.seq}"


class LiveEvent(models.Model):
    """One published live event, kept (a bounded number per topic) so that a client that
    reconnects catches up on what it missed, whichever process sent it."""

    topic = models.CharField(max_length=60)
    seq = models.BigIntegerField()
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["topic", "seq"], name="core_liveevent_topic_seq")
        ]

    def __str__(self) -> str:
        return f"{self.topic} #{self.seq}"
