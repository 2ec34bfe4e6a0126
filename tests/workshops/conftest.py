"""Fixtures for the workshop tests: a viewer besides the shared owner/editor/outsider, the
school map of ``tests.maps`` and a running workshop on it."""

from __future__ import annotations

import pytest

from teekond.accounts import services as accounts
from teekond.accounts.models import Membership, Role
from teekond.workshops import services
from tests.conftest import PASSWORD
from tests.maps import make_map


@pytest.fixture(autouse=True)
def fast_passwords(settings):
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


ROLES = ["owner", "editor", "viewer", "outsider"]


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
