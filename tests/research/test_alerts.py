"""Alerts: detractor comments and significant drops reach the right person, once."""

import http.server
import ipaddress
import json
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from teekond.accounts.models import Membership
from teekond.core import notifications
from teekond.core.models import Notification
from teekond.research import alerts, services
from teekond.research.models import MeasureSettings, Response

pytestmark = pytest.mark.django_db(transaction=True)


def answer(step, key, **scores):
    config = services.survey_for_step(step)
    config.questions = ["nps", "csat", "comment"]
    config.save()
    return services.record_response(config, scores, idempotency_key=key)[0]


def test_a_detractor_comment_notifies_the_stage_owner_in_app_and_by_mail(steps, bob, workspace):
    stage = steps[0].stage
    stage.owner = bob
    stage.save()
    answer(steps[0], "k1", nps=2, comment="Maksmine ebaõnnestus kolm korda")
    answer(steps[0], "k2", nps=2)  # no comment: no alert
    answer(steps[0], "k3", nps=9, comment="Super")  # a promoter: no alert
    note = Notification.objects.get()
    assert note.recipient == bob and note.workspace == workspace
    assert "Maksmine ebaõnnestus" in note.message and note.link.endswith(
        f"/measure/journeys/{stage.journey_id}/"
    )
    assert [m.to for m in mail.outbox] == [["bob@example.com"]]
    assert notifications.unread_count(bob, workspace) == 1


def test_without_a_stage_owner_the_journey_owner_and_then_the_workspace_owners_get_it(
    journey, steps, alice, bob
):
    journey.owner = bob
    journey.save()
    answer(steps[2], "k1", nps=0, comment="Pakk kadus ära")
    journey.owner = None
    journey.save()
    answer(steps[2], "k2", nps=1, comment="Jälle hilines")
    assert [n.recipient for n in Notification.objects.order_by("id")] == [bob, alice]


def test_an_owner_who_left_the_workspace_is_skipped(journey, steps, alice, bob):
    steps[0].stage.owner = bob
    steps[0].stage.save()
    Membership.objects.filter(user=bob).delete()
    answer(steps[0], "k1", nps=0, comment="Halb")
    assert Notification.objects.get().recipient == alice


def test_a_significant_drop_notifies_once(journey, steps, alice):
    now = timezone.now()
    last_month = now.replace(day=1) - timedelta(days=3)
    rows = []
    for i in range(40):
        rows.append(
            Response(
                workspace=journey.workspace,
                journey=journey,
                step=steps[1],
                csat=5 if i < 34 else 2,
                answered_at=last_month,
                idempotency_key=f"a{i}",
            )
        )
        rows.append(
            Response(
                workspace=journey.workspace,
                journey=journey,
                step=steps[1],
                csat=5 if i < 12 else 1,
                answered_at=now,
                idempotency_key=f"b{i}",
            )
        )
    Response.objects.bulk_create(rows)
    # before: 34/40 = 85 % satisfied; now: 12/40 = 30 % → a clear drop
    created = alerts.check_drops(journey)
    assert len(created) == 1 and created[0].recipient == alice
    assert "CSAT" in created[0].message and "Maksmine" in created[0].message
    assert alerts.check_drops(journey) == []  # the same drop is not repeated
    assert Notification.objects.count() == 1


def test_alerts_are_posted_to_the_workspace_webhook(settings, workspace, steps):
    settings.TEEKOND_WEBHOOK_ALLOWED_NETWORKS = [ipaddress.ip_network("127.0.0.1/32")]
    received = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        MeasureSettings.objects.create(
            workspace=workspace, webhook_url=f"http://127.0.0.1:{server.server_port}/hook"
        )
        answer(steps[0], "k1", nps=1, comment="Kohutav")
    finally:
        server.shutdown()
    assert len(received) == 1
    assert received[0]["kind"] == "detractor" and received[0]["comment"] == "Kohutav"


def test_a_dead_webhook_does_not_break_the_answer(settings, workspace, steps):
    settings.TEEKOND_WEBHOOK_ALLOWED_NETWORKS = [ipaddress.ip_network("127.0.0.1/32")]
    MeasureSettings.objects.create(workspace=workspace, webhook_url="http://127.0.0.1:9/none")
    answer(steps[0], "k1", nps=1, comment="Kohutav")
    assert Response.objects.count() == 1 and Notification.objects.count() == 1


def test_the_unread_count_is_in_the_workspace_navigation(client, alice, workspace, steps):
    from tests.conftest import PASSWORD

    answer(steps[0], "k1", nps=1, comment="Kohutav")
    client.login(username="alice", password=PASSWORD)
    page = client.get(f"/w/{workspace.slug}/measure/").content.decode()
    assert 'data-testid="unread-count">1<' in page  # the badge in the sidebar
    listing = client.get("/notifications/").content.decode()
    assert "Kohutav" in listing  # the shared notification list marks them read
    assert (
        'data-testid="unread-count"'
        not in client.get(f"/w/{workspace.slug}/measure/").content.decode()
    )
