"""An open map picks up new survey answers in its measured row without a reload."""

from playwright.sync_api import expect

from teekond.research.models import Response, SurveyConfig


def test_an_open_map_refreshes_its_measured_row(logged_in_page, live_server, demo):
    page = logged_in_page
    config = SurveyConfig.objects.filter(workspace=demo.workspace).select_related("step").first()
    page.goto(f"{live_server.url}/w/demo/maps/{config.journey_id}/")
    cell = page.locator(
        f"[data-overlay=survey] [data-testid=overlay-cell][data-step-id='{config.step_id}']"
    )
    before = Response.objects.filter(step=config.step).count()
    expect(cell).to_contain_text(f"{before} vastust")
    page.evaluate("document.querySelector('.jm-lanes .jm-cell-row').dataset.mark = 'untouched'")

    # A customer answers on their phone meanwhile.
    phone = page.context.new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.goto(f"{live_server.url}/s/{config.token}/?lang=et")
    phone.locator("label:has(input[name=csat][value='5'])").click()
    phone.get_by_role("button", name="Saada").click()
    expect(phone.get_by_test_id("survey-thanks")).to_be_visible()
    phone.close()

    page.evaluate("window.teekondRefreshOverlays()")
    expect(cell).to_contain_text(f"{before + 1} vastust")
    # Only the measured rows were swapped: the lanes below are the same elements.
    assert (
        page.evaluate("document.querySelector('.jm-lanes .jm-cell-row').dataset.mark")
        == "untouched"
    )
