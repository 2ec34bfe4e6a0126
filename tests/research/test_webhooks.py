"""Alert webhooks: no server-side request forgery, short timeouts, their own queue, retries.

Every call in these tests goes to a server of the test on 127.0.0.1; public addresses are
only ever saved (a literal address, so not even a DNS query leaves the machine).
"""

import http.server
import ipaddress
import logging
import socket
import threading
from datetime import timedelta

import pytest
from django.conf import settings as settings_module
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from teekond.accounts.models import Membership, Role, User
from teekond.core.errors import Invalid
from teekond.core.models import Notification
from teekond.research import alerts, import_jobs, services, webhooks
from teekond.research.models import (
    DeliveryStatus,
    ImportJob,
    ImportStatus,
    MeasureSettings,
    Response,
    WebhookDelivery,
)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

LOOPBACK = [ipaddress.ip_network("127.0.0.0/8")]
DB_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "webhooks"]}
}


class Hook:
    """A real HTTP server on 127.0.0.1 that records what it receives and answers ``codes``
    in turn (the last one again and again)."""

    def __init__(self, codes=(204,), headers=None):
        self.requests: list[dict] = []
        hook = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                hook.requests.append({"host": self.headers["Host"], "body": body})
                code = codes[min(len(hook.requests), len(codes)) - 1]
                self.send_response(code)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, host="127.0.0.1", path="/hook"):
        return f"http://{host}:{self.port}{path}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def answer(step, key, **scores):
    config = services.survey_for_step(step)
    config.questions = ["nps", "csat", "comment"]
    config.save()
    response = services.record_response(config, scores, idempotency_key=key)[0]
    if "Database" in settings_module.TASKS["default"]["BACKEND"]:
        # Alerts on answers run in the background (tasks.after_answers): let the default
        # queue's worker do what it would, so the alert's webhook call gets queued. Detractor
        # comments wait surveys.DETRACTOR_BATCH seconds to be alerted together: let that
        # time pass (the batch is due, its window over).
        DBTaskResult.objects.filter(
            task_path="teekond.research.tasks.after_answers", status="READY"
        ).update(run_after=timezone.now())
        cache.clear()
        run_worker("default")
    return response


def save_hook(workspace, url):
    MeasureSettings.objects.update_or_create(workspace=workspace, defaults={"webhook_url": url})


def client_for(user):
    c = Client()
    c.login(username=user.username, password=PASSWORD)
    return c


# ---------------------------------------------------------------- at save time


REFUSED = [
    "http://127.0.0.1:8080/hook",
    "http://127.1/hook",
    "http://2130706433/hook",  # 127.0.0.1 written as one number
    "http://0x7f000001/hook",
    "http://10.0.0.5/hook",
    "http://172.16.3.4/hook",
    "http://192.168.1.1/hook",
    "http://100.64.0.1/hook",  # carrier-grade NAT
    "http://169.254.169.254/latest/meta-data/",
    "http://100.100.100.200/latest/meta-data/",
    "http://0.0.0.0:8000/",
    "http://224.0.0.1/",
    "http://240.0.0.1/",
    "http://[::1]:8000/hook",
    "http://[::]/hook",
    "http://[::ffff:127.0.0.1]/hook",  # IPv4-mapped IPv6
    "http://[::ffff:a9fe:a9fe]/hook",  # the metadata address, mapped
    "http://[fe80::1]/hook",
    "http://[fc00::1]/hook",
    "http://[fd00:ec2::254]/latest/meta-data/",
    "http://[2002:7f00:1::1]/hook",  # 6to4 of 127.0.0.1
    "http://[64:ff9b::7f00:1]/hook",  # NAT64 of 127.0.0.1
    "http://[ff02::1]/hook",
    "http://localhost:8000/hook",  # a name that resolves to loopback
]


@pytest.mark.parametrize("url", REFUSED)
def test_private_local_and_metadata_addresses_are_refused_and_nothing_is_saved(
    url, alice, workspace
):
    ms = alerts.measure_settings(workspace)
    with pytest.raises(Invalid) as exc, translation.override("en"):
        alerts.update_settings(alice, workspace, url, ms.version)
    assert "public" in exc.value.message
    fresh = MeasureSettings.objects.get(pk=ms.pk)
    assert (fresh.webhook_url, fresh.version) == ("", ms.version)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://93.184.215.14/hook",
        "file:///etc/passwd",
        "gopher://93.184.215.14:70/",
        "javascript:alert(1)",
        "http://user:secret@93.184.215.14/hook",
        "http:///hook",
        "http://93.184.215.14:99999/hook",
        "http://93.184.215.14/a b",
        "http://93.184.215.14/" + "a" * 200,
    ],
)
def test_other_schemes_credentials_and_broken_urls_are_refused(url, alice, workspace):
    ms = alerts.measure_settings(workspace)
    with pytest.raises(Invalid):
        alerts.update_settings(alice, workspace, url, ms.version)
    assert MeasureSettings.objects.get(pk=ms.pk).webhook_url == ""


def test_a_public_address_is_saved(alice, workspace):
    ms = alerts.measure_settings(workspace)
    alerts.update_settings(alice, workspace, "https://93.184.215.14/hooks/teekond", ms.version)
    assert (
        MeasureSettings.objects.get(pk=ms.pk).webhook_url == "https://93.184.215.14/hooks/teekond"
    )


def test_the_operator_may_allow_private_addresses_but_not_metadata(settings, alice, workspace):
    settings.TEEKOND_WEBHOOK_ALLOW_PRIVATE = True
    for url in ("http://127.0.0.1:8080/hook", "http://10.0.0.5/hook", "http://[::1]/hook"):
        ms = alerts.update_settings(
            alice, workspace, url, alerts.measure_settings(workspace).version
        )
        assert MeasureSettings.objects.get(pk=ms.pk).webhook_url == url
    with pytest.raises(Invalid):
        alerts.update_settings(
            alice, workspace, "http://169.254.169.254/", alerts.measure_settings(workspace).version
        )


def test_an_allow_list_opens_only_its_networks(settings, alice, workspace):
    settings.TEEKOND_WEBHOOK_ALLOWED_NETWORKS = [ipaddress.ip_network("10.20.0.0/16")]
    ms = alerts.update_settings(alice, workspace, "http://10.20.1.2/hook", 1)
    assert ms.webhook_url == "http://10.20.1.2/hook"
    with pytest.raises(Invalid):
        alerts.update_settings(alice, workspace, "http://10.21.1.2/hook", ms.version)


def test_the_settings_page_says_why_and_stores_nothing(alice, workspace):
    alice.language = "et"
    alice.save()
    path = f"/w/{workspace.slug}/measure/settings/"
    page = client_for(alice).post(
        path, {"version": 1, "webhook_url": "http://169.254.169.254/"}, follow=True
    )
    assert "ainult avalike aadresside poole" in page.content.decode()
    assert alerts.measure_settings(workspace).webhook_url == ""


def test_only_owners_see_and_change_the_webhook(alice, bob, charlie, workspace):
    dora = User.objects.create_user("dora", "dora@example.com", PASSWORD)
    Membership.objects.create(workspace=workspace, user=dora, role=Role.VIEWER)
    path = f"/w/{workspace.slug}/measure/settings/"
    form = {"version": 1, "webhook_url": "https://93.184.215.14/x"}
    for user, code in ((bob, 403), (dora, 403), (charlie, 404)):
        assert client_for(user).get(path).status_code == code
        assert client_for(user).post(path, form).status_code == code
    assert alerts.measure_settings(workspace).webhook_url == ""
    assert client_for(alice).post(path, form).status_code == 302
    assert alerts.measure_settings(workspace).webhook_url == "https://93.184.215.14/x"


# ---------------------------------------------------------------- at send time


def test_alerts_reach_a_local_webhook_the_operator_allowed(settings, workspace, steps):
    settings.TEEKOND_WEBHOOK_ALLOWED_NETWORKS = LOOPBACK
    with Hook() as hook:
        save_hook(workspace, hook.url())
        answer(steps[0], "k1", nps=1, comment="Kohutav")
    assert len(hook.requests) == 1
    assert b'"comment": "Kohutav"' in hook.requests[0]["body"]
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.DELIVERED,
        1,
        204,
    )


def test_a_url_saved_when_allowed_is_refused_at_send_time_once_it_is_not(
    settings, alice, workspace, steps
):
    with Hook() as hook:
        settings.TEEKOND_WEBHOOK_ALLOWED_NETWORKS = LOOPBACK
        alerts.update_settings(alice, workspace, hook.url("localhost"), 1)
        settings.TEEKOND_WEBHOOK_ALLOWED_NETWORKS = []
        answer(steps[0], "k1", nps=1, comment="Kohutav")
    assert hook.requests == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and "127.0.0.1" in delivery.last_error
    assert Response.objects.count() == 1 and Notification.objects.count() == 1


def test_the_call_goes_to_the_checked_address_with_the_url_host_name(
    settings, monkeypatch, workspace, steps
):
    """The name is resolved once, by the check; the connection uses that address, so a
    second DNS answer cannot point it elsewhere, and the Host header keeps the name."""
    settings.TEEKOND_WEBHOOK_ALLOWED_NETWORKS = LOOPBACK
    real = socket.getaddrinfo
    lookups = []

    def resolve(host, port, *args, **kwargs):
        if host == "hooks.example":
            lookups.append(host)
            if len(lookups) > 1:  # a second answer would be another address: never asked
                raise socket.gaierror("rebound")
            return real("127.0.0.1", port, *args, **kwargs)
        return real(host, port, *args, **kwargs)  # numeric addresses, no DNS query

    monkeypatch.setattr(webhooks.socket, "getaddrinfo", resolve)
    with Hook() as hook:
        save_hook(workspace, hook.url("hooks.example"))
        answer(steps[0], "k1", nps=1, comment="Kohutav")
    assert lookups == ["hooks.example"]
    assert [r["host"] for r in hook.requests] == [f"hooks.example:{hook.port}"]
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED


def test_redirects_are_not_followed(settings, workspace, steps):
    settings.TEEKOND_WEBHOOK_ALLOWED_NETWORKS = LOOPBACK
    with Hook() as target, Hook(codes=(302,), headers={"Location": target.url()}) as hook:
        save_hook(workspace, hook.url())
        answer(steps[0], "k1", nps=1, comment="Kohutav")
    assert len(hook.requests) == 1 and target.requests == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and "redirect" in delivery.last_error


def test_a_webhook_that_never_answers_times_out(settings, workspace, steps):
    """A server that accepts the connection and then says nothing: the attempt ends at the
    read timeout with the error recorded (the answer and its notification are stored)."""
    settings.TEEKOND_WEBHOOK_ALLOWED_NETWORKS = LOOPBACK
    settings.TEEKOND_WEBHOOK_TIMEOUT = 0.2
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # the kernel completes the handshake; nobody ever reads or writes
    try:
        save_hook(workspace, f"http://127.0.0.1:{silent.getsockname()[1]}/hook")
        answer(steps[0], "k1", nps=1, comment="Kohutav")
    finally:
        silent.close()
    delivery = WebhookDelivery.objects.get()
    assert delivery.attempts == 1 and "timed out" in delivery.last_error
    assert Response.objects.count() == 1 and Notification.objects.count() == 1


# ---------------------------------------------------------------- queue, retries, backoff


def run_worker(queue):
    call_command("db_worker", queue_name=queue, batch=True, no_startup_delay=True, verbosity=0)


def webhook_tasks():
    return DBTaskResult.objects.filter(task_path="teekond.research.tasks.deliver_webhook")


def due_now():
    """Move the waiting retry's time to now (what waiting out the backoff would do)."""
    webhook_tasks().filter(status="READY").update(run_after=timezone.now())


def test_a_failing_webhook_is_retried_with_growing_waits_until_it_gets_through(
    settings, workspace, steps
):
    settings.TASKS = DB_TASKS
    settings.TEEKOND_WEBHOOK_ALLOWED_NETWORKS = LOOPBACK
    with Hook(codes=(503, 500, 204)) as hook:
        save_hook(workspace, hook.url())
        answer(steps[0], "k1", nps=1, comment="Kohutav")
        assert [t.queue_name for t in webhook_tasks()] == ["webhooks"]
        waits = []
        for _attempt in range(3):
            before = timezone.now()
            run_worker("webhooks")
            delivery = WebhookDelivery.objects.get()
            if delivery.next_attempt_at:
                waits.append(delivery.next_attempt_at - before)
                queued = webhook_tasks().get(status="READY")
                assert queued.run_after == delivery.next_attempt_at
                assert queued.queue_name == "webhooks"
            due_now()
    assert len(hook.requests) == 3
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == (
        DeliveryStatus.DELIVERED,
        3,
        None,
    )
    assert [webhooks.backoff(n) for n in (1, 2, 3, 4)] == [
        timedelta(seconds=s) for s in (30, 60, 120, 240)
    ]
    assert timedelta(seconds=30) <= waits[0] < timedelta(seconds=60) <= waits[1]


def test_after_the_last_attempt_the_failure_is_logged_and_shown(
    settings, caplog, alice, workspace, steps
):
    settings.TASKS = DB_TASKS
    settings.TEEKOND_WEBHOOK_ALLOWED_NETWORKS = LOOPBACK
    with Hook(codes=(500,)) as hook, caplog.at_level(logging.ERROR, "teekond.research.webhooks"):
        save_hook(workspace, hook.url())
        answer(steps[0], "k1", nps=1, comment="Kohutav")
        for _attempt in range(webhooks.MAX_ATTEMPTS + 2):
            run_worker("webhooks")
            due_now()
    assert len(hook.requests) == webhooks.MAX_ATTEMPTS
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        DeliveryStatus.FAILED,
        webhooks.MAX_ATTEMPTS,
        "HTTP 500",
    )
    assert not webhook_tasks().filter(status="READY").exists()
    assert any("failed after 5 attempt(s)" in r.getMessage() for r in caplog.records)
    page = client_for(alice).get(f"/w/{workspace.slug}/measure/settings/").content.decode()
    assert 'class="delivery-failed"' in page and "HTTP 500" in page


def test_pending_webhooks_never_hold_up_the_default_queue(settings, alice, workspace, journey):
    """Ten alerts wait for a webhook; the default queue's worker runs an import at once and
    never picks up a webhook call (they have their own queue and worker)."""
    settings.TASKS = DB_TASKS
    save_hook(workspace, "https://93.184.215.14/never-called")
    steps = list(journey.steps.all())
    for i in range(10):
        answer(steps[0], f"k{i}", nps=0, comment=f"Halb {i}")
    assert webhook_tasks().filter(status="READY", queue_name="webhooks").count() == 10
    data = "Samm,Kuupäev,NPS\nVeebipood,2026-03-01,9\n".encode()
    job = import_jobs.create_import(
        alice, workspace, SimpleUploadedFile("a.csv", data), "survey", journey.pk
    )
    import_jobs.start_import(alice, job, job.mapping, job.version)
    run_worker("default")
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.DONE
    assert webhook_tasks().filter(status="READY").count() == 10
    assert set(WebhookDelivery.objects.values_list("status", "attempts")) == {
        (DeliveryStatus.PENDING, 0)
    }
