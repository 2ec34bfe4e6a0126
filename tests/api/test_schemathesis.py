"""Schemathesis over every operation of the API, in process, against the demo workspace.

Each operation gets ``TEEKOND_FUZZ_EXAMPLES`` generated requests (valid and invalid ones,
fixed seed), sent as the demo's owner with a bearer token; path and query ids are often
swapped for ids of real demo objects so requests reach past "not found". Every answer must
be no server error and conform to the OpenAPI document: a documented status, content type,
headers and body. Each request runs in a savepoint that is rolled back, so every request
sees the fresh demo. Run it alone with ``make test-api-fuzz``; see docs/decisions.md.
"""

from __future__ import annotations

import json
import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from teekond.api.api import api

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

EXAMPLES = int(os.environ.get("TEEKOND_FUZZ_EXAMPLES", "15"))
# The viewer's and the outsider's runs look for leaks and writes, not for new inputs: fewer.
ROLE_EXAMPLES = max(1, EXAMPLES // 5)
# How often a generated id is replaced by a real one (the rest exercise "not found").
REAL_ID_SHARE = 0.7

schema = schemathesis.openapi.from_dict(
    json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/")))
)
schema.app = WSGIHandler()

CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

# name of an id parameter -> ids of demo objects it may take; filled by the demo fixture.
REAL_IDS: dict[str, list[int]] = {}


def _with_real_ids(values: dict) -> st.SearchStrategy:
    names = [n for n in values if REAL_IDS.get(n)]
    if not names:
        return st.just(values)
    real = st.fixed_dictionaries({n: st.sampled_from(REAL_IDS[n]) for n in names})
    return st.tuples(st.floats(0, 1), real).map(
        lambda pair: {**values, **pair[1]} if pair[0] < REAL_ID_SHARE else values
    )


@schema.hook("flatmap_path_parameters")
def _real_path_ids(context, path_parameters):
    return _with_real_ids(path_parameters or {})


@schema.hook("flatmap_query")
def _real_query_ids(context, query):
    return _with_real_ids(query or {})


def _demo_ids() -> dict[str, list[int]]:
    """Every id of the demo workspace, under the parameter names the API uses for it."""
    from teekond.accounts.models import ApiToken, Membership, Workspace
    from teekond.actions.models import Assessment, BacklogItem, JourneyVersion
    from teekond.eventlogs.models import EventLog
    from teekond.journeys.models import Cell, Journey, Lane, Persona, Stage, Step
    from teekond.research.models import ImportJob

    workspace = Workspace.objects.get(memberships__user__username="demo", memberships__role="owner")
    in_workspace = {"workspace": workspace}
    in_map = {"journey__workspace": workspace}
    found = {
        "workspace_id": [workspace.pk],
        "journey_id": Journey.objects.filter(**in_workspace),
        "persona_id": Persona.objects.filter(**in_workspace),
        "stage_id": Stage.objects.filter(**in_map),
        "step_id": Step.objects.filter(**in_map),
        "lane_id": Lane.objects.filter(**in_map),
        "cell_id": Cell.objects.filter(**in_map),
        "log_id": EventLog.objects.filter(**in_workspace),
        "job_id": ImportJob.objects.filter(**in_workspace),
        "item_id": BacklogItem.objects.filter(**in_workspace),
        "assessment_id": Assessment.objects.filter(**in_workspace),
        "number": JourneyVersion.objects.filter(**in_workspace).values_list("number", flat=True),
        "user_id": Membership.objects.filter(**in_workspace).values_list("user_id", flat=True),
        "token_id": ApiToken.objects.filter(user__username="demo"),
    }
    return {name: sorted({getattr(o, "pk", o) for o in ids}) for name, ids in found.items()}


@pytest.fixture(scope="module")
def demo_token(django_db_setup, django_db_blocker):
    """The demo loaded once for the module (each request is rolled back), and a token of
    its owner."""
    from teekond.accounts import services
    from teekond.accounts.demo import load_demo
    from teekond.accounts.models import User

    with django_db_blocker.unblock():
        load_demo()
        _, raw = services.create_token(User.objects.get(username="demo"), "schemathesis")
        REAL_IDS.update(_demo_ids())
        yield raw
        REAL_IDS.clear()
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def role_tokens(demo_token, django_db_blocker):
    """Tokens of the demo's viewer (kati) and of an outsider with a workspace of his own."""
    from teekond.accounts import services
    from teekond.accounts.models import User

    with django_db_blocker.unblock():
        outsider = services.create_user(
            username="outsider", email="outsider@example.com", password="x-Outsider-9-pass"
        )
        services.create_workspace(outsider, "Outsider's shop")
        READER["id"] = User.objects.get(username="kati").pk
        return {
            "viewer": services.create_token(User.objects.get(username="kati"), "fuzz")[1],
            "outsider": services.create_token(outsider, "fuzz")[1],
        }


# Writes anyone signed in may make: of their own account, not of the demo workspace.
OWN_WRITES = {
    "POST /api/workspaces",
    "POST /api/invitations/{token}/accept",
    "POST /api/tokens",
    "DELETE /api/tokens/{token_id}",
    "POST /api/notifications/read",
    # Viewers may comment on a map (actions.services: a comment needs the viewer role).
    "POST /api/workspaces/{workspace_id}/comments",
}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# A member may leave a workspace: the viewer removing their own membership is theirs to do.
LEAVE = "DELETE /api/workspaces/{workspace_id}/members/{user_id}"
READER: dict[str, int] = {}


@schemathesis.check
def no_write_succeeds(ctx, response, case):
    """The viewer (a member of the demo workspace only) never changes anything in it: no
    2xx on a write other than of their own account."""
    label = f"{case.method.upper()} {case.operation.path}"
    if label == LEAVE and (case.path_parameters or {}).get("user_id") == READER.get("id"):
        return None
    if case.method.upper() in WRITES and label not in OWN_WRITES and response.status_code < 300:
        raise AssertionError(f"{label} answered {response.status_code} to a reader")
    return None


@schemathesis.check
def outsider_sees_nothing(ctx, response, case):
    """An outsider gets no 2xx on anything under the demo workspace's ids."""
    path = case.operation.path
    real = [
        name
        for name, value in (case.path_parameters or {}).items()
        if value in REAL_IDS.get(name, ()) and name != "token_id"
    ]
    if real and response.status_code < 300:
        raise AssertionError(f"{case.method.upper()} {path} with demo ids {real} answered 2xx")
    return None


@pytest.fixture
def in_process(monkeypatch):
    """Requests share the test's connection: Django must not close it between requests,
    as its own test client also arranges."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_conform_to_its_openapi_document(case, demo_token, in_process):
    with transaction.atomic():
        case.call_and_validate(headers={"Authorization": f"Bearer {demo_token}"}, checks=CHECKS)
        transaction.set_rollback(True)


@schema.parametrize()
@settings(
    max_examples=ROLE_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.parametrize("role", ["viewer", "outsider"])
def test_readers_and_outsiders_get_no_errors_and_change_nothing(
    case, role, role_tokens, in_process
):
    checks = [*CHECKS, no_write_succeeds if role == "viewer" else outsider_sees_nothing]
    with transaction.atomic():
        case.call_and_validate(
            headers={"Authorization": f"Bearer {role_tokens[role]}"}, checks=checks
        )
        transaction.set_rollback(True)
