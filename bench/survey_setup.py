"""Shared by the survey benchmarks: a fresh database with a few open micro-surveys, and the
form a visitor would send."""

from __future__ import annotations

import os
import re

FORM_TOKEN_RE = re.compile(r'name="form_token" value="([^"]+)"')
KEY_RE = re.compile(r'name="key" value="([^"]+)"')
COMMENTS = ["", "", "", "Kiire ja mugav, aitäh!", "Pakiautomaat oli täis, pidin ootama."]


def prepare(surveys: int = 20) -> list[str]:
    """Migrate the database named by the environment and open ``surveys`` micro-surveys;
    return their public tokens. Runs in the calling process (Django is set up here)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teekond.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from teekond.accounts import services as accounts
    from teekond.journeys.models import Journey, Stage, Step
    from teekond.research import services

    user = accounts.create_user(username="bench", email="bench@example.com", password="x" * 20)
    workspace = accounts.create_workspace(user, "Bench")
    journey = Journey.objects.create(workspace=workspace, title="Paki tellimine", owner=user)
    stage = Stage.objects.create(journey=journey, name="Tellimine", position=0)
    tokens = []
    for n in range(surveys):
        step = Step.objects.create(journey=journey, stage=stage, name=f"Samm {n}", position=n)
        config = services.survey_for_step(step)
        config = services.update_survey(
            config, {"questions": ["nps", "csat", "comment"]}, config.version
        )
        tokens.append(config.token)
    from django.db import connections

    connections.close_all()
    return tokens


def mint(survey_token: str, key: str) -> str:
    """The signed form token a survey page carries for this key (minted here with the
    server's secret key instead of fetching one page per answer; empty before form tokens
    existed)."""
    try:
        from teekond.research.formtoken import make
    except ImportError:
        return ""
    return make(survey_token, key)


def answer_form(survey_token: str, i: int, page_html: str | None = None) -> dict:
    """What the survey page sends: from the page's own hidden fields when given, else with a
    minted token."""
    form = {
        "key": f"bench-{survey_token[:8]}-{i}",
        "nps": str(i % 11),
        "csat": str(1 + i % 5),
        "comment": COMMENTS[i % len(COMMENTS)],
        "src": "web",
        "lang": "et",
    }
    if page_html:
        found = FORM_TOKEN_RE.search(page_html)
        key = KEY_RE.search(page_html)
        if key:
            form["key"] = key.group(1)
        token = found.group(1) if found else ""
    else:
        token = mint(survey_token, form["key"])
    if token:
        form["form_token"] = token
    return form
