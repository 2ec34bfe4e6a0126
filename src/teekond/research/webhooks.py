"""Alert webhooks: which URLs a workspace may call, and delivering to them safely.

A webhook URL is chosen by a workspace owner, so the server must not become their way into
the operator's network (SSRF). The host is resolved and every address it resolves to is
checked — when the URL is saved and again before each call — and the call connects to the
address that was checked, so a second DNS answer (DNS rebinding) cannot swap it for another.
The Host header and, for https, the certificate check and SNI keep the URL's host name.
Redirects are never followed. Private, loopback, link-local, shared, reserved, multicast
and cloud-metadata addresses are refused unless the operator allows them
(``TEEKOND_WEBHOOK_ALLOW_PRIVATE``, or only some networks with
``TEEKOND_WEBHOOK_ALLOWED_NETWORKS``).

Calls run in their own task queue (``webhooks``) with short timeouts and retries with
exponential backoff; each attempt is recorded on a ``WebhookDelivery``.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import json
import logging
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from teekond import __version__
from teekond.core.errors import Invalid
from teekond.research.models import DeliveryStatus, MeasureSettings, WebhookDelivery

log = logging.getLogger(__name__)

QUEUE = "webhooks"
URL_MAX = 200
MAX_ATTEMPTS = 5
BACKOFF_SECONDS = 30  # 30 s, 1 min, 2 min, 4 min between the five attempts
CONNECT_TIMEOUT = 3.0
KEEP_PER_WORKSPACE = 100
# Cloud metadata services: refused even when private addresses are allowed, unless the
# operator lists them in TEEKOND_WEBHOOK_ALLOWED_NETWORKS.
METADATA_NETWORKS = [
    ipaddress.ip_network(n)
    for n in ("169.254.169.254/32", "169.254.170.2/32", "100.100.100.200/32", "fd00:ec2::254/128")
]
SHARED_NETWORK = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT
NAT64_NETWORKS = [ipaddress.ip_network(n) for n in ("64:ff9b::/96", "64:ff9b:1::/48")]

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _embedded_ipv4(ip: Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries (mapped, 6to4, Teredo, NAT64): they reach
    the IPv4 host, so they are judged as that host."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return []
    found = []
    if ip.ipv4_mapped:
        found.append(ip.ipv4_mapped)
    if ip.sixtofour:
        found.append(ip.sixtofour)
    if ip.teredo:
        found.extend(ip.teredo)
    if any(ip in net for net in NAT64_NETWORKS):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def _explicitly_allowed(ip: Address) -> bool:
    return any(
        ip.version == net.version and ip in net
        for net in getattr(settings, "TEEKOND_WEBHOOK_ALLOWED_NETWORKS", [])
    )


def address_allowed(ip: Address) -> bool:
    """May a webhook connect to this address under the operator's settings?"""
    if _explicitly_allowed(ip):
        return True
    embedded = _embedded_ipv4(ip)
    if embedded:
        return all(address_allowed(v4) for v4 in embedded)
    if ip.is_unspecified or ip.is_multicast or any(ip in net for net in METADATA_NETWORKS):
        return False
    allow_private = bool(getattr(settings, "TEEKOND_WEBHOOK_ALLOW_PRIVATE", False))
    if ip.is_loopback:
        return allow_private
    if ip.is_reserved:
        return False
    if ip.is_global:
        return True
    if ip.is_private or ip.is_link_local or ip in SHARED_NETWORK:
        return allow_private
    return False


@dataclass(frozen=True)
class Target:
    """A checked webhook URL: where to connect (``addresses``) and what to ask for."""

    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple[str, ...]


def check_url(url: str) -> Target:
    """Parse, resolve and check a webhook URL; raise ``Invalid`` saying what is wrong."""
    url = (url or "").strip()
    if len(url) > URL_MAX:
        raise Invalid(_("The webhook URL may have at most %(n)s characters.") % {"n": URL_MAX})
    if any(ord(c) < 33 or ord(c) == 127 for c in url):
        raise Invalid(_("The webhook URL may not contain spaces or control characters."))
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise Invalid(_("The webhook URL must start with http:// or https://."))
    if parts.username is not None or parts.password is not None:
        raise Invalid(_("The webhook URL may not contain a user name or password."))
    host = parts.hostname or ""
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise Invalid(_("The webhook URL has an invalid port.")) from None
    if not host:
        raise Invalid(_("The webhook URL has no host name."))
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise Invalid(
            _("The webhook's host name %(host)s cannot be resolved.") % {"host": host}
        ) from None
    addresses: list[str] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        text = sockaddr[0].split("%", 1)[0]  # drop an IPv6 zone
        if text not in addresses:
            addresses.append(text)
    refused = [a for a in addresses if not address_allowed(ipaddress.ip_address(a))]
    if refused or not addresses:
        raise Invalid(
            _(
                "The webhook's host %(host)s is a private, local or reserved address "
                "(%(address)s); webhooks may only call public addresses."
            )
            % {"host": host, "address": ", ".join(refused)}
        )
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(scheme, host, port, path, tuple(addresses))


def _connect(
    addresses: tuple[str, ...], port: int, timeout: float, give_up_at: float | None = None
) -> socket.socket:
    """A TCP connection to the first checked address that answers; nothing else is tried.
    No address is tried after ``give_up_at`` (``time.monotonic()``, the call's deadline)."""
    error: OSError | None = None
    for address in addresses:
        wait = min(CONNECT_TIMEOUT, timeout)
        if give_up_at is not None:
            wait = min(wait, give_up_at - time.monotonic())
            if wait <= 0:
                break
        try:
            sock = socket.create_connection((address, port), timeout=wait)
        except OSError as exc:
            error = exc
            continue
        sock.settimeout(timeout)
        return sock
    raise error or OSError("no address answered in time")


class _PinnedHTTP(http.client.HTTPConnection):
    give_up_at: float | None = None

    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._addresses = target.addresses

    def connect(self):
        self.sock = _connect(self._addresses, self.port, self.timeout, self.give_up_at)


class _PinnedHTTPS(http.client.HTTPSConnection):
    give_up_at: float | None = None

    def __init__(self, target: Target, timeout: float):
        super().__init__(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
        self._addresses = target.addresses

    def connect(self):
        sock = _connect(self._addresses, self.port, self.timeout, self.give_up_at)
        # Certificate and SNI are checked against the URL's host, not the address.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _Deadline:
    """Cuts a connection when the whole call has taken ``seconds``: a server that trickles
    its answer a byte at a time never lets a per-read timeout expire, so that alone would
    hold the worker for as long as the server likes. A timer thread shuts the socket down,
    which wakes the blocked read (plain or TLS) with an end of file."""

    def __init__(self, conn: http.client.HTTPConnection, seconds: float):
        self.conn, self.seconds, self.expired = conn, seconds, False
        self.timer = threading.Timer(seconds, self._cut)
        self.timer.daemon = True

    def _cut(self) -> None:
        self.expired = True
        sock = self.conn.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> _Deadline:
        self.timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.timer.cancel()


def post(
    target: Target, payload: dict, timeout: float | None = None, deadline: float | None = None
) -> int:
    """POST ``payload`` as JSON to a checked target; return the status code (a redirect is
    returned as it is, never followed). Each read waits at most ``timeout`` seconds and the
    whole call at most ``deadline`` (``TEEKOND_WEBHOOK_DEADLINE``, 10 s). Network errors and
    timeouts raise ``OSError``."""
    timeout = float(timeout or getattr(settings, "TEEKOND_WEBHOOK_TIMEOUT", 5))
    deadline = float(deadline or getattr(settings, "TEEKOND_WEBHOOK_DEADLINE", 10))
    body = json.dumps(payload, default=str).encode()
    connection_class = _PinnedHTTPS if target.scheme == "https" else _PinnedHTTP
    conn = connection_class(target, min(timeout, deadline))
    conn.give_up_at = time.monotonic() + deadline
    with _Deadline(conn, deadline) as cut:
        try:
            status = _send(conn, target, body)
            if not cut.expired:  # a cut can also read as a short, complete answer
                return status
            raise OSError("cut")
        except (OSError, http.client.HTTPException) as exc:
            if cut.expired:
                raise OSError(f"no complete answer within {deadline:g} s") from exc
            if isinstance(exc, http.client.HTTPException):
                raise OSError(f"bad HTTP answer: {exc.__class__.__name__}") from exc
            raise
        finally:
            conn.close()


def _send(conn: http.client.HTTPConnection, target: Target, body: bytes) -> int:
    conn.request(
        "POST",
        target.path,
        body=body,
        headers={
            "Content-Type": "application/json",
            "User-Agent": f"Teekond/{__version__} (alert webhook)",
        },
    )
    response = conn.getresponse()
    response.read(4096)  # the answer's body is not used; read a little so it can close
    return response.status


# ---------------------------------------------------------------- deliveries


def backoff(attempt: int) -> timedelta:
    """The wait after failed attempt number ``attempt`` (1-based): 30 s, 1, 2, 4 minutes."""
    return timedelta(seconds=BACKOFF_SECONDS * 2 ** (attempt - 1))


def queue_delivery(workspace_id: int, payload: dict) -> WebhookDelivery | None:
    """Record an alert for the workspace's webhook (if it has one) and queue the call."""
    ms = MeasureSettings.objects.filter(workspace_id=workspace_id).first()
    if ms is None or not ms.webhook_url:
        return None
    delivery = WebhookDelivery.objects.create(
        workspace_id=workspace_id, url=ms.webhook_url[:URL_MAX], payload=payload
    )
    old = WebhookDelivery.objects.filter(workspace_id=workspace_id).values_list("pk", flat=True)[
        KEEP_PER_WORKSPACE:
    ]
    WebhookDelivery.objects.filter(pk__in=list(old)).delete()
    _enqueue(delivery.pk)
    return delivery


def _enqueue(delivery_id: int, run_after=None) -> None:
    from teekond.research.tasks import deliver_webhook

    task = deliver_webhook.using(run_after=run_after) if run_after else deliver_webhook
    task.enqueue(delivery_id)


def _can_defer() -> bool:
    from teekond.research.tasks import deliver_webhook

    return deliver_webhook.get_backend().supports_defer


def _finish(delivery: WebhookDelivery, status: str, error: str = "") -> str:
    delivery.status = status
    delivery.last_error = error[:300]
    delivery.next_attempt_at = None
    delivery.save()
    if status == DeliveryStatus.FAILED:
        log.error(
            "webhook delivery %s to %s failed after %s attempt(s): %s",
            delivery.pk,
            delivery.url,
            delivery.attempts,
            error,
        )
    return status


def attempt(delivery_id: int) -> str:
    """Make one attempt at a delivery; on a passing failure (network, timeout, 5xx, 408,
    429) schedule the next one with backoff, up to ``MAX_ATTEMPTS``."""
    delivery = WebhookDelivery.objects.filter(pk=delivery_id).first()
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return "skipped"
    delivery.attempts += 1
    try:
        target = check_url(delivery.url)
    except Invalid as exc:  # refused now (settings changed, or DNS points elsewhere)
        return _finish(delivery, DeliveryStatus.FAILED, exc.message)
    try:
        code = post(target, delivery.payload)
    except OSError as exc:
        code, error = None, f"{exc.__class__.__name__}: {exc}"
    else:
        delivery.last_status_code = code
        error = f"HTTP {code}"
    if code is not None and 200 <= code < 300:
        return _finish(delivery, DeliveryStatus.DELIVERED)
    if code is not None and 300 <= code < 400:
        return _finish(delivery, DeliveryStatus.FAILED, f"HTTP {code}: redirects are not followed")
    if code is not None and 400 <= code < 500 and code not in (408, 429):
        return _finish(delivery, DeliveryStatus.FAILED, error)
    if delivery.attempts >= MAX_ATTEMPTS or not _can_defer():
        return _finish(delivery, DeliveryStatus.FAILED, error)
    delivery.last_error = error[:300]
    delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts)
    delivery.save()
    log.warning(
        "webhook delivery %s attempt %s failed (%s); next try at %s",
        delivery.pk,
        delivery.attempts,
        error,
        delivery.next_attempt_at.isoformat(),
    )
    _enqueue(delivery.pk, delivery.next_attempt_at)
    return "retrying"


def recent_deliveries(workspace, limit: int = 10) -> list[WebhookDelivery]:
    return list(WebhookDelivery.objects.filter(workspace=workspace)[:limit])
