"""The survey's answers taken in the event loop (``research.survey_asgi``): every guard of the
view holds there too, the row is the one the view stores, and the rate limits can be counted
where every web process sees them (the database, Redis)."""

import socket
import uuid
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import timezone

from teekond.research import formtoken, ratelimit, survey_asgi, survey_views, surveys
from teekond.research.models import RateCounter, Response

from .test_survey_guard import _asgi

# The answer path writes with its own connection, from its own thread.
pytestmark = pytest.mark.django_db(transaction=True)

FORM = (b"content-type", b"application/x-www-form-urlencoded")


@pytest.fixture
def config(steps):
    config = surveys.survey_for_step(steps[0])
    return surveys.update_survey(config, {"questions": ["nps", "csat"]}, config.version)


def _answer(config, form, headers=(), sign=True):
    if sign:
        form = {**form, "form_token": formtoken.make(config.token, form.get("key", ""))}
    return _asgi("POST", f"/s/{config.token}/", urlencode(form).encode(), [FORM, *headers])


def test_an_answer_is_stored_once_as_the_view_stores_it(config):
    surveys.update_survey(config, {"questions": ["nps", "csat", "comment"]}, config.version)
    form = {"nps": "3", "csat": "2", "comment": "Olin väga pettunud, pakiautomaat oli täis."}
    status, headers, content = _answer(config, {**form, "key": "fast", "lang": "et"})
    assert status == 200 and b"survey-thanks" in content and b"set-cookie" not in headers
    assert headers[b"x-frame-options"] == b"DENY" and b"content-security-policy" in headers
    assert headers[b"x-content-type-options"] == b"nosniff"
    again = _answer(config, {**form, "key": "fast", "lang": "et"})
    assert again[0] == 200 and Response.objects.filter(idempotency_key="fast").count() == 1
    signed = {**form, "key": "view", "lang": "et"}
    signed["form_token"] = formtoken.make(config.token, "view")
    assert Client().post(f"/s/{config.token}/", signed).status_code == 200  # the ORM path
    fast, view = (Response.objects.get(idempotency_key=k) for k in ("fast", "view"))
    skip = {"_state", "id", "idempotency_key", "answered_at", "created_at"}
    assert {k: v for k, v in vars(fast).items() if k not in skip} == {
        k: v for k, v in vars(view).items() if k not in skip
    }
    assert fast.emotions and fast.language == "et" and fast.source == "web"
    assert abs(fast.created_at - timezone.now()) < timedelta(minutes=1)


@pytest.mark.parametrize(
    ("form", "headers", "status", "shows"),
    [
        ({"key": "k1", "csat": "4"}, [], 403, b"could not be checked"),  # no form token
        ({"key": "k1", "csat": "4", "form_token": "abc:def"}, [], 403, b"could not be checked"),
        ({"key": "k1", "csat": "4", "form_token": "moved"}, [], 403, b"could not be checked"),
        ({"key": "k1", "csat": "9", "form_token": "ok"}, [], 422, b"survey-errors"),
        ({"key": "k1", "form_token": "ok"}, [], 422, b"survey-errors"),  # empty answer
        ({"key": " ", "csat": "4", "form_token": "blank"}, [], 422, b"survey-form"),  # no key
        (
            {"key": "k1", "csat": "4", "form_token": "ok"},
            [(b"origin", b"https://evil.example")],
            403,
            b"survey-refused",
        ),
        (
            {"key": "k1", "csat": "4", "form_token": "ok"},
            [(b"referer", b"https://evil.example/page.html")],
            403,
            b"survey-refused",
        ),
        ({"key": "k1", "csat": "4", "form_token": "ok", "website": "x"}, [], 200, b"thanks"),
    ],
)
def test_each_guard_of_the_view_holds_on_the_fast_path(config, form, headers, status, shows):
    tokens = {
        "ok": formtoken.make(config.token, "k1"),
        "moved": formtoken.make(config.token, "k2"),
        "blank": formtoken.make(config.token, " "),
    }
    form = {**form, "form_token": tokens.get(form.get("form_token"), form.get("form_token"))}
    if form["form_token"] is None:
        del form["form_token"]
    got, _headers, content = _answer(config, form, headers, sign=False)
    assert got == status and shows in content
    assert not Response.objects.exists()


def test_a_body_over_the_bound_goes_to_the_view_which_refuses_the_long_comment(config):
    surveys.update_survey(config, {"questions": ["csat", "comment"]}, config.version)
    comment = "ä" * 12_000  # 72 kB as a form: over survey_asgi.MAX_BODY
    assert len(urlencode({"comment": comment})) > survey_asgi.MAX_BODY
    status, _headers, content = _answer(config, {"key": "k1", "csat": "4", "comment": comment})
    assert status == 422 and b"5000" in content
    assert not Response.objects.exists()


def test_the_limits_hold_on_the_fast_path(config, monkeypatch, settings):
    monkeypatch.setattr(survey_views, "RATE_PER_KEY", (2, 600))
    codes = [_answer(config, {"key": "k1", "csat": "4"})[0] for _ in range(3)]
    assert codes == [200, 200, 429]
    settings.TEEKOND_TRUSTED_PROXIES = ["127.0.0.1/32"]
    monkeypatch.setattr(survey_views, "RATE_PER_IP", (2, 600))
    codes = [
        _answer(
            config,
            {"key": f"i{i}{n}", "csat": "4"},
            [(b"x-forwarded-for", f"203.0.113.{i}".encode())],
        )
        for i in range(2)
        for n in range(3)
    ]
    assert [c[0] for c in codes] == [200, 200, 429] * 2
    busy = codes[2]
    assert b"Too many answers" in busy[2] and b"content-security-policy" in busy[1]
    assert Response.objects.count() == 1 + 4


def test_limits_counted_in_the_database_are_shared_by_both_paths(config, monkeypatch, settings):
    """Two web processes share the database: the view (Django's connection) and the fast path
    (the writer's own connection) stand in for them here and see one count."""
    settings.TEEKOND_RATE_LIMIT_STORE = "database"
    monkeypatch.setattr(survey_views, "RATE_PER_KEY", (3, 600))
    form = {"key": "k1", "csat": "4", "form_token": formtoken.make(config.token, "k1")}
    codes = [
        _answer(config, form, sign=False)[0],
        Client().post(f"/s/{config.token}/", form).status_code,
        _answer(config, form, sign=False)[0],
        Client().post(f"/s/{config.token}/", form).status_code,
        _answer(config, form, sign=False)[0],
    ]
    assert codes == [200, 200, 200, 429, 429]
    counter = RateCounter.objects.get(name=f"survey-key:{config.workspace_id}:k1")
    assert counter.count == 5  # each try counted once, whichever path took it
    assert Response.objects.count() == 1


def test_a_database_counter_starts_again_when_its_window_has_passed(config, settings):
    settings.TEEKOND_RATE_LIMIT_STORE = "database"
    check = [("test-window", 1, 600)]
    assert ratelimit.allow(check) and not ratelimit.allow(check)
    RateCounter.objects.filter(name="test-window").update(expires=0)
    assert ratelimit.allow(check) and not ratelimit.allow(check)


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_limits_counted_in_redis(config, monkeypatch, settings):
    import redis

    prefix = f"teekond-test-{uuid.uuid4().hex[:8]}:"
    settings.TEEKOND_RATE_LIMIT_STORE = "redis"
    settings.TEEKOND_REDIS_URL = "redis://127.0.0.1:6379/7"
    settings.TEEKOND_REDIS_PREFIX = prefix
    monkeypatch.setattr(survey_views, "RATE_PER_KEY", (2, 600))
    client = redis.Redis.from_url(settings.TEEKOND_REDIS_URL)
    try:
        codes = [_answer(config, {"key": "k1", "csat": "4"})[0] for _ in range(3)]
        assert codes == [200, 200, 429]
        key = f"{prefix}rate:survey-key:{config.workspace_id}:k1"
        assert int(client.get(key)) == 3 and 0 < client.ttl(key) <= 600
        # counting stops at the first limit passed: the wider ones did not move on the refusal
        assert int(client.get(f"{prefix}rate:survey:{config.pk}")) == 2
    finally:
        for name in client.scan_iter(f"{prefix}*"):
            client.delete(name)


def test_the_in_process_store_is_bounded(monkeypatch):
    monkeypatch.setattr(ratelimit, "MAX_MEMORY", 3)
    for n in range(5):
        assert ratelimit._allow_memory([(f"c{n}", 1, 600)])
    assert list(ratelimit._memory) == ["c2", "c3", "c4"]
    assert not ratelimit._allow_memory([("c4", 1, 600)])


def test_detractor_comments_of_a_journey_are_alerted_in_one_batch(
    config, monkeypatch, alice, journey
):
    """With a task backend that can wait (the database one), the first detractor comment of
    a quiet journey queues one task for the batch; the later ones queue nothing, and the
    batch's task alerts each of them."""
    from teekond.core.models import Notification
    from teekond.research.tasks import after_answers

    monkeypatch.setattr(surveys, "_can_defer", lambda: True)
    since = timezone.now().isoformat()
    made = []
    for n, comment in enumerate(["Liiga kaua", "Pakiautomaat oli täis", "Hea"]):
        answer = surveys.new_response(
            config,
            surveys.clean_answer({"nps": str(2 + n * 4), "comment": comment}),
            "web",
            "et",
            f"d{n}",
        )
        answer.save()
        made.append(surveys.alert_work([answer], gather=True))
    assert made[0] == {
        "detractors": [],
        "journeys": [config.journey_id],
        "sweeps": [config.journey_id],
    }
    assert made[1] is None and made[2] is None  # in the batch; the third is no detractor
    assert after_answers.call([], [], sweep_journeys=[config.journey_id], since=since) == 2
    texts = list(Notification.objects.values_list("message", flat=True))
    assert sorted(t.split(": ", 1)[1] for t in texts) == ["Liiga kaua", "Pakiautomaat oli täis"]
    after_answers.call([], [], sweep_journeys=[config.journey_id], since=since)
    assert Notification.objects.count() == 2  # a batch seen twice alerts once


def test_the_plain_content_security_policy_is_django_csps_own(config):
    from csp.middleware import CSPMiddleware
    from django.http import HttpRequest, HttpResponse

    request = HttpRequest()
    request.path_info = "/"
    expected = CSPMiddleware(lambda r: None).process_response(request, HttpResponse())
    page = Client().get(f"/s/{config.token}/")
    assert page.headers["Content-Security-Policy"] == expected["Content-Security-Policy"]
    embed = Client().get(f"/s/{config.token}/?src=embed")
    assert "frame-ancestors *" in embed.headers["Content-Security-Policy"]
