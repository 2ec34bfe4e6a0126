"""Throttling of failed log-ins and API-token attempts.

Failures are rows in the database (``AuthFailure``), so every web process sees the same
counts without a shared cache; the local-memory cache Django would use by default is per
process and would let an attacker spread guesses over the workers. A key is locked once it
has ``limit`` failures inside the window and unlocks by itself when the oldest of them
leaves the window. Attempts while locked are refused before the password is checked and
are not counted, so the lockout always ends.

Two keys are counted for a log-in: the account (the user name as typed) and the client
address. The account limit stops guessing one password from many addresses; the address
limit, higher, stops one address trying many accounts. The cost: anyone can lock an account
for the window by failing on purpose; the owner then waits (the message says how long).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import ngettext

from teekond.accounts.models import AuthFailure
from teekond.core.clientip import client_ip
from teekond.core.errors import Throttled

ACCOUNT, ADDRESS, TOKEN = "account", "address", "token"
__all__ = ["Throttled", "check_login", "login_failed", "login_succeeded"]


def _window() -> timedelta:
    return timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def _account_key(username: str) -> str:
    return username.strip().lower()[:200]


def _locked_until(scope: str, key: str, limit: int, now: datetime) -> datetime | None:
    window = _window()
    recent = list(
        AuthFailure.objects.filter(scope=scope, key=key, at__gt=now - window)
        .order_by("-at")
        .values_list("at", flat=True)[:limit]
    )
    if len(recent) < limit:
        return None
    return recent[-1] + window


def _refuse(until: datetime, now: datetime, message_for) -> None:
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    raise Throttled(message_for(minutes), details={"retry_after": minutes * 60})


def _login_message(minutes: int) -> str:
    return ngettext(
        "Too many failed log-ins. Try again in %(minutes)d minute.",
        "Too many failed log-ins. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def _token_message(minutes: int) -> str:
    return ngettext(
        "Too many invalid API tokens from this address. Try again in %(minutes)d minute.",
        "Too many invalid API tokens from this address. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def check_login(request, username: str) -> None:
    """Raise ``Throttled`` when the account or the address is locked."""
    now = timezone.now()
    for scope, key, limit in (
        (ACCOUNT, _account_key(username), settings.LOGIN_FAILURES_PER_ACCOUNT),
        (ADDRESS, client_ip(request), settings.LOGIN_FAILURES_PER_ADDRESS),
    ):
        until = _locked_until(scope, key, limit, now)
        if until is not None:
            _refuse(until, now, _login_message)


def _record(*rows: tuple[str, str]) -> None:
    now = timezone.now()
    AuthFailure.objects.filter(at__lte=now - _window()).delete()
    AuthFailure.objects.bulk_create(AuthFailure(scope=s, key=k, at=now) for s, k in rows)


def login_failed(request, username: str) -> None:
    _record((ACCOUNT, _account_key(username)), (ADDRESS, client_ip(request)))


def login_succeeded(request, username: str) -> None:
    """A correct password clears the account's failures (not the address's)."""
    AuthFailure.objects.filter(scope=ACCOUNT, key=_account_key(username)).delete()


def token_failed(request) -> None:
    """Count an unknown or revoked API token; raise ``Throttled`` once the address is locked.

    Only failures pay for this: a valid token is never slowed down.
    """
    now = timezone.now()
    address = client_ip(request)
    until = _locked_until(TOKEN, address, settings.LOGIN_FAILURES_PER_ADDRESS, now)
    if until is not None:
        _refuse(until, now, _token_message)
    _record((TOKEN, address))
