"""Typed readers for settings that come from the environment.

Each helper fails loudly with one readable line (``ConfigError``) instead of letting a
bad value surface later as a confusing traceback. Every setting has a zero-config default.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from urllib.parse import urlsplit


class ConfigError(Exception):
    """A setting has a value Teekond cannot use."""


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def env_int(
    name: str, default: int, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name}={value} is below the minimum {minimum}")
    if maximum is not None and value > maximum:
        raise ConfigError(f"{name}={value} is above the maximum {maximum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value not in choices:
        raise ConfigError(f"{name}={raw!r} is not one of: {', '.join(choices)}")
    return value


def env_networks(name: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Comma-separated IP networks (``10.0.0.0/8,::1/128``); a single address is a /32 or /128."""
    networks = []
    for item in env_list(name, []):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ConfigError(f"{name} has {item!r}, which is not an IP network") from None
    return networks


def env_path(name: str, default: Path) -> Path:
    raw = os.environ.get(name)
    return Path(raw).expanduser().resolve() if raw else default


SUPPORTED_DB_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql"}


def database_config(url: str | None, data_dir: Path) -> dict:
    """Turn ``DATABASE_URL`` (or its absence) into Django's DATABASES["default"].

    Without a URL the database is SQLite in WAL mode under the data directory: readers
    never block the writer, which matters once the background worker runs beside the web
    server.
    """
    if not url:
        return sqlite_config(data_dir / "teekond.sqlite3")
    scheme = urlsplit(url).scheme.lower()
    if scheme not in SUPPORTED_DB_SCHEMES:
        raise ConfigError(
            f"DATABASE_URL has the scheme {scheme or '(none)'!r}; "
            "use postgres://user@host:port/name or sqlite:///path/to/file.sqlite3"
        )
    import dj_database_url

    try:
        parsed = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ConfigError(f"DATABASE_URL cannot be read: {exc}") from None
    if parsed["ENGINE"] == "django.db.backends.sqlite3":
        return sqlite_config(Path(parsed["NAME"]))
    if not parsed.get("NAME"):
        raise ConfigError("DATABASE_URL names no database (add /name at the end)")
    parsed.setdefault("OPTIONS", {})["connect_timeout"] = 5
    return parsed


def sqlite_config(path: Path) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        # Keep the connection between requests: opening one and running the PRAGMAs cost
        # about as much as a survey answer's INSERT (bench/README.md).
        "CONN_MAX_AGE": 600,
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
            "transaction_mode": "IMMEDIATE",
        },
    }


def data_dir() -> Path:
    """Where the database, uploads and the generated secret key live (not created here)."""
    return env_path("TEEKOND_DATA_DIR", Path.cwd() / "data")


SECRET_KEY_FILE = "secret_key"


def read_secret_key(directory: Path) -> tuple[str, str]:
    """The secret key and where it came from: ``env``, ``file`` or ``ephemeral``.

    Reading only: importing the settings must never write a file (a key written into
    whatever ``data/`` folder the current directory has ends up committed). ``teekond
    migrate``, ``demo`` and ``serve`` call :func:`ensure_secret_key_file` first, so a
    real instance always has a persistent key; anything else that starts Django without
    one (the tests, a one-off script) gets a random key for this process only, which
    ``teekond check --deploy`` reports as an error.
    """
    configured = os.environ.get("TEEKOND_SECRET_KEY", "").strip()
    if configured:
        return configured, "env"
    key_file = directory / SECRET_KEY_FILE
    try:
        key = key_file.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        key = ""
    except OSError as exc:
        raise ConfigError(f"cannot read the secret key {key_file}: {exc.strerror}") from None
    if key:
        return key, "file"
    import secrets

    return secrets.token_urlsafe(50), "ephemeral"


def ensure_secret_key_file(directory: Path) -> Path | None:
    """Create the data directory and a secret-key file (mode 0600) unless one is configured.

    Returns the file it created, or ``None`` when the key comes from the environment or
    the file already exists.
    """
    import secrets

    (directory / "static").mkdir(parents=True, exist_ok=True)
    if os.environ.get("TEEKOND_SECRET_KEY", "").strip():
        return None
    key_file = directory / SECRET_KEY_FILE
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return None
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(secrets.token_urlsafe(50))
    return key_file


def proxy_ssl_header(raw: str) -> tuple[str, str] | None:
    """``X-Forwarded-Proto`` (or ``X-Forwarded-Proto: https``) as Django's
    SECURE_PROXY_SSL_HEADER; ``None`` (trust no header) when not configured."""
    if not raw.strip():
        return None
    name, _, value = raw.partition(":")
    name, value = name.strip(), value.strip() or "https"
    if not name or not all(c.isalnum() or c == "-" for c in name):
        raise ConfigError(
            f"TEEKOND_PROXY_SSL_HEADER={raw!r} is not a header name (e.g. X-Forwarded-Proto)"
        )
    return "HTTP_" + name.upper().replace("-", "_"), value
