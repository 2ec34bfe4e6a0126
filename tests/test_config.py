import ipaddress
from pathlib import Path

import pytest

from teekond.config import ConfigError, database_config, env_bool, env_int, env_networks


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
