"""Every answer under /api/ that is not a success has one body:
``{"error": {"code", "message", "details"}}`` — domain errors, validation, authentication,
unknown paths (404), wrong methods (405) and server errors (500) alike.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import Field

from teekond.core.errors import TeekondError, Throttled
from teekond.core.text import TextProblem

logger = logging.getLogger("teekond.api")

# The code for each status an error may have; anything else 4xx is "invalid".
CODES = {
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: Throttled.code,
    500: "server_error",
}


class ErrorDetail(Schema):
    code: str = Field(description=", ".join(f"`{c}` ({s})" for s, c in CODES.items()))
    message: str = Field(description="For people, in the request's language.")
    details: Any = Field(
        default=None,
        description="For programs: e.g. a list of {field, message} for `invalid`, the "
        "current object for `conflict`; null when there is nothing more to say.",
    )


class ErrorOut(Schema):
    error: ErrorDetail


def error_body(code: str, message: str, details: Any = None) -> dict:
    return {"error": {"code": code, "message": message, "details": details}}


def error_response(status: int, message: str, details: Any = None) -> JsonResponse:
    """For answers given outside an operation (unknown path, wrong method)."""
    code = CODES.get(status, "invalid")
    return JsonResponse(error_body(code, message, details), status=status)


def _field_name(loc) -> str:
    """("body", "payload", "name") -> "name"; ("query", "page") -> "page"."""
    parts = list(loc)
    parts = parts[2:] if parts[:1] == ["body"] and len(parts) > 2 else parts[1:]
    return ".".join(str(p) for p in parts)


def _message(err: dict) -> str:
    """Pydantic's message, in the reader's language for the errors people meet most."""
    kind, ctx, value = err.get("type", ""), err.get("ctx") or {}, err.get("input")
    problem = ctx.get("error")
    if isinstance(problem, TextProblem):
        if "\ud800" <= problem.char <= "\udfff":
            text = _("Contains an unpaired surrogate (U+%(code)04X) at position %(position)d.")
        else:
            text = _("Contains a control character (U+%(code)04X) at position %(position)d.")
        return text % {"code": ord(problem.char), "position": problem.position + 1}
    if kind == "string_unicode":  # Pydantic's own refusal of a lone surrogate
        return _("Contains an unpaired surrogate.")
    if kind in ("too_long", "string_too_long") and "max_length" in ctx:
        limit = ctx["max_length"]
        if isinstance(value, str):
            return ngettext(
                "At most %(limit)d character.", "At most %(limit)d characters.", limit
            ) % {"limit": limit}
        return ngettext("At most %(limit)d item.", "At most %(limit)d items.", limit) % {
            "limit": limit
        }
    return str(err.get("msg", ""))


def validation_error(error_contexts) -> ValidationError:
    """ninja's ValidationError, with each message written while the value is still known
    (ninja drops the input and the exception; the message needs both)."""
    errors = []
    for context in error_contexts:
        model = context.model
        for err in context.pydantic_validation_error.errors(include_url=False):
            loc = model.__ninja_flatten_map_reverse__.get(err["loc"], err["loc"])
            errors.append(
                {
                    "type": err["type"],
                    "loc": (model.__ninja_param_source__, *loc),
                    "msg": _message(err),
                }
            )
    return ValidationError(errors)


def install(api: NinjaAPI) -> None:
    """Map every exception an operation may raise to the one error body."""

    def answer(request, status: int, code: str, message: str, details: Any = None):
        return api.create_response(request, error_body(code, message, details), status=status)

    @api.exception_handler(TeekondError)
    def _domain_error(request, exc: TeekondError):
        return answer(request, exc.status, exc.code, exc.message, exc.details)

    @api.exception_handler(ValidationError)
    def _validation_error(request, exc: ValidationError):
        details = [
            {"field": _field_name(err.get("loc", ())), "message": str(err.get("msg", ""))}
            for err in exc.errors
        ]
        return answer(request, 422, "invalid", _("The request is not valid."), details)

    @api.exception_handler(AuthenticationError)
    def _auth_error(request, exc):
        return answer(request, 401, "unauthenticated", _("Log in or send a valid API token."))

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return answer(request, 404, "not_found", _("Not found."))

    @api.exception_handler(HttpError)
    def _http_error(request, exc: HttpError):
        # ninja says 400 for a body it cannot parse: to callers that is one more invalid input.
        status = 422 if exc.status_code == 400 else exc.status_code
        return answer(request, status, CODES.get(status, "invalid"), str(exc))

    @api.exception_handler(Exception)
    def _unexpected(request, exc: Exception):
        # Django turns these into 400/403 for pages; the API says the same, in JSON.
        if isinstance(exc, RequestDataTooBig):
            return answer(request, 413, "too_large", _("The request is too large."))
        if isinstance(exc, SuspiciousOperation):
            return answer(request, 422, "invalid", _("The request is not valid."))
        if isinstance(exc, PermissionDenied):
            return answer(request, 403, "forbidden", _("You may not do this."))
        logger.error("Server error on %s %s", request.method, request.path, exc_info=exc)
        return answer(
            request, 500, "server_error", _("Something went wrong on our side. Try again later.")
        )


def json_method_not_allowed(view):
    """Wrap a ninja path view so a method it does not serve answers 405 in JSON."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            allowed = response.get("Allow", "")
            json = error_response(
                405,
                _("This address does not take %(method)s.") % {"method": request.method},
                {"allowed": sorted(m.strip() for m in allowed.split(",") if m.strip())},
            )
            json["Allow"] = allowed
            return json
        return response

    return wrapper


def unknown_path(request, *args, **kwargs):
    return error_response(404, _("There is no such address in the API."))


unknown_path.csrf_exempt = True  # type: ignore[attr-defined]
