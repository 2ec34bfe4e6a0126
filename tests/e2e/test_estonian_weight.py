"""Estonian and weight in a real browser: the crisis wizard's current step is readable,
pages load only the chart libraries they draw with, and chart words are Estonian."""

from playwright.sync_api import expect


def _open_demo_log(page, base):
    page.goto(f"{base}/w/demo/logs/")
    href = page.evaluate(
        "() => [...document.querySelectorAll('a')].map(a => a.getAttribute('href'))"
        ".find(h => /\\/logs\\/\\d+\\/$/.test(h))"
    )
    page.goto(f"{base}{href}")


def _colour(locator, prop):
    return locator.evaluate(f"el => getComputedStyle(el).{prop}")


def test_the_crisis_wizards_current_step_is_not_teal_on_teal(logged_in_page, live_server):
    page = logged_in_page
    page.goto(f"{live_server.url}/w/demo/act/")
    page.get_by_test_id("crisis-start").click()
    page.get_by_test_id("plan-title").fill("Kool kriisis")
    for i, text in enumerate(["Majad on suletud", "Kokkusaamised on keelatud", "Kardavad"]):
        page.get_by_test_id("reason").nth(i).fill(text)
    page.locator("[data-testid=crisis-step-1] button[type=submit]").click()
    current = page.locator("[data-testid=wizard-steps] li.current")
    expect(current).to_have_attribute("aria-current", "step")
    link = current.locator("a")
    expect(link).to_be_visible()  # from step 2 on the current step is a link
    assert _colour(link, "color") != _colour(current, "backgroundColor")
    assert _colour(link, "color") == _colour(current, "color")


def test_pages_load_only_the_chart_libraries_they_draw_with(logged_in_page, live_server):
    page = logged_in_page
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url))
    page.goto(f"{live_server.url}/w/demo/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in loaded if "/vendor/vega" in u or "/vendor/echarts" in u]

    _open_demo_log(page, live_server.url)
    loaded.clear()
    page.reload()
    expect(page.locator("[data-testid=sankey][data-rendered=true] svg")).to_be_visible()
    expect(page.locator("[data-chart=vega-lite][data-rendered=true]").first).to_be_visible()
    assert any("/vendor/echarts" in u for u in loaded)
    assert any("/vendor/vega-embed" in u for u in loaded)

    loaded.clear()
    page.goto(f"{live_server.url}/w/demo/measure/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in loaded if "/vendor/echarts" in u]


def test_chart_menus_and_numbers_are_estonian(logged_in_page, live_server):
    page = logged_in_page
    page.context.add_cookies([{"name": "teekond_language", "value": "et", "url": live_server.url}])
    _open_demo_log(page, live_server.url)
    chart = page.locator("[data-chart=vega-lite][data-rendered=true]").first
    expect(chart).to_be_visible()
    chart.locator("details summary").click()
    expect(chart.locator(".vega-actions")).to_contain_text("Salvesta SVG-na")
    # Percentages on the funnel: a non-breaking space before "%" (d3's Estonian locale).
    expect(
        page.locator(
            "[data-chart=vega-lite][data-rendered=true] svg text", has_text="\u00a0%"
        ).first
    ).to_be_attached()
