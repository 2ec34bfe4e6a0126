"""The one place where every app's router is mounted (OpenAPI at /api/docs)."""

from __future__ import annotations

from django.urls import URLPattern, re_path
from ninja import NinjaAPI

from teekond import __version__
from teekond.accounts.api import router as accounts_router
from teekond.actions.api import router as actions_router
from teekond.api import errors
from teekond.api.auth import api_auth
from teekond.api.openapi import document_errors
from teekond.eventlogs.api import router as eventlogs_router
from teekond.exports.api import router as exports_router
from teekond.journeys.api import router as journeys_router
from teekond.research.api import router as research_router
from teekond.workshops.api import router as workshops_router


class TeekondAPI(NinjaAPI):
    """NinjaAPI whose every error, under any path and method, has the one JSON error body,
    and whose OpenAPI document lists each operation's error answers."""

    def _get_urls(self):
        urls = []
        for pattern in super()._get_urls():
            if isinstance(pattern, URLPattern):
                pattern = URLPattern(
                    pattern.pattern,
                    errors.json_method_not_allowed(pattern.callback),
                    pattern.default_args,
                    pattern.name,
                )
            urls.append(pattern)
        # Last, so it only takes what no operation matched.
        urls.append(re_path(r"^.*$", errors.unknown_path, name="unknown-path"))
        return urls

    def validation_error_from_error_contexts(self, error_contexts):
        return errors.validation_error(error_contexts)

    def get_openapi_schema(self, *args, **kwargs):
        return document_errors(super().get_openapi_schema(*args, **kwargs))


api = TeekondAPI(
    title="Teekond API",
    version=__version__,
    description=(
        "Customer-journey maps, CX measurements and improvement actions. "
        "Authenticate with `Authorization: Bearer <token>` (create one under *API tokens*) "
        "or with the browser session. Errors always look like "
        '`{"error": {"code": "...", "message": "...", "details": ...}}`.'
    ),
    auth=api_auth(),
    urls_namespace="api",
)
errors.install(api)

api.add_router("/", accounts_router)
api.add_router("/", actions_router)
api.add_router("/", exports_router)
api.add_router("/", journeys_router)
api.add_router("/", eventlogs_router)
api.add_router("/", research_router)
api.add_router("/", workshops_router)
