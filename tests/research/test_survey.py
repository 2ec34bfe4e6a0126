"""The public micro-survey: no login, no cookies, stored once per idempotency key."""

import re

import pytest
from django.test import Client

from teekond.research import services
from teekond.research.models import Response, Source

pytestmark = pytest.mark.django_db


def _config(step, questions=("nps", "csat", "comment")):
    config = services.survey_for_step(step)
    return services.update_survey(config, {"questions": list(questions)}, config.version)


def _hidden(page, name):
    return re.search(rf'name="{name}" value="([^"]*)"', page.content.decode()).group(1)


def test_it_shows_only_the_questions_of_the_step_in_the_visitors_language(steps):
    config = _config(steps[0], ("csat",))
    page = Client().get(f"/s/{config.token}/", HTTP_ACCEPT_LANGUAGE="et")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'lang="et"' in html and "Kui rahul" in html
    assert 'name="csat"' in html and 'name="nps"' not in html and 'name="comment"' not in html
    assert not page.cookies  # no session, no CSRF cookie
    english = Client().get(f"/s/{config.token}/?lang=en", HTTP_ACCEPT_LANGUAGE="et")
    assert "How satisfied" in english.content.decode()


def test_the_page_answers_with_its_own_key_and_token(steps):
    config = _config(steps[0])
    client = Client()
    page = client.get(f"/s/{config.token}/?src=qr")
    form = {"key": _hidden(page, "key"), "form_token": _hidden(page, "form_token")}
    answered = client.post(f"/s/{config.token}/", {**form, "csat": "4", "src": "qr"})
    assert answered.status_code == 200 and "survey-thanks" in answered.content.decode()
    stored = Response.objects.get()
    assert (stored.idempotency_key, stored.csat, stored.source) == (form["key"], 4, "qr")
    assert not answered.cookies


def test_an_answer_is_stored_once_even_when_the_post_is_retried(steps, signed):
    config = _config(steps[0])
    client = Client(enforce_csrf_checks=True)
    form = {"key": "k-123", "nps": "3", "csat": "2", "comment": "Olin väga pettunud", "src": "qr"}
    first = client.post(f"/s/{config.token}/", signed(config, form))
    again = client.post(f"/s/{config.token}/", signed(config, form))
    assert first.status_code == again.status_code == 200
    assert "survey-thanks" in again.content.decode()
    stored = Response.objects.get()
    assert (stored.nps, stored.csat, stored.source, stored.step_id) == (
        3,
        2,
        Source.QR,
        steps[0].pk,
    )
    assert stored.emotions == ["sad"] and stored.language


def test_a_retry_of_a_stored_answer_is_thanked_even_if_its_form_changed(steps, signed):
    config = _config(steps[0])
    Client().post(f"/s/{config.token}/", signed(config, {"key": "k1", "csat": "5"}))
    again = Client().post(f"/s/{config.token}/", signed(config, {"key": "k1", "csat": "9"}))
    assert again.status_code == 200 and Response.objects.get().csat == 5


def test_answers_to_questions_not_asked_are_dropped(steps, signed):
    config = _config(steps[0], ("csat",))
    Client().post(f"/s/{config.token}/", signed(config, {"key": "k1", "csat": "5", "nps": "0"}))
    assert Response.objects.get().nps is None


def test_out_of_range_and_empty_answers_are_refused(steps, signed):
    config = _config(steps[0])
    bad = Client().post(f"/s/{config.token}/", signed(config, {"key": "k1", "nps": "11"}))
    empty = Client().post(f"/s/{config.token}/", signed(config, {"key": "k2"}))
    assert (bad.status_code, empty.status_code) == (422, 422)
    assert "survey-errors" in bad.content.decode()
    assert not Response.objects.exists()


def test_the_honeypot_stores_nothing(steps, signed):
    config = _config(steps[0])
    form = signed(config, {"key": "k1", "csat": "5", "website": "spam"})
    page = Client().post(f"/s/{config.token}/", form)
    assert page.status_code == 200 and not Response.objects.exists()


def test_a_closed_or_unknown_survey_is_not_found(steps):
    config = _config(steps[0])
    services.update_survey(config, {"is_active": False}, config.version)
    assert Client().get(f"/s/{config.token}/").status_code == 404
    assert Client().get("/s/nope/").status_code == 404


def test_the_embedded_survey_may_be_framed(steps):
    config = _config(steps[0])
    embed = Client().get(f"/s/{config.token}/?src=embed")
    plain = Client().get(f"/s/{config.token}/")
    assert "X-Frame-Options" not in embed.headers
    assert "frame-ancestors *" in embed.headers["Content-Security-Policy"]
    assert plain.headers["X-Frame-Options"] == "DENY"
    assert 'name="form_token"' in embed.content.decode()  # the widget carries its token too
