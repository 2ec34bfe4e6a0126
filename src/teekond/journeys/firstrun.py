"""The map pillar's first-run steps (``core.onboarding``): a first map from a template or a
blank one, then a persona."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from teekond.journeys import templates, thumbnails
from teekond.journeys.models import Journey, Persona


def _gallery_in_each_language() -> list[dict]:
    """The template gallery with each template's title and stages in every language, so
    the preview follows the map language the user picks."""
    by_language = {code: thumbnails.gallery(code) for code in templates.LANGUAGES}
    first = by_language[templates.LANGUAGES[0]]
    return [
        {
            "key": entry["key"],
            "svg": entry["preview"]["svg"],
            "texts": [
                {
                    "language": code,
                    "title": by_language[code][i]["title"],
                    "stages": by_language[code][i]["preview"]["stages"],
                }
                for code in templates.LANGUAGES
            ],
        }
        for i, entry in enumerate(first)
    ]


def first_map_step(workspace, membership, request) -> dict:
    language = (translation.get_language() or "en")[:2]
    done = Journey.objects.filter(workspace=workspace).exists()
    html = ""
    if not done:
        html = render_to_string(
            "journeys/_firstrun_gallery.html",
            {
                "workspace": workspace,
                "gallery": _gallery_in_each_language(),
                "language": language,
                "languages": [(c, n) for c, n in settings.LANGUAGES if c in templates.LANGUAGES],
            },
            request=request,
        )
    return {
        "key": "map",
        "order": 10,
        "title": _("Create the first journey map"),
        "text": _(
            "Pick a template — it brings a persona and a filled-in map to change — or start "
            "from a blank map."
        ),
        "done": done,
        "url": reverse("journeys", args=[workspace.slug]) + "#new-map",
        "action": _("Blank map"),
        "html": html,
    }


def persona_step(workspace, membership, request) -> dict:
    return {
        "key": "persona",
        "order": 20,
        "title": _("Add a persona"),
        "text": _(
            "Who is the customer on this journey? A persona built from research keeps the map honest."
        ),
        "done": Persona.objects.filter(workspace=workspace).exists(),
        "url": reverse("personas", args=[workspace.slug]) + "#new-persona",
        "action": _("Add a persona"),
    }
