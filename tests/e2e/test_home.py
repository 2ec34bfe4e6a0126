"""The workspace home page shows the demo's live figures and leads to their pages."""

import re

from playwright.sync_api import expect

from teekond.journeys.models import Journey


def test_the_home_page_figures_lead_to_their_pages(logged_in_page, live_server, demo):
    page = logged_in_page
    page.goto(f"{live_server.url}/w/demo/")
    maps = page.locator("[data-figure=maps] .figure-value")
    expect(maps).to_have_text(str(Journey.objects.filter(workspace=demo.workspace).count()))
    expect(page.locator("[data-figure=nps] .figure-value")).to_have_text(re.compile(r"^[+-]\d+$"))
    # the demo's event log: the share of real journeys that follow Emma's map
    conformance = page.locator("[data-figure=conformance]")
    expect(conformance.locator(".figure-value")).to_have_text(re.compile(r"^\d+\u00a0%$"))
    conformance.locator("a").click()
    page.wait_for_url(re.compile(r"/w/demo/logs/\d+/$"))
    expect(page.get_by_test_id("sankey")).to_be_visible()
