"""Teekond's own deploy checks, run by ``teekond check --deploy`` beside Django's.

Registered with ``deploy=True`` in ``AccountsConfig.ready``: they judge the settings this
app's security rests on (secret key, cookies, hosts), so they only run when asked.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]", "testserver"}


def _key_file_tracked_by_git(key_file: Path) -> bool | None:
    """True if git tracks the file, False if it is not in a work tree or not tracked."""
    if not shutil.which("git"):
        return None
    result = subprocess.run(
        ["git", "ls-files", "--error-unmatch", key_file.name],
        cwd=key_file.parent,
        capture_output=True,
        text=True,
        timeout=10,
    )
    return result.returncode == 0


@register(Tags.security, deploy=True)
def check_secret_key(app_configs=None, **kwargs):
    source = getattr(settings, "SECRET_KEY_SOURCE", "env")
    if source == "ephemeral":
        return [
            Error(
                "No secret key is configured: this process made up one of its own, so "
                "sessions and signed links break across processes and restarts.",
                hint="Set TEEKOND_SECRET_KEY, or run `teekond migrate` to create "
                "$TEEKOND_DATA_DIR/secret_key.",
                id="teekond.E001",
            )
        ]
    if source == "file":
        key_file = Path(settings.DATA_DIR) / "secret_key"
        if _key_file_tracked_by_git(key_file):
            return [
                Error(
                    f"The secret key file {key_file} is committed to a git repository.",
                    hint="Remove it from git (git rm --cached), rotate the key and keep "
                    "the data directory outside the repository.",
                    id="teekond.E002",
                )
            ]
    return []


@register(Tags.security, deploy=True)
def check_debug_and_hosts(app_configs=None, **kwargs):
    issues: list[CheckMessage] = []
    if settings.DEBUG:
        issues.append(
            Error(
                "TEEKOND_DEBUG is on: error pages show settings and code to anyone.",
                hint="Unset TEEKOND_DEBUG (it is off by default).",
                id="teekond.E003",
            )
        )
    site = urlsplit(settings.SITE_URL)
    if site.scheme not in {"http", "https"} or not site.hostname:
        issues.append(
            Error(
                f"TEEKOND_SITE_URL={settings.SITE_URL!r} is not an http(s) address.",
                hint="e.g. https://cx.example.ee",
                id="teekond.E004",
            )
        )
        return issues
    hosts = set(settings.ALLOWED_HOSTS)
    if "*" in hosts:
        issues.append(
            Warning(
                "TEEKOND_ALLOWED_HOSTS allows every host name.",
                hint="List the host names the site answers to.",
                id="teekond.W001",
            )
        )
    elif site.hostname not in hosts and f".{site.hostname.partition('.')[2]}" not in hosts:
        issues.append(
            Error(
                f"The site's host {site.hostname!r} (TEEKOND_SITE_URL) is not in "
                "TEEKOND_ALLOWED_HOSTS, so every request to it is refused.",
                hint=f"Add {site.hostname} to TEEKOND_ALLOWED_HOSTS.",
                id="teekond.E005",
            )
        )
    if site.scheme == "https":
        if not (settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE):
            issues.append(
                Error(
                    "The site is https but its cookies are not marked Secure.",
                    hint="Unset TEEKOND_SECURE=false (https site URLs turn it on).",
                    id="teekond.E006",
                )
            )
        if not settings.SECURE_HSTS_SECONDS:
            issues.append(
                Error(
                    "The site is https but sends no HSTS header.",
                    hint="Unset TEEKOND_HSTS_SECONDS=0.",
                    id="teekond.E007",
                )
            )
    elif site.hostname not in LOCAL_HOSTS:
        issues.append(
            Warning(
                f"TEEKOND_SITE_URL is plain http on {site.hostname}: passwords and "
                "sessions cross the network unencrypted.",
                hint="Serve it over TLS and use an https TEEKOND_SITE_URL.",
                id="teekond.W002",
            )
        )
    return issues


@register(Tags.database, deploy=True)
def check_database(app_configs=None, **kwargs):
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        return [
            Warning(
                "The database is SQLite: fine for one server, but `teekond serve` already "
                "runs a web server and a worker per queue, and more web processes or "
                "servers will wait on its single writer.",
                hint="Use PostgreSQL via DATABASE_URL for a team or several processes.",
                id="teekond.W003",
            )
        ]
    return []
