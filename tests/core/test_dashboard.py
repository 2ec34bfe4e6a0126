"""The workspace home page: live figures per pillar from every app, and who sees them."""

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from teekond.actions import services as actions
from teekond.core import dashboard
from teekond.core.providers import Registry
from teekond.research.models import Customer, Response
from tests.maps import make_map, page_as

pytestmark = pytest.mark.django_db


def home(user, workspace, language="en") -> str:
    return page_as(user, f"/w/{workspace.slug}/", language)


def figure(html: str, key: str) -> tuple[str, str]:
    """(value, the figure's whole HTML) of one figure on the page."""
    found = re.search(rf'<div class="figure[^"]*" data-figure="{key}">(.*?)</div>', html, re.S)
    assert found, f"no figure {key}"
    value = re.search(r'class="figure-value">([^<]*)<', found.group(0)).group(1)
    return value, found.group(0)


def test_an_empty_workspace_says_where_to_start(alice, workspace):
    html = home(alice, workspace)
    assert figure(html, "maps")[0] == "0" and figure(html, "open")[0] == "0"
    assert "No answers yet: open a micro-survey on a touchpoint." in html
    assert 'data-figure="churn"' not in html  # nobody has left: no churn figure
    assert 'data-figure="logs"' not in html  # no event logs: no event-log panel


def test_the_home_page_shows_each_pillars_figures(alice, bob, workspace):
    journey = make_map(workspace, alice)
    step = journey.steps.order_by("stage__position", "position").first()
    now = timezone.now()
    # NPS of the last 90 days: 10, 10, 9, 3 → 3 promoters, 1 detractor of 4 → +50;
    # the 90 days before: 0, 10 → 0; CSAT 5, 4, 2, 1 → 50 %.
    Customer.objects.create(
        workspace=workspace, external_id="K1", name="A", churned_on=date(2026, 1, 1)
    )
    Customer.objects.create(workspace=workspace, external_id="K2", name="B")
    for i, (nps, csat) in enumerate([(10, 5), (10, 4), (9, 2), (3, 1)]):
        Response.objects.create(
            workspace=workspace,
            journey=journey,
            step=step,
            nps=nps,
            csat=csat,
            complaint=csat == 1,
            idempotency_key=f"new{i}",
            answered_at=now - timedelta(days=10 + i),
        )
    for i, nps in enumerate([0, 10]):
        Response.objects.create(
            workspace=workspace,
            journey=journey,
            step=step,
            nps=nps,
            idempotency_key=f"old{i}",
            answered_at=now - timedelta(days=120),
        )
    yesterday = timezone.localdate() - timedelta(days=1)
    actions.create_backlog_item(
        alice,
        workspace,
        {"title": "Parkla viidad", "deadline": yesterday, "impact": 5, "effort": 1},
    )
    actions.create_backlog_item(
        alice, workspace, {"title": "Uus koduleht", "deadline": date(2099, 1, 1), "status": "done"}
    )
    html = home(bob, workspace)
    assert figure(html, "maps")[0] == "1" and figure(html, "personas")[0] == "1"
    nps, nps_html = figure(html, "nps")
    assert nps == "+50" and "tone-good" in nps_html
    assert "90 days, n=4 · +50 vs the 90 days before" in nps_html
    assert figure(html, "csat")[0] == "50\u00a0%"
    assert figure(html, "answers")[0] == "4"  # the last 30 days
    complaints, complaints_html = figure(html, "complaints")
    assert complaints == "1" and "25.0\u00a0% of answers, 90 days" in complaints_html
    churn, churn_html = figure(html, "churn")
    assert churn == "1" and "50.0\u00a0% of 2 CRM customers" in churn_html
    assert figure(html, "open")[0] == "1"  # the done one is not open
    overdue, overdue_html = figure(html, "overdue")
    assert overdue == "1" and "tone-bad" in overdue_html
    assert figure(html, "quick_wins")[0] == "1"
    assert "Parkla viidad" in html and "overdue since" in html
    assert 'data-pillar="map"' in html and 'data-pillar="act"' in html


def test_the_home_page_in_estonian(alice, workspace):
    html = home(alice, workspace, "et")
    assert "avatud tegevust" in html and "Vastuseid veel pole" in html


def test_outsiders_see_no_home_page(charlie, workspace):
    client = Client()
    client.force_login(charlie)
    assert client.get(f"/w/{workspace.slug}/").status_code == 404


def test_panels_are_grouped_sorted_and_a_failing_one_is_left_out(
    monkeypatch, workspace, alice, caplog
):
    monkeypatch.setattr(dashboard, "PROVIDERS", Registry("test"))

    def late(ws, user):
        return {"pillar": "act", "order": 50, "figures": [{"key": "b", "label": "B", "value": "2"}]}

    def early(ws, user):
        return {"pillar": "act", "order": 5, "figures": [{"key": "a", "label": "A", "value": "1"}]}

    def broken(ws, user):
        raise RuntimeError("the backlog is down")

    def elsewhere(ws, user):
        return {"pillar": "nowhere", "figures": []}

    for provider in (late, broken, early, elsewhere, lambda ws, user: None):
        dashboard.register_panel(provider)
    found = dashboard.panels(workspace, alice)
    assert [p["order"] for p in found["act"]] == [5, 50]
    assert found["map"] == [] and found["measure"] == []
    assert "the backlog is down" in caplog.text
    html = home(alice, workspace)
    assert html.index('data-figure="a"') < html.index('data-figure="b"')


def test_the_dashboard_in_the_api(api, alice, charlie, workspace):
    make_map(workspace, alice)
    got = api(alice).get(f"/api/workspaces/{workspace.pk}/dashboard")
    assert got.status_code == 200
    panels = got.json()
    assert set(panels) == {"map", "measure", "act"}
    maps = next(f for f in panels["map"][0]["figures"] if f["key"] == "maps")
    assert maps["value"] == "1" and maps["link"] == f"/w/{workspace.slug}/maps/"
    assert api(charlie).get(f"/api/workspaces/{workspace.pk}/dashboard").status_code == 404
    assert api().get(f"/api/workspaces/{workspace.pk}/dashboard").status_code == 401
