"""The one place where every app's router is mounted (OpenAPI at /api/docs)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from teekond import __version__
from teekond.accounts.api import router as accounts_router
from teekond.actions.api import router as actions_router
from teekond.api.auth import api_auth
from teekond.core.errors import TeekondError
from teekond.eventlogs.api import router as eventlogs_router
from teekond.exports.api import router as exports_router
from teekond.journeys.api import router as journeys_router
from teekond.research.api import router as research_router

api = NinjaAPI(
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


def error_body(code: str, message: str, details=None) -> dict:
    return {"error": {"code": code, "message": message, "details": details}}


@api.exception_handler(TeekondError)
def _domain_error(request, exc: TeekondError):
    return api.create_response(
        request, error_body(exc.code, exc.message, exc.details), status=exc.status
    )


def _field_name(loc) -> str:
    """("body", "payload", "name") -> "name"; ("query", "page") -> "page"."""
    parts = list(loc)
    parts = parts[2:] if parts[:1] == ["body"] and len(parts) > 2 else parts[1:]
    return ".".join(str(p) for p in parts)


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    details = [
        {"field": _field_name(err.get("loc", ())), "message": err.get("msg", "")}
        for err in exc.errors
    ]
    return api.create_response(
        request, error_body("invalid", _("The request is not valid."), details), status=422
    )


@api.exception_handler(AuthenticationError)
def _auth_error(request, exc):
    return api.create_response(
        request, error_body("unauthenticated", _("Log in or send a valid API token.")), status=401
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, error_body("not_found", _("Not found.")), status=404)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return api.create_response(request, error_body("error", str(exc)), status=exc.status_code)


api.add_router("/", accounts_router)
api.add_router("/", actions_router)
api.add_router("/", exports_router)
api.add_router("/", journeys_router)
api.add_router("/", eventlogs_router)
api.add_router("/", research_router)
