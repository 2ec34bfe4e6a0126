"""The Act pages of a journey and the crisis wizard, with owner, editor, viewer, outsider."""

import pytest
from django.test import Client

from teekond.accounts.models import Membership, Role
from teekond.actions.models import BacklogItem, Comment, CrisisPlan, JourneyVersion, Review
from teekond.journeys.models import Journey, Stage, Step
from tests.maps import make_map

pytestmark = pytest.mark.django_db


def login(user):
    client = Client()
    client.force_login(user)
    return client


def test_act_pages_for_each_role(alice, bob, charlie, workspace):
    journey = make_map(workspace, alice)
    base = f"/w/{workspace.slug}/journeys/{journey.id}/act/"
    page = login(alice).get(base).content.decode()
    assert 'data-testid="health-score"' in page and "Teadlikkus" in page
    assert login(alice).get(f"/w/{workspace.slug}/act/").status_code == 200
    stage = Stage.objects.filter(journey=journey).first()
    response = login(bob).post(base, {"action": "owner", "stage": stage.id, "owner_id": alice.id})
    assert response.status_code == 302
    assert Stage.objects.get(pk=stage.pk).owner == alice
    login(bob).post(base, {"action": "cadence", "cadence": "monthly"})
    login(bob).post(
        base, {"action": "review", "held_on": "2026-11-01", "findings": "Järjekord on pikem"}
    )
    assert Review.objects.get().findings == "Järjekord on pikem"
    login(bob).post(base, {"action": "version", "name": "Töötoa järel"})
    assert JourneyVersion.objects.filter(journey=journey).count() == 1
    step = Step.objects.filter(journey=journey).first()
    login(bob).post(
        base,
        {
            "action": "comment",
            "subject": f"journeys.step:{step.id}",
            "body": "@alice vaata",
            "kind": "observation",
            "evidence": "observation",
        },
    )
    assert Comment.objects.get().journey == journey
    diff = login(alice).get(f"/w/{workspace.slug}/journeys/{journey.id}/versions/diff/?old=1")
    assert diff.status_code == 200
    Membership.objects.filter(user=bob).update(role=Role.VIEWER)
    assert login(bob).get(base).status_code == 200
    assert login(bob).post(base, {"action": "version", "name": "x"}).status_code == 403
    assert login(charlie).get(base).status_code == 404
    assert login(charlie).post(base, {"action": "version", "name": "x"}).status_code == 404
    assert JourneyVersion.objects.count() == 1


def test_crisis_wizard_pages(alice, bob, charlie, workspace):
    journey = make_map(workspace, alice)
    client = login(bob)
    response = client.post(
        f"/w/{workspace.slug}/crisis/new/",
        {
            "title": "Kool kinni",
            "reasons": ["A", "B", "C", "", ""],
            "problems": "Õpe",
            "horizon": "2028",
        },
    )
    assert response.status_code == 302
    plan = CrisisPlan.objects.get()
    url = f"/w/{workspace.slug}/crisis/{plan.id}/"
    client.post(url, {"step": "2", "version": plan.version, "journey": journey.id})
    plan.refresh_from_db()
    page = client.get(url + "?step=3&medium=physical").content.decode()
    assert "Lahtiste uste päev" in page and "Kooli koduleht" not in page
    open_day = Step.objects.get(journey=journey, name="Lahtiste uste päev")
    client.post(url, {"step": "3", "version": plan.version, "blocked": [open_day.id]})
    plan.refresh_from_db()
    client.post(url, {"step": "4", "version": plan.version, f"replace_{open_day.id}": "app"})
    plan.refresh_from_db()
    stale = client.post(url, {"step": "5", "version": plan.version - 1})
    assert stale.status_code == 302 and Journey.objects.count() == 1
    client.post(url, {"step": "5", "version": plan.version, "title": "Kooli valik kriisis"})
    plan.refresh_from_db()
    assert plan.new_journey.title == "Kooli valik kriisis"
    client.post(
        url,
        {
            "step": "6",
            "version": plan.version,
            "title": "Virtuaalne lahtiste uste päev",
            "owner_id": alice.id,
            "deadline": "2026-11-25",
        },
    )
    assert BacklogItem.objects.get(crisis_plan=plan).owner == alice
    assert login(charlie).get(url).status_code == 404
    Membership.objects.filter(user=bob).update(role=Role.VIEWER)
    assert login(bob).get(url).status_code == 200
    assert (
        login(bob)
        .post(
            url,
            {
                "step": "6",
                "version": plan.version,
                "title": "x",
                "owner_id": alice.id,
                "deadline": "2026-11-25",
            },
        )
        .status_code
        == 403
    )
    assert login(bob).get(f"/w/{workspace.slug}/crisis/new/").status_code == 403
