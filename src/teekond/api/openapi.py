"""The error answers of every operation, written into the OpenAPI document in one place.

Each operation lists the error statuses it can really give, derived from what it takes:
- 401 when it needs authentication;
- 403 when it changes something (the role is checked, and a browser session needs the CSRF
  token), or when the operation says so (read-only operations for owners or editors);
- 404 when it takes a path parameter, an ``…_id`` parameter or a body (ids in it may point
  at nothing the caller may see);
- 409 when it takes a ``version`` or ``structure_version`` (a stale one is a conflict);
- 422 when it takes any parameter or body, 413 when it takes a body (too large to read).
An operation adds statuses outside these rules with ``openapi_extra=also_answers(409)``
(``teekond.core.errors``), so the rules are never repeated by hand.
"""

from __future__ import annotations

from typing import Any

from teekond.api.errors import ErrorOut
from teekond.core.errors import ALSO_ANSWERS

DESCRIPTIONS = {
    400: "The request could not be read.",
    401: "Not authenticated: log in or send `Authorization: Bearer <token>`.",
    403: "Forbidden: the caller's role does not allow this (or the CSRF token is missing).",
    404: "Not found, or not visible to the caller.",
    409: "Conflict: the object changed since it was read, or is not ready for this.",
    413: "The upload is too large.",
    422: "The request is not valid; `details` lists each field and what is wrong.",
    429: "Too many requests; try again later.",
}
VERSION_NAMES = {"version", "structure_version"}
_REF = "#/components/schemas/"


def _body_properties(operation: dict, schemas: dict) -> set[str]:
    names: set[str] = set()
    content = operation.get("requestBody", {}).get("content", {})
    for media in content.values():
        schema = media.get("schema", {})
        ref = schema.get("$ref", "")
        if ref.startswith(_REF):
            schema = schemas.get(ref[len(_REF) :], {})
        names.update(schema.get("properties", {}))
    return names


def error_statuses(method: str, operation: dict, schemas: dict) -> set[int]:
    """The error statuses an operation can answer (see the module docstring)."""
    params = operation.get("parameters", [])
    names = {p["name"] for p in params} | _body_properties(operation, schemas)
    has_body = "requestBody" in operation
    statuses = set(operation.pop(ALSO_ANSWERS, []))
    if operation.get("security"):
        statuses.add(401)
        if method != "get":
            statuses.add(403)
    if has_body or any(p["in"] == "path" for p in params) or any(n.endswith("_id") for n in names):
        statuses.add(404)
    if names & VERSION_NAMES:
        statuses.add(409)
    if params or has_body:
        statuses.add(422)
    if has_body:
        statuses.add(413)
    return statuses


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error answers of every operation of ``schema`` (an OpenAPI dict), in place."""
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    error_schema = ErrorOut.model_json_schema(ref_template=_REF + "{model}")
    schemas.update(error_schema.pop("$defs", {}))
    schemas["ErrorOut"] = error_schema
    content = {"application/json": {"schema": {"$ref": _REF + "ErrorOut"}}}
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in sorted(error_statuses(method, operation, schemas)):
                # ninja keys responses by int; JSON writes them as strings.
                responses.setdefault(
                    status, {"description": DESCRIPTIONS[status], "content": content}
                )
    return schema
