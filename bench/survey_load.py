"""Public micro-survey under load: Teekond vs a bare ASGI endpoint that stores the same row.

    PYTHONPATH=src .venv/bin/python bench/survey_load.py --requests 5000 --concurrency 32
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/teekond_bench_survey \\
        PYTHONPATH=src .venv/bin/python bench/survey_load.py --workers 2

1. makes a fresh database (SQLite in a temporary folder, or the PostgreSQL database named by
   ``DATABASE_URL``, dropped and created again) with 20 open micro-surveys;
2. starts Teekond as ``teekond serve`` runs it (uvicorn, with its background worker), and the
   bare endpoint (``bare_survey.py``) under the same uvicorn settings, both on loopback;
3. drives each from a separate process (asyncio, keep-alive HTTP/1.1 connections, bounded
   requests and concurrency): the answers carry the form token and idempotency key a survey
   page carries, and come through a trusted proxy (``X-Forwarded-For``) from 500 client
   addresses, so no answer meets a rate limit;
4. checks that every acknowledged answer is stored (exit 1 otherwise), and prints answers/s,
   p50/p99 latency of both and their ratio, with the machine's load average before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
SECRET = "bench-survey-load-" + "k" * 40


# ---------------------------------------------------------------- the driver (own process)


async def _read_response(reader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        return status, await reader.readexactly(int(headers["content-length"]))
    body = b""
    while True:  # chunked
        size = int((await reader.readuntil(b"\r\n")).strip(), 16)
        chunk = await reader.readexactly(size + 2)
        if size == 0:
            return status, body
        body += chunk[:-2]


async def _drive(target: dict, plan: list[dict], concurrency: int) -> dict:
    host, port = target["host"], target["port"]
    queue = list(reversed(plan))
    results: list[tuple[str, int, float, bool]] = []
    origin = f"http://{host}:{port}"

    async def connection():
        reader = writer = None
        while queue:
            item = queue.pop()
            body = urlencode(item["form"]).encode()
            request = (
                f"POST /s/{item['token']}/ HTTP/1.1\r\nHost: {host}:{port}\r\n"
                f"Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {len(body)}\r\nOrigin: {origin}\r\n"
                f"X-Forwarded-For: {item['ip']}\r\n\r\n"
            ).encode() + body
            started = time.perf_counter()
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(host, port)
                writer.write(request)
                status, text = await asyncio.wait_for(_read_response(reader), 60)
            except (OSError, asyncio.IncompleteReadError, ValueError, TimeoutError):
                writer = None
                results.append((item["form"]["key"], 0, time.perf_counter() - started, False))
                continue
            elapsed = time.perf_counter() - started
            acked = status == 200 and target["ack"].encode() in text
            results.append((item["form"]["key"], status, elapsed, acked))
        if writer is not None:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(concurrency)))
    wall = time.perf_counter() - started
    return {"wall": wall, "results": results}


def _plan(tokens: list[str], prefix: str, n: int) -> list[dict]:
    sys.path.insert(0, str(HERE))
    from survey_setup import answer_form, mint

    plan = []
    for i in range(n):
        token = tokens[i % len(tokens)]
        form = answer_form(token, i)
        form["key"] = f"{prefix}-{i}"
        if "form_token" in form:
            form["form_token"] = mint(token, form["key"])
        # 500 client addresses: each answers each survey at most n / 10,000 times
        plan.append({"token": token, "form": form, "ip": f"10.0.{i % 500 // 250}.{i % 250 + 1}"})
    return plan


def driver_main(spec_path: str) -> int:
    spec = json.loads(Path(spec_path).read_text())
    import django
    from django.conf import settings

    settings.configure(SECRET_KEY=SECRET)
    django.setup()
    out = {}
    for target in spec["targets"]:
        warm = _plan(spec["tokens"], target["prefix"] + "-warm", spec["warmup"])
        asyncio.run(_drive(target, warm, min(8, spec["concurrency"])))
        plan = _plan(spec["tokens"], target["prefix"], spec["requests"])
        run = asyncio.run(_drive(target, plan, spec["concurrency"]))
        out[target["name"]] = run
    Path(spec["out"]).write_text(json.dumps(out))
    return 0


# ---------------------------------------------------------------- the harness


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(port: int, proc: subprocess.Popen, timeout: float = 240) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server on port {port} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not start")


def _stop(proc: subprocess.Popen) -> None:
    # serve runs in its own process group: stop uvicorn and its worker together
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


def _fresh_postgres(url: str) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=1, help="server processes of each")
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument(
        "--no-worker", action="store_true", help="serve without the background worker"
    )
    parser.add_argument(
        "--py-spy",
        metavar="FILE",
        help="sample the Teekond web process with py-spy while it is driven (collapsed stacks)",
    )
    parser.add_argument("--drive", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.drive:
        return driver_main(args.drive)
    if args.requests > 50_000 or args.concurrency > 512:
        parser.error("keep it bounded: at most 50,000 requests and 512 connections")

    work = Path(tempfile.mkdtemp(prefix="teekond-survey-load-"))
    url = os.environ.get("DATABASE_URL", "")
    env = {
        **os.environ,
        "TEEKOND_DATA_DIR": str(work),
        "TEEKOND_SECRET_KEY": SECRET,
        "TEEKOND_TRUSTED_PROXIES": "127.0.0.1",
        "TEEKOND_ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    if url:
        _fresh_postgres(url)
    os.environ.update(env)
    sys.path.insert(0, str(SRC))
    sys.path.insert(0, str(HERE))
    from survey_setup import prepare

    tokens = prepare(surveys=20)
    backend = "PostgreSQL" if url else "SQLite"

    teekond_port, bare_port = _free_port(), _free_port()
    procs = []
    try:
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "teekond.cli", "serve", "--host", "127.0.0.1"]
                + ["--port", str(teekond_port), "--workers", str(args.workers)]
                + (["--no-worker"] if args.no_worker else []),
                env=env,
                start_new_session=True,
                stdout=subprocess.DEVNULL,
            )
        )
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "--app-dir", str(HERE), "bare_survey:app"]
                + ["--host", "127.0.0.1", "--port", str(bare_port), "--log-level", "warning"]
                + ["--lifespan", "off", "--workers", str(args.workers), "--no-proxy-headers"],
                env=env,
                start_new_session=True,
            )
        )
        _wait_ready(teekond_port, procs[0])
        _wait_ready(bare_port, procs[1])
        spec = {
            "tokens": tokens,
            "requests": args.requests,
            "concurrency": args.concurrency,
            "warmup": args.warmup,
            "out": str(work / "results.json"),
            "targets": [
                {
                    "name": "bare",
                    "host": "127.0.0.1",
                    "port": bare_port,
                    "prefix": "b",
                    "ack": "stored",
                },
                {
                    "name": "teekond",
                    "host": "127.0.0.1",
                    "port": teekond_port,
                    "prefix": "t",
                    "ack": "survey-thanks",
                },
            ],
        }
        (work / "spec.json").write_text(json.dumps(spec))
        load_before = os.getloadavg()
        spy = None
        if args.py_spy:
            spy = subprocess.Popen(
                [str(Path(sys.executable).with_name("py-spy")), "record", "--pid"]
                + [str(procs[0].pid), "--format", "raw", "--rate", "200", "-o", args.py_spy]
                + (["--subprocesses"] if args.workers > 1 else [])
            )
        subprocess.run(
            [sys.executable, __file__, "--drive", str(work / "spec.json")], env=env, check=True
        )
        load_after = os.getloadavg()
        if spy is not None:
            spy.send_signal(signal.SIGINT)
            spy.wait(timeout=30)
    finally:
        for proc in procs:
            _stop(proc)

    from teekond.research.models import Response

    results = json.loads((work / "results.json").read_text())
    stored = set(Response.objects.values_list("idempotency_key", flat=True))
    print(
        f"survey load: {backend}, {args.workers} web process(es) each"
        f"{', no background worker' if args.no_worker else ''}, {args.requests} answers, "
        f"{args.concurrency} connections, Python {sys.version.split()[0]}, {os.cpu_count()} cores"
    )
    print(
        "load average before: {:.2f} {:.2f} {:.2f}; after: {:.2f} {:.2f} {:.2f}".format(
            *load_before, *load_after
        )
    )
    lost_total, rates = 0, {}
    for name in ("bare", "teekond"):
        run = results[name]
        rows = run["results"]
        acked = [key for key, _status, _t, ok in rows if ok]
        lost = [key for key in acked if key not in stored]
        lost_total += len(lost)
        codes: dict[int, int] = {}
        for _key, status, _t, _ok in rows:
            codes[status] = codes.get(status, 0) + 1
        times = [t for _key, _status, t, _ok in rows]
        rates[name] = len(acked) / run["wall"]
        print(
            f"{name:8s} {rates[name]:8.0f} answers/s  p50 {_percentile(times, 0.5) * 1000:6.1f} ms"
            f"  p99 {_percentile(times, 0.99) * 1000:6.1f} ms  acknowledged {len(acked)}"
            f"/{len(rows)}  lost {len(lost)}  statuses {dict(sorted(codes.items()))}"
        )
    print(f"ratio teekond / bare: {rates['teekond'] / rates['bare']:.2f}x the bare answers/s")
    return 1 if lost_total else 0


if __name__ == "__main__":
    raise SystemExit(main())
