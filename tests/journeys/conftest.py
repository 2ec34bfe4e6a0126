"""Fixtures for the map tests: a viewer besides the shared owner/editor/outsider, and a
small map built through the services."""

from __future__ import annotations

import pytest

from teekond.accounts import services as accounts
from teekond.accounts.models import Membership, Role
from teekond.journeys import services
from teekond.journeys.models import LaneType
from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Users are created in almost every test; the slow default hasher adds nothing here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def dave(workspace):
    """A viewer of the workspace."""
    user = accounts.create_user(username="dave", email="dave@example.com", password=PASSWORD)
    Membership.objects.create(workspace=workspace, user=user, role=Role.VIEWER)
    return user


@pytest.fixture
def users(alice, bob, charlie, dave, other_workspace):
    return {"owner": alice, "editor": bob, "viewer": dave, "outsider": charlie}


# Expected status for (role, read or write).
READ = {"owner": 200, "editor": 200, "viewer": 200, "outsider": 404}
WRITE_DENIED = {"viewer": 403, "outsider": 404}
ROLES = ["owner", "editor", "viewer", "outsider"]


@pytest.fixture
def persona(workspace, alice):
    return services.create_persona(workspace, alice, {"name": "Kristiina", "age": 38})


@pytest.fixture
def journey(workspace, alice, persona):
    """Two stages (2 + 1 steps) and the default lanes."""
    j = services.create_journey(
        workspace, alice, title="Kooli valik", persona_id=persona.pk, stages=["Awareness", "Visit"]
    )
    first, second = list(j.stages.all())
    for name in ("Friend", "Website"):
        services.add_step(first, structure_version(j), name=name)
    services.add_step(second, structure_version(j), name="Open day")
    j.refresh_from_db()
    return j


def structure_version(journey) -> int:
    return type(journey).objects.get(pk=journey.pk).structure_version


def lane(journey, lane_type: str = LaneType.EMOTION):
    return journey.lanes.get(type=lane_type)


def steps(journey):
    return services.ordered_steps(journey)


def set_emotion(journey, step, emotion, valence=None):
    return services.upsert_cell(lane(journey), step, None, {"emotion": emotion, "valence": valence})
