"""Versions of a journey: snapshots, the audit log of changes, diff, restore."""

import pytest

from teekond.actions import audit, versions
from teekond.actions.models import ChangeLog, JourneyVersion
from teekond.core.errors import Conflict
from teekond.journeys.models import Cell, Stage, Step
from tests.maps import make_map

pytestmark = pytest.mark.django_db


def test_changes_to_the_map_are_logged_with_who_and_what(alice, workspace):
    journey = make_map(workspace, alice)
    step = Step.objects.filter(journey=journey).first()
    with audit.acting_as(alice):
        step.name = "Naabri soovitus"
        step.save()
    line = ChangeLog.objects.filter(action="updated").first()
    assert line.actor == alice and line.journey_id == journey.pk
    assert line.changes == {"name": ["Sõbra soovitus", "Naabri soovitus"]}
    assert ChangeLog.objects.filter(action="created", journey=journey).count() > 5


def test_reorders_and_moves_are_logged(alice, workspace):
    from teekond.journeys import services as journeys

    journey = make_map(workspace, alice)
    awareness, decision = Stage.objects.filter(journey=journey).order_by("position")
    ChangeLog.objects.all().delete()

    def version():
        journey.refresh_from_db()
        return journey.structure_version

    with audit.acting_as(alice):
        journeys.reorder_stages(journey, version(), [decision.pk, awareness.pk])
        steps = list(awareness.steps.order_by("position"))
        journeys.reorder_steps(awareness, version(), [steps[1].pk, steps[0].pk])
        lanes = list(journey.lanes.order_by("position"))
        journeys.reorder_lanes(journey, version(), [lanes[2].pk, lanes[0].pk, lanes[1].pk])
        journeys.move_step(steps[0], version(), decision, 0)
        journeys.reorder_stages(journey, version(), [decision.pk, awareness.pk])  # no change
    lines = [(c.label, c.changes, c.actor) for c in ChangeLog.objects.order_by("pk")]
    assert lines == [
        ("Kooli valik", {"stages": ["Teadlikkus, Otsus", "Otsus, Teadlikkus"]}, alice),
        (
            "Teadlikkus",
            {"steps": ["Sõbra soovitus, Kooli koduleht", "Kooli koduleht, Sõbra soovitus"]},
            alice,
        ),
        (
            "Kooli valik",
            {"lanes": ["Tegevused, Emotsioonid, Võimalused", "Võimalused, Tegevused, Emotsioonid"]},
            alice,
        ),
        ("Sõbra soovitus", {"stage": ["Teadlikkus", "Otsus"]}, alice),
    ]
    assert all(c.journey_id == journey.pk for c in ChangeLog.objects.all())


def test_diff_and_restore(alice, workspace):
    journey = make_map(workspace, alice)
    v1 = versions.save_version(alice, journey, "Enne töötuba")
    assert v1.number == 1 and v1.document["stages"][0]["name"] == "Teadlikkus"
    first = Step.objects.filter(journey=journey).first()
    first.name = "Reklaam"
    first.save()
    Stage.objects.filter(journey=journey, name="Otsus").update(description="Vanem otsustab")
    cell = Cell.objects.filter(step__name="Kooli koduleht", lane__type="emotion").get()
    cell.emotion = "angry"
    cell.save()
    v2 = versions.save_version(alice, journey, "Pärast töötuba")
    diff = versions.diff_documents(v1.document, v2.document)
    awareness = diff["stages"][0]
    statuses = {s["name"]: s["status"] for s in awareness["steps"]}
    # The renamed step is one changed step, not a removed one and an added one.
    assert statuses == {"Reklaam": "changed", "Kooli koduleht": "changed"}
    renamed = next(s for s in awareness["steps"] if s["name"] == "Reklaam")
    assert renamed["changes"] == {"name": ["Sõbra soovitus", "Reklaam"]}
    website = next(s for s in awareness["steps"] if s["name"] == "Kooli koduleht")
    assert website["cells"][0]["changes"] == {"emotion": ["uneasy", "angry"]}
    assert diff["stages"][1]["changes"] == {"description": ["", "Vanem otsustab"]}
    structure = journey.structure_version
    versions.restore_version(alice, journey, 1, structure_version=structure)
    assert (
        list(Step.objects.filter(journey=journey).values_list("name", flat=True))[0]
        == "Sõbra soovitus"
    )
    # the state before the restore was kept as a version
    assert JourneyVersion.objects.filter(journey=journey).count() == 3
    assert ChangeLog.objects.filter(action="restored", journey=journey).exists()
    journey.refresh_from_db()
    with pytest.raises(Conflict):
        versions.restore_version(alice, journey, 2, structure_version=structure)


def _doc(*stages):
    return {"stages": [{"name": n, "steps": [{"name": s} for s in steps]} for n, steps in stages]}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # pure renames pair in order, even two at once
        (["A", "B", "C"], ["A", "X", "Y"], [("X", "changed"), ("Y", "changed"), ("A", "same")]),
        # a rename next to an addition pairs by position; the addition stays an addition
        (["A", "B"], ["A", "X", "N"], [("A", "same"), ("X", "changed"), ("N", "added")]),
        # a removal next to a rename: the new name at the old one's position is the rename
        (["A", "B", "C"], ["X", "C"], [("X", "changed"), ("B", "removed"), ("C", "same")]),
        # a rename that also moved cannot be told from a removal plus an addition
        (
            ["A", "B", "C"],
            ["C", "A", "N", "X"],
            [("A", "same"), ("B", "removed")] + [("C", "same"), ("N", "added"), ("X", "added")],
        ),
        # repeated names still match the n-th with the n-th
        (["A", "A"], ["A", "A", "A"], [("A", "same"), ("A", "same"), ("A", "added")]),
    ],
)
def test_the_diff_pairs_renamed_steps(old, new, expected):
    diff = versions.diff_documents(_doc(("Etapp", old)), _doc(("Etapp", new)))
    steps = diff["stages"][0]["steps"]
    got = sorted((s["name"], s["status"]) for s in steps)
    assert got == sorted(expected)


def test_a_renamed_stage_keeps_its_steps_matched():
    diff = versions.diff_documents(_doc(("Ost", ["Kassa"])), _doc(("Tellimine", ["Kassa"])))
    stage = diff["stages"][0]
    assert (stage["name"], stage["status"]) == ("Tellimine", "changed")
    assert stage["changes"] == {"name": ["Ost", "Tellimine"]}
    assert [(s["name"], s["status"]) for s in stage["steps"]] == [("Kassa", "same")]


def test_version_roles(api, alice, bob, charlie, workspace):
    from teekond.accounts.models import Membership, Role

    journey = make_map(workspace, alice)
    url = f"/api/workspaces/{workspace.id}/journeys/{journey.id}/versions"
    assert api(bob).post(url, {"name": "v"}).status_code == 201
    Membership.objects.filter(user=bob).update(role=Role.VIEWER)
    assert api(bob).get(url).status_code == 200
    assert api(bob).post(url, {"name": "v"}).status_code == 403
    assert api(charlie).get(url).status_code == 404
    assert api(charlie).post(url, {"name": "v"}).status_code == 404
    assert api(bob).post(f"{url}/1/restore", {}).status_code == 403
    assert api(alice).get(f"{url}/diff?old=1").status_code == 200
    assert api(alice).post(f"{url}/1/restore", {}).status_code == 200
    assert JourneyVersion.objects.filter(journey=journey).count() == 2


def test_deleting_a_journey_keeps_a_history_line_without_breaking(alice, workspace):
    journey = make_map(workspace, alice)
    with audit.acting_as(alice):
        journey.delete()
    line = ChangeLog.objects.filter(action="deleted").get()
    assert line.label == "Kooli valik" and line.journey_id is None


def test_changes_through_the_map_api_name_the_token_user(api, alice, bob, workspace):
    journey = make_map(workspace, alice)
    step = Step.objects.filter(journey=journey).first()
    response = api(bob).patch(f"/api/steps/{step.id}", {"version": step.version, "name": "Reklaam"})
    assert response.status_code == 200
    line = ChangeLog.objects.filter(action="updated").get()
    assert line.actor == bob and line.changes == {"name": ["Sõbra soovitus", "Reklaam"]}
    history = (
        api(alice)
        .get(f"/api/workspaces/{workspace.id}/history?subject=journeys.step:{step.id}")
        .json()
    )
    assert history[0]["actor"] == "bob"
