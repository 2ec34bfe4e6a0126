"""Small template helpers for the map pages."""

from django import template

from teekond.journeys.serialize import avatar

register = template.Library()


@register.filter
def avatar_colour(persona) -> str:
    """The initials avatar's colour, the same one the API reports for the persona."""
    return avatar(persona)["colour"]
