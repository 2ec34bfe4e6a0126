"""Fixtures for the workshop tests: a viewer besides the shared owner/editor/outsider, the
school map of ``tests.maps`` and a running workshop on it."""

from __future__ import annotations

import pytest

from teekond.workshops import services
from tests.journeys.conftest import ROLES, dave, fast_passwords, users  # noqa: F401 - fixtures
from tests.maps import make_map


@pytest.fixture
def journey(workspace, alice):
    return make_map(workspace, alice)


@pytest.fixture
def workshop(journey, alice):
    """A running workshop on the school map, facilitated by alice."""
    workshop = services.create_workshop(alice, journey, "Kooli teekonna õpituba")
    services.start(services.member_actor(alice, workshop))
    workshop.refresh_from_db()
    return workshop


def actor(user, workshop):
    workshop.refresh_from_db()
    return services.member_actor(user, workshop)


def step(workshop, key):
    return workshop.agenda.get(key=key)
