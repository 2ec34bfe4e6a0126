"""Tag free-text comments with the emotions of the seed-003 vocabulary (Estonian, English).

Words are lower-cased and reduced with the Snowball stemmer of the comment's language, so
"pettunud", "pettumus" and "pettusin" meet the vocabulary's "pettunud" where their stems agree;
multi-word synonyms ("läbi põlenud", "burnt out") match as stem sequences. A negation word
("ei", "pole", "mitte", "not", "no", "never", "n't") up to three words before a match turns
it off: "ei olnud pettunud" tags nothing, and the match is listed under ``negated``.
A few everyday words that the seed lists no synonym for ("rahul", "tore", "satisfied",
"confusing"…) are added below; they point to the nearest emotion group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

import snowballstemmer

from teekond.core import emotions

NEGATIONS = {
    "et": {"ei", "pole", "polnud", "mitte", "ilma", "eiole"},
    "en": {"not", "no", "never", "without", "nothing", "n't", "hardly"},
}
WINDOW = 3

# Everyday words from real comments, pointing to the nearest vocabulary group.
EXTRA = {
    "et": {
        "rahul": "calm",
        "rahulolev": "calm",
        "tore": "joyful",
        "meeldiv": "joyful",
        "meeldis": "joyful",
        "suurepärane": "excited",
        "super": "excited",
        "vinge": "excited",
        "aitäh": "grateful",
        "tänan": "grateful",
        "pettumus": "sad",
        "segane": "uneasy",
        "keeruline": "uneasy",
        "tüütu": "annoyed",
        "ärritav": "annoyed",
        "ärritunud": "annoyed",
        "ebaviisakas": "annoyed",
        "ebameeldiv": "averse",
        "vihastas": "angry",
        "hirmus": "afraid",
        "kartsin": "afraid",
        "mure": "tense",
    },
    "en": {
        "satisfied": "calm",
        "pleased": "joyful",
        "great": "joyful",
        "love": "friendly",
        "awesome": "excited",
        "thanks": "grateful",
        "thank you": "grateful",
        "disappointing": "sad",
        "confusing": "uneasy",
        "annoying": "annoyed",
        "frustrating": "annoyed",
        "rude": "angry",
        "scary": "afraid",
        "stressful": "tense",
    },
}

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


def _lang(language: str) -> str:
    return "et" if (language or "").lower().startswith("et") else "en"


@cache
def _stemmer(lang: str):
    return snowballstemmer.stemmer("estonian" if lang == "et" else "english")


def tokens(text: str, language: str) -> list[str]:
    """Lower-cased words; English contractions are split so "don't" gives "do", "n't"."""
    lang = _lang(language)
    out: list[str] = []
    for m in _WORD.finditer(text.lower()):
        w = m.group(0).replace("’", "'")
        if lang == "en" and w.endswith("n't"):
            out.extend([w[:-3] or w, "n't"])
        else:
            out.append(w)
    return out


def stems(words: list[str], language: str) -> list[str]:
    lang = _lang(language)
    stemmer = _stemmer(lang)
    return [_stem(w, lang) if len(w) <= 40 else stemmer.stemWord(w) for w in words]


@lru_cache(maxsize=50_000)  # words of at most 40 letters: a few MB at most
def _stem(word: str, lang: str) -> str:
    """One word's stem, remembered: the Snowball stemmer in pure Python was a quarter of a
    survey answer's time, and comments repeat their words."""
    return _stemmer(lang).stemWord(word)


@cache
def _index(lang: str, surface: bool) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """first word → [(word sequence, emotion key)], longest phrases first. ``surface`` keeps
    the words as written: an exact match wins over a stem match, because stems of unrelated
    words can collide ("rahul" satisfied and "rahutu" uneasy both stem to "rahu")."""
    phrases: list[tuple[str, str]] = []
    for e in emotions.VOCABULARY:
        phrases.extend((w, e.key) for w in e.words(lang))
    phrases.extend(EXTRA[lang].items())
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, key in phrases:
        words = tokens(phrase, lang)
        seq = tuple(words if surface else stems(words, lang))
        if seq:
            index.setdefault(seq[0], []).append((seq, key))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


def _match(seqs: list[str], i: int, index) -> tuple[tuple[str, ...], str] | None:
    for seq, key in index.get(seqs[i], ()):
        if tuple(seqs[i : i + len(seq)]) == seq:
            return seq, key
    return None


@dataclass
class Tagging:
    emotions: list[str] = field(default_factory=list)  # keys, in order of first mention
    negated: list[str] = field(default_factory=list)
    matches: list[tuple[str, str]] = field(default_factory=list)  # (words matched, key)

    @property
    def valence(self) -> float | None:
        """Mean default valence of the tagged emotions (None when none)."""
        if not self.emotions:
            return None
        return sum(emotions.BY_KEY[k].valence for k in self.emotions) / len(self.emotions)


def tag(text: str, language: str = "et") -> Tagging:
    lang = _lang(language)
    words = tokens(text or "", lang)
    st = stems(words, lang)
    exact, stemmed = _index(lang, True), _index(lang, False)
    neg = NEGATIONS[lang]
    result = Tagging()
    i = 0
    while i < len(st):
        matched = _match(words, i, exact) or _match(st, i, stemmed)
        if not matched:
            i += 1
            continue
        seq, key = matched
        before = words[max(0, i - WINDOW) : i]
        negated = any(w in neg for w in before)
        target = result.negated if negated else result.emotions
        if key not in target:
            target.append(key)
        result.matches.append((" ".join(words[i : i + len(seq)]), key))
        i += len(seq)
    return result


def guess_language(text: str) -> str:
    """Estonian when the text has Estonian letters or common Estonian words, else English."""
    low = (text or "").lower()
    if re.search(r"[õäöüšž]", low):
        return "et"
    words = set(_WORD.findall(low))
    et_hits = len(words & {"ja", "ei", "on", "oli", "pole", "väga", "see", "et", "kui", "aga"})
    en_hits = len(words & {"and", "the", "is", "was", "not", "very", "it", "but", "to", "a"})
    return "et" if et_hits > en_hits else "en"
