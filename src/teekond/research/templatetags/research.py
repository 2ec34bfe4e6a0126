from django import template

from teekond.core import notifications

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context, workspace) -> int:
    request = context.get("request")
    if request is None or workspace is None:
        return 0
    return notifications.unread_count(request.user, workspace)


@register.filter
def num(value, digits: int = 0):
    """A metric value rounded for display; an em dash when there is none."""
    try:
        return f"{float(value):.{int(digits)}f}"
    except (TypeError, ValueError):
        return "—"


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
