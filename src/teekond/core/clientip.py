"""The address of the client behind a request, for rate limits and logs.

A forwarded header (``X-Forwarded-For`` or ``Forwarded``) is anyone's to write, so it is
believed only when the connection comes from a proxy listed in ``TEEKOND_TRUSTED_PROXIES``,
and only as far as trusted proxies vouch for it: the chain is walked from the right (the
hop nearest to us) and the first address that is not a trusted proxy is the client.
Everything left of it was written by the client itself and is ignored. Only the header
named by ``TEEKOND_PROXY_HEADER`` is read: a proxy that sets one header passes the other
through untouched, so reading both would let a visitor forge the one the proxy ignores.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
MAX_HOPS = 20  # a longer chain is not a real proxy path; the rest is not read


@lru_cache(maxsize=8)
def _networks(configured: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(n, strict=False) for n in configured)


def _trusted(address: Address | None) -> bool:
    if address is None:
        return False
    networks = _networks(tuple(getattr(settings, "TEEKOND_TRUSTED_PROXIES", ()) or ()))
    return any(address in n for n in networks)


def parse_address(text: str) -> Address | None:
    """An IP address from a header entry (``1.2.3.4``, ``1.2.3.4:80``, ``[::1]:80``,
    ``"[2001:db8::1]"``), or None for anything else (``unknown``, an obfuscated name)."""
    value = text.strip().strip('"').strip()
    if value.startswith("["):
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # IPv4 with a port
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _forwarded_for(header: str) -> list[str]:
    """The ``for=`` values of an RFC 7239 ``Forwarded`` header, in order."""
    out = []
    for element in header.split(","):
        value = ""
        for pair in element.split(";"):
            name, _, v = pair.partition("=")
            if name.strip().lower() == "for":
                value = v
        out.append(value)
    return out


def forwarded_chain(request) -> list[str]:
    """The addresses the configured forwarded header lists, client first."""
    if getattr(settings, "TEEKOND_PROXY_HEADER", "x-forwarded-for") == "forwarded":
        return _forwarded_for(request.META.get("HTTP_FORWARDED", ""))
    raw = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return raw.split(",") if raw else []


def client_ip(request) -> str:
    """The client's address: the connecting address, unless that is a trusted proxy."""
    remote_text = request.META.get("REMOTE_ADDR", "") or ""
    remote = parse_address(remote_text)
    if not _trusted(remote):
        return str(remote) if remote else (remote_text or "unknown")
    client = remote
    for entry in reversed(forwarded_chain(request)[-MAX_HOPS:]):
        address = parse_address(entry)
        if address is None:
            # The nearest proxy wrote something that is not an address: it cannot say who
            # the client is, so the request counts as coming from that proxy.
            break
        client = address
        if not _trusted(address):
            break
    return str(client)
