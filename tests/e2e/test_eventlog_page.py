"""Importing an event log in the browser: progress, then the Sankey of real paths."""

from pathlib import Path

from playwright.sync_api import expect

DATA = Path(__file__).resolve().parent.parent / "data"


def test_import_then_see_the_real_paths(logged_in_page, live_server, settings):
    # The live server's in-memory test database is invisible to a worker process, so the
    # task runs in the request here; tests/eventlogs/test_worker.py covers the real worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    page = logged_in_page
    page.goto(f"{live_server.url}/w/demo/logs/")
    page.set_input_files("input[name=file]", str(DATA / "roadtraffic100traces.xes"))
    page.fill("input[name=name]", "Trahvid")
    page.locator("form[enctype] button[type=submit]").click()
    expect(page.get_by_test_id("cases")).to_have_text("100", timeout=30_000)
    expect(page.locator("[data-testid=sankey][data-rendered=true] svg")).to_be_visible()
    expect(page.get_by_test_id("activities")).to_contain_text("Create Fine")
