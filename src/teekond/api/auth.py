"""API authentication: a personal bearer token, or the browser session (with CSRF)."""

from __future__ import annotations

from ninja.security import APIKeyCookie, HttpBearer
from ninja.security.session import SessionAuth

from teekond.accounts import throttle
from teekond.accounts.services import user_for_token


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is None:
            throttle.token_failed(request)  # 429 once this address has failed too often
            return None
        request.user = user
        return user


class BrowserSession(SessionAuth):
    """The logged-in browser; unsafe methods need the CSRF token like any form."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user and user.is_active else None


def api_auth() -> list[APIKeyCookie | HttpBearer]:
    return [TokenAuth(), BrowserSession()]
