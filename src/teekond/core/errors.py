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
