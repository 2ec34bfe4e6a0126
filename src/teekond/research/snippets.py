"""HTML that members copy out of Teekond and paste into other pages (the survey's embed
code). Everything that goes into it is escaped for an HTML attribute here, because the
page it lands on is not ours: Django's autoescape protects our pages, not theirs."""

from __future__ import annotations

from html import escape


def attr(value) -> str:
    """A value safe inside a double- or single-quoted HTML attribute."""
    return escape(str(value), quote=True)


def survey_iframe(url: str, title: str) -> str:
    """The ``<iframe>`` that embeds a step's micro-survey in another site."""
    return (
        f'<iframe src="{attr(url)}" title="{attr(title)}" width="100%" height="640" '
        'style="border:0;max-width:480px" loading="lazy"></iframe>'
    )
