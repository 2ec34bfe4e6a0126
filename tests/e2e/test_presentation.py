"""The presentation and the emotion curve in real Chromium: the stage-by-stage walk-through,
evidence on demand, print starting with the map; a dragged point takes the emotion of its
new level, and its line and word follow it while it moves."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from teekond.journeys import services
from teekond.journeys.models import Cell, Journey


def demo_map(demo) -> Journey:
    return Journey.objects.filter(workspace__slug="demo").order_by("pk").first()


def test_the_presentation_walks_through_the_stages_with_the_arrow_keys(
    logged_in_page, live_server, demo
):
    page = logged_in_page
    journey = demo_map(demo)
    stages = [s.name for s in journey.stages.all()]
    page.locator("[data-testid=language-switch] button[value=en]").click()
    page.goto(f"{live_server.url}/w/demo/maps/{journey.pk}/present/")
    expect(page.locator(".jm[data-ready=true]")).to_be_attached()
    # No edit chrome: no app bar, no edit buttons, no handles, no evidence outlines.
    expect(page.locator(".topbar")).to_have_count(0)
    expect(page.locator(".handle, .add-stage, .add-step, .add-lane")).to_have_count(0)
    expect(page.locator(".jm-curve svg.emotion-curve")).to_be_visible()
    assumed = page.locator(".jm-cell.assumed").first
    expect(assumed).to_have_css("border-top-style", "solid")
    expect(page.locator(".jm-cell .ev-badge").first).to_be_hidden()
    # Fitted to the width: the whole map is visible without scrolling.
    table = page.locator(".jm-table").bounding_box()
    assert table["x"] + table["width"] <= page.viewport_size["width"] + 1
    # → lights one stage after another, ← goes back, Esc shows the whole map.
    stage_label = page.get_by_test_id("present-stage")
    expect(stage_label).to_have_text("The whole map")
    page.keyboard.press("ArrowRight")
    expect(stage_label).to_have_text(f"Stage 1 of {len(stages)}: {stages[0]}")
    expect(page.locator(".present-spotlight")).to_be_visible()
    first = page.locator(".jm-stage").nth(0).bounding_box()
    light = page.locator(".present-spotlight").bounding_box()
    assert abs(light["x"] - first["x"]) < 2 and abs(light["width"] - first["width"]) < 2
    page.keyboard.press("ArrowRight")
    expect(stage_label).to_have_text(f"Stage 2 of {len(stages)}: {stages[1]}")
    second = page.locator(".jm-stage").nth(1).bounding_box()
    expect(page.locator(".jm-stage.present-current")).to_have_attribute(
        "data-stage-id", str(journey.stages.all()[1].pk)
    )
    light = page.locator(".present-spotlight").bounding_box()
    assert abs(light["x"] - second["x"]) < 2
    page.keyboard.press("ArrowLeft")
    expect(stage_label).to_have_text(f"Stage 1 of {len(stages)}: {stages[0]}")
    page.keyboard.press("Escape")
    expect(stage_label).to_have_text("The whole map")
    expect(page.locator(".present-spotlight")).to_be_hidden()
    # Zoom in, then fit again.
    page.keyboard.press("+")
    expect(page.get_by_test_id("fit-width")).to_have_attribute("aria-pressed", "false")
    page.get_by_test_id("fit-width").click()
    expect(page.get_by_test_id("fit-width")).to_have_attribute("aria-pressed", "true")
    # Evidence on demand.
    page.get_by_test_id("show-evidence").check()
    expect(assumed).to_have_css("border-top-style", "dashed")
    expect(page.locator(".jm-cell .ev-badge").first).to_be_visible()
    # Printed, the map is on the first page: nothing but the title above it.
    page.emulate_media(media="print")
    expect(page.get_by_test_id("present-bar")).to_be_hidden()
    grid = page.locator(".jm-table").bounding_box()
    assert grid["y"] < 200


def drag_to(page, step_id: int, valence: int) -> None:
    svg = page.locator(".jm-curve svg.emotion-curve")
    page.locator(f'.jm-curve g.point[data-step-id="{step_id}"]').evaluate(
        "g => g.scrollIntoView({block: 'center', inline: 'center'})"
    )
    levels = page.evaluate(
        "() => JSON.parse(document.querySelector('.jm-curve svg.emotion-curve').dataset.levels)"
    )
    box = page.locator(f'.jm-curve g.point[data-step-id="{step_id}"] circle.dot').bounding_box()
    frame = svg.bounding_box()
    scale = frame["height"] / float(svg.get_attribute("height"))
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    target = frame["y"] + levels[str(valence)]["y"] * scale
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, target, steps=6)
    return levels


def test_a_dragged_point_takes_its_new_emotion_and_its_line_and_word_follow(
    logged_in_page, live_server, demo
):
    page = logged_in_page
    journey = demo_map(demo)
    lane = services.emotion_lane(journey)
    steps = services.ordered_steps(journey)
    # A calm (+1) point in the middle of the curve, so it has a segment on either side.
    step = steps[1]
    cell = Cell.objects.get(lane=lane, step=step)
    cell.emotion, cell.valence = "calm", None
    cell.save()
    page.locator("[data-testid=language-switch] button[value=en]").click()
    page.goto(f"{live_server.url}/w/demo/maps/{journey.pk}/")
    expect(page.locator("#jm[data-ready=true]")).to_be_attached()
    point = page.locator(f'.jm-curve g.point[data-step-id="{step.pk}"]')
    expect(point.locator("text.word")).to_have_text("calm")
    levels = drag_to(page, step.pk, 3)
    # Still held: the point, its word and both its segments are at +3 already.
    expect(point).to_have_attribute("data-valence", "3")
    expect(point).to_have_attribute(
        "transform", re.compile(rf"translate\(0 {levels['3']['y']:g}\)")
    )
    expect(point.locator("text.word")).to_have_text("joyful")
    into = page.locator(f'.jm-curve line.curve[data-to="{step.pk}"]')
    out = page.locator(f'.jm-curve line.curve[data-from="{step.pk}"]')
    expect(into).to_have_attribute("y2", f"{levels['3']['y']:g}")
    expect(out).to_have_attribute("y1", f"{levels['3']['y']:g}")
    page.mouse.up()
    cell_node = page.locator(f'.lane-emotion .jm-cell[data-step-id="{step.pk}"]')
    expect(cell_node).to_have_attribute("data-version", str(cell.version + 1))
    expect(cell_node.locator(".emo")).to_have_text(re.compile(r"joyful\s*\+3"))
    cell.refresh_from_db()
    assert (cell.emotion, cell.effective_valence) == ("joyful", 3)
    # The server draws the same shape after the save: the segment ends where it was dragged.
    expect(page.locator(f'.jm-curve line.curve[data-to="{step.pk}"]')).to_have_attribute(
        "y2", f"{levels['3']['y']:g}"
    )
