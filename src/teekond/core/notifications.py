"""Notifications: the one place every app creates, lists and marks them read.

``message`` may be a string or a function that builds the text; a function runs in each
recipient's own language, so an alert reads in Estonian for one owner and English for another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils import timezone, translation

from teekond.core.models import Notification

MESSAGE_MAX = 300
LINK_MAX = 300
DETAIL_MAX = 1000


def _text_for(user, message: str | Callable[[], str]) -> str:
    if not callable(message):
        return str(message)[:MESSAGE_MAX]
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        return str(message())[:MESSAGE_MAX]


def notify(
    workspace_id: int,
    recipients: Iterable,
    message: str | Callable[[], str],
    link: str = "",
    *,
    detail: str = "",
    once: bool = False,
) -> list[Notification]:
    """Create one notification per distinct recipient and return the created ones.

    With ``once`` a recipient who already has the same text and link is skipped, so a
    repeated event (the same drop seen by a later answer) reaches each person once.
    """
    created = []
    link = (link or "")[:LINK_MAX]
    for user in {u.pk: u for u in recipients}.values():
        text = _text_for(user, message)
        if once and Notification.objects.filter(recipient=user, message=text, link=link).exists():
            continue
        created.append(
            Notification.objects.create(
                workspace_id=workspace_id,
                recipient=user,
                message=text,
                link=link,
                detail=(detail or "")[:DETAIL_MAX],
            )
        )
    return created


def mark_read(user, notification_ids: list[int]) -> int:
    return Notification.objects.filter(
        recipient=user, pk__in=notification_ids, read_at__isnull=True
    ).update(read_at=timezone.now())


def unread_count(user, workspace) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(
        recipient=user, workspace=workspace, read_at__isnull=True
    ).count()


def by_ids(ids: list[int]) -> list[Notification]:
    return list(Notification.objects.filter(pk__in=ids).select_related("recipient"))
