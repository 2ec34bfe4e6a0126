"""Proves the PostgreSQL run really ran on PostgreSQL (CI sets TEEKOND_EXPECT_POSTGRES=1)."""

import os

import pytest
from django.db import connection

from teekond.accounts.models import Workspace


@pytest.mark.django_db
def test_the_database_is_the_expected_one(alice):
    expected = "postgresql" if os.environ.get("TEEKOND_EXPECT_POSTGRES") == "1" else None
    if expected is None:
        pytest.skip("set TEEKOND_EXPECT_POSTGRES=1 with a PostgreSQL DATABASE_URL")
    assert connection.vendor == expected
    ws = Workspace.objects.create(name="Ühine ruum ÕÄÖÜ")
    assert Workspace.objects.get(pk=ws.pk).name == "Ühine ruum ÕÄÖÜ"
