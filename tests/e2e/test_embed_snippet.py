"""The embed code copied from the survey settings, pasted into another site's page, shows
the survey and runs nothing, whatever the step is called."""

import http.server
import threading

from playwright.sync_api import expect

from teekond.research.models import SurveyConfig

# Closes the attribute and the iframe (whose content is raw text), then runs two scripts.
HOSTILE = '"></iframe><img src=x onerror="window.pwned=1"><script>window.pwned=2</script>\' x=\''


def test_a_pasted_snippet_with_a_hostile_step_name_runs_no_script(
    logged_in_page, live_server, demo
):
    page = logged_in_page
    config = SurveyConfig.objects.filter(workspace=demo.workspace).select_related("step").first()
    step = config.step
    step.name = HOSTILE
    step.save()
    page.goto(f"{live_server.url}/w/{demo.workspace.slug}/measure/steps/{step.pk}/survey/")
    snippet = page.get_by_test_id("embed-snippet").input_value()
    assert snippet.startswith("<iframe ")

    shop = (
        "<!doctype html><html><body><h1>Our shop</h1>"
        f"{snippet}"
        "<script>window.ready = true</script></body></html>"
    ).encode()

    class Shop(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(shop)))
            self.end_headers()
            self.wfile.write(shop)

        def log_message(self, *args):
            pass

    # Another site (another origin, without Teekond's CSP) where the snippet is pasted.
    server = http.server.HTTPServer(("127.0.0.1", 0), Shop)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    dialogs = []
    other = page.context.new_page()
    other.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        other.goto(f"http://127.0.0.1:{server.server_port}/")
        check(other, dialogs)
    finally:
        server.shutdown()
        server.server_close()


def check(other, dialogs):
    assert other.evaluate("window.ready") is True  # scripts do run on this page
    assert other.evaluate("window.pwned") is None  # but none came in with the snippet
    expect(other.locator("img")).to_have_count(0)
    frame = other.locator("iframe")
    expect(frame).to_have_count(1)
    expect(frame).to_have_attribute("title", HOSTILE)
    # The survey loaded in the frame; customers see the organisation, not the step's name.
    expect(other.frame_locator("iframe").get_by_test_id("survey-org")).to_be_visible()
    assert other.evaluate("window.pwned") is None
    assert dialogs == []
