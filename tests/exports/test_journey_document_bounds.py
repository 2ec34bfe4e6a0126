"""The journey document reader bounds counts, sizes and characters, and a fuzzed document
only ever gets its own validation error."""

import contextlib
import copy
import json

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teekond.core.errors import Invalid
from teekond.exports import journey_doc
from teekond.exports.journey_doc import import_journey, journey_document, read_document
from teekond.journeys.models import Journey, Stage
from tests.maps import make_map

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def document(alice, workspace):
    return json.loads(json.dumps(journey_document(make_map(workspace, alice)), default=str))


def stages(n: int) -> list:
    return [{"key": f"S{i}", "name": f"Etapp {i}", "steps": []} for i in range(n)]


def problems_of(document) -> list[str]:
    with pytest.raises(Invalid) as info:
        journey_doc.validate_document(document)
    return [f"{p['where']}: {p['message']}" for p in info.value.details or []]


def test_five_thousand_stages_are_refused(alice, workspace, document):
    document["stages"] = stages(5000)
    before = Stage.objects.count()
    assert problems_of(document) == ["stages: 5000 are more than the 100 allowed"]
    with pytest.raises(Invalid):
        import_journey(workspace, alice, document)
    assert Stage.objects.count() == before


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["lanes"].extend(copy.deepcopy(d["lanes"][0]) for _ in range(61)), "lanes"),
        (
            lambda d: d["stages"][0]["steps"].extend(
                {"key": f"X{i}", "name": "x"} for i in range(1001)
            ),
            "steps",
        ),
        (lambda d: d["journey"].update(description="x" * 20_001), "journey.description"),
        (lambda d: d["stages"][0].update(description="ü" * 20_001), "stages[0].description"),
    ],
)
def test_counts_and_lengths_are_bounded(document, change, where):
    change(document)
    assert any(p.startswith(where) for p in problems_of(document))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Kool\ud800", "unpaired surrogate"),
        ("Kool\x00", "NUL"),
        ("Kool\x1b[31m", "control character"),
    ],
)
def test_text_that_cannot_be_stored_is_refused(api, alice, workspace, document, text, message):
    document["journey"]["title"] = text
    assert any(message in p and p.startswith("journey.title") for p in problems_of(document))
    body = json.dumps(document)  # escapes the surrogate as \ud800, as a client would send it
    response = api(alice).client.post(
        f"/api/workspaces/{workspace.id}/journeys/import",
        body,
        content_type="application/json",
        headers=api(alice).headers,
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"
    assert (
        not Journey.objects.filter(title__startswith="Kool").exclude(title="Kooli valik").exists()
    )


def test_tabs_and_newlines_stay_allowed(alice, workspace, document):
    document["journey"]["description"] = "rida 1\n\trida 2\r\n"
    journey = import_journey(workspace, alice, document)
    assert journey.description == "rida 1\n\trida 2\r\n"


def test_a_file_over_the_size_limit_is_refused(monkeypatch, document):
    monkeypatch.setattr(journey_doc, "MAX_DOCUMENT_BYTES", 1000)
    with pytest.raises(Invalid, match="larger than"):
        read_document(json.dumps(document).encode())


def test_the_import_page_refuses_a_lone_surrogate(client, alice, workspace, document):
    from django.core.files.uploadedfile import SimpleUploadedFile

    document["stages"][0]["name"] = "\ud83d"
    client.force_login(alice)
    before = Journey.objects.count()
    response = client.post(
        f"/w/{workspace.slug}/journeys/import/",
        {"file": SimpleUploadedFile("j.json", json.dumps(document).encode())},
    )
    assert response.status_code == 200
    assert "paarita asendusmärki" in response.content.decode()  # alice reads Estonian
    assert Journey.objects.count() == before


# --- fuzzing: any input ends in Invalid or in a document that imports -----------------------

ANY_CHAR = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(ANY_CHAR, max_size=30),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(ANY_CHAR, max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


def paths(value, prefix=()):
    """Every path into a parsed JSON value."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths(child, (*prefix, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from paths(child, (*prefix, i))


def replaced(document, path, value):
    if not path:
        return value
    out = copy.deepcopy(document)
    target = out
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return out


@FUZZ
@given(data=st.data())
def test_fuzzed_documents_raise_only_the_readers_error(alice, workspace, document, data):
    every = list(paths(document))
    changed = document
    for _ in range(data.draw(st.integers(1, 3))):
        every = list(paths(changed))
        path = data.draw(st.sampled_from(every))
        changed = replaced(changed, path, data.draw(json_values))
    try:
        journey_doc.validate_document(changed)
    except Invalid:
        return
    # Accepted: then it must also be storable (a None in a NOT NULL column was not).
    journey = import_journey(workspace, alice, changed)
    assert journey.pk


@FUZZ
@given(value=json_values)
def test_any_json_value_raises_only_the_readers_error(value):
    with contextlib.suppress(Invalid):
        journey_doc.validate_document(value)


@FUZZ
@given(data=st.data())
def test_damaged_files_raise_only_the_readers_error(document, data):
    raw = bytearray(json.dumps(document).encode())
    for _ in range(data.draw(st.integers(1, 5))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = data.draw(st.integers(0, 255))
    with contextlib.suppress(Invalid):
        read_document(bytes(raw))


@FUZZ
@given(raw=st.binary(max_size=300))
def test_arbitrary_bytes_raise_only_the_readers_error(raw):
    with contextlib.suppress(Invalid):
        read_document(raw)


@pytest.mark.parametrize("where", ["lane", "stage", "step"])
def test_a_name_that_is_not_text_is_refused_not_stored(alice, workspace, document, where):
    """Found by the fuzz test: a name of true passed the check (Django's to_python makes it
    "True") and the raw true reached the database and the history's label."""
    changed = copy.deepcopy(document)
    target = {
        "lane": changed["lanes"][0],
        "stage": changed["stages"][0],
        "step": changed["stages"][0]["steps"][0],
    }[where]
    target["name"] = True
    before = Journey.objects.count()
    with pytest.raises(Invalid) as caught:
        import_journey(workspace, alice, changed)
    assert any(p["where"].endswith(".name") for p in caught.value.details)
    assert Journey.objects.count() == before
