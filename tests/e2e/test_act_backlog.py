"""The improvement backlog in a real browser: add a quick win, see it highlighted, edit it,
and the self-assessment chart renders with the vendored vega-embed."""

from playwright.sync_api import expect


def test_backlog_quick_win_is_highlighted_and_edited(logged_in_page, live_server):
    page = logged_in_page
    page.goto(f"{live_server.url}/w/demo/backlog/")
    form = page.get_by_test_id("backlog-form")
    form.get_by_test_id("backlog-title").fill("Vastame kõnele ühe tunni jooksul")
    form.get_by_test_id("backlog-impact").select_option("5")
    form.get_by_test_id("backlog-effort").select_option("1")
    form.get_by_test_id("backlog-owner").select_option(label="toomas")
    form.locator("button[type=submit]").click()
    quick = page.get_by_test_id("quadrant-quick_wins")
    expect(quick).to_contain_text("Vastame kõnele ühe tunni jooksul")
    row = page.get_by_test_id("backlog-row").filter(has_text="Vastame kõnele")
    expect(row).to_contain_text("Toomas")
    quick.get_by_role("link", name="Vastame kõnele ühe tunni jooksul").click()
    edit = page.get_by_test_id("backlog-edit")
    edit.get_by_test_id("backlog-status").select_option("done")
    edit.locator("button[type=submit]").click()
    expect(page.get_by_test_id("history")).to_contain_text("done")
    page.goto(f"{live_server.url}/w/demo/backlog/")
    expect(page.get_by_test_id("quadrant-quick_wins")).not_to_contain_text("Vastame kõnele")


def test_self_assessment_chart_renders(logged_in_page, live_server):
    page = logged_in_page
    page.goto(f"{live_server.url}/w/demo/diagnostics/")
    expect(page.locator("[data-testid=area-chart] svg.marks")).to_be_visible()
    expect(page.locator("[data-testid=history-chart] svg.marks")).to_be_visible()


def test_presentation_shows_the_emotion_curve_and_a_share_link_works(logged_in_page, live_server):
    page = logged_in_page
    page.goto(f"{live_server.url}/w/demo/act/")
    page.get_by_test_id("act-journeys").get_by_role("link").nth(1).click()
    expect(page.locator("[data-testid=emotion-curve] svg.emotion-curve")).to_be_visible()
    page.get_by_test_id("share-links").locator("button[type=submit].primary").click()
    url = page.get_by_test_id("share-url").first.inner_text()
    title = page.get_by_test_id("journey-title").inner_text()
    anonymous = page.context.browser.new_context().new_page()
    anonymous.goto(url)
    expect(anonymous.get_by_test_id("journey-title")).to_have_text(title)
    expect(anonymous.locator("[data-testid=emotion-curve] svg.emotion-curve")).to_be_visible()
