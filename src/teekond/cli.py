"""The one `teekond` command. Thin: parse arguments, call the service layer.

Every expected failure (bad setting, unreachable database, busy port) ends with one
readable line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import inspect
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable

from teekond.core.commands import CommandError
from teekond.core.commands import check_database as _check_database
from teekond.core.commands import setup_django as _setup_django

EXIT_USAGE = 2
# One background worker per queue under `teekond serve`, so a slow queue (webhooks) never
# holds up the others; `teekond worker` runs them all in one process unless told otherwise.
WORKER_QUEUES = ("default", "webhooks")
# How long `serve` gives its workers to finish the task in hand after SIGTERM/SIGINT.
WORKER_STOP_SECONDS = 10


def _check_port_free(host: str, port: int) -> None:
    with socket.socket(
        socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM
    ) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            raise CommandError(
                f"port {port} on {host} is already in use; stop the other server or use --port"
            ) from None


def cmd_migrate(args) -> int:
    _setup_django()
    _check_database()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if args.verbose else 0)
    print("database is up to date")
    return 0


def cmd_demo(args) -> int:
    _setup_django()
    _check_database()
    from django.core.management import call_command

    from teekond.accounts.demo import load_demo

    call_command("migrate", interactive=False, verbosity=0)
    result = load_demo(reset=args.reset)
    state = "created" if result.created else "already present"
    print(f"demo workspace {result.workspace.name!r} {state}")
    print(f"log in as {result.username} / {result.password}")
    return 0


def cmd_createuser(args) -> int:
    _setup_django()
    _check_database()
    import getpass

    from teekond.accounts import services
    from teekond.core.errors import TeekondError

    password = args.password or os.environ.get("TEEKOND_PASSWORD")
    if not password:
        if not sys.stdin.isatty():
            raise CommandError("give --password or TEEKOND_PASSWORD when not at a terminal")
        password = getpass.getpass("Password: ")
    try:
        user = services.create_user(username=args.username, email=args.email, password=password)
        if args.superuser:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        if args.workspace:
            services.create_workspace(user, args.workspace)
    except TeekondError as exc:
        raise CommandError(exc.message) from None
    print(f"user {user.username} created")
    return 0


def cmd_worker(args) -> int:
    _setup_django()
    _check_database()
    from django.core.management import call_command

    queues = [args.queue] if args.queue else list(WORKER_QUEUES)
    call_command("db_worker", interval=args.interval, queue_name=",".join(queues))
    return 0


class _Stop(Exception):
    """SIGTERM arrived: leave the web server and stop the workers."""


def _on_sigterm(signum, frame):
    raise _Stop


def _start_workers() -> list[subprocess.Popen]:
    return [
        subprocess.Popen([sys.executable, "-m", "teekond.cli", "worker", "--queue", queue])
        for queue in WORKER_QUEUES
    ]


def _stop_workers(workers: list[subprocess.Popen]) -> None:
    """SIGTERM each worker (it finishes its current task), then kill what outlives the bound."""
    import time

    for worker in workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + WORKER_STOP_SECONDS
    for worker in workers:
        try:
            worker.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def cmd_serve(args) -> int:
    _check_port_free(args.host, args.port)
    _setup_django()
    _check_database()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise CommandError("the database needs migrating: run `teekond migrate` first")
    from teekond.core.staticfiles import collect_if_stale

    # Hashed, precompressed static files for WhiteNoise; only when a static file changed.
    if collect_if_stale():
        print("Static files collected (hashed and compressed).", flush=True)
    # Each web process warms the PDF exports at start (teekond.asgi, exports.pdf.warm_up).
    os.environ.setdefault("TEEKOND_WARM_EXPORTS", "1")
    import uvicorn
    from django.conf import settings

    # uvicorn handles SIGTERM/SIGINT itself, then re-raises the signal once it has shut
    # down; with the default SIGTERM action that killed this process before it could stop
    # the workers, which were left running. A handler of our own turns it into an
    # exception, so the `finally` below always runs.
    signal.signal(signal.SIGTERM, _on_sigterm)
    # The workers run the background tasks (imports, analytics, webhooks) beside the web server.
    workers = [] if args.no_worker else _start_workers()
    server = uvicorn.Server(
        uvicorn.Config(
            "teekond.asgi:application",
            host=args.host,
            port=args.port,
            log_level="warning",
            lifespan="off",
            workers=args.workers,
            # Teekond decides whom to believe (TEEKOND_TRUSTED_PROXIES, core.clientip);
            # uvicorn's own default trusts X-Forwarded-For from 127.0.0.1.
            proxy_headers=False,
            timeout_graceful_shutdown=5,
            # live co-editing (docs/live.md): the consumer refuses messages over its own
            # bound with an error frame; this is the transport's hard stop above it
            ws="websockets-sansio",
            ws_max_size=1_048_576,
        )
    )
    print(f"Teekond is running on http://{args.host}:{args.port}/  (Ctrl+C stops it)", flush=True)
    if args.workers > 1 and not os.environ.get("TEEKOND_RATE_LIMIT_STORE"):
        # Several web processes: the public survey's limits must be counted where all of
        # them see the counts (Redis when configured, else the database; research.ratelimit).
        os.environ["TEEKOND_RATE_LIMIT_STORE"] = (
            "redis" if settings.TEEKOND_REDIS_URL else "database"
        )
    if args.workers > 1 and not settings.TEEKOND_REDIS_URL:
        # docs/live.md: the in-memory channel layer reaches only its own process's sockets
        print(
            "note: live co-editing across several web processes needs TEEKOND_REDIS_URL",
            flush=True,
        )
    try:
        if args.workers > 1:
            # uvicorn's supervisor forks the web processes and handles SIGTERM/SIGINT itself
            # (it installs its own handlers, stops the children and returns).
            from uvicorn.supervisors import Multiprocess

            config = server.config
            sockets = [config.bind_socket()]
            if "target" in inspect.signature(Multiprocess).parameters:  # uvicorn < 0.36
                Multiprocess(config, target=server.run, sockets=sockets).run()
            else:  # newer uvicorn starts a server of its config in each process
                Multiprocess(config, sockets=sockets).run()
        else:
            server.run()
    except (_Stop, KeyboardInterrupt):
        pass
    finally:
        _stop_workers(workers)
    return 0


def cmd_check(args) -> int:
    """Django's system checks (with --deploy its deploy checks and Teekond's own)."""
    _setup_django(prepare=False)  # judge the instance as it is; create nothing
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    try:
        call_command("check", deploy=args.deploy, fail_level="ERROR")
    except SystemCheckError as exc:
        print(str(exc).strip(), file=sys.stderr)
        return 1
    return 0


def cmd_manage(args) -> int:
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["teekond manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="teekond",
        description="Teekond: customer-journey mapping and CX management.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("serve", help="run the web app and the background worker")
    p.add_argument("--host", default=os.environ.get("TEEKOND_HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(os.environ.get("TEEKOND_PORT", "8000")))
    p.add_argument("--no-worker", action="store_true", help="do not start the background worker")
    p.add_argument(
        "--workers", type=int, default=1, help="web server processes (for PostgreSQL; default 1)"
    )
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "demo", help="migrate and load the demo workspace built from the seed examples"
    )
    p.add_argument("--reset", action="store_true", help="rebuild the demo workspace from scratch")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("createuser", help="create a user (optionally with a workspace)")
    p.add_argument("--username", required=True)
    p.add_argument("--email", required=True)
    p.add_argument("--password", help="or set TEEKOND_PASSWORD; asked for at a terminal otherwise")
    p.add_argument("--workspace", help="also create a workspace with this name, owned by the user")
    p.add_argument("--superuser", action="store_true", help="may use /admin/")
    p.set_defaults(func=cmd_createuser)

    p = sub.add_parser("migrate", help="create or update the database tables")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("worker", help="run the background-task worker alone")
    p.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
    p.add_argument(
        "--queue", choices=WORKER_QUEUES, help="run only this queue (default: all, one process)"
    )
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("check", help="check the settings (--deploy: ready for production?)")
    p.add_argument(
        "--deploy", action="store_true", help="also the deploy checks (exit 1 on an error)"
    )
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("manage", help="run a Django management command (advanced)")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)

    for register in _extra_commands():
        register(sub)
    return parser


def _extra_commands() -> list[Callable[[argparse._SubParsersAction], None]]:
    """Commands contributed by the apps (analytics, exports…), each thin over its library."""
    registrars = []
    try:
        from teekond.analytics.cli import add_commands
    except ImportError:
        pass
    else:
        registrars.append(add_commands)
    from teekond.exports.cli import add_commands as export_commands

    registrars.append(export_commands)
    return registrars


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args) or 0
    except CommandError as exc:
        print(f"teekond: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
