"""The map editor in real Chromium: build a small map from scratch, then a stale edit."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from teekond.journeys import services
from teekond.journeys.models import Cell, Journey, Persona, Stage

CURVE_PAD = 18  # EmotionCurve: padding above +3 and below -3, in SVG pixels
CURVE_HEIGHT = 150


def dialog_save(page, name: str) -> None:
    dialog = page.locator("#jm-dialog")
    expect(dialog).to_be_visible()
    dialog.locator("input[name=name]").fill(name)
    dialog.get_by_test_id("dialog-save").click()
    expect(dialog).to_be_hidden()


def structure_version(page, value: int) -> None:
    expect(page.locator("#jm")).to_have_attribute("data-structure-version", str(value))


def drag_point(page, step_id: int, valence: int) -> None:
    """Drag a point of the emotion curve with the mouse to ``valence``."""
    # Centred, so that the sticky lane labels do not cover it when the map scrolls sideways.
    page.locator(f'.jm-curve g.point[data-step-id="{step_id}"]').evaluate(
        "g => g.scrollIntoView({block: 'center', inline: 'center'})"
    )
    point = page.locator(f'.jm-curve g.point[data-step-id="{step_id}"] circle.dot')
    box = point.bounding_box()
    svg = page.locator(".jm-curve svg.emotion-curve").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    step = (svg["height"] - 2 * CURVE_PAD * svg["height"] / CURVE_HEIGHT) / 6
    target = svg["y"] + CURVE_PAD * svg["height"] / CURVE_HEIGHT + (3 - valence) * step
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, (y + target) / 2, steps=4)
    page.mouse.move(x, target, steps=4)
    page.mouse.up()
    cell = page.locator(f'.lane-emotion .jm-cell[data-step-id="{step_id}"]')
    expect(cell).to_have_attribute("data-version", re.compile(r"[1-9]"))


def test_build_a_map_from_scratch_then_find_it_in_estonian(logged_in_page, live_server):
    page = logged_in_page
    # Wide enough for the three stages beside the sidebar, so a stage is dragged onto another.
    page.set_viewport_size({"width": 1700, "height": 900})
    page.locator("[data-testid=language-switch] button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # A persona.
    page.goto(f"{live_server.url}/w/demo/personas/")
    form = page.get_by_test_id("persona-create")
    form.locator("input[name=name]").fill("Kadri Kask")
    form.locator("select[name=role]").select_option("user")
    form.locator("button[type=submit]").click()
    page.get_by_test_id("persona-form").locator("textarea[name=empathy_feels]").fill("Rushed")
    page.get_by_test_id("persona-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("persona-name")).to_have_text("Kadri Kask")

    # A blank map for her.
    page.goto(f"{live_server.url}/w/demo/maps/")
    new = page.get_by_test_id("new-map-form")
    new.locator("input[name=title]").fill("Ordering a bike")
    new.locator("select[name=persona]").select_option(label="Kadri Kask")
    new.locator("select[name=language]").select_option("en")
    new.locator("button[type=submit]").click()
    expect(page.get_by_test_id("journey-title")).to_have_text("Ordering a bike")
    expect(page.locator("#jm[data-ready=true]")).to_be_attached()

    # Three stages, five steps.
    for i, name in enumerate(["Discover", "Buy", "Ride"]):
        page.get_by_test_id("add-stage").click()
        dialog_save(page, name)
        structure_version(page, 2 + i)
    steps = {"Discover": ["Sees an ad", "Reads reviews"], "Buy": ["Orders online", "Pays"]}
    steps["Ride"] = ["First ride"]
    version = 4
    for stage_index, (stage, names) in enumerate(steps.items()):
        for name in names:
            page.locator(".jm-stage").nth(stage_index).locator(".add-step").click()
            dialog_save(page, name)
            version += 1
            structure_version(page, version)
    expect(page.locator(".jm-step")).to_have_count(5)

    # The emotion curve, set by dragging its points.
    journey = Journey.objects.get(title="Ordering a bike")
    step_ids = list(services.ordered_steps(journey))
    wanted = dict(zip([s.pk for s in step_ids], [1, 2, -2, -1, 3], strict=True))
    for step_id, valence in wanted.items():
        drag_point(page, step_id, valence)
    for step_id, valence in wanted.items():
        expect(page.locator(f'.jm-curve g.point[data-step-id="{step_id}"]')).to_have_attribute(
            "data-valence", str(valence)
        )

    # A reorder by drag: the third stage goes first.
    page.locator(".jm-stage").nth(0).scroll_into_view_if_needed()
    handle = page.locator(".jm-stage").nth(2).locator(".handle")
    target = page.locator(".jm-stage").nth(0).locator(".jm-stage-head")
    hb, tb = handle.bounding_box(), target.bounding_box()
    page.mouse.move(hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2)
    page.mouse.down()
    page.mouse.move(tb["x"] + 40, tb["y"] + tb["height"] / 2, steps=15)
    page.mouse.move(tb["x"] + 10, tb["y"] + tb["height"] / 2, steps=5)
    page.mouse.up()
    structure_version(page, version + 1)
    # And one by keyboard: the last lane moves up one place.
    lanes_before = list(journey.lanes.values_list("pk", flat=True))
    page.locator(".jm-lane").last.locator(".handle").focus()
    page.keyboard.press("Alt+ArrowUp")
    structure_version(page, version + 2)

    # Estonian, reload: everything is there.
    page.locator("[data-testid=language-switch] button[value=et]").click()
    expect(page.locator("html")).to_have_attribute("lang", "et")
    page.reload()
    expect(page.locator(".jm-corner span")).to_have_text("Etapid")
    expect(page.locator(".jm-stage .stage-name")).to_have_text(["Ride", "Discover", "Buy"])
    expect(page.locator(".jm-step .step-name")).to_have_text(
        ["First ride", "Sees an ad", "Reads reviews", "Orders online", "Pays"]
    )
    for step_id, valence in wanted.items():
        expect(page.locator(f'.jm-curve g.point[data-step-id="{step_id}"]')).to_have_attribute(
            "data-valence", str(valence)
        )

    # And in the database.
    journey.refresh_from_db()
    assert journey.persona == Persona.objects.get(name="Kadri Kask", role="user")
    assert journey.persona.empathy_feels == "Rushed"
    assert [s.name for s in journey.stages.all()] == ["Ride", "Discover", "Buy"]
    assert [s.name for s in services.ordered_steps(journey)][:3] == [
        "First ride",
        "Sees an ad",
        "Reads reviews",
    ]
    lane = services.emotion_lane(journey)
    stored = {c.step_id: c.effective_valence for c in Cell.objects.filter(lane=lane)}
    assert stored == wanted
    lanes_after = list(journey.lanes.values_list("pk", flat=True))
    assert lanes_after == [*lanes_before[:-2], lanes_before[-1], lanes_before[-2]]


def test_a_stale_edit_shows_the_conflict_and_keeps_the_other_change(
    logged_in_page, live_server, demo
):
    page = logged_in_page
    journey = Journey.objects.filter(workspace=demo.workspace, template_key="emma").first()
    page.goto(f"{live_server.url}/w/demo/maps/{journey.pk}/")
    expect(page.locator("#jm[data-ready=true]")).to_be_attached()
    stage = journey.stages.first()

    # Someone else renames the stage after this page was loaded.
    services.update_stage(stage, {"name": "Their name"}, stage.version)

    page.locator(f'.jm-stage[data-stage-id="{stage.pk}"] .stage-name').click()
    page.locator("#jm-dialog input[name=name]").fill("My name")
    page.get_by_test_id("dialog-save").click()
    # The 409 shows both versions to choose from (live co-editing, docs/live.md); nothing
    # is overwritten until the user chooses.
    choice = page.get_by_test_id("conflict-choice")
    expect(choice).to_be_visible()
    expect(choice).to_contain_text("Their name")
    expect(choice).to_contain_text("My name")
    expect(choice).to_contain_text("Vali")  # Estonian UI: "… Vali, kumb versioon jääb."
    assert Stage.objects.get(pk=stage.pk).name == "Their name"
