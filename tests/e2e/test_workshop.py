"""A workshop in two real browsers against a real `teekond serve` (its websockets included):
the facilitator (Mari, owner) plans and starts it, Toomas (editor) writes a note that Mari
sees without a reload, both vote, and Mari turns the note into a cell of the map."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.test_live_map import _login, served  # noqa: F401 - served is a fixture

LIVE = 5_000  # ms: well under the room's 15-second fallback poll, so only an event is in time


def test_a_workshop_with_notes_voting_and_a_note_turned_into_a_cell(browser, served):  # noqa: F811
    ctx_a, a = _login(browser, served, "demo")
    ctx_b, b = _login(browser, served, "toomas")
    a.goto(f"{served}/w/demo/maps/")
    href = a.locator("main a[href]").evaluate_all(
        "links => links.map(l => l.getAttribute('href')).find(h => /\\/maps\\/\\d+\\/$/.test(h))"
    )
    a.goto(f"{served}{href}")
    a.click("[data-testid=map-tab-workshops]")
    a.fill("[data-testid=workshop-title-input]", "Kevadine õpituba")
    a.click("[data-testid=create-workshop]")
    a.click("[data-testid=start-workshop]")
    expect(a.get_by_test_id("current-step")).to_contain_text("Kes on klient?")
    room = a.url
    assert re.search(r"/workshops/\d+/$", room)

    b.goto(room)
    for page in (a, b):
        expect(page.locator(".ws-room")).to_have_attribute("data-live", "open", timeout=LIVE)
        page.evaluate("window.__sameDocument = true")

    # Toomas writes a note; Mari sees it (anonymous) without a reload
    b.fill("[data-testid=note-text]", "Otsustaja on lapsevanem, kasutaja õpilane")
    b.click("[data-testid=add-note]")
    note = a.locator("[data-testid=note]", has_text="Otsustaja on lapsevanem")
    expect(note).to_be_visible(timeout=LIVE)
    expect(b.get_by_test_id("note-text")).to_have_value("")

    # dot voting: Mari opens it, both vote, the dots add up on both screens
    a.click("[data-testid=open-voting]")
    b_note = b.locator("[data-testid=note]", has_text="Otsustaja on lapsevanem")
    expect(b_note.get_by_test_id("vote")).to_be_visible(timeout=LIVE)
    b_note.get_by_test_id("vote").click()
    expect(b_note.get_by_test_id("note-votes")).to_contain_text("1")
    b_note.get_by_test_id("vote").click()
    expect(b_note.get_by_test_id("note-votes")).to_contain_text("2")
    expect(b.get_by_test_id("votes-left")).to_contain_text("3")
    note.get_by_test_id("vote").click()
    expect(b_note.get_by_test_id("note-votes")).to_contain_text("3", timeout=LIVE)

    # Mari puts the note on the map as a cell, in one move
    note.get_by_test_id("convert-open").click()
    form = note.locator("form:has([data-testid=convert])")
    form.get_by_test_id("convert-kind").select_option("cell")
    lane = form.get_by_test_id("convert-lane").locator("option[value]:not([value=''])").first
    form.get_by_test_id("convert-lane").select_option(lane.get_attribute("value"))
    step = form.get_by_test_id("convert-step").locator("option[value]:not([value=''])").first
    form.get_by_test_id("convert-step").select_option(step.get_attribute("value"))
    form.get_by_test_id("convert").click()
    expect(b_note).to_contain_text("kaardil", timeout=LIVE)
    assert a.evaluate("window.__sameDocument") and b.evaluate("window.__sameDocument")

    a.goto(f"{served}{href}")
    expect(a.locator("#jm-grid")).to_contain_text("Otsustaja on lapsevanem, kasutaja õpilane")
    ctx_a.close()
    ctx_b.close()
