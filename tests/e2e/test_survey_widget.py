"""The embeddable widget still takes answers inside another site's page, and another site's
own form cannot answer for its visitors."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from teekond.research.models import Response, SurveyConfig


@pytest.fixture
def shop():
    """Another site on another origin: ``shop(html)`` serves the page and returns its URL."""
    pages = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages["html"].encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def serve(html):
        pages["html"] = html
        return f"http://127.0.0.1:{server.server_port}/"

    yield serve
    server.shutdown()


def _config(demo):
    return SurveyConfig.objects.filter(workspace=demo.workspace).select_related("step").first()


def test_the_widget_framed_by_another_page_submits_an_answer(page, live_server, demo, shop):
    config = _config(demo)
    before = Response.objects.filter(step=config.step).count()
    src = f"{live_server.url}/s/{config.token}/?src=embed&lang=en"
    page.goto(shop(f'<h1>Shop</h1><iframe src="{src}" width="480" height="900"></iframe>'))
    widget = page.frame_locator("iframe")
    expect(widget.get_by_test_id("survey-org")).to_contain_text(config.workspace.name)
    widget.locator("label:has(input[name=csat][value='4'])").click()
    widget.get_by_role("button", name="Send").click()
    expect(widget.get_by_test_id("survey-thanks")).to_be_visible()
    stored = Response.objects.filter(step=config.step).order_by("-id")
    assert stored.count() == before + 1
    assert (stored[0].csat, stored[0].source) == (4, "embed")


def test_a_form_on_another_site_cannot_answer(page, live_server, demo, shop):
    config = _config(demo)
    before = Response.objects.count()
    page.goto(
        shop(
            f'<form method="post" action="{live_server.url}/s/{config.token}/">'
            '<input name="key" value="evil-1"><input name="csat" value="1">'
            '<input name="form_token" value="forged"><button>Go</button></form>'
        )
    )
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_test_id("survey-refused")).to_be_visible()
    assert Response.objects.count() == before
