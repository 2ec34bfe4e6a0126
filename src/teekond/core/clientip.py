"""The address a request came from.

Minimal version: the connecting address (REMOTE_ADDR), never a forwarded header a client
could forge. The version that trusts ``X-Forwarded-For`` only from
``TEEKOND_TRUSTED_PROXIES`` replaces this module with the same ``client_ip`` signature.
"""

from __future__ import annotations


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or ""
