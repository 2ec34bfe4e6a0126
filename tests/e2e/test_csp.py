"""The pages with scripts work under the CSP without 'unsafe-eval' (Alpine.js is gone).

Every chart library, the map editor and htmx run with ``script-src 'self'``; a page that
needed eval would report a ``securitypolicyviolation`` and leave its chart undrawn.
"""

from __future__ import annotations

from playwright.sync_api import expect

from teekond.eventlogs.models import EventLog
from teekond.journeys.models import Journey

WATCH = """() => {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation',
    (e) => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '')));
}"""


def test_pages_with_charts_and_the_editor_run_without_eval(logged_in_page, live_server, demo):
    page = logged_in_page
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script(f"({WATCH})()")
    response = page.goto(f"{live_server.url}/w/demo/")
    policy = response.headers["content-security-policy"]
    assert "unsafe-eval" not in policy and "script-src 'self'" in policy
    assert page.evaluate("typeof window.Alpine") == "undefined"

    journey = Journey.objects.filter(workspace=demo.workspace).order_by("pk").first()
    log = EventLog.objects.filter(workspace=demo.workspace).order_by("pk").first()
    checks = [
        ("/w/demo/diagnostics/", "[data-testid=topic-radar][data-rendered=true] svg"),
        ("/w/demo/diagnostics/", "[data-testid=area-chart] svg.marks"),
        (f"/w/demo/maps/{journey.pk}/", ".jm-curve svg"),
        (f"/w/demo/maps/{journey.pk}/present/", "main svg"),
        (f"/w/demo/logs/{log.pk}/", "[data-testid=sankey][data-rendered=true] svg"),
        ("/w/demo/measure/", "body"),
    ]
    for path, drawn in checks:
        page.goto(f"{live_server.url}{path}")
        expect(page.locator(drawn).first).to_be_visible()
        assert page.evaluate("window.__csp") == [], path
    assert not [e for e in errors if "Content Security Policy" in e or "unsafe-eval" in e]
