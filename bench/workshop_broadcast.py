"""Live co-editing broadcast: the time from an edit to its arrival at every other client.

    PYTHONPATH=src .venv/bin/python bench/workshop_broadcast.py --clients 30,200 --edits 40

For each client count N it starts, as whole processes on loopback:

1. ``teekond serve`` (in-memory channel layer), then again with ``TEEKOND_REDIS_URL``
   (channels-redis on 127.0.0.1:6379, a key prefix of its own): N websocket clients follow
   one map (``/ws/live/journey/<id>/``, logged in); an editor changes one cell through the
   JSON API (``PUT /api/journeys/<id>/cells``, the editor's own write path, version-checked
   and stored), one edit at a time; the clock runs from sending the PUT to each client's
   receiving the event with that cell's new version. Every edit must reach every client:
   a missing (version, client) pair is counted as lost.
2. the peer: a bare ``websockets`` broadcast server (``--peer``: this file) that relays each
   message of the editor client to the N others, with no database and no authorization;
   the same clock, from sending to arrival.

Prints p50 / p95 / p99 / max in milliseconds, the lost count, the ratio of Teekond's p99 to
the peer's, and the machine's load average before and after (the machine is shared).
Targets (issue #10): 30 clients p99 < 100 ms, 200 clients p99 < 500 ms, nothing lost.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import websockets

HERE = Path(__file__).resolve()
BIN = Path(sys.executable).parent

SETUP = r"""
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from django.test import Client
from teekond.accounts import services as accounts
from teekond.journeys import services
user = accounts.create_user(username="bench", email="bench@example.com", password="bench-Pass-2931")
ws = accounts.create_workspace(user, "Bench")
journey = services.create_journey(ws, user, title="Bench map")
stage = services.add_stage(journey, name="Stage", structure_version=journey.structure_version)
journey.refresh_from_db()
services.add_step(stage, name="Step", structure_version=journey.structure_version)
lane = journey.lanes.first()
step = journey.steps.first()
_, token = accounts.create_token(user, "bench")
client = Client()
client.force_login(user)
print(json.dumps({"journey": journey.pk, "lane": lane.pk, "step": step.pk, "token": token,
                  "session": client.cookies["sessionid"].value}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_port(port: int, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


def percentiles(values: list[float]) -> dict:
    if not values:
        return {"p50": None, "p95": None, "p99": None, "max": None}
    ordered = sorted(values)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]

    return {"p50": at(0.5), "p95": at(0.95), "p99": at(0.99), "max": ordered[-1]}


async def open_clients(url: str, n: int, headers: dict) -> list:
    clients = []
    for start in range(0, n, 25):  # connect in small waves, like people joining
        batch = [
            websockets.connect(url, additional_headers=headers, open_timeout=30, max_size=2**20)
            for _ in range(min(25, n - start))
        ]
        clients += await asyncio.gather(*batch)
    return clients


async def finish(listeners, clients, sent: dict, arrivals: list[dict]) -> dict:
    """Wait for stragglers, close the clients, and count: every (edit, client) pair that
    arrived is a latency in ms, every one that did not is lost."""
    await asyncio.sleep(2.0)
    for task in listeners:
        task.cancel()
    for client in clients:
        await client.close()
    latencies, lost = [], 0
    for got in arrivals:
        for v, t0 in sent.items():
            if v in got:
                latencies.append((got[v] - t0) * 1000)
            else:
                lost += 1
    return {**percentiles(latencies), "lost": lost, "deliveries": len(latencies)}


# ---------------------------------------------------------------------------- Teekond


async def run_teekond(base: str, info: dict, n: int, edits: int, gap: float) -> dict:
    port_url = base.replace("http://", "ws://")
    url = f"{port_url}/ws/live/journey/{info['journey']}/"
    headers = {"Cookie": f"sessionid={info['session']}", "Origin": base}
    clients = await open_clients(url, n, headers)
    item = f"cell:{info['lane']}:{info['step']}"
    sent: dict[int, float] = {}
    arrivals: list[dict[int, float]] = [dict() for _ in clients]

    last_presence = [time.perf_counter()]

    async def listen(index, client):
        async for raw in client:
            frame = json.loads(raw)
            if frame.get("type") == "event" and frame["event"].get("item") == item:
                arrivals[index].setdefault(frame["event"]["version"], time.perf_counter())
            elif frame.get("type") == "presence":
                last_presence[0] = time.perf_counter()

    listeners = [asyncio.create_task(listen(i, c)) for i, c in enumerate(clients)]
    # Everyone joining at once tells everyone (N x N presence changes): measure the edits
    # once that has settled (no presence frame for 1.5 s), as in a workshop under way.
    joined = time.perf_counter()
    while time.perf_counter() - last_presence[0] < 1.5 and time.perf_counter() - joined < 180:
        await asyncio.sleep(0.25)
    settled = last_presence[0] - joined

    def put(version: int | None, text: str) -> int:
        body = json.dumps(
            {"lane_id": info["lane"], "step_id": info["step"], "version": version, "text": text}
        ).encode()
        request = urllib.request.Request(
            f"{base}/api/journeys/{info['journey']}/cells",
            data=body,
            method="PUT",
            headers={
                "Authorization": f"Bearer {info['token']}",
                "Content-Type": "application/json",
            },
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())["version"]

    version = info.get("version")
    for k in range(3):  # untimed: the server's first requests load templates and code
        version = await asyncio.to_thread(put, version, f"warm-up {k}")
    await asyncio.sleep(0.5)
    writes = []
    for k in range(edits):
        start = time.perf_counter()
        new = await asyncio.to_thread(put, version, f"edit {k}")
        writes.append((time.perf_counter() - start) * 1000)
        sent[new] = start
        version = new
        await asyncio.sleep(gap)
    info["version"] = version
    result = await finish(listeners, clients, sent, arrivals)
    write = percentiles(writes)
    return {
        **result,
        "settled": settled,
        "write_p50": write["p50"],
        "write_p99": write["p99"],
    }


def serve_teekond(data: Path, redis_url: str | None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "TEEKOND_DATA_DIR": str(data), "DATABASE_URL": ""}
    env.pop("TEEKOND_REDIS_URL", None)
    if redis_url:
        env["TEEKOND_REDIS_URL"] = redis_url
        env["TEEKOND_REDIS_PREFIX"] = f"bench-{uuid.uuid4().hex[:8]}"
    proc = subprocess.Popen(
        [str(BIN / "teekond"), "serve", "--no-worker", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    wait_port(port, proc)
    return proc, f"http://127.0.0.1:{port}"


# ---------------------------------------------------------------------------- the peer


async def peer_server(port: int) -> None:
    members: set = set()

    async def handler(ws):
        members.add(ws)
        try:
            async for message in ws:
                websockets.broadcast([m for m in members if m is not ws], message)
        finally:
            members.discard(ws)

    async with websockets.serve(handler, "127.0.0.1", port, max_size=2**20):
        await asyncio.Future()


async def run_peer(port: int, n: int, edits: int, gap: float) -> dict:
    url = f"ws://127.0.0.1:{port}/"
    clients = await open_clients(url, n + 1, {})
    editor, followers = clients[0], clients[1:]
    arrivals: list[dict[int, float]] = [dict() for _ in followers]
    sent: dict[int, float] = {}

    async def listen(index, client):
        async for raw in client:
            arrivals[index][json.loads(raw)["version"]] = time.perf_counter()

    listeners = [asyncio.create_task(listen(i, c)) for i, c in enumerate(followers)]
    await asyncio.sleep(0.5)
    for v in range(1, edits + 1):
        sent[v] = time.perf_counter()
        await editor.send(json.dumps({"item": "cell:1:1", "version": v, "text": f"edit {v}"}))
        await asyncio.sleep(gap)
    return await finish(listeners, clients, sent, arrivals)


# ---------------------------------------------------------------------------- main


def fmt(result: dict) -> str:
    if result["p99"] is None:
        return f"nothing arrived, lost {result['lost']}"
    return (
        f"p50 {result['p50']:7.1f}  p95 {result['p95']:7.1f}  p99 {result['p99']:7.1f}  "
        f"max {result['max']:7.1f} ms  deliveries {result['deliveries']:6d}  lost {result['lost']}"
    )


def redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", default="30,200")
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--gap", type=float, default=0.1, help="seconds between edits")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--peer", type=int, help=argparse.SUPPRESS)  # run as the peer server
    args = parser.parse_args()
    if args.peer:
        asyncio.run(peer_server(args.peer))
        return 0
    counts = [int(c) for c in args.clients.split(",")]
    print(f"load average before: {os.getloadavg()}  (the machine is shared with other work)")
    data = Path(tempfile.mkdtemp(prefix="teekond-bench-live-"))
    try:
        env = {
            **os.environ,
            "TEEKOND_DATA_DIR": str(data),
            "DATABASE_URL": "",
            "DJANGO_SETTINGS_MODULE": "teekond.settings",
        }
        # `teekond migrate` also writes the data directory's secret key, which the session
        # made below is signed with and the servers read.
        subprocess.run([str(BIN / "teekond"), "migrate"], env=env, check=True, capture_output=True)
        out = subprocess.run(
            [sys.executable, "-c", SETUP], env=env, check=True, capture_output=True, text=True
        )
        info = json.loads(out.stdout.strip().splitlines()[-1])
        layers = [("in-memory", None)] + ([("redis", args.redis)] if redis_up() else [])
        if len(layers) == 1:
            print("no Redis on 127.0.0.1:6379: the Redis layer is not measured")
        rows = []
        for n in counts:
            peer_port = free_port()
            peer = subprocess.Popen(
                [sys.executable, str(HERE), "--peer", str(peer_port)], stderr=subprocess.DEVNULL
            )
            try:
                wait_port(peer_port, peer)
                peer_result = asyncio.run(run_peer(peer_port, n, args.edits, args.gap))
            finally:
                peer.terminate()
                peer.wait()
            print(f"\n{n} clients, {args.edits} edits, {args.gap * 1000:.0f} ms apart")
            print(f"  peer (bare websockets broadcast)  {fmt(peer_result)}")
            for name, redis_url in layers:
                proc, base = serve_teekond(data, redis_url)
                try:
                    result = asyncio.run(run_teekond(base, info, n, args.edits, args.gap))
                finally:
                    proc.terminate()
                    proc.wait(timeout=30)
                ratio = (
                    result["p99"] / peer_result["p99"]
                    if result["p99"] and peer_result["p99"]
                    else None
                )
                print(f"  teekond, {name:9s} layer          {fmt(result)}")
                print(f"    all {n} joined and presence settled after {result['settled']:.1f} s")
                print(
                    f"    of which the PUT itself (request, checks, write, commit): "
                    f"p50 {result['write_p50']:.1f}  p99 {result['write_p99']:.1f} ms"
                )
                print(
                    f"    p99 ratio teekond/peer: {ratio:.1f}x" if ratio else "    p99 ratio: n/a"
                )
                rows.append((n, name, result))
        print(f"\nload average after: {os.getloadavg()}")
        failed = False
        for n, name, result in rows:
            target = 100 if n <= 30 else 500
            ok = result["lost"] == 0 and result["p99"] is not None and result["p99"] < target
            failed |= not ok
            print(
                f"target {n} clients ({name}): p99 < {target} ms, none lost: {'met' if ok else 'NOT met'}"
            )
        return 1 if failed else 0
    finally:
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
