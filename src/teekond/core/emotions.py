"""The emotion vocabulary of seed 003, in Estonian and English.

Eleven positive and thirteen negative groups, each with its synonyms as the seed lists
them (Estonian) and their English counterparts. ``valence`` is the default position on the
emotion curve, -3 (worst) .. +3 (best); a map may override it per step. Pure Python, no
Django: the analytics and text-tagging code use it too.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Emotion:
    key: str
    valence: int
    en: str
    et: str
    en_synonyms: tuple[str, ...]
    et_synonyms: tuple[str, ...]

    @property
    def positive(self) -> bool:
        return self.valence > 0

    def name(self, language: str) -> str:
        return self.et if language.startswith("et") else self.en

    def words(self, language: str) -> tuple[str, ...]:
        """The group's head word and its synonyms in one language."""
        if language.startswith("et"):
            return (self.et, *self.et_synonyms)
        return (self.en, *self.en_synonyms)


def _e(key, valence, en, et, en_syn, et_syn) -> Emotion:
    return Emotion(key, valence, en, et, tuple(en_syn), tuple(et_syn))


POSITIVE: tuple[Emotion, ...] = (
    _e(
        "friendly",
        1,
        "friendly",
        "sõbralik",
        ["loving", "tender", "compassionate", "warm"],
        ["armastav", "hell", "kaastundlik", "soe"],
    ),
    _e(
        "rested",
        1,
        "rested",
        "puhanud",
        ["refreshed", "restored"],
        ["kosutust saanud", "taastunud"],
    ),
    _e(
        "calm",
        1,
        "calm",
        "rahulik",
        ["serene", "comfortable", "quiet", "relaxed", "trusting"],
        ["tüüne", "mugav", "vaikne", "lõõgastunud", "usaldav"],
    ),
    _e("grateful", 2, "grateful", "tänulik", ["moved"], ["liigutatud"]),
    _e(
        "hopeful",
        1,
        "hopeful",
        "lootusrikas",
        ["encouraged", "optimistic"],
        ["julgustatud", "optimistlik"],
    ),
    _e(
        "engaged",
        2,
        "engaged",
        "kütkestatud",
        ["absorbed", "involved", "enchanted"],
        ["kaasa haaratud", "seotud", "lummatud"],
    ),
    _e(
        "confident",
        2,
        "confident",
        "enesekindel",
        ["proud", "empowered", "safe"],
        ["uhke", "võimustatud", "turvaline"],
    ),
    _e("inspired", 2, "inspired", "inspireeritud", ["awed"], ["aukartust tundev"]),
    _e(
        "excited",
        3,
        "excited",
        "põnevil",
        ["amazed", "astonished", "enthusiastic", "passionate"],
        ["hämmeldunud", "imestunud", "entusiastlik", "kirglik"],
    ),
    _e(
        "joyful",
        3,
        "joyful",
        "rõõmus",
        ["amused", "jubilant", "happy"],
        ["lõbus", "juubeldav", "õnnelik"],
    ),
    _e(
        "blissful",
        3,
        "blissful",
        "õnnis",
        ["ecstatic", "exuberant", "radiant"],
        ["ekstaasis", "ülevoolav", "kiirgav"],
    ),
)

NEGATIVE: tuple[Emotion, ...] = (
    _e(
        "vulnerable",
        -1,
        "vulnerable",
        "haavatav",
        ["fragile", "helpless", "insecure", "sensitive"],
        ["habras", "kaitsetu", "ebakindel", "tundlik"],
    ),
    _e(
        "alienated",
        -1,
        "alienated",
        "võõrandunud",
        ["apathetic", "distant", "bored", "uninterested", "numb"],
        ["apaatne", "eemalolev", "igavlev", "huvitu", "tuim"],
    ),
    _e(
        "exhausted",
        -2,
        "exhausted",
        "kurnatud",
        ["burnt out", "sleepy", "tired"],
        ["läbi põlenud", "unine", "väsinud"],
    ),
    _e(
        "longing",
        -1,
        "longing",
        "puudust tundev",
        ["envious", "jealous", "yearning", "nostalgic"],
        ["kade", "armukade", "igatsev", "nostalgiline"],
    ),
    _e(
        "sad",
        -2,
        "sad",
        "kurb",
        ["depressed", "hopeless", "disappointed", "gloomy", "melancholy"],
        ["masendunud", "lootusetu", "pettunud", "sünge", "melanhoolne"],
    ),
    _e(
        "afraid",
        -2,
        "afraid",
        "hirmul",
        ["apprehensive", "suspicious", "panicked", "worried"],
        ["halba aimav", "kahtlustav", "paanikas", "muretsev"],
    ),
    _e(
        "embarrassed",
        -2,
        "embarrassed",
        "piinlikkust tundev",
        ["ashamed", "guilty", "self-conscious"],
        ["häbistatud", "süüdlaslik", "liiga eneseteadlik"],
    ),
    _e(
        "uneasy",
        -1,
        "uneasy",
        "rahutu",
        ["anxious", "confused", "startled", "shocked", "troubled", "flustered"],
        ["ärev", "segaduses", "jahmunud", "šokeeritud", "vaevatud", "kohmetu"],
    ),
    _e(
        "tense",
        -2,
        "tense",
        "pinges",
        ["worried", "nervous", "irritable", "restless"],
        ["mures", "närviline", "ärrituv", "rahutu"],
    ),
    _e(
        "hurt",
        -3,
        "hurt",
        "valutav",
        ["wounded", "heartbroken", "lonely", "regretful"],
        ["haavatud", "murtud südamega", "üksildane", "kahetsev"],
    ),
    _e(
        "averse",
        -2,
        "averse",
        "vastumeelne",
        ["displeased", "contemptuous", "repelled"],
        ["ebameeldiv", "põlgav", "eemaletõukav"],
    ),
    _e(
        "annoyed", -2, "annoyed", "pahane", ["frustrated", "impatient"], ["pettunud", "kannatamatu"]
    ),
    _e("angry", -3, "angry", "vihane", ["furious", "indignant"], ["raevunud", "nõrdinud"]),
)

VOCABULARY: tuple[Emotion, ...] = POSITIVE + NEGATIVE
BY_KEY: dict[str, Emotion] = {e.key: e for e in VOCABULARY}
VALENCE_RANGE = (-3, 3)


def get(key: str) -> Emotion:
    try:
        return BY_KEY[key]
    except KeyError:
        raise KeyError(f"unknown emotion {key!r}; known: {', '.join(BY_KEY)}") from None


def choices(language: str = "en") -> list[tuple[str, str]]:
    """(key, label) pairs for a form, positive groups first."""
    return [(e.key, e.name(language)) for e in VOCABULARY]
