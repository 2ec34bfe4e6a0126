"""What keeps the public survey's answers honest: the signed form token, the origin check and
the rate limits per client address, per survey and per idempotency key."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.testing import ApplicationCommunicator
from django.test import Client

from teekond.core.errors import Invalid
from teekond.research import formtoken, services, survey_views
from teekond.research.models import Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def config(steps):
    config = services.survey_for_step(steps[0])
    return services.update_survey(config, {"questions": ["nps", "csat"]}, config.version)


def _post(config, form, **headers):
    return Client().post(f"/s/{config.token}/", form, **headers)


# ---------------------------------------------------------------- the form token


def test_an_answer_without_a_form_token_is_refused_and_nothing_is_stored(config):
    page = _post(config, {"key": "k1", "csat": "4"})
    assert page.status_code == 403
    html = page.content.decode()
    assert "could not be checked" in html and 'data-testid="survey-errors"' in html
    # the answer is kept in a fresh form with a valid token, for the visitor to send again
    assert 'value="4" checked' in html
    formtoken.check(_token_in(html), config.token, "k1")
    assert not Response.objects.exists()


def _token_in(html):
    return html.split('name="form_token" value="', 1)[1].split('"', 1)[0]


def test_a_token_of_another_survey_or_another_key_is_refused(config, steps):
    other = services.survey_for_step(steps[1])
    moved = _post(
        config, {"key": "k1", "csat": "4", "form_token": formtoken.make(other.token, "k1")}
    )
    reused = _post(
        config, {"key": "k2", "csat": "4", "form_token": formtoken.make(config.token, "k1")}
    )
    forged = _post(config, {"key": "k1", "csat": "4", "form_token": "abc:def"})
    assert (moved.status_code, reused.status_code, forged.status_code) == (403, 403, 403)
    assert not Response.objects.exists()


def test_an_expired_token_is_refused_with_its_own_message(config, monkeypatch):
    token = formtoken.make(config.token, "k1")
    monkeypatch.setattr(formtoken, "MAX_AGE", -1)
    page = _post(config, {"key": "k1", "csat": "4", "form_token": token})
    assert page.status_code == 403 and "had expired" in page.content.decode()
    assert not Response.objects.exists()


def test_the_refusal_is_in_the_visitors_language(config):
    page = _post(config, {"key": "k1", "csat": "4", "lang": "et"})
    assert page.status_code == 403 and "Saada" in page.content.decode()
    assert "could not be checked" not in page.content.decode()


# ---------------------------------------------------------------- the origin


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_REFERER": "https://evil.example/page.html"},
    ],
)
def test_another_site_cannot_make_its_visitors_answer(config, signed, headers):
    page = _post(config, signed(config, {"key": "k1", "csat": "4"}), **headers)
    assert page.status_code == 403 and 'data-testid="survey-refused"' in page.content.decode()
    assert not Response.objects.exists()


def test_the_surveys_own_page_and_its_embed_origins_may_answer(config, signed):
    own = _post(config, signed(config, {"key": "k1", "csat": "4"}), HTTP_ORIGIN="http://testserver")
    referer = f"https://testserver/s/{config.token}/?src=embed"
    framed = _post(config, signed(config, {"key": "k2", "csat": "4"}), HTTP_REFERER=referer)
    services.update_survey(config, {"embed_origins": ["https://Shop.example/"]}, config.version)
    config.refresh_from_db()
    shop = _post(
        config, signed(config, {"key": "k3", "csat": "4"}), HTTP_ORIGIN="https://shop.example"
    )
    assert (own.status_code, framed.status_code, shop.status_code) == (200, 200, 200)
    assert Response.objects.count() == 3


def test_embed_origins_limit_who_may_frame_the_widget(config):
    services.update_survey(
        config, {"embed_origins": ["https://shop.example", "http://localhost:8080"]}, config.version
    )
    embed = Client().get(f"/s/{config.token}/?src=embed")
    policy = embed.headers["Content-Security-Policy"]
    assert "frame-ancestors https://shop.example http://localhost:8080" in policy


@pytest.mark.parametrize(
    "bad",
    ["shop.example", "javascript:alert(1)", "https://shop.example/path", "https://a@b.example"],
)
def test_embed_origins_must_be_plain_site_addresses(config, bad):
    with pytest.raises(Invalid):
        services.update_survey(
            config, {"embed_origins": ["https://ok.example", bad]}, config.version
        )
    config.refresh_from_db()
    assert config.embed_origins == [] and config.version == 2  # nothing changed


def test_embed_origins_are_set_on_the_settings_page(alice, workspace, config):
    client = Client()
    client.force_login(alice)
    url = f"/w/{workspace.slug}/measure/steps/{config.step_id}/survey/"
    form = {"version": config.version, "questions": ["csat"], "is_active": "on"}
    client.post(url, {**form, "embed_origins": "https://shop.example\nhttps://blog.example:8443"})
    config.refresh_from_db()
    assert config.embed_origins == ["https://shop.example", "https://blog.example:8443"]
    assert "https://blog.example:8443" in client.get(url).content.decode()


# ---------------------------------------------------------------- the limits


def test_a_forged_forwarded_for_does_not_escape_the_limit_per_address(
    config, signed, monkeypatch, settings
):
    settings.TEEKOND_TRUSTED_PROXIES = []
    monkeypatch.setattr(survey_views, "RATE_PER_IP", (2, 600))
    codes = [
        _post(
            config,
            signed(config, {"key": f"k{i}", "csat": "4"}),
            HTTP_X_FORWARDED_FOR=f"203.0.113.{i}",
        ).status_code
        for i in range(4)
    ]
    assert codes == [200, 200, 429, 429]
    assert Response.objects.count() == 2


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(
    config, signed, monkeypatch, settings
):
    settings.TEEKOND_TRUSTED_PROXIES = ["127.0.0.1/32"]
    monkeypatch.setattr(survey_views, "RATE_PER_IP", (2, 600))
    codes = [
        _post(
            config,
            signed(config, {"key": f"k{i}{n}", "csat": "4"}),
            HTTP_X_FORWARDED_FOR=f"203.0.113.{i}",
        ).status_code
        for i in range(3)
        for n in range(3)
    ]
    assert codes == [200, 200, 429] * 3
    assert Response.objects.count() == 6


def test_the_limit_per_survey(config, signed, monkeypatch, settings):
    settings.TEEKOND_TRUSTED_PROXIES = ["127.0.0.1/32"]
    monkeypatch.setattr(survey_views, "RATE_PER_SURVEY", (3, 3600))
    codes = [
        _post(
            config,
            signed(config, {"key": f"k{i}", "csat": "4"}),
            HTTP_X_FORWARDED_FOR=f"203.0.113.{i}",
        ).status_code
        for i in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    assert Response.objects.count() == 3


def test_the_limit_per_idempotency_key(config, signed, monkeypatch):
    monkeypatch.setattr(survey_views, "RATE_PER_KEY", (2, 600))
    form = signed(config, {"key": "k1", "csat": "4"})
    codes = [_post(config, form).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert Response.objects.count() == 1


def test_ipv6_clients_are_limited_per_64_block():
    assert survey_views.rate_address("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert survey_views.rate_address("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert survey_views.rate_address("203.0.113.9") == "203.0.113.9"


# ---------------------------------------------------------------- the lean ASGI path


def _asgi(method, path, body=b"", headers=()):
    from teekond.asgi import application

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }

    async def run():
        app = ApplicationCommunicator(application, scope)
        await app.send_input({"type": "http.request", "body": body})
        start = await app.receive_output(10)
        content = b""
        while True:
            message = await app.receive_output(10)
            content += message.get("body", b"")
            if not message.get("more_body"):
                break
        return start["status"], {k.lower(): v for k, v in start["headers"]}, content

    # Its own thread and event loop: the browser tests' Playwright keeps a loop running in
    # the main thread of the test process, where async_to_sync refuses to start another.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, run()).result()


@pytest.mark.django_db(transaction=True)  # the view runs in the ASGI handler's own thread
def test_the_public_survey_is_served_without_session_or_csrf_work(config):
    from urllib.parse import urlencode

    status, headers, content = _asgi("GET", f"/s/{config.token}/")
    assert status == 200 and b"set-cookie" not in headers
    assert b"content-security-policy" in headers and headers[b"x-frame-options"] == b"DENY"
    form = urlencode(
        {"key": "k1", "csat": "5", "form_token": formtoken.make(config.token, "k1")}
    ).encode()
    content_type = (b"content-type", b"application/x-www-form-urlencoded")
    status, headers, content = _asgi("POST", f"/s/{config.token}/", form, [content_type])
    assert status == 200 and b"survey-thanks" in content and b"set-cookie" not in headers
    assert Response.objects.get().csat == 5


def test_the_lean_chain_keeps_the_security_headers_and_drops_sessions_and_csrf():
    from teekond.core.lean_asgi import lean_middleware

    lean = lean_middleware()
    assert "django.middleware.security.SecurityMiddleware" in lean
    assert "teekond.core.csp.CSPMiddleware" in lean
    assert not {m for m in lean if "session" in m or "csrf" in m or "auth" in m}
