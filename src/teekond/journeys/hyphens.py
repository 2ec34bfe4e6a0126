"""Soft hyphens for the map's words (pyphen; the dictionaries WeasyPrint hyphenates with).

Browsers on Linux ship no Estonian hyphenation, and ``overflow-wrap: anywhere`` cuts words at
any letter; a soft hyphen (U+00AD) at each syllable break of a long word lets the canvas
wrap at a syllable, with a visible hyphen, in the editor, the presentation and the exports.
Short words are left alone: they fit any column.
"""

from __future__ import annotations

import functools
import re

SOFT = "\u00ad"
MIN_LENGTH = 11  # shorter words fit the narrowest column (150 px) on one line
_WORD = re.compile(rf"[^\W\d_]{{{MIN_LENGTH},}}")


@functools.lru_cache(maxsize=4)
def _dictionary(language: str):
    import pyphen

    code = "et_EE" if language.startswith("et") else "en_GB"
    return pyphen.Pyphen(lang=code, left=3, right=3)


def hyphenate(text: str, language: str = "et") -> str:
    if not text or SOFT in text:
        return text
    dictionary = _dictionary(language)
    return _WORD.sub(lambda m: dictionary.inserted(m.group(0), hyphen=SOFT), text)
