"""The API contract: every error has the one JSON body, every number and string a request
carries is bounded, text refuses control characters, and the OpenAPI document says so."""

from __future__ import annotations

import json

import pytest

from teekond.accounts.models import Workspace
from teekond.api.api import api as teekond_api
from teekond.core.text import TextProblem, clean_text, clean_tree
from teekond.journeys.models import Journey, Persona

HUGE = 2**64


def _is_error_body(response, code):
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


@pytest.mark.parametrize(
    "path",
    [
        f"/api/workspaces/{HUGE}",
        f"/api/journeys/{HUGE}",
        f"/api/personas/{HUGE}/photo",
        f"/api/eventlogs/{HUGE}/sankey",
        f"/api/workspaces/{HUGE}/journeys/1/versions/{HUGE}",
        "/api/workspaces/0",
        "/api/workspaces/-1",
    ],
)
def test_ids_out_of_range_are_refused_not_a_server_error(api, alice, path):
    response = api(alice).get(path)
    assert response.status_code == 422
    _is_error_body(response, "invalid")


def test_numbers_out_of_range_in_query_and_body_are_refused(api, alice, workspace):
    client = api(alice)
    response = client.get(f"/api/workspaces/{workspace.pk}/journeys?persona_id={HUGE}")
    assert response.status_code == 422
    response = client.get(f"/api/workspaces/{workspace.pk}/quadrants?score=inf")
    assert response.status_code == 422
    response = client.post(
        f"/api/workspaces/{workspace.pk}/journeys", {"title": "Kool", "persona_id": HUGE}
    )
    assert response.status_code == 422
    assert _is_error_body(response, "invalid")["details"][0]["field"] == "persona_id"
    assert not Journey.objects.exists()


def test_unknown_paths_under_api_answer_json_404(api, alice):
    for path in ("/api/nothing-here", "/api/workspaces/abc/xyz", "/api/workspaces/"):
        response = api(alice).get(path)
        assert response.status_code == 404, path
        _is_error_body(response, "not_found")
    assert api(None).post("/api/nothing-here").status_code == 404


def test_a_method_the_path_does_not_take_answers_json_405(api, alice):
    response = api(alice).put("/api/workspaces", {"name": "x"})
    assert response.status_code == 405
    error = _is_error_body(response, "method_not_allowed")
    assert set(error["details"]["allowed"]) == {"GET", "POST"}
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}


def test_missing_authentication_answers_json_401(api):
    _is_error_body(api(None).get("/api/workspaces"), "unauthenticated")


def test_malformed_json_body_answers_json_422(alice, api):
    client = api(alice)
    response = client.client.post(
        "/api/workspaces", data="{not json", content_type="application/json", headers=client.headers
    )
    assert response.status_code in (400, 422)
    _is_error_body(response, "invalid")


@pytest.mark.urls("tests.api.urls_failing")
def test_a_server_error_answers_json_500_and_is_logged(client, caplog):
    response = client.get("/api/boom")
    assert response.status_code == 500
    error = _is_error_body(response, "server_error")
    assert "a bug" not in error["message"]  # no internals leak
    assert any("a bug" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)


@pytest.mark.parametrize(
    "name", ["Kohvik\x00Oa", "Kohvik\x1bOa", "Kohvik\nOa", "Kohvik\x85Oa", "Kohvik\ud800Oa"]
)
def test_control_characters_and_lone_surrogates_are_refused_in_names(api, alice, name):
    client = api(alice)
    body = json.dumps({"name": name})  # \ud800 stays an escape: a lone surrogate on the wire
    response = client.client.post(
        "/api/workspaces", data=body, content_type="application/json", headers=client.headers
    )
    assert response.status_code == 422
    details = _is_error_body(response, "invalid")["details"]
    assert details[0]["field"] == "name"
    assert ("U+" in details[0]["message"]) or ("surrogate" in details[0]["message"])
    assert not Workspace.objects.filter(name__startswith="Kohvik").exists()


def test_multi_line_text_keeps_tabs_and_line_breaks_but_not_nul(api, alice, workspace):
    client = api(alice)
    url = f"/api/workspaces/{workspace.pk}/personas"
    response = client.post(url, {"name": "Kati", "quote": "Üks\n\tkaks\r\n"})
    assert response.status_code == 201
    assert Persona.objects.get(name="Kati").quote == "Üks\n\tkaks\r\n"
    response = client.post(url, {"name": "Mari", "quote": "a\x00b"})
    assert response.status_code == 422
    assert not Persona.objects.filter(name="Mari").exists()


def test_query_strings_refuse_control_characters(api, alice, workspace):
    response = api(alice).get(f"/api/workspaces/{workspace.pk}/customers?segment=a%00b")
    assert response.status_code == 422
    _is_error_body(response, "invalid")


def test_lengths_and_counts_are_bounded(api, alice, workspace):
    client = api(alice)
    url = f"/api/workspaces/{workspace.pk}/journeys"
    response = client.post(url, {"title": "Kool", "stages": ["etapp"] * 5000})
    assert response.status_code == 422
    assert _is_error_body(response, "invalid")["details"][0]["message"] == "At most 100 items."
    response = client.post(url, {"title": "x" * 201})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["message"] == "At most 200 characters."
    assert not Journey.objects.exists()


def test_clean_text_is_a_plain_function_for_readers():
    assert clean_text("Tere\tmaailm\n", multiline=True) == "Tere\tmaailm\n"
    with pytest.raises(TextProblem) as problem:
        clean_text("Tere\tmaailm")
    assert problem.value.position == 4
    with pytest.raises(ValueError):
        clean_tree({"title": "ok", "stages": [{"name": "a\x00"}]})
    with pytest.raises(ValueError):
        clean_tree({"\ud800": 1})
    deep: list = []
    for _ in range(40):
        deep = [deep]
    with pytest.raises(ValueError):
        clean_tree(deep)
    assert clean_tree({"a": [1, "b\n", None]}) == {"a": [1, "b\n", None]}


# ---------------------------------------------------------------- the OpenAPI document


@pytest.fixture(scope="module")
def openapi():
    return json.loads(json.dumps(teekond_api.get_openapi_schema(path_prefix="/api/")))


def _operations(openapi):
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            yield f"{method.upper()} {path}", operation


def _resolve(openapi, schema):
    ref = schema.get("$ref")
    return openapi["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else schema


def _unbounded(openapi, schema, where, seen=()):
    """Every string, integer, number and array in ``schema`` that has no upper bound."""
    schema = _resolve(openapi, schema)
    if id(schema) in seen:
        return
    seen = (*seen, id(schema))
    for key in ("anyOf", "oneOf", "allOf"):
        for i, part in enumerate(schema.get(key, [])):
            yield from _unbounded(openapi, part, f"{where}[{key}{i}]", seen)
    kind = schema.get("type")
    bounded_formats = ("date", "date-time", "binary", "email")  # bounded by their parsers
    if (
        kind == "string"
        and not {"enum", "const", "maxLength"} & set(schema)
        and schema.get("format") not in bounded_formats
    ):
        yield where
    if kind in ("integer", "number") and "maximum" not in schema and "enum" not in schema:
        yield where
    if kind == "array":
        if "maxItems" not in schema:
            yield where
        yield from _unbounded(openapi, schema.get("items", {}), f"{where}[]", seen)
    if kind == "object":
        for name, prop in schema.get("properties", {}).items():
            yield from _unbounded(openapi, prop, f"{where}.{name}", seen)
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and extra:
            if "maxProperties" not in schema:
                yield f"{where}{{}}"
            yield from _unbounded(openapi, extra, f"{where}{{}}", seen)


# Documents whose own readers bound them (journey documents, backups).
FREE_FORM_BODIES = {"POST /api/workspaces/{workspace_id}/restore"}
FREE_FORM_BODIES |= {"POST /api/workspaces/{workspace_id}/journeys/import"}


def test_every_number_string_and_list_a_request_carries_is_bounded(openapi):
    unbounded = []
    for name, operation in _operations(openapi):
        for param in operation.get("parameters", []):
            unbounded += _unbounded(openapi, param["schema"], f"{name} {param['name']}")
        if name in FREE_FORM_BODIES:
            continue
        for media in operation.get("requestBody", {}).get("content", {}).values():
            unbounded += _unbounded(openapi, media["schema"], f"{name} body")
    assert unbounded == []


def test_every_operation_documents_its_error_answers(openapi):
    for name, operation in _operations(openapi):
        responses = operation["responses"]
        assert "401" in responses, name
        if operation.get("parameters") or operation.get("requestBody"):
            assert "422" in responses, name
        if "{" in name:
            assert "404" in responses, name
        if not name.startswith("GET"):
            assert "403" in responses, name
        for status, answer in responses.items():
            if int(status) >= 400:
                ref = answer["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/ErrorOut", name


def test_stale_versions_are_documented_as_409(openapi):
    responses = openapi["paths"]["/api/personas/{persona_id}"]["patch"]["responses"]
    assert "409" in responses
    responses = openapi["paths"]["/api/personas/{persona_id}"]["get"]["responses"]
    assert "409" not in responses and "403" not in responses
