"""Text a request may carry, checked once for every schema and reader.

Control characters (NUL, escape, the C1 range …) and unpaired surrogates are refused: NUL
cannot be stored in PostgreSQL, a lone surrogate cannot be encoded as UTF-8 for SQLite, a
page or an export, and the rest only ever arrive by accident or by attack. Multi-line text
keeps tab, line feed and carriage return. ``clean_text`` is the pure check (readers of
files use it too, e.g. the journey-document reader); ``Line`` and ``Text`` are the
Pydantic string types every API schema uses. They carry no length: each field states its
own ``Field(max_length=...)`` (``LINE_MAX`` and ``TEXT_MAX`` are the usual ones), because
Pydantic lets a bound inside an ``Annotated`` alias override the field's tighter one.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, Field

# C0 and C1 controls and DEL, plus the surrogate range (only unpaired ones survive decoding).
_NOT_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_NOT_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

LINE_MAX = 200
TEXT_MAX = 20_000


class TextProblem(ValueError):
    """A character that text may not hold; ``position`` is 0-based."""

    def __init__(self, char: str, position: int):
        self.char = char
        self.position = position
        kind = "an unpaired surrogate" if "\ud800" <= char <= "\udfff" else "a control character"
        super().__init__(f"contains {kind} (U+{ord(char):04X}) at position {position + 1}")


def text_problem(value: str, *, multiline: bool = False) -> TextProblem | None:
    """The first character ``value`` may not hold, or ``None`` when it is clean."""
    found = (_NOT_IN_TEXT if multiline else _NOT_IN_LINE).search(value)
    return TextProblem(found.group(), found.start()) if found else None


def clean_text(value: str, *, multiline: bool = False) -> str:
    """``value`` unchanged when clean; raise ``TextProblem`` (a ``ValueError``) otherwise.

    Single-line text (names, titles, keys) also refuses tab and line breaks."""
    problem = text_problem(value, multiline=multiline)
    if problem is not None:
        raise problem
    return value


def clean_tree(value: Any, *, max_depth: int = 32) -> Any:
    """Check every string (keys included) of a decoded JSON value, as multi-line text.

    For documents taken as ``dict[str, Any]`` (journey documents, backups), whose own
    readers check the shape; ``max_depth`` stops a deeply nested document early."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > max_depth:
            raise ValueError(f"is nested more than {max_depth} levels deep")
        if isinstance(item, str):
            clean_text(item, multiline=True)
        elif isinstance(item, dict):
            for key, child in item.items():
                if isinstance(key, str):
                    clean_text(key, multiline=True)
                stack.append((child, depth + 1))
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
    return value


def _line(value: str) -> str:
    return clean_text(value)


def _text(value: str) -> str:
    return clean_text(value, multiline=True)


# One line: names, titles, keys, filters. Give each field its Field(max_length=...).
Line = Annotated[str, AfterValidator(_line)]
# Multi-line prose: descriptions, notes, comments, findings.
Text = Annotated[str, AfterValidator(_text)]
# With the usual bound built in, for query parameters, list items and dict keys. Never put
# a Field(max_length=...) on top of these (Pydantic would keep the looser inner bound):
# use Line or Text with the field's own bound instead.
BoundedLine = Annotated[str, Field(max_length=LINE_MAX), AfterValidator(_line)]
BoundedText = Annotated[str, Field(max_length=TEXT_MAX), AfterValidator(_text)]
# A whole JSON document taken as a body (journey documents, backups): every string in it
# is checked as multi-line text; its own reader checks the shape and the counts.
Document = Annotated[dict[str, Any], AfterValidator(clean_tree)]
