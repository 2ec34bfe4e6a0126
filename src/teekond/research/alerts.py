"""Alerts of the Measure pillar: a detractor's comment at once, a significant drop of NPS or
CSAT once per step, period and metric. They reach the right person in the app (through
``core.notifications``), by e-mail (the default task queue) and the workspace's webhook
(its own queue, see ``webhooks``). Also the workspace's alert settings.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from teekond.accounts.access import require_role
from teekond.accounts.models import Membership, Role, Workspace
from teekond.core import notifications
from teekond.core.models import Notification
from teekond.journeys.models import Journey, Step
from teekond.research import metrics, services, webhooks
from teekond.research.models import MeasureSettings, Response

log = logging.getLogger(__name__)

ALERT_PERIOD = "month"
ALERT_KINDS = {"detractor", "drop"}
from teekond.research.surveys import DROP_CHECK_EVERY  # noqa: E402 - one home


def alert_recipients(step: Step) -> list:
    """The stage's owner, else the journey's owner, else the workspace's owners — who are
    still members of the workspace."""
    workspace_id = step.journey.workspace_id
    members = Membership.objects.filter(workspace_id=workspace_id)
    for candidate in (step.stage.owner, step.journey.owner):
        if candidate is not None and members.filter(user=candidate).exists():
            return [candidate]
    return [m.user for m in members.filter(role=Role.OWNER).select_related("user")]


def alert(users, workspace_id: int, kind: str, render, link: str, payload: dict) -> list:
    """In-app notification, e-mail, and the workspace's webhook. ``render()`` builds the
    text; it runs in each recipient's language. The same text and link reach a person once:
    a drop is announced once per step, period and metric, whatever number of answers
    arrive afterwards."""
    created = notifications.notify(workspace_id, users, render, link, once=True)
    if created:
        ids = [n.pk for n in created]
        body = {**payload, "kind": kind}
        transaction.on_commit(lambda: _dispatch(ids, workspace_id, body))
    return created


def _dispatch(ids: list[int], workspace_id: int, body: dict) -> None:
    from teekond.research.tasks import deliver_alert

    deliver_alert.enqueue(ids, body)
    webhooks.queue_delivery(workspace_id, body)


def _kind_label(kind: str) -> str:
    return {"detractor": _("Detractor comment"), "drop": _("Score dropped")}.get(kind, kind)


def send_emails(notification_ids: list[int], payload: dict) -> dict:
    """E-mail the recipients of freshly created alert notifications."""
    sent = 0
    for n in notifications.by_ids(notification_ids):
        if not n.recipient.email:
            continue
        language = getattr(n.recipient, "language", "") or settings.LANGUAGE_CODE
        with translation.override(language):
            subject = _("Teekond alert: %(kind)s") % {"kind": _kind_label(payload.get("kind"))}
        send_mail(
            subject,
            f"{n.message}\n\n{services.settings_base_url()}{n.link}",
            None,
            [n.recipient.email],
            fail_silently=True,
        )
        sent += 1
    return {"emails": sent}


def _measure_link(journey: Journey) -> str:
    return reverse("measure_journey", args=[journey.workspace.slug, journey.pk])


def after_responses(responses: list[Response]) -> None:
    """Alerts after answers arrive: detractor comments at once, then the drop test."""
    detractor_alerts(responses)
    journeys = {r.journey_id: r.journey for r in responses}
    for journey in journeys.values():
        # The drop test reads two months of answers: at most once a minute per journey, so a
        # busy survey does not repeat it for every answer.
        if cache.add(f"research:drops:{journey.pk}", 1, DROP_CHECK_EVERY):
            check_drops(journey)


def detractor_alerts(responses: list[Response]) -> None:
    """An alert for each detractor who left a comment."""
    for r in responses:
        if r.is_detractor and r.comment:
            step = Step.objects.select_related("stage", "journey", "journey__workspace").get(
                pk=r.step_id
            )

            def text(r=r, step=step):
                return _("A detractor (score %(nps)s) commented on “%(step)s”: %(comment)s") % {
                    "nps": r.nps,
                    "step": step.name,
                    "comment": r.comment[:200],
                }

            alert(
                alert_recipients(step),
                r.workspace_id,
                "detractor",
                text,
                _measure_link(step.journey),
                {
                    "kind": "detractor",
                    "journey_id": r.journey_id,
                    "step_id": r.step_id,
                    "step": step.name,
                    "nps": r.nps,
                    "comment": r.comment,
                    "response_id": r.pk,
                },
            )


def _period_bounds(now: datetime, period: str) -> tuple[datetime, datetime, datetime]:
    """Start of the previous period, start of the current one, and now."""
    tz = timezone.get_current_timezone()
    local = timezone.localtime(now, tz)
    current = metrics.period_start(local, period)
    previous = metrics.period_start(current - timedelta(days=1), period)

    def at(d):
        return timezone.make_aware(datetime(d.year, d.month, d.day), tz)

    return at(previous), at(current), now


def check_drops(journey: Journey, period: str = ALERT_PERIOD, now=None) -> list[Notification]:
    """Compare each step's current period with the previous one; notify on a significant
    drop of NPS or CSAT (see ``metrics.drop``), once per step, period and metric."""
    previous, current, now = _period_bounds(now or timezone.now(), period)
    qs = Response.objects.filter(journey=journey, answered_at__gte=previous, answered_at__lte=now)
    before: dict = defaultdict(metrics.Bucket)
    after: dict = defaultdict(metrics.Bucket)
    values = services._VALUES
    for row in qs.values_list(*values, "step_id", "answered_at").iterator(chunk_size=5000):
        n = len(values)
        services._add((after if row[n + 1] >= current else before)[row[n]], row)
    created = []
    for step_id, b in before.items():
        if step_id not in after:
            continue
        for change in metrics.drop(b, after[step_id]):
            step = Step.objects.select_related("stage", "journey", "journey__workspace").get(
                pk=step_id
            )
            label = metrics.period_label(
                metrics.period_start(timezone.localtime(now), period), period
            )

            def text(change=change, step=step, label=label):
                return _(
                    "%(metric)s of “%(step)s” dropped from %(before).0f to %(after).0f "
                    "(period %(period)s, p = %(p).3f)."
                ) % {
                    "metric": change.metric.upper(),
                    "step": step.name,
                    "before": change.before,
                    "after": change.after,
                    "period": label,
                    "p": change.p_value,
                }

            created += alert(
                alert_recipients(step),
                journey.workspace_id,
                "drop",
                text,
                _measure_link(journey),
                {
                    "kind": "drop",
                    "journey_id": journey.pk,
                    "step_id": step_id,
                    "step": step.name,
                    "metric": change.metric,
                    "before": change.before,
                    "after": change.after,
                    "p_value": change.p_value,
                    "period": label,
                },
            )
    return created


# ---------------------------------------------------------------- settings


def measure_settings(workspace: Workspace) -> MeasureSettings:
    return MeasureSettings.objects.get_or_create(workspace=workspace)[0]


def update_settings(user, workspace: Workspace, webhook_url: str, version: int | None):
    """Save the workspace's webhook. The URL is resolved and checked now (and again before
    every call): a private, local or metadata address is refused and nothing is saved."""
    require_role(user, workspace, Role.OWNER)
    url = (webhook_url or "").strip()
    if url:
        webhooks.check_url(url)
    with transaction.atomic():
        ms = MeasureSettings.objects.select_for_update().get(pk=measure_settings(workspace).pk)
        services._check_version(ms, version)
        ms.webhook_url = url
        ms.version += 1
        ms.save()
    return ms
