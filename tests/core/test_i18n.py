"""Estonian and English ship complete: every message has an Estonian translation."""

from pathlib import Path

import pytest
from django.test import Client

import teekond

LOCALE = Path(teekond.__file__).parent / "locale"


def read_po(path: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for each entry, joining continued lines."""
    entries, msgid, msgstr, fuzzy, field = [], None, None, False, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            msgid, field = line[7:-1], "id"
        elif line.startswith("msgid_plural"):
            field = None
        elif line.startswith("msgstr"):
            value = line.split(" ", 1)[1][1:-1]
            msgstr = value if msgstr is None else msgstr
            field = "str"
        elif line.startswith('"') and field == "id":
            msgid += line[1:-1]
        elif line.startswith('"') and field == "str":
            msgstr += line[1:-1]
        elif not line.strip() and msgid is not None:
            entries.append((msgid, msgstr or "", fuzzy))
            msgid, msgstr, fuzzy, field = None, None, False, None
    return [e for e in entries if e[0]]


CATALOGUES = sorted(Path(teekond.__file__).parent.glob("**/locale/et/LC_MESSAGES/django.po"))


def test_there_is_a_project_catalogue():
    assert LOCALE / "et" / "LC_MESSAGES" / "django.po" in CATALOGUES
    assert len(read_po(LOCALE / "et" / "LC_MESSAGES" / "django.po")) > 50


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parent.parent.parent.parent.name)
def test_estonian_catalogue_is_complete(path):
    untranslated = [msgid for msgid, msgstr, fuzzy in read_po(path) if not msgstr or fuzzy]
    assert untranslated == []


@pytest.mark.django_db
def test_browser_asking_for_estonian_gets_estonian():
    page = Client().get("/accounts/login/", headers={"Accept-Language": "et"}).content.decode()
    assert 'lang="et"' in page
    assert "Kasutajanimi" in page


@pytest.mark.django_db
def test_language_switch_sets_english():
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = client.get("/accounts/login/", headers={"Accept-Language": "et"}).content.decode()
    assert 'lang="en"' in page
    assert "User name" in page


@pytest.mark.django_db
def test_a_signed_in_users_choice_follows_them_to_another_browser(alice):
    first = Client()
    first.force_login(alice)
    first.post("/i18n/setlang/", {"language": "et", "next": "/"})
    alice.refresh_from_db()
    assert alice.language == "et"
    elsewhere = Client()
    elsewhere.force_login(alice)
    page = elsewhere.get("/accounts/tokens/", headers={"Accept-Language": "en"}).content.decode()
    assert 'lang="et"' in page


def test_estonian_dates_and_times_are_day_month_year_and_24_hour():
    from datetime import datetime

    from django.template import Context, Template
    from django.utils import translation

    moment = datetime(2026, 12, 2, 14, 44)
    template = Template('{{ t|date:"SHORT_DATETIME_FORMAT" }}|{{ t|date:"DATETIME_FORMAT" }}')
    with translation.override("et"):
        assert template.render(Context({"t": moment})) == "02.12.2026 14:44|2. detsember 2026 14:44"
