"""Domain errors raised by services and turned into the same answers everywhere.

The API maps them to ``{"error": {"code", "message", "details"}}`` with a status code;
pages show the message. Services never return HTTP objects.
"""

from __future__ import annotations

from typing import Any


class TeekondError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, message: str, *, details: Any = None):
        super().__init__(message)
        self.message = message
        self.details = details


class Invalid(TeekondError):
    status = 422
    code = "invalid"


class NotFound(TeekondError):
    """Also raised for things that exist but the user may not see: never leak existence."""

    status = 404
    code = "not_found"


class Forbidden(TeekondError):
    status = 403
    code = "forbidden"


class Conflict(TeekondError):
    status = 409
    code = "conflict"


class Throttled(TeekondError):
    """Too many attempts (log-ins, API tokens, survey answers): try again later. ``details``
    may hold ``{"retry_after": seconds}``."""

    status = 429
    code = "rate_limited"

    @property
    def retry_after(self) -> int | None:
        details = self.details if isinstance(self.details, dict) else {}
        seconds = details.get("retry_after")
        return int(seconds) if isinstance(seconds, int | float) else None


# The OpenAPI key under which an operation lists error statuses its inputs do not imply
# (``teekond.api.openapi`` turns them into documented responses with the error body).
ALSO_ANSWERS = "x-teekond-also-answers"


def also_answers(*statuses: int) -> dict:
    """``openapi_extra`` for an operation that can answer ``statuses`` beyond the usual ones,
    e.g. ``@router.get(..., openapi_extra=also_answers(403))`` for a read only owners may do."""
    return {ALSO_ANSWERS: sorted(statuses)}
