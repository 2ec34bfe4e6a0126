"""The web path of an event log: upload -> import -> event-log page, server time.

    .venv/bin/python bench/eventlog_web.py --events 250000 --page-events 2500000

In one process with a fresh SQLite database and data folder, and the task backend that
runs the import at once (as ``teekond worker`` would, without the queue's polling delay):

* ``upload+import``: the POST of a BPI-like XES.gz (``gen_eventlogs.py``) until the log is
  *done* (read, validated, summarised, Parquet written, summary stored), median of --runs;
* ``page``: the event-log page of a log of --page-events events, rendered by Django's test
  client (server time: no network, no browser), median of --runs; and the same page with
  the stored analyses removed (what every view cost before they were stored).

Other processes share this machine: the 1-minute load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=250_000)
    parser.add_argument("--page-events", type=int, default=2_500_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", default=str(HERE / "out" / "logs"))
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    import gen_eventlogs

    data = Path(args.data)
    data.mkdir(parents=True, exist_ok=True)
    files = {}
    for size in {args.events, args.page_events} - {0}:
        path = data / f"bpi-{size}.xes.gz"
        if not path.exists():
            print(f"writing {path} ...", file=sys.stderr)
            gen_eventlogs.write_xes(str(path), size, seed=1)
        files[size] = path

    work = tempfile.mkdtemp(prefix="teekond-web-bench-")
    os.environ["TEEKOND_DATA_DIR"] = work
    os.environ["TEEKOND_TASK_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teekond.settings")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client

    from teekond.accounts import services as accounts
    from teekond.eventlogs.models import EventLog, Status

    call_command("migrate", verbosity=0)
    user = accounts.create_user(username="bench", email="bench@example.com", password="x" * 20)
    workspace = accounts.create_workspace(user, "Bench")
    client = Client()
    client.force_login(user)

    cpus: list[float] = []

    def upload(path: Path) -> tuple[float, EventLog]:
        body = SimpleUploadedFile(path.name, path.read_bytes())
        started, cpu = time.perf_counter(), time.process_time()
        response = client.post(f"/w/{workspace.slug}/logs/", {"file": body, "name": path.name})
        took = time.perf_counter() - started
        cpus.append(time.process_time() - cpu)
        assert response.status_code == 302, response.status_code
        log = EventLog.objects.order_by("-id").first()
        assert log is not None and log.status == Status.DONE, (log.status, log.error)
        return took, log

    def page(log: EventLog) -> float:
        started = time.perf_counter()
        response = client.get(f"/w/{workspace.slug}/logs/{log.pk}/")
        took = time.perf_counter() - started
        assert response.status_code == 200
        return took

    # A worker that has run one import already (imports of the engines paid), as in service.
    upload(HERE.parent / "tests" / "data" / "running-example.xes")
    load = os.getloadavg()[0]
    cpus.clear()
    imports = [upload(files[args.events])[0] for _ in range(args.runs)]
    print(
        f"upload+import of {args.events:,} events ({files[args.events].stat().st_size / 2**20:.1f} MB XES.gz): "
        f"median {statistics.median(imports):.2f} s wall, {statistics.median(cpus):.2f} s CPU "
        f"(runs {', '.join(f'{t:.2f}' for t in imports)})"
    )
    if args.page_events <= 0:
        return
    took, big = upload(files[args.page_events])
    print(f"upload+import of {args.page_events:,} events: {took:.2f} s")
    page(big)  # the first view fills the caches (templates, translations)
    stored = [page(big) for _ in range(args.runs)]
    print(
        f"event-log page of {args.page_events:,} events: median {statistics.median(stored) * 1000:.0f} ms "
        f"(runs {', '.join(f'{t * 1000:.0f}' for t in stored)})"
    )
    summary = dict(big.summary)
    summary.pop("page", None)
    EventLog.objects.filter(pk=big.pk).update(summary=summary)
    big.refresh_from_db()
    live = [page(big) for _ in range(args.runs)]
    print(
        f"the same page computing its analyses from the events: median {statistics.median(live) * 1000:.0f} ms "
        f"({statistics.median(live) / statistics.median(stored):.1f}x the stored)"
    )
    print(
        f"machine: {os.cpu_count()} cores, 1-minute load average {load:.1f} -> {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
