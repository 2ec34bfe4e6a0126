"""What every `teekond` command shares: the one-line error, Django's set-up, the database check.

Here rather than in ``teekond.cli`` so the apps' own commands (``exports.cli``) use them
without importing the top layer that mounts them (no cycle, no private names across apps).
"""

from __future__ import annotations

import os


class CommandError(Exception):
    """An expected failure: printed as one line."""


def setup_django(*, prepare: bool = True) -> None:
    """Start Django; with ``prepare``, first create the data directory and the secret key.

    The settings never write files themselves (they are imported by tests and tools too).
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teekond.settings")
    from teekond.config import ConfigError, data_dir, ensure_secret_key_file

    try:
        if prepare:
            directory = data_dir()
            try:
                ensure_secret_key_file(directory)
            except OSError as exc:
                raise ConfigError(
                    f"cannot prepare the data directory {directory}: {exc.strerror}"
                ) from None
        import django

        django.setup()
    except ConfigError as exc:
        raise CommandError(f"configuration error: {exc}") from None


def check_database() -> None:
    from django.db import connection
    from django.db.utils import OperationalError

    try:
        connection.ensure_connection()
    except OperationalError as exc:
        settings_db = connection.settings_dict
        where = settings_db.get("HOST") or settings_db.get("NAME")
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CommandError(f"cannot reach the database at {where}: {first_line}") from None
