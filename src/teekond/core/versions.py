"""Optimistic versions: every write a user can race carries the version they read.

One check and one answer for all of Teekond. A stale version is refused with ``Conflict``
and always the same body::

    {"error": {"code": "conflict", "message": CONFLICT_MESSAGE,
               "details": {"current_version": 5}}}

``current_version`` is the version now stored (``None`` when the object was deleted in the
meantime); the client reloads and applies its change again. A missing version is ``Invalid``.

``check_version`` compares with the object in hand (read under ``select_for_update`` or
just before a conditional ``UPDATE``); when a conditional ``UPDATE ... WHERE version = n``
matched no row, ``stale(obj)`` reads the stored version for the answer.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from teekond.core.errors import Conflict, Invalid


def conflict_message() -> str:
    return _(
        "Someone else changed this in the meantime. Your change was not saved: "
        "reload to see their version and apply your change again."
    )


def conflict(current_version: int | None) -> Conflict:
    """The one 409 of Teekond."""
    return Conflict(conflict_message(), details={"current_version": current_version})


def require_version(version: int | None, field: str = "version") -> int:
    if version is None:
        raise Invalid(
            _("Send the version you read."),
            details=[{"field": field, "message": _("Send the version you read.")}],
        )
    return version


def check_version(obj, version: int | None, field: str = "version") -> None:
    """Raise ``Invalid`` when ``version`` is missing and ``Conflict`` when it is not the
    version of ``obj`` (its attribute ``field``: ``version`` or ``structure_version``)."""
    require_version(version, field)
    current = getattr(obj, field)
    if current != version:
        raise conflict(current)


def stored_version(obj, field: str = "version") -> int | None:
    """The version stored for ``obj`` now, or ``None`` when it is gone."""
    return type(obj)._default_manager.filter(pk=obj.pk).values_list(field, flat=True).first()


def stale(obj, field: str = "version") -> Conflict:
    """The conflict for a conditional update of ``obj`` that matched no row."""
    return conflict(stored_version(obj, field))
