"""The crisis re-mapping wizard in a real browser, on the demo workspace's maps."""

from playwright.sync_api import expect


def test_crisis_wizard_produces_a_new_journey_and_a_plan(logged_in_page, live_server):
    page = logged_in_page
    page.goto(f"{live_server.url}/w/demo/act/")
    page.get_by_test_id("crisis-start").click()
    page.get_by_test_id("plan-title").fill("Kool kriisis")
    reasons = page.get_by_test_id("reason")
    for i, text in enumerate(
        ["Majad on suletud", "Kokkusaamised on keelatud", "Lapsevanemad kardavad"]
    ):
        reasons.nth(i).fill(text)
    page.locator("[data-testid=crisis-step-1] button[type=submit]").click()
    form = page.get_by_test_id("crisis-step-2")
    form.get_by_test_id("crisis-journey").select_option(index=0)
    chosen = form.get_by_test_id("crisis-journey").locator("option:checked").inner_text()
    form.locator("button[type=submit]").click()
    page.get_by_test_id("filter-physical").click()
    boxes = page.get_by_test_id("block-step")
    expect(boxes.first).to_be_visible()
    blocked_name = boxes.first.get_attribute("data-name")
    boxes.first.check()
    page.locator("[data-testid=crisis-step-3] button[type=submit]").click()
    replacement = page.get_by_test_id("replacement").first
    replacement.select_option("app")
    page.locator("[data-testid=crisis-step-4] button[type=submit]").click()
    page.locator("[data-testid=crisis-step-5] button[type=submit]").click()
    expect(page.get_by_test_id("new-journey")).to_contain_text(chosen)
    step6 = page.get_by_test_id("crisis-step-6")
    step6.get_by_test_id("action-title").fill("Virtuaalne tutvustus")
    step6.get_by_test_id("action-owner").select_option(label="toomas")
    step6.locator("button[type=submit]").click()
    expect(page.get_by_test_id("plan-actions")).to_contain_text("Virtuaalne tutvustus")
    expect(page.get_by_test_id("plan-actions")).to_contain_text("Toomas")
    page.get_by_test_id("new-journey").get_by_role("link").click()
    expect(page.get_by_test_id("journey-grid")).to_contain_text(blocked_name)
