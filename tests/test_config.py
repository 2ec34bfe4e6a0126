import ipaddress
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from teekond.config import (
    ConfigError,
    database_config,
    ensure_secret_key_file,
    env_bool,
    env_int,
    env_networks,
    proxy_ssl_header,
    read_secret_key,
)


def test_sqlite_is_the_zero_config_default_in_wal_mode(tmp_path: Path):
    config = database_config("", tmp_path)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "teekond.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_postgres_url_is_parsed(tmp_path: Path):
    config = database_config("postgres://teekond:pw@db.example:5433/cx", tmp_path)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "db.example",
        5433,
        "cx",
        "teekond",
    )


@pytest.mark.parametrize(
    "url", ["mysql://root@localhost/x", "nonsense", "postgres://localhost:5432"]
)
def test_unusable_database_urls_give_one_clear_error(url, tmp_path):
    with pytest.raises(ConfigError) as err:
        database_config(url, tmp_path)
    assert "DATABASE_URL" in str(err.value)


def test_env_helpers_reject_bad_values(monkeypatch):
    monkeypatch.setenv("X_BOOL", "maybe")
    monkeypatch.setenv("X_INT", "ten")
    with pytest.raises(ConfigError, match="X_BOOL"):
        env_bool("X_BOOL", False)
    with pytest.raises(ConfigError, match="X_INT"):
        env_int("X_INT", 1)
    monkeypatch.setenv("X_INT", "0")
    with pytest.raises(ConfigError, match="minimum"):
        env_int("X_INT", 1, minimum=1)
    monkeypatch.setenv("X_BOOL", "off")
    assert env_bool("X_BOOL", True) is False


def _clean_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEEKOND_")}
    env.pop("DATABASE_URL", None)
    return {**env, **extra}


def test_importing_the_settings_writes_no_file(tmp_path: Path):
    """A key written on import into whatever data/ folder the cwd had ended up in git."""
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'teekond.settings'; "
        "django.setup(); from django.conf import settings; "
        "print(settings.SECRET_KEY_SOURCE, len(settings.SECRET_KEY))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=_clean_env(), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    source, length = result.stdout.split()
    assert source == "ephemeral" and int(length) >= 50
    assert list(tmp_path.iterdir()) == []
    elsewhere = tmp_path / "not-yet"
    again = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=_clean_env(TEEKOND_DATA_DIR=str(elsewhere)),
        capture_output=True,
        text=True,
    )
    assert again.returncode == 0, again.stderr
    assert not elsewhere.exists()


def test_the_secret_key_comes_from_the_environment_then_the_file(tmp_path, monkeypatch):
    monkeypatch.delenv("TEEKOND_SECRET_KEY", raising=False)
    assert read_secret_key(tmp_path)[1] == "ephemeral"
    assert list(tmp_path.iterdir()) == []
    created = ensure_secret_key_file(tmp_path / "d")
    assert created == tmp_path / "d" / "secret_key"
    assert stat.S_IMODE(created.stat().st_mode) == 0o600
    key, source = read_secret_key(tmp_path / "d")
    assert source == "file" and key == created.read_text() and len(key) >= 50
    assert ensure_secret_key_file(tmp_path / "d") is None  # kept, never rewritten
    assert read_secret_key(tmp_path / "d")[0] == key
    monkeypatch.setenv("TEEKOND_SECRET_KEY", "from-the-environment")
    assert read_secret_key(tmp_path / "d") == ("from-the-environment", "env")


def test_proxy_ssl_header_is_trusted_only_when_configured():
    assert proxy_ssl_header("") is None
    assert proxy_ssl_header("X-Forwarded-Proto") == ("HTTP_X_FORWARDED_PROTO", "https")
    assert proxy_ssl_header("X-Scheme: on") == ("HTTP_X_SCHEME", "on")
    with pytest.raises(ConfigError, match="TEEKOND_PROXY_SSL_HEADER"):
        proxy_ssl_header("X Forwarded")


def _settings_in_subprocess(env: dict, names: str) -> list[str]:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'teekond.settings'; "
        "from django.conf import settings; "
        f"print(*[repr(getattr(settings, n)) for n in {names.split()!r}], sep='|')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=_clean_env(**env), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().split("|")


SECURITY = "SESSION_COOKIE_SECURE CSRF_COOKIE_SECURE SECURE_HSTS_SECONDS SECURE_PROXY_SSL_HEADER"


def test_cookies_and_hsts_are_secure_only_behind_tls():
    assert _settings_in_subprocess({}, SECURITY) == ["False", "False", "0", "None"]
    assert _settings_in_subprocess({"TEEKOND_SECURE": "true"}, SECURITY) == [
        "True",
        "True",
        "31536000",
        "None",
    ]
    https = {
        "TEEKOND_SITE_URL": "https://cx.example.ee",
        "TEEKOND_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    }
    assert _settings_in_subprocess(https, SECURITY) == [
        "True",
        "True",
        "31536000",
        "('HTTP_X_FORWARDED_PROTO', 'https')",
    ]


def test_webhook_networks_are_read_as_ip_networks(monkeypatch):
    assert env_networks("X_NETS") == []
    monkeypatch.setenv("X_NETS", "10.20.0.0/16, 127.0.0.1,::1")
    assert env_networks("X_NETS") == [
        ipaddress.ip_network("10.20.0.0/16"),
        ipaddress.ip_network("127.0.0.1/32"),
        ipaddress.ip_network("::1/128"),
    ]
    monkeypatch.setenv("X_NETS", "10.0.0.0/8,intranet")
    with pytest.raises(ConfigError, match="X_NETS has 'intranet'"):
        env_networks("X_NETS")
