"""Code that members copy into other sites (the survey's embed snippet, the QR code's SVG)
stays inert whatever the step is called."""

import html
from html.parser import HTMLParser

import pytest
from django.test import Client

from teekond.research import services, snippets
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

HOSTILE = [
    '"><script>alert(1)</script>',
    '"><img src=x onerror="alert(1)">',
    '"></iframe><script>alert(1)</script><iframe x="',
    "' onload='alert(1)",
    "</textarea><script>alert(1)</script>",
    "&quot; onmouseover=alert(1) x=&quot;",
    "Tellimine <b>& maksmine</b>",
]


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parse(snippet: str) -> list[tuple[str, dict]]:
    parser = Elements()
    parser.feed(snippet)
    parser.close()
    return parser.tags


@pytest.mark.parametrize("name", HOSTILE)
def test_the_iframe_snippet_is_one_iframe_whose_title_is_the_name(name):
    tags = parse(snippets.survey_iframe("https://teekond.example/s/abc/?src=embed", name))
    assert [t for t, _ in tags] == ["iframe"]
    attrs = tags[0][1]
    assert attrs["title"] == name
    assert attrs["src"] == "https://teekond.example/s/abc/?src=embed"
    assert not any(a.startswith("on") for a in attrs)


@pytest.mark.parametrize("name", HOSTILE)
def test_the_survey_settings_page_offers_an_inert_snippet(name, alice, workspace, steps):
    step = steps[0]
    step.name = name
    step.save()
    client = Client()
    client.login(username="alice", password=PASSWORD)
    page = client.get(f"/w/{workspace.slug}/measure/steps/{step.pk}/survey/").content.decode()
    start = page.index('data-testid="embed-snippet">') + len('data-testid="embed-snippet">')
    copied = html.unescape(page[start : page.index("</textarea>", start)])
    tags = parse(copied)
    assert [t for t, _ in tags] == ["iframe"]
    assert tags[0][1]["title"] == name
    config = services.survey_for_step(step)
    assert tags[0][1]["src"].endswith(f"/s/{config.token}/?src=embed")


def test_the_qr_code_svg_escapes_its_title(alice, workspace, steps):
    step = steps[0]
    step.name = HOSTILE[0]
    step.save()
    client = Client()
    client.login(username="alice", password=PASSWORD)
    svg = client.get(f"/w/{workspace.slug}/measure/steps/{step.pk}/survey/qr.svg").content.decode()
    assert "<script>" not in svg and "&lt;script&gt;" in svg
