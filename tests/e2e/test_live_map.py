"""Live co-editing in real browsers: two editors and a viewer on one map, against a real
`teekond serve` (uvicorn serving the ASGI application with its websockets) in a subprocess
on its own SQLite database, with the demo workspace.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from teekond.accounts.demo import DEMO_PASSWORD

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    data = tmp_path_factory.mktemp("live-serve")
    env = {
        **os.environ,
        "TEEKOND_DATA_DIR": str(data),
        "DATABASE_URL": "",
        "TEEKOND_LOG_LEVEL": "WARNING",
    }
    env.pop("TEEKOND_REDIS_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    subprocess.run([BIN / "teekond", "demo"], env=env, check=True, capture_output=True, timeout=300)
    port = _free_port()
    server = subprocess.Popen(
        [BIN / "teekond", "serve", "--no-worker", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/accounts/login/", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError(server.stderr.read().decode()) from None
            time.sleep(0.3)
    yield url
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()


def _login(browser, url, username):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="et-EE")
    page = context.new_page()
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{url}/w/**")
    return context, page


def _cells(page):
    return page.eval_on_selector_all(
        "#jm-grid .jm-cell[data-step-id]",
        "nodes => nodes.map(n => [n.dataset.laneId, n.dataset.stepId, n.dataset.version,"
        " (n.querySelector('.cell-text')?.textContent || '').trim()])",
    )


def test_two_editors_and_a_viewer_on_one_map(browser, served):
    ctx_a, a = _login(browser, served, "demo")  # Mari Maasikas, owner
    ctx_b, b = _login(browser, served, "toomas")  # Toomas Tamm, editor
    ctx_v, v = _login(browser, served, "kati")  # Kati Kask, viewer
    a.goto(f"{served}/w/demo/maps/")
    href = a.locator("main a[href]").evaluate_all(
        "links => links.map(l => l.getAttribute('href')).find(h => /\\/maps\\/\\d+\\/$/.test(h))"
    )
    journey_id = int(re.search(r"/maps/(\d+)/$", href).group(1))
    editor = f"{served}{href}"
    for page in (a, b):
        page.goto(editor)
    v.goto(f"{served}/w/demo/maps/{journey_id}/present/")
    for page in (a, b, v):
        page.wait_for_selector("[data-testid=live-status][data-status=open]")
        page.evaluate("window.__sameDocument = true")

    # presence: everyone sees the others in the head
    a.wait_for_selector(".jm-presence .live-avatar[data-name='Toomas Tamm']")
    b.wait_for_selector(".jm-presence .live-avatar[data-name='Mari Maasikas']")
    v.wait_for_selector(".jm-presence .live-avatar[data-name='Toomas Tamm']")

    # A edits a cell: B sees that A is editing it, then the text, without a reload
    cell = ".jm-lane.lane-pains .jm-cell[data-step-id]"
    lane_id = a.locator(cell).first.get_attribute("data-lane-id")
    step_id = a.locator(cell).first.get_attribute("data-step-id")
    target = f'.jm-cell[data-lane-id="{lane_id}"][data-step-id="{step_id}"]'
    a.click(target)
    b.wait_for_selector(f"{target} .live-badge:has-text('Mari Maasikas')")
    a.fill("#jm-form textarea[name=text]", "Järjekord kassas on liiga pikk (A)")
    a.click("[data-testid=dialog-save]")
    b.wait_for_selector(f"{target} .cell-text:has-text('liiga pikk (A)')")
    v.wait_for_selector(f"{target} .cell-text:has-text('liiga pikk (A)')")

    # B drags a point of the emotion curve: A sees it move
    point = b.locator(".jm-curve g.point").nth(1)
    point_step = point.get_attribute("data-step-id")
    before = point.get_attribute("data-valence")
    point.scroll_into_view_if_needed()
    box = point.locator("circle.dot").bounding_box()
    curve_box = b.locator(".jm-curve svg.emotion-curve").bounding_box()
    goal_y = curve_box["y"] + (curve_box["height"] * 0.9 if before and int(before) > 0 else 10)
    b.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    b.mouse.down()
    b.mouse.move(box["x"] + box["width"] / 2, goal_y, steps=5)
    b.mouse.up()
    a.wait_for_function(
        '([id, before]) => { const p = document.querySelector(`.jm-curve g.point[data-step-id="${id}"]`);'
        " return p && p.dataset.valence !== before; }",
        arg=[point_step, before],
    )
    after = a.locator(f'.jm-curve g.point[data-step-id="{point_step}"]').get_attribute(
        "data-valence"
    )
    assert after != before

    # the viewer's edit is refused, over the API and over the socket, and changes nothing
    status = v.evaluate(
        """async ([id, lane, step]) => {
        const csrf = document.cookie.match(/csrftoken=([^;]+)/)?.[1] || "";
        const r = await fetch(`/api/journeys/${id}/cells`, {method: "PUT", credentials: "same-origin",
          headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
          body: JSON.stringify({lane_id: Number(lane), step_id: Number(step), version: null, text: "viewer"})});
        return r.status; }""",
        [journey_id, lane_id, step_id],
    )
    assert status == 403
    refused = v.evaluate(
        "id => window.teekondLive[0].send({type: 'presence', item: `journey:${id}`, editing: true})"
        ".then(() => 'accepted', (frame) => frame.code)",
        journey_id,
    )
    assert refused == "forbidden"

    # B's connection drops (offline); A changes the map meanwhile; B reconnects and catches up
    ctx_b.set_offline(True)
    b.evaluate("window.teekondLive[0].drop()")
    b.wait_for_selector("[data-testid=live-status][data-status=closed]")
    a.click(target)
    a.fill("#jm-form textarea[name=text]", "Muudetud, kui Toomas oli võrgust väljas")
    a.click("[data-testid=dialog-save]")
    a.wait_for_selector(f"{target} .cell-text:has-text('võrgust väljas')")
    ctx_b.set_offline(False)
    b.wait_for_selector(f"{target} .cell-text:has-text('võrgust väljas')", timeout=20_000)
    b.wait_for_selector("[data-testid=live-status][data-status=open]")

    # everyone ends on the same map, and nobody reloaded a page
    v.wait_for_selector(f"{target} .cell-text:has-text('võrgust väljas')")
    assert _cells(a) == _cells(b) == _cells(v)
    for page in (a, b, v):
        assert page.evaluate("window.__sameDocument") is True
    for context in (ctx_a, ctx_b, ctx_v):
        context.close()


def test_second_writer_chooses_between_both_versions(browser, served):
    ctx_a, a = _login(browser, served, "demo")
    ctx_b, b = _login(browser, served, "toomas")
    a.goto(f"{served}/w/demo/maps/")
    href = a.locator("main a[href]").evaluate_all(
        "links => links.map(l => l.getAttribute('href')).find(h => /\\/maps\\/\\d+\\/$/.test(h))"
    )
    for page in (a, b):
        page.goto(f"{served}{href}")
        page.wait_for_selector("[data-testid=live-status][data-status=open]")
    cell = (
        ".jm-lane.lane-thoughts .jm-cell[data-step-id], .jm-lane.lane-needs .jm-cell[data-step-id]"
    )
    node = a.locator(cell).first
    target = (
        f'.jm-cell[data-lane-id="{node.get_attribute("data-lane-id")}"]'
        f'[data-step-id="{node.get_attribute("data-step-id")}"]'
    )
    # both open the same cell; A saves first
    a.click(target)
    b.click(target)
    b.fill("#jm-form textarea[name=text]", "Toomase tekst")
    a.fill("#jm-form textarea[name=text]", "Mari tekst")
    a.click("[data-testid=dialog-save]")
    # B, still typing, is told; B's text stays in the field
    b.wait_for_selector("[data-testid=changed-meanwhile]:visible")
    assert b.input_value("#jm-form textarea[name=text]") == "Toomase tekst"
    b.click("[data-testid=dialog-save]")
    choice = b.locator("[data-testid=conflict-choice]")
    choice.wait_for(state="visible")
    assert "Mari tekst" in choice.inner_text() and "Toomase tekst" in choice.inner_text()
    b.click("[data-testid=keep-mine]")
    a.wait_for_selector(f"{target} .cell-text:has-text('Toomase tekst')")
    b.wait_for_selector(f"{target} .cell-text:has-text('Toomase tekst')")
    for context in (ctx_a, ctx_b):
        context.close()
