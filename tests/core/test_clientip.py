"""Which address a request comes from: forwarded headers count only from trusted proxies."""

import pytest
from django.test import RequestFactory

from teekond.config import ConfigError, env_networks
from teekond.core.clientip import client_ip, parse_address


def _request(remote="127.0.0.1", **headers):
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


@pytest.fixture
def proxies(settings):
    def configure(*networks, header="x-forwarded-for"):
        settings.TEEKOND_TRUSTED_PROXIES = list(networks)
        settings.TEEKOND_PROXY_HEADER = header

    return configure


def test_without_trusted_proxies_a_forged_header_changes_nothing(proxies):
    proxies()
    request = _request("127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(request) == "127.0.0.1"


def test_an_untrusted_peer_cannot_name_another_client(proxies):
    proxies("10.0.0.0/8")
    request = _request("198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(request) == "198.51.100.7"


def test_behind_a_trusted_proxy_the_client_is_the_address_the_proxy_saw(proxies):
    proxies("10.0.0.1")
    request = _request("10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(request) == "203.0.113.9"


def test_the_chain_is_walked_from_the_right_so_a_client_cannot_prepend_addresses(proxies):
    proxies("10.0.0.0/8")
    # the client sent "1.1.1.1"; the edge proxy appended what it saw; an inner proxy too
    request = _request("10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9, 10.0.0.1")
    assert client_ip(request) == "203.0.113.9"


def test_when_every_hop_is_trusted_the_leftmost_is_the_client(proxies):
    proxies("10.0.0.0/8")
    request = _request("10.0.0.2", HTTP_X_FORWARDED_FOR="10.1.1.1, 10.0.0.1")
    assert client_ip(request) == "10.1.1.1"


def test_garbage_from_the_proxy_counts_as_the_proxy(proxies):
    proxies("10.0.0.1")
    request = _request("10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, unknown")
    assert client_ip(request) == "10.0.0.1"


def test_the_forwarded_header_is_read_only_when_configured(proxies):
    header = 'for=1.1.1.1, for="[2001:db8:cafe::17]:4711";proto=https'
    proxies("127.0.0.1")
    request = _request("127.0.0.1", HTTP_FORWARDED=header, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_ip(request) == "198.51.100.1"  # the proxy writes X-Forwarded-For
    proxies("127.0.0.1", header="forwarded")
    assert client_ip(request) == "2001:db8:cafe::17"


def test_ipv6_and_mapped_addresses_are_normalised(proxies):
    proxies("::1")
    assert client_ip(_request("::1", HTTP_X_FORWARDED_FOR="::ffff:203.0.113.9")) == "203.0.113.9"
    assert parse_address("[2001:db8::1]:443") == parse_address("2001:db8::1")
    assert parse_address("198.51.100.1:8080").exploded == "198.51.100.1"
    assert parse_address("_hidden") is None


def test_trusted_proxies_are_validated_when_read(monkeypatch):
    monkeypatch.setenv("TEEKOND_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1,::1")
    assert [str(n) for n in env_networks("TEEKOND_TRUSTED_PROXIES")] == [
        "10.0.0.0/8",
        "127.0.0.1/32",
        "::1/128",
    ]
    monkeypatch.setenv("TEEKOND_TRUSTED_PROXIES", "10.0.0.0/8, proxy.local")
    with pytest.raises(ConfigError, match="proxy.local"):
        env_networks("TEEKOND_TRUSTED_PROXIES")
    monkeypatch.delenv("TEEKOND_TRUSTED_PROXIES")
    assert env_networks("TEEKOND_TRUSTED_PROXIES") == []
