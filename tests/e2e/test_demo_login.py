from playwright.sync_api import expect


def test_demo_user_logs_in_and_sees_the_workspace(logged_in_page, live_server):
    page = logged_in_page
    expect(page.get_by_test_id("workspace-name")).to_have_text("Demo: Teekond")
    page.get_by_role("link", name="Members").or_(page.get_by_role("link", name="Liikmed")).click()
    expect(page.get_by_test_id("members")).to_contain_text("toomas")


def test_language_switch_turns_the_page_estonian_and_back(page, live_server, demo):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("[data-testid=language-switch] button[value=et]").click()
    expect(page.locator("h1")).to_have_text("Logi sisse")
    expect(page.locator("html")).to_have_attribute("lang", "et")
    page.locator("[data-testid=language-switch] button[value=en]").click()
    expect(page.locator("h1")).to_have_text("Log in")


def test_wrong_password_shows_an_error(page, live_server, demo):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "demo")
    page.fill("input[name=password]", "not-the-password")
    page.click("button[type=submit].primary")
    expect(page.get_by_role("alert")).to_be_visible()
    assert "/accounts/login/" in page.url


def test_front_end_packages_load_from_our_own_static_files(logged_in_page, live_server):
    page = logged_in_page
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate("typeof window.Alpine") == "undefined"  # removed: nothing used it
