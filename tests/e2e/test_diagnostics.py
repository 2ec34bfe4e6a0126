"""The self-assessment page draws its charts: area bars and the radar of every topic."""

from playwright.sync_api import expect


def test_the_topic_radar_is_drawn(logged_in_page, live_server):
    page = logged_in_page
    page.goto(f"{live_server.url}/w/demo/diagnostics/")
    radar = page.get_by_test_id("topic-radar")
    expect(radar).to_have_attribute("data-rendered", "true")
    expect(radar.locator("svg")).to_contain_text("Väärtused")  # a topic, in Estonian
    expect(radar.locator("svg")).to_contain_text("Värbamine")
    expect(page.get_by_test_id("area-chart")).to_have_attribute("data-rendered", "true")
