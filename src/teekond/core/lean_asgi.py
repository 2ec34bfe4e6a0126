"""A Django ASGI handler with a shorter middleware chain, for public pages that need no
session, login, CSRF cookie or messages (the micro-survey under ``/s/``).

Every request through the full chain pays for session, CSRF, auth, messages, the user's
language and the audit context, and two of those middlewares are synchronous only, so each
request also hops between the event loop and the worker thread four times. The public
survey uses none of them (its signed form token replaces CSRF), so ``asgi.py`` sends its
paths here. Its requests also share one thread and database connection (see ``__call__``). Security headers stay: every middleware not named in ``SKIPPED`` is kept, so one
added to ``settings.MIDDLEWARE`` later applies here as well.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.conf import UserSettingsHolder, settings
from django.core.handlers.asgi import ASGIHandler

SKIPPED = {
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "teekond.core.i18n.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "teekond.actions.audit.AuditMiddleware",
}


def lean_middleware() -> list[str]:
    return [m for m in settings.MIDDLEWARE if m not in SKIPPED]


class LeanASGIHandler(ASGIHandler):
    async def __call__(self, scope, receive, send):
        # Django runs each request in its own ThreadSensitiveContext: a new thread per
        # request, so a new database connection per request (a fifth of a survey answer's
        # time on SQLite). Without it, the synchronous views of this handler share one
        # long-lived thread and its persistent connection (CONN_MAX_AGE); they ran one at a
        # time on that thread anyway.
        if scope["type"] != "http":
            raise ValueError(f"only HTTP is served here, not {scope['type']}")
        await self.handle(scope, receive, send)

    def load_middleware(self, is_async=False):
        with lean_settings():
            super().load_middleware(is_async)


@contextmanager
def lean_settings():
    """Show Django's middleware loader the lean list (``settings.MIDDLEWARE``) for one call.
    Used once, when a handler is built at import, before any request."""
    full = settings._wrapped  # type: ignore[misc]
    lean = UserSettingsHolder(full)
    lean.MIDDLEWARE = lean_middleware()
    settings._wrapped = lean
    try:
        yield
    finally:
        settings._wrapped = full


def path_router(default, lean, prefixes: tuple[str, ...]):
    """An ASGI app sending HTTP requests under ``prefixes`` to ``lean``, the rest to ``default``."""

    async def application(scope, receive, send):
        if scope["type"] == "http" and scope["path"].startswith(prefixes):
            return await lean(scope, receive, send)
        return await default(scope, receive, send)

    return application
