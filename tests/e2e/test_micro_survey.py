"""A customer answers a micro-survey on a phone; the team then sees it on the map and the
Measure page."""

from playwright.sync_api import expect

from teekond.research import services
from teekond.research.models import Response, SurveyConfig

COMMENT = "Pakk jõudis kiiresti kohale, olen väga rõõmus ja tänulik."


def test_answer_on_a_phone_then_see_it_on_the_map_and_the_measure_page(page, live_server, demo):
    config = SurveyConfig.objects.filter(workspace=demo.workspace).select_related("step").first()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/s/{config.token}/?src=qr&lang=et")
    # The customer sees the organisation, not the team's internal name of the step.
    expect(page.get_by_test_id("survey-org")).to_contain_text(config.workspace.name)
    expect(page.locator("h1")).not_to_have_text(config.step.name)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing sticks out sideways on a phone
    page.locator("label:has(input[name=nps][value='10'])").click()
    page.locator("label:has(input[name=csat][value='5'])").click()
    page.fill("textarea[name=comment]", COMMENT)
    page.get_by_role("button", name="Saada").click()
    expect(page.get_by_test_id("survey-thanks")).to_be_visible()
    stored = Response.objects.get(comment=COMMENT)
    assert (stored.nps, stored.csat, stored.source) == (10, 5, "qr")

    # Demo users follow the browser's language (Chromium asks for English here); choose et.
    page.context.add_cookies([{"name": "teekond_language", "value": "et", "url": live_server.url}])
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", demo.username)
    page.fill("input[name=password]", demo.password)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/w/**")

    # The map itself shows the step's measured scores, the new answer counted.
    page.goto(f"{live_server.url}/w/demo/maps/{config.journey_id}/")
    answers = Response.objects.filter(step=config.step).count()
    cell = page.locator(
        f"[data-overlay=survey] [data-testid=overlay-cell][data-step-id='{config.step_id}']"
    )
    expect(cell).to_contain_text(f"{answers} vastust")
    expect(cell).to_contain_text("NPS")
    real = page.locator(f"[data-overlay=eventlog] [data-step-id='{config.step_id}']")
    expect(real).to_contain_text("jõuab siia")  # the demo's event log, linked to this map

    page.goto(f"{live_server.url}/w/demo/measure/journeys/{config.journey_id}/")
    row = page.locator(f"[data-testid=step-row][data-step='{config.step_id}']")
    expect(row).to_be_visible()
    step = next(
        s for s in services.journey_metrics(config.journey)["steps"] if s["id"] == config.step_id
    )
    nps = step["metrics"]["nps"]
    expect(row.get_by_test_id("step-nps")).to_contain_text(f"{nps['value']:.0f}")
    expect(row.get_by_test_id("step-nps")).to_contain_text(f"n={nps['n']}")
    comment = page.get_by_test_id("comment").filter(has_text=COMMENT)
    expect(comment).to_be_visible()
    expect(comment.locator(".chips")).to_contain_text("rõõmus")
    expect(page.locator("[data-chart=vega-lite][data-rendered=true]").first).to_be_visible()
