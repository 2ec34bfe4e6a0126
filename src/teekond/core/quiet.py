"""Bulk writes that log themselves once (imports, restores, restoring a version) run inside
``quiet()``, so the audit log (``actions.audit``) does not write a line per row. The flag lives
here, in the bottom layer, so an app below ``actions`` (``exports``' restore) can set it
without importing ``actions``."""

from __future__ import annotations

import contextvars
from contextlib import contextmanager

_quiet = contextvars.ContextVar("teekond_audit_quiet", default=False)


@contextmanager
def quiet():
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def is_quiet() -> bool:
    return _quiet.get()
