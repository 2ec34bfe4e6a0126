"""Teekond vs PM4Py on real-shaped event logs, as users run them: whole processes.

    .venv/bin/pip install rustxes        # PM4Py's fast reader (its fastest configuration)
    .venv/bin/python bench/reallogs_vs_pm4py.py --events 250000,2500000 --runs 3

For each log -- the shared sample logs, and synthetic BPI-like XES.gz and CSV logs
(``gen_eventlogs.py``, written once into ``--data``) -- it runs, each as its own process,
start-up included, in alternating order, ``--runs`` times:

* ``teekond``        ``python -m teekond.analytics analyze LOG --json``
* ``pm4py-rustxes``  PM4Py 2.7 reading with rustxes, then DFG (+ performance DFG),
                     start/end activities and variants
* ``pm4py-default``  the same with PM4Py's default XES reader (what it uses without rustxes);
                     for CSV both PM4Py runs are pandas.read_csv + format_dataframe
* ``floor``          ``gzip -dc LOG | wc -c`` (``wc -c`` for a plain file): the cost of
                     just reading the bytes

It prints the median wall time, CPU time and peak memory (maximum resident set, from
``/usr/bin/time``) of each, the ratios, checks that Teekond and PM4Py report identical
cases, events, DFG counts, start/end activities and variants, and states the machine load
(other processes share this machine; its 1-minute load average is printed per log).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent.parent / "shared" / "data"
CASE, ACTIVITY, TIME = "case:concept:name", "concept:name", "time:timestamp"


# ------------------------------------------------------------------ PM4Py worker


def pm4py_worker(path: str, variant: str) -> None:
    import pandas as pd
    import pm4py
    from pm4py.util import constants

    if path.endswith((".csv", ".csv.gz")):
        df = pd.read_csv(path, dtype=str)
        df[TIME] = pd.to_datetime(df[TIME], utc=True, format="ISO8601")
        df = pm4py.format_dataframe(df, case_id=CASE, activity_key=ACTIVITY, timestamp_key=TIME)
    else:
        chosen = constants.DEFAULT_XES_PARSER if variant == "default" else variant
        df = pm4py.read_xes(path, variant=chosen)
    dfg, start, end = pm4py.discover_dfg(df)
    pm4py.discover_performance_dfg(df)  # Teekond's DFG carries mean and median times too
    variants = pm4py.get_variants(df)
    print(
        json.dumps(
            {
                "cases": int(df[CASE].nunique()),
                "events": len(df),
                "dfg": sorted([a, b, int(n)] for (a, b), n in dfg.items()),
                "start": {k: int(v) for k, v in start.items()},
                "end": {k: int(v) for k, v in end.items()},
                "variants": sorted([list(k), int(v)] for k, v in variants.items()),
            }
        )
    )


def teekond_counts(result: dict) -> dict:
    return {
        "cases": result["cases"],
        "events": result["events"],
        "dfg": sorted([e["source"], e["target"], e["count"]] for e in result["dfg"]),
        "start": result["start_activities"],
        "end": result["end_activities"],
        "variants": sorted([v["activities"], v["count"]] for v in result["variants"]),
    }


# ------------------------------------------------------------------ timing


def timed(command: list[str], out: Path) -> dict:
    """One whole-process run: wall and CPU seconds, peak RSS (MiB), stdout saved."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats, open(out, "wb") as stdout:
        subprocess.run(
            ["/usr/bin/time", "-f", "%e %U %S %M", "-o", stats.name, *command],
            stdout=stdout,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        wall, user, system, peak = stats.read().split()[-4:]
    return {"wall": float(wall), "cpu": float(user) + float(system), "mib": int(peak) / 1024}


def commands(path: Path, python: str) -> dict[str, list[str]]:
    me = str(Path(__file__).resolve())
    teekond = [python, "-m", "teekond.analytics", "analyze", str(path), "--json"]
    if path.name.endswith((".csv", ".csv.gz")):
        teekond += ["--case", CASE, "--activity", ACTIVITY, "--timestamp", TIME]
    out = {"teekond": teekond}
    out["pm4py-rustxes"] = [python, me, "--worker", str(path), "--variant", "rustxes"]
    out["pm4py-default"] = [python, me, "--worker", str(path), "--variant", "default"]
    if path.name.endswith(".gz"):
        out["floor"] = ["sh", "-c", f"gzip -dc '{path}' | wc -c"]
    else:
        out["floor"] = ["wc", "-c", str(path)]
    return out


def bench(path: Path, runs: int, python: str, skip: set[str], work: Path) -> dict:
    cmds = {k: v for k, v in commands(path, python).items() if k not in skip}
    if path.name.endswith((".csv", ".csv.gz")):
        cmds.pop("pm4py-default", None)  # PM4Py has one CSV reader (pandas)
    results: dict[str, list[dict]] = {k: [] for k in cmds}
    load = os.getloadavg()[0]
    for run in range(runs + 1):  # the first round warms the caches and is not counted
        order = list(cmds) if run % 2 == 0 else list(cmds)[::-1]  # alternate the order
        for name in order:
            figures = timed(cmds[name], work / f"{name}.out")
            if run:
                results[name].append(figures)
    summary = {
        name: {k: statistics.median(r[k] for r in rows) for k in ("wall", "cpu", "mib")}
        for name, rows in results.items()
    }
    mine = json.loads((work / "teekond.out").read_text())
    checks = {}
    for peer in ("pm4py-rustxes", "pm4py-default"):
        if peer in cmds:
            try:
                theirs = json.loads((work / f"{peer}.out").read_text())
            except json.JSONDecodeError:
                checks[peer] = "no result"
                continue
            checks[peer] = "identical" if teekond_counts(mine) == theirs else "DIFFERENT"
    return {
        "file": path.name,
        "load": (load + os.getloadavg()[0]) / 2,
        "summary": summary,
        "checks": checks,
        "events": mine["events"],
    }


def report(rows: list[dict]) -> str:
    lines = [
        f"{os.cpu_count()} cores; median of the counted runs; times in seconds, memory in MiB",
        "",
        "| log | events | load | Teekond | PM4Py+rustxes | PM4Py default | floor | vs rustxes | vs default | vs floor | peak MiB T / P+r / P | counts |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in rows:
        s = row["summary"]
        t = s["teekond"]["wall"]

        def cell(name: str, s: dict = s) -> str:
            return f"{s[name]['wall']:.2f}" if name in s else "-"

        def ratio(name: str, s: dict = s, t: float = t) -> str:
            return f"{s[name]['wall'] / t:.1f}x" if name in s else "-"

        floor = f"{t / max(s['floor']['wall'], 0.01):.1f}x" if "floor" in s else "-"
        mem = " / ".join(
            f"{s[n]['mib']:.0f}" if n in s else "-"
            for n in ("teekond", "pm4py-rustxes", "pm4py-default")
        )
        checks = ", ".join(f"{k}: {v}" for k, v in row["checks"].items())
        lines.append(
            f"| {row['file']} | {row['events']:,} | {row['load']:.1f} | {cell('teekond')} | {cell('pm4py-rustxes')} "
            f"| {cell('pm4py-default')} | {cell('floor')} | {ratio('pm4py-rustxes')} | {ratio('pm4py-default')} "
            f"| {floor} | {mem} | {checks} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", default="250000", help="synthetic log sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", default=str(ROOT / "bench" / "out" / "logs"))
    parser.add_argument("--formats", default="xes.gz,csv")
    parser.add_argument("--no-samples", action="store_true", help="skip the shared sample logs")
    parser.add_argument(
        "--skip-default-above",
        type=int,
        default=1_000_000,
        help="run PM4Py's default XES reader only up to this many events (it takes minutes)",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        pm4py_worker(args.worker, args.variant)
        return
    sys.path.insert(0, str(HERE))
    import gen_eventlogs

    data = Path(args.data)
    data.mkdir(parents=True, exist_ok=True)
    logs: list[tuple[Path, int]] = []
    if not args.no_samples:
        for name in ("running-example.xes", "roadtraffic100traces.xes"):
            for folder in (SHARED, ROOT / "tests" / "data"):
                if (folder / name).exists():
                    logs.append((folder / name, 0))
                    break
    for size in (int(n) for n in args.events.split(",") if n):
        stem = data / f"bpi-{size}"
        for fmt in args.formats.split(","):
            path = Path(f"{stem}.{fmt}")
            if not path.exists():
                print(f"writing {path} ...", file=sys.stderr)
                if fmt == "xes.gz":
                    gen_eventlogs.write_xes(str(path), size, seed=1)
                else:
                    gen_eventlogs.write_csv(str(path), size, seed=1)
            logs.append((path, size))
    rows = []
    for path, size in logs:
        skip = {"pm4py-default"} if size > args.skip_default_above else set()
        with tempfile.TemporaryDirectory() as work:
            print(f"timing {path.name} ...", file=sys.stderr)
            rows.append(bench(path, args.runs, sys.executable, skip, Path(work)))
        print(report(rows[-1:]).splitlines()[-1], file=sys.stderr)
    print(report(rows))


if __name__ == "__main__":
    main()
