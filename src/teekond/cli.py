"""The one `teekond` command. Thin: parse arguments, call the service layer.

Every expected failure (bad setting, unreachable database, busy port) ends with one
readable line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
from collections.abc import Callable

EXIT_USAGE = 2


class CommandError(Exception):
    """An expected failure: printed as one line."""


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teekond.settings")
    from teekond.config import ConfigError

    try:
        import django

        django.setup()
    except ConfigError as exc:
        raise CommandError(f"configuration error: {exc}") from None


def _check_database() -> None:
    from django.db import connection
    from django.db.utils import OperationalError

    try:
        connection.ensure_connection()
    except OperationalError as exc:
        settings_db = connection.settings_dict
        where = settings_db.get("HOST") or settings_db.get("NAME")
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CommandError(f"cannot reach the database at {where}: {first_line}") from None


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


def _django_command(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


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

    from teekond.core.demo import load_demo

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

    call_command("db_worker", interval=args.interval, queue_name=args.queue)
    return 0


def cmd_serve(args) -> int:
    _check_port_free(args.host, args.port)
    _setup_django()
    _check_database()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise CommandError("the database needs migrating: run `teekond migrate` first")
    worker = None
    if not args.no_worker:
        # The worker runs the background tasks (imports, analytics) beside the web server.
        worker = subprocess.Popen([sys.executable, "-m", "teekond.cli", "worker"])
    import uvicorn

    print(f"Teekond is running on http://{args.host}:{args.port}/  (Ctrl+C stops it)", flush=True)
    try:
        uvicorn.run(
            "teekond.asgi:application",
            host=args.host,
            port=args.port,
            log_level="warning",
            lifespan="off",
        )
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=10)
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
        "--queue",
        default="*",
        help="task queues to run, comma-separated (default, webhooks); default: all",
    )
    p.set_defaults(func=cmd_worker)

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
