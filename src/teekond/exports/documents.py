"""The versioned JSON document envelope: {"format": "teekond.<kind>", "version": N, ...}.

Readers check the format and version before looking at anything else, so a file made by a
newer Teekond is refused with a clear message instead of being half-read.
"""

from __future__ import annotations

import datetime
import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from teekond.core.errors import Invalid


class Encoder(DjangoJSONEncoder):
    """Like Django's, but keeps microseconds so a document round-trips exactly."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def make_document(kind: str, version: int, body: dict) -> dict:
    return {"format": f"teekond.{kind}", "version": version, **body}


def dumps(document: dict) -> str:
    return json.dumps(document, cls=Encoder, ensure_ascii=False, indent=2, sort_keys=False)


def loads(data: bytes | str, *, max_containers: int | None = None) -> dict:
    """Parse a document; with ``max_containers`` a text that could parse to more objects and
    arrays than that (counting brackets, an upper bound) is refused before it is parsed."""
    if max_containers is not None:
        raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
        if raw.count(b"{") + raw.count(b"[") > max_containers:
            raise Invalid(_("The file holds too many objects (at most %d).") % max_containers)
    try:
        document = json.loads(data)
    except RecursionError:
        raise Invalid(_("The file is nested too deeply.")) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise Invalid(_("The file is not valid JSON: %s") % exc) from None
    if not isinstance(document, dict):
        raise Invalid(_("The file is not a Teekond document."))
    return document


def check_envelope(document: dict, kind: str, supported: tuple[int, ...]) -> int:
    expected = f"teekond.{kind}"
    if document.get("format") != expected:
        raise Invalid(
            _("Expected a %(expected)s document, got %(got)s.")
            % {"expected": expected, "got": document.get("format") or "?"}
        )
    version = document.get("version")
    if version not in supported:
        raise Invalid(
            _("Version %(version)s of %(expected)s is not supported (this Teekond reads %(ok)s).")
            % {
                "version": version,
                "expected": expected,
                "ok": ", ".join(str(v) for v in supported),
            }
        )
    return version


# C0 controls but tab, line feed and carriage return; DEL. NUL and unpaired surrogates can
# not be stored at all (PostgreSQL refuses NUL, UTF-8 has no surrogates).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def text_problem(value: str, *, controls: bool = True) -> str | None:
    """Why ``value`` cannot be stored as text, or None."""
    if "\x00" in value:
        return _("contains a NUL character")
    if _SURROGATE.search(value):
        return _("contains an unpaired surrogate")
    if controls and _CONTROL.search(value):
        return _("contains a control character")
    return None


def bad_strings(value, where: str = "", *, controls: bool = True, limit: int = 20):
    """(where, problem) for each string in a parsed JSON value (keys too) that cannot be
    stored; walks without recursion, so any depth is safe."""
    found = []
    stack = [(where, value)]
    while stack and len(found) < limit:
        path, item = stack.pop()
        if isinstance(item, str):
            problem = text_problem(item, controls=controls)
            if problem:
                found.append((path, problem))
        elif isinstance(item, dict):
            for key, child in item.items():
                child_path = f"{path}.{key}" if path else str(key)
                if isinstance(key, str) and text_problem(key, controls=controls):
                    found.append((path, text_problem(key, controls=controls)))
                    continue
                stack.append((child_path, child))
        elif isinstance(item, list):
            stack.extend((f"{path}[{i}]", child) for i, child in enumerate(item))
    return found
