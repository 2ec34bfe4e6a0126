"""The Estonian catalogues: complete, one translation per message, the seed's terms, and an
app's own translation is the one the app shows (docs/estonian.md)."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, npgettext, pgettext

import teekond

ROOT = Path(teekond.__file__).parent
FIELD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) "(.*)"$')


ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(0)), text)


def read_catalogue(path: Path) -> list[dict]:
    """Every entry of a .po file as a dict of its fields, plus "fuzzy"."""
    entries, entry, field = [], {}, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry.get("msgid"):
                entries.append(entry)
            entry, field = {}, None
        elif line.startswith("#,") and "fuzzy" in line:
            entry["fuzzy"] = True
        elif match := FIELD.match(line):
            field = match.group(1)
            entry[field] = _unquote(match.group(2))
        elif line.startswith('"') and field:
            entry[field] += _unquote(line[1:-1])
    return entries


def catalogues(language: str) -> dict[str, list[dict]]:
    found = sorted(ROOT.glob(f"**/locale/{language}/LC_MESSAGES/django.po"))
    return {str(p.relative_to(ROOT).parts[0]): read_catalogue(p) for p in found}


ET = catalogues("et")


def test_every_app_with_strings_has_both_catalogues():
    assert set(ET) == set(catalogues("en"))
    assert {"locale", "journeys", "research", "actions", "exports", "eventlogs"} <= set(ET)


@pytest.mark.parametrize("language", ["et", "en"])
def test_no_catalogue_has_fuzzy_entries(language):
    fuzzy = [
        (app, e["msgid"]) for app, es in catalogues(language).items() for e in es if e.get("fuzzy")
    ]
    assert fuzzy == []


def test_no_estonian_message_is_left_untranslated():
    missing = [
        (app, e["msgid"])
        for app, entries in ET.items()
        for e in entries
        if not all(e.get(k) for k in ("msgstr", "msgstr[0]", "msgstr[1]") if k in e)
    ]
    assert missing == []


def test_a_message_has_one_estonian_translation_across_catalogues():
    """gettext has one global namespace per language: two catalogues that translate the
    same message differently mean one of the apps shows the other's word."""
    seen: dict[tuple, dict[str, str]] = defaultdict(dict)
    for app, entries in ET.items():
        for e in entries:
            seen[(e.get("msgctxt"), e["msgid"])][app] = e.get("msgstr", e.get("msgstr[0]"))
    conflicts = {key: apps_ for key, apps_ in seen.items() if len(set(apps_.values())) > 1}
    assert conflicts == {}


def test_the_project_catalogue_comes_after_every_app():
    """Django merges LOCALE_PATHS over every app's catalogue; the project catalogue is
    instead the catalogue of the last app, so an app's own word always wins."""
    assert [str(p) for p in settings.LOCALE_PATHS] == []
    names = [a.name for a in apps.get_app_configs()]
    ours = [i for i, n in enumerate(names) if n.startswith("teekond.")]
    assert names.index("teekond") > max(ours)
    assert names.index("teekond") < min(i for i, n in enumerate(names) if n.startswith("django."))


@pytest.mark.parametrize("app", sorted(ET))
def test_an_app_shows_its_own_translation(app):
    wrong = []
    with translation.override("et"):
        for e in ET[app]:
            ctx, msgid = e.get("msgctxt"), e["msgid"]
            if "msgid_plural" in e:
                shown = (
                    npgettext(ctx or "", msgid, e["msgid_plural"], 1)
                    if ctx
                    else translation.ngettext(msgid, e["msgid_plural"], 1)
                )
                expected = e["msgstr[0]"]
            else:
                shown = pgettext(ctx, msgid) if ctx else gettext(msgid)
                expected = e["msgstr"]
            if shown != expected:
                wrong.append((msgid, expected, shown))
    assert wrong == []


# The seed's words (DOMAIN.md, seeds 003 and 004) for the terms a user sees most.
TERMS = [
    (None, "Map", "Kaart"),
    (None, "Measure", "Mõõtmine"),
    (None, "Owner", "Vastutaja"),
    ("workspace role", "Owner", "Omanik"),
    (None, "Effect", "Tulemuslikkus"),
    (None, "effect", "tulemuslikkus"),
    (None, "Growth", "Kasvukliendid"),
    (None, "At risk", "Ohustatud kliendid"),
    ("map tab", "Editor", "Muutmine"),
]


@pytest.mark.parametrize(("ctx", "msgid", "term"), TERMS)
def test_estonian_uses_the_seed_terms(ctx, msgid, term):
    with translation.override("et"):
        assert (pgettext(ctx, msgid) if ctx else gettext(msgid)) == term


# "Teie" and the plural imperative (-ge/-ke) are the polite form; the product says "sina".
POLITE = re.compile(
    r"\b(teie|teid|teile|teil|olete|saate|võite|\w+(?:age|ake|ege|ige|(?<!l)ike|uge|oge|õge))\b",
    re.I,
)
NOT_POLITE = {"väike", "liige", "kõige"}


def test_estonian_says_sina_not_teie():
    polite = [
        (app, word)
        for app, entries in ET.items()
        for e in entries
        for text in (e.get("msgstr"), e.get("msgstr[0]"), e.get("msgstr[1]"))
        if text
        for word in POLITE.findall(text)
        if word.lower() not in NOT_POLITE
    ]
    assert polite == []
