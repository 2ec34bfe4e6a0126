"""Browser tests drive Debian's Chromium through Playwright (never a downloaded browser)."""

import os
import shutil

import pytest

# Django's live_server runs in a thread while sync Playwright runs an event loop in this one.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("TEEKOND_CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "e2e" in str(item.path):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The demo's users follow the browser's language; these browsers ask for Estonian, the
    # product's home language, as the seeds' readers do. A test that wants English says so.
    return {**browser_context_args, "locale": "et-EE"}


@pytest.fixture
def demo(transactional_db):
    from teekond.accounts.demo import load_demo

    return load_demo()


@pytest.fixture
def logged_in_page(page, live_server, demo):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", demo.username)
    page.fill("input[name=password]", demo.password)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/w/**")
    return page
