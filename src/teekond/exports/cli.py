"""`teekond backup` and `teekond restore`: thin over teekond.exports.backup."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path


def cmd_backup(args) -> int:
    from teekond.core.commands import CommandError, check_database, setup_django

    setup_django()
    check_database()
    from teekond.accounts.models import Workspace
    from teekond.exports import backup

    workspace = Workspace.objects.filter(slug=args.workspace).first()
    if workspace is None:
        raise CommandError(f"no workspace with the short name {args.workspace!r}")
    as_zip = args.zip or (args.output or "").endswith(".zip")
    document = backup.build_backup(workspace)
    if args.output in (None, "-"):
        sys.stdout.buffer.write(backup.write_backup(document, as_zip=as_zip))
    else:
        with open(args.output, "wb") as out:
            backup.write_backup(document, as_zip=as_zip, out=out)
        print(f"workspace {workspace.slug!r} written to {args.output}", file=sys.stderr)
    return 0


def cmd_restore(args) -> int:
    from teekond.core.commands import CommandError, check_database, setup_django

    setup_django()
    check_database()
    from django.contrib.auth import get_user_model

    from teekond.accounts.models import Workspace
    from teekond.core.errors import TeekondError
    from teekond.exports import archive, backup

    owner = get_user_model().objects.filter(username=args.owner).first()
    if owner is None:
        raise CommandError(f"no user {args.owner!r}: create one with `teekond createuser`")
    into = None
    if args.into:
        into = Workspace.objects.filter(slug=args.into).first()
        if into is None:
            raise CommandError(f"no workspace with the short name {args.into!r}")
    elif args.replace:
        raise CommandError("--replace needs --into SLUG")
    # The same bounds as the web's restore (exports.archive); standard input is spooled to
    # a temporary file first, within the upload limit, so a zip can be read member by member.
    document = None
    try:
        if args.file == "-":
            source = tempfile.TemporaryFile()  # noqa: SIM115  (closed with the process)
            copied = 0
            while chunk := sys.stdin.buffer.read(1 << 20):
                copied += len(chunk)
                if copied > archive.MAX_TOTAL_BYTES:
                    raise CommandError("the backup on standard input is too large")
                source.write(chunk)
            source.seek(0)
        else:
            source = Path(args.file)
            if not source.is_file():
                raise CommandError(f"cannot read {args.file}: no such file")
        document = backup.read_backup(source)
        workspace, warnings = backup.restore_backup(
            owner,
            document,
            into=into,
            name=args.name,
            with_members=args.members,
            replace=args.replace,
        )
    except OSError as exc:
        raise CommandError(f"cannot read {args.file}: {exc.strerror}") from None
    except TeekondError as exc:
        details = exc.details if isinstance(exc.details, list) else []
        for problem in details[:20]:
            print(f"  {problem.get('object', '')}: {problem.get('message', '')}", file=sys.stderr)
        raise CommandError(exc.message) from None
    finally:
        if document is not None:
            document.close()
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"restored into workspace {workspace.slug!r}")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="write every object of a workspace to one JSON or zip file")
    p.add_argument("workspace", help="the workspace's short name (slug)")
    p.add_argument("-o", "--output", help="file to write (default: standard output)")
    p.add_argument(
        "--zip", action="store_true", help="write a zip file (also when -o ends in .zip)"
    )
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "restore", help="restore a backup into a new or an empty workspace, or over one"
    )
    p.add_argument("file", help="a backup file (JSON or zip), or - for standard input")
    p.add_argument("--owner", required=True, help="user name of the restored workspace's owner")
    target = p.add_mutually_exclusive_group()
    target.add_argument(
        "--into", help="short name of an existing workspace (empty, or see --replace)"
    )
    target.add_argument("--name", help="name of the new workspace (default: the original name)")
    p.add_argument(
        "--replace",
        action="store_true",
        help="with --into: replace the workspace's content (members stay)",
    )
    p.add_argument(
        "--members", action="store_true", help="also restore memberships of users that exist here"
    )
    p.set_defaults(func=cmd_restore)
