from django import template
from django.utils.formats import number_format

from teekond.core import notifications
from teekond.research.metrics import INTERVAL_MIN_N

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context, workspace) -> int:
    request = context.get("request")
    if request is None or workspace is None:
        return 0
    return notifications.unread_count(request.user, workspace)


@register.filter
def num(value, digits: int = 0):
    """A metric value rounded for display in the page's language (a decimal comma in
    Estonian); an em dash when there is none."""
    try:
        return number_format(round(float(value), int(digits)), decimal_pos=int(digits))
    except (TypeError, ValueError):
        return "—"


@register.filter
def too_few(metric) -> bool:
    """Answers there are, but too few for an interval worth showing (metrics.INTERVAL_MIN_N)."""
    n = (metric or {}).get("n") if isinstance(metric, dict) else getattr(metric, "n", None)
    return bool(n) and n < INTERVAL_MIN_N


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
