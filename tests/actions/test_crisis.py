"""The crisis re-mapping wizard's services: reasons, journey, blocked touchpoints,
replacements, the new journey and the implementation plan."""

import pytest

from teekond.actions import crisis
from teekond.actions.models import BacklogItem
from teekond.core.errors import Conflict, Invalid
from teekond.journeys.models import Step
from tests.maps import make_map

pytestmark = pytest.mark.django_db

REASONS = ["Uksed on kinni", "Inimesed kardavad kokkusaamisi", "Käive kukkus"]


def test_whole_wizard(alice, bob, workspace):
    journey = make_map(workspace, alice)
    with pytest.raises(Invalid):
        crisis.start_plan(bob, workspace, "Kool kriisis", REASONS[:2])
    plan = crisis.start_plan(
        bob, workspace, "Kool kriisis", REASONS, "Õpe kodus", "2028: hübriidkool"
    )
    plan = crisis.choose_journey(bob, plan, plan.version, journey.id)
    physical = crisis.source_steps(plan, "physical")
    assert {s.name for s in physical} == {"Sõbra soovitus", "Lahtiste uste päev"}
    open_day = next(s for s in physical if s.name == "Lahtiste uste päev")
    friend = next(s for s in physical if s.name == "Sõbra soovitus")
    plan = crisis.mark_blocked(bob, plan, plan.version, [open_day.id, friend.id])
    with pytest.raises(Invalid):
        crisis.set_replacements(bob, plan, plan.version, {str(open_day.id): "physical"})
    plan = crisis.set_replacements(
        bob, plan, plan.version, {str(open_day.id): "app", str(friend.id): ""}
    )
    stale = plan.version - 1
    with pytest.raises(Conflict):
        crisis.produce_journey(bob, plan, stale)
    new = crisis.produce_journey(bob, plan, plan.version)
    plan.refresh_from_db()
    assert plan.new_journey == new and plan.source_journey == journey and plan.step == 6
    names = list(Step.objects.filter(journey=new).values_list("name", "channel", "medium"))
    assert ("Lahtiste uste päev", "app", "digital") in names
    assert "Sõbra soovitus" not in [n for n, _c, _m in names]
    assert Step.objects.filter(journey=journey).count() == 4  # the original is untouched
    with pytest.raises(Invalid):
        crisis.add_plan_action(bob, plan, "Veebitund", None, None)
    action = crisis.add_plan_action(bob, plan, "Veebitund", alice.id, crisis.default_deadline())
    assert action.crisis_plan == plan and action.journey == new and action.owner == alice
    assert BacklogItem.objects.filter(crisis_plan=plan).count() == 1


def test_outsiders_and_viewers(api, alice, bob, charlie, workspace):
    from teekond.accounts.models import Membership, Role
    from teekond.core.errors import Forbidden, NotFound

    make_map(workspace, alice)
    with pytest.raises(NotFound):
        crisis.start_plan(charlie, workspace, "x", REASONS)
    Membership.objects.filter(user=bob).update(role=Role.VIEWER)
    with pytest.raises(Forbidden):
        crisis.start_plan(bob, workspace, "x", REASONS)
