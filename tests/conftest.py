"""Shared fixtures: the three users every access test needs.

alice owns the workspace, bob is a member (editor unless a test changes it), charlie is an
outsider with a workspace of his own.
"""

from __future__ import annotations

import os

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings

from teekond.accounts import services
from teekond.accounts.models import Membership, Role

PASSWORD = "correct-horse-battery-9"


def pytest_configure(config):
    """Hash passwords cheaply: the production hasher (PBKDF2, a million rounds) costs about
    a quarter of a second of CPU per hash, and the suite creates and logs in users
    thousands of times. What a test checks of passwords (right, wrong, changed, throttled)
    does not depend on the hasher; processes the tests start (the CLI) keep the real one."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# In CI the fuzz tests replay the same examples every run, so a submission lands or fails on
# its code, not on the draw; on a developer's machine they explore new inputs each run (and
# keep what failed in .hypothesis/). Bugs fuzzing found are pinned with @example.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture
def alice(db):
    return services.create_user(username="alice", email="alice@example.com", password=PASSWORD)


@pytest.fixture
def bob(db):
    return services.create_user(username="bob", email="bob@example.com", password=PASSWORD)


@pytest.fixture
def charlie(db):
    return services.create_user(username="charlie", email="charlie@example.com", password=PASSWORD)


@pytest.fixture
def workspace(alice, bob):
    ws = services.create_workspace(alice, "Kohvik Oa")
    Membership.objects.create(workspace=ws, user=bob, role=Role.EDITOR)
    return ws


@pytest.fixture
def other_workspace(charlie):
    return services.create_workspace(charlie, "Charlie's shop")


class ApiClient:
    """A test client that speaks JSON with a bearer token."""

    def __init__(self, user=None):
        self.client = Client()
        self.headers = {}
        if user is not None:
            _, raw = services.create_token(user, "tests")
            self.headers["Authorization"] = f"Bearer {raw}"

    def _call(self, method, path, json=None):
        kwargs = {"headers": self.headers}
        if json is not None:
            kwargs.update(data=json, content_type="application/json")
        return getattr(self.client, method)(path, **kwargs)

    def get(self, path):
        return self._call("get", path)

    def post(self, path, json=None):
        return self._call("post", path, json if json is not None else {})

    def put(self, path, json=None):
        return self._call("put", path, json)

    def patch(self, path, json=None):
        return self._call("patch", path, json)

    def delete(self, path):
        return self._call("delete", path)


@pytest.fixture
def api():
    """``api(user)`` returns a JSON client authenticated as that user (or anonymous)."""
    return ApiClient
