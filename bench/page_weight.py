"""Page speed and weight of the demo workspace, served by a real `teekond serve`.

Starts its own data directory, `teekond demo` and `teekond serve` (whole processes, with
collectstatic's hashed and compressed files), logs in as the demo owner and, for each page:

* server time: the median time to the first byte over ``--repeat`` warm GETs (curl-like,
  urllib on loopback);
* first contentful paint and the chart JavaScript transferred, in Debian's Chromium
  (Playwright), with a cold cache;

and prints each page's ratio against the median of the peer pages of the same run (the
home page, the Measure page and the Act page), so machine load cancels out. Other helpers
load these 2 cores: say so when you quote the numbers.

    PYTHONPATH=src .venv/bin/python bench/page_weight.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEEKOND = [sys.executable, "-m", "teekond.cli"]
PEERS = ["home", "measure", "act"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer in {seconds:.0f} s")


def login(base: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"username": "demo", "password": "teekond-demo", "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/accounts/login/"}
    )
    opener.open(request).read()
    return opener


def server_ms(opener, url: str, repeat: int) -> float:
    opener.open(url).read()  # warm: the first view of a page may compute and store things
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = opener.open(url)
        response.read(1)
        times.append((time.perf_counter() - start) * 1000)
        response.read()
    return statistics.median(times)


def pages(base: str, env: dict) -> dict[str, str]:
    """The demo's page addresses, with a fresh share link."""
    code = (
        "import django; django.setup()\n"
        "from django.contrib.auth import get_user_model\n"
        "from teekond.eventlogs.models import EventLog\n"
        "from teekond.exports import shares\n"
        "log = EventLog.objects.filter(workspace__slug='demo').first()\n"
        "user = get_user_model().objects.get(username='demo')\n"
        "link = shares.create_link(user, log.journey)\n"
        "print(log.pk, log.journey_id, link.token)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    log_id, journey_id, token = out.stdout.split()
    return {
        "home": f"{base}/w/demo/",
        "measure": f"{base}/w/demo/measure/",
        "act": f"{base}/w/demo/act/",
        "map": f"{base}/w/demo/maps/{journey_id}/",
        "event log": f"{base}/w/demo/logs/{log_id}/",
        "share": f"{base}/share/{token}/",
    }


def browser_figures(base: str, urls: dict[str, str]) -> dict[str, tuple[float, int]]:
    """(first contentful paint in ms, chart JavaScript bytes transferred) per page."""
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("TEEKOND_CHROMIUM", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu", "--no-first-run"],
        )
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{base}/accounts/login/")
        page.fill("input[name=username]", "demo")
        page.fill("input[name=password]", "teekond-demo")
        page.click("button[type=submit].primary")
        page.wait_for_url(f"{base}/w/**")
        for name, url in urls.items():
            fresh = browser.new_context(storage_state=context.storage_state())
            tab = fresh.new_page()
            charts = []

            def seen(response, charts=charts):
                if "/vendor/vega" in response.url or "/vendor/echarts" in response.url:
                    size = response.headers.get("content-length")
                    charts.append(int(size) if size else len(response.body()))

            tab.on("response", seen)
            tab.goto(url, wait_until="networkidle")
            fcp = tab.evaluate(
                "() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"
            )
            out[name] = (float(fcp or 0), sum(charts))
            fresh.close()
        browser.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="teekond-bench-") as data:
        env = {
            **os.environ,
            "TEEKOND_DATA_DIR": data,
            "DJANGO_SETTINGS_MODULE": "teekond.settings",
            "PYTHONPATH": str(ROOT / "src"),
        }
        subprocess.run([*TEEKOND, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        server = subprocess.Popen(
            [*TEEKOND, "serve", "--port", str(port), "--no-worker"],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        try:
            wait_for(f"{base}/accounts/login/")
            urls = pages(base, env)
            opener = login(base)
            server_times = {name: server_ms(opener, url, args.repeat) for name, url in urls.items()}
            figures = browser_figures(base, urls)
        finally:
            server.terminate()
            server.wait(timeout=30)
    load = os.getloadavg()
    peer_server = statistics.median(server_times[p] for p in PEERS)
    peer_paint = statistics.median(figures[p][0] for p in PEERS)
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")
    print(
        f"{'page':<10} {'server ms':>10} {'x peers':>8} {'first paint ms':>15} {'x peers':>8} {'chart JS kB':>12}"
    )
    for name in urls:
        fcp, chart_bytes = figures[name]
        print(
            f"{name:<10} {server_times[name]:>10.1f} {server_times[name] / peer_server:>8.2f}"
            f" {fcp:>15.0f} {fcp / peer_paint if peer_paint else 0:>8.2f} {chart_bytes / 1000:>12.0f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
