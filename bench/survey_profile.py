"""Where does one public survey answer spend its time? (issue #16, survey throughput)

Runs N answers through Django's full request stack (``django.test.Client``, all middleware,
the real view and templates) on a fresh SQLite database, under pyinstrument, and counts the
SQL queries of one GET and one POST. In-process on purpose: it shows Django's own cost per
request without the HTTP server or the network; ``survey_load.py`` measures the server.

    PYTHONPATH=src .venv/bin/python bench/survey_profile.py --answers 500
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from survey_setup import answer_form, prepare  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=500)
    parser.add_argument("--html", help="write pyinstrument's HTML report here")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="teekond-profile-"))
    os.environ["TEEKOND_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("TEEKOND_SECRET_KEY", "bench-" + "x" * 50)
    os.environ.setdefault("TEEKOND_TRUSTED_PROXIES", "127.0.0.1")
    tokens = prepare(surveys=20)

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    client = Client(REMOTE_ADDR="127.0.0.1")
    token = tokens[0]
    with CaptureQueriesContext(connection) as get_q:
        page = client.get(f"/s/{token}/")
    form = answer_form(token, 0, page.content.decode())
    with CaptureQueriesContext(connection) as post_q:
        answered = client.post(f"/s/{token}/", form, HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert answered.status_code == 200, answered.content[:500]
    print(f"queries: GET {len(get_q)}, POST {len(post_q)}")
    for q in post_q.captured_queries:
        print("  POST:", q["sql"][:150])

    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    with profiler:
        for i in range(1, args.answers + 1):
            t = tokens[i % len(tokens)]
            client.post(
                f"/s/{t}/",
                answer_form(t, i),
                HTTP_X_FORWARDED_FOR=f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}",
            )
    elapsed = time.perf_counter() - started
    print(f"{args.answers} answers in {elapsed:.2f} s: {elapsed / args.answers * 1000:.2f} ms each")
    print(f"load average {os.getloadavg()}")
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    if args.html:
        Path(args.html).write_text(profiler.output_html())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
