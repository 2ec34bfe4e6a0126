"""The first PDF of a map in a fresh process, and the same PDF again, per code tree.

    PYTHONPATH=src .venv/bin/python bench/pdf_cold.py --data /tmp/exports-data \\
        --tree new=src --tree old=/work/main/src --python old=/work/main/.venv/bin/python

Each run is a whole new process (``--repeat`` of them per tree, fastest kept, all printed):
it sets Django up, loads the first demo map and renders its A4 PDF (``cold``), then renders
it again (``warm``), and, when the tree has one, calls ``teekond.exports.pdf.warm_up`` first
in another process to time a server that warmed itself at start (``after warm-up``). The
process's wall time from start to the first PDF's bytes is ``process``. The database in
``--data`` must hold the demo workspace (``teekond demo``). The machine is shared: the load
average is printed, and CPU seconds (``process_time``) beside the wall times, since the
wall time of a loaded machine mostly measures the other processes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

CHILD = r"""
import json, os, sys, time
t0 = time.perf_counter()
c0 = time.process_time()
os.environ["DJANGO_SETTINGS_MODULE"] = "teekond.settings"
import django
django.setup()
from teekond.journeys.models import Journey
from teekond.exports import views
journey = Journey.objects.filter(workspace__slug="demo").order_by("pk").first()
out = {}
if sys.argv[1] == "warm-up":
    from teekond.exports import pdf
    pdf.warm_up(block=True)
    t0 = time.perf_counter()
    c0 = time.process_time()
t, c = time.perf_counter(), time.process_time()
body = views.render_journey(journey, "pdf", paper="A4", language="et")
out["first"], out["first_cpu"] = time.perf_counter() - t, time.process_time() - c
out["process"], out["process_cpu"] = time.perf_counter() - t0, time.process_time() - c0
t, c = time.perf_counter(), time.process_time()
views.render_journey(journey, "pdf", paper="A4", language="et")
out["again"], out["again_cpu"] = time.perf_counter() - t, time.process_time() - c
out["bytes"] = len(body)
print(json.dumps(out))
"""


def run(python: str, tree: str, data: str, mode: str) -> dict:
    env = {**os.environ, "PYTHONPATH": tree, "TEEKOND_DATA_DIR": data}
    start = time.perf_counter()
    result = subprocess.run(
        [python, "-c", CHILD, mode], env=env, capture_output=True, text=True, check=True
    )
    data_out = json.loads(result.stdout.strip().splitlines()[-1])
    data_out["wall"] = time.perf_counter() - start
    return data_out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--tree", action="append", required=True, help="name=path/to/src")
    parser.add_argument("--python", action="append", default=[], help="name=python")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pythons = dict(p.split("=", 1) for p in args.python)
    print(f"load average before: {os.getloadavg()}")
    best = {}
    for name, tree in (t.split("=", 1) for t in args.tree):
        python = pythons.get(name, sys.executable)
        modes = ["cold"]
        if os.path.exists(os.path.join(tree, "teekond/exports/pdf.py")):
            with open(os.path.join(tree, "teekond/exports/pdf.py")) as fh:
                if "def warm_up" in fh.read():
                    modes.append("warm-up")
        for mode in modes:
            runs = [run(python, tree, args.data, mode) for _ in range(args.repeat)]
            for r in runs:
                print(
                    f"{name:>4} {mode:>8}: first PDF {r['first']:.2f} s "
                    f"(CPU {r['first_cpu']:.2f} s), process to first PDF {r['process']:.2f} s "
                    f"(CPU {r['process_cpu']:.2f} s), again {r['again']:.2f} s "
                    f"(CPU {r['again_cpu']:.2f} s), whole process {r['wall']:.2f} s"
                )
            best[(name, mode)] = min(runs, key=lambda r: r["first_cpu"])
    print(f"load average after: {os.getloadavg()}")
    names = [t.split("=", 1)[0] for t in args.tree]
    if len(names) == 2 and (names[0], "cold") in best and (names[1], "cold") in best:
        a, b = best[(names[0], "cold")], best[(names[1], "cold")]
        for key in ("first", "first_cpu", "again_cpu"):
            print(f"{key}, cold: {names[1]} / {names[0]} = {b[key] / a[key]:.2f}")
        for name in names:
            if (name, "warm-up") in best:
                w = best[(name, "warm-up")]["first_cpu"]
                cold = best[(name, "cold")]["first_cpu"]
                print(
                    f"first PDF's CPU after warm-up ({name}): {w:.2f} s = {w / cold:.2f} of "
                    f"its cold one ({cold:.2f} s)"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
