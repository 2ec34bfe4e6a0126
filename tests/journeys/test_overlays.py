"""The overlay registry: rows other apps lay over the map, in order, failures left out."""

import pytest
from django.test import Client

from teekond.core.providers import Registry
from teekond.journeys import overlays
from teekond.journeys.models import Journey, Stage, Step

pytestmark = pytest.mark.django_db


@pytest.fixture
def providers(monkeypatch):
    registered = Registry("test")
    monkeypatch.setattr(overlays, "PROVIDERS", registered)
    return registered


def test_rows_come_in_order_and_a_failing_provider_is_left_out(providers, workspace, caplog):
    journey = Journey.objects.create(workspace=workspace, title="Kohvik")
    stage = Stage.objects.create(journey=journey, name="Tellimine", position=0)
    step = Step.objects.create(journey=journey, stage=stage, name="Lett", position=0)

    def late(j, language):
        return {"key": "late", "label": "Late", "order": 50, "cells": {step.pk: {"value": "B"}}}

    def early(j, language):
        return {"key": "early", "label": "Early", "order": 5, "cells": {step.pk: {"value": "A"}}}

    def broken(j, language):
        raise RuntimeError("the measuring app is down")

    def nothing(j, language):
        return None

    for provider in (late, broken, early, nothing, early):
        overlays.register_overlay(provider)
    assert list(providers) == [late, broken, early, nothing]
    rows = overlays.overlay_rows(journey, "en")
    assert [r["key"] for r in rows] == ["early", "late"]
    assert "the measuring app is down" in caplog.text

    client = Client()
    client.force_login(workspace.memberships.first().user)
    client.cookies["teekond_language"] = "en"
    html = client.get(f"/w/{workspace.slug}/maps/{journey.pk}/").content.decode()
    assert html.index('data-overlay="early"') < html.index('data-overlay="late"')
    assert f'data-step-id="{step.pk}"' in html and ">A</span>" in html
