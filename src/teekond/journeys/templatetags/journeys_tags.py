"""Small template helpers for the map pages."""

from django import template

from teekond.journeys.serialize import avatar

register = template.Library()


@register.filter
def avatar_colour(persona) -> str:
    """The initials avatar's colour, the same one the API reports for the persona."""
    return avatar(persona)["colour"]


@register.filter
def hyphenate(text, language="et") -> str:
    """Soft hyphens at the syllable breaks of long words (pyphen's et_EE or en_GB), so a
    narrow column breaks ``kliendi-kogemus`` at a syllable instead of mid-letter."""
    from teekond.journeys.hyphens import hyphenate as _hyphenate

    return _hyphenate(str(text or ""), str(language or "et"))
