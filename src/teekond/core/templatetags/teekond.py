from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def duration(seconds) -> str:
    """Seconds as the two largest units a person reads: "3 d 4 h", "12 min 5 s"."""
    if seconds is None or seconds == "":
        return "—"
    total = int(round(float(seconds)))
    units = [(86400, _("d")), (3600, _("h")), (60, _("min")), (1, _("s"))]
    parts: list[str] = []
    for size, label in units:
        amount, total = divmod(total, size)
        if amount or (parts and len(parts) < 2):
            parts.append(f"{amount} {label}")
        if len(parts) == 2:
            break
    return " ".join(p for p in parts if not p.startswith("0 ")) or f"0 {_('s')}"


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template (``thumbs|get_item:j.pk``); None when absent."""
    return mapping.get(key) if mapping else None
