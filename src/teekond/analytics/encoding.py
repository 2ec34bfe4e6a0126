"""Telling the text encoding of an uploaded CSV honestly, or saying that it cannot be told.

Pure Python (no Django), shared by the survey/CRM import readers and usable by the event-log
reader. The rules, in order:

1. A UTF-8 byte-order mark means UTF-8; a file that then fails to decode is refused with the
   line of the first bad byte. UTF-16/32 marks are refused (save as UTF-8).
2. A file that decodes as UTF-8 *is* UTF-8 (plain ASCII included).
3. A file that is mostly UTF-8 (it holds valid multi-byte sequences) but has a few bad bytes
   is a damaged UTF-8 file, not a Windows code page: refused with the line of the first bad
   byte. Reading it as Windows-1257 would store "Ã¤" for "ä" without a word of warning.
4. Otherwise each single-byte candidate (Windows-1257 Baltic, Windows-1252 Western,
   Windows-1251 Cyrillic) is decoded. A candidate with undefined bytes or control characters
   is out. Candidates that give the same text are one reading. Each reading is scored by its
   words that hold non-ASCII letters: a word is plausible when it is all Latin letters of the
   European languages (at least one of them ASCII, unless it is one or two letters long, and
   at most two thirds non-ASCII) or all Cyrillic. A Latin/Cyrillic mix ("Kдttetoimetamine"),
   or a run of accented letters ("Ļšč" for "При"), is implausible.
   The reading with the fewest implausible words wins only if it has strictly fewer than every
   other reading and at most a quarter of its words are implausible; otherwise the file is
   refused with the plausible candidates and a preview of each, so a person chooses.

A caller that knows the encoding passes it; the file is then only checked to decode under it.
The rules and their trade-offs are in docs/measure.md and docs/decisions.md.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

CHUNK = 1 << 20
PREVIEW_LINES = 3
PREVIEW_CHARS = 160
MAX_EVIDENCE_WORDS = 20_000  # words scored per reading; decoding still covers the whole file

# (Python codec, what people call it). The order breaks ties between equal readings.
SINGLE_BYTE = (
    ("cp1257", "Windows-1257 (Baltic)"),
    ("cp1252", "Windows-1252 (Western European)"),
    ("cp1251", "Windows-1251 (Cyrillic)"),
)
LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    **dict(SINGLE_BYTE),
    "iso-8859-1": "ISO-8859-1 (Latin-1)",
    "iso-8859-13": "ISO-8859-13 (Baltic)",
    "iso-8859-15": "ISO-8859-15 (Latin-9)",
    "iso-8859-5": "ISO-8859-5 (Cyrillic)",
}
# What a user may pass as ``encoding=``: the names above and a few common spellings.
ALIASES = {
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "windows-1257": "cp1257",
    "cp1257": "cp1257",
    "windows-1252": "cp1252",
    "cp1252": "cp1252",
    "windows-1251": "cp1251",
    "cp1251": "cp1251",
    "latin-1": "iso-8859-1",
    "latin1": "iso-8859-1",
    "iso-8859-1": "iso-8859-1",
    "iso-8859-13": "iso-8859-13",
    "iso-8859-15": "iso-8859-15",
    "iso-8859-5": "iso-8859-5",
}

# Letters of the languages Teekond's users write in (Estonian first, then their neighbours
# and the common Western European ones). Icelandic ð/þ are left out on purpose: they are what
# Estonian š/ž turn into when a Windows-1257 file is read as Windows-1252.
_LATIN = set(
    "õäöüšžÕÄÖÜŠŽ"  # Estonian
    "āčēģīķļņōŗūĀČĒĢĪĶĻŅŌŖŪąęėįųĄĘĖĮŲ"  # Latvian, Lithuanian
    "åæøÅÆØ"  # Finnish-Swedish, Danish, Norwegian
    "àâçéèêëîïôœùûÿÀÂÇÉÈÊËÎÏÔŒÙÛŸ"  # French
    "áíóúñÁÍÓÚÑß"  # Spanish, German
    "ćłńśźżĆŁŃŚŹŻ"  # Polish
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_WORD = re.compile(r"[^\W\d_]+")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class EncodingProblem(ValueError):
    """The encoding cannot be told, or the file does not decode under the one given.

    ``code`` is one of ``damaged`` (a bad byte in a UTF-8 file), ``unclear`` (several
    readings are plausible, or none is), ``unsupported`` (UTF-16/32 or an unknown name),
    ``undecodable`` (bytes that the given encoding does not define). ``reason`` is a fixed
    English text that callers translate; ``line`` is the 1-based line of the first bad byte
    where that is known; ``candidates`` are the plausible encodings, each with a preview.
    """

    def __init__(
        self,
        code: str,
        reason: str,
        *,
        line: int | None = None,
        candidates: tuple[Candidate, ...] = (),
    ):
        self.code = code
        self.reason = reason
        self.line = line
        self.candidates = candidates
        where = f"line {line}: " if line is not None else ""
        super().__init__(where + reason)


@dataclass(frozen=True)
class Candidate:
    encoding: str
    label: str
    preview: tuple[str, ...]  # the first lines that hold non-ASCII text, read this way

    def as_dict(self) -> dict:
        return {"encoding": self.encoding, "label": self.label, "preview": list(self.preview)}


def normalize(name: str) -> str:
    """An encoding name a user gave, as a Python codec; refuses names not on the list."""
    key = (name or "").strip().lower().replace("_", "-")
    if key in ALIASES:
        return ALIASES[key]
    raise EncodingProblem(
        "unsupported",
        "unknown encoding: use utf-8, windows-1257, windows-1252 or windows-1251",
    )


def label(encoding: str) -> str:
    return LABELS.get(encoding, encoding)


# ---------------------------------------------------------------- reading chunks

Source = Callable[[], Iterable[bytes]]  # gives the whole file again, chunk by chunk


def chunks_of(path: str | Path, size: int = CHUNK) -> Source:
    def read() -> Iterator[bytes]:
        with Path(path).open("rb") as fh:
            while chunk := fh.read(size):
                yield chunk

    return read


def chunks_in(data: bytes, size: int = CHUNK) -> Source:
    return lambda: (data[i : i + size] for i in range(0, len(data), size))


def _with_final(chunks: Iterable[bytes]) -> Iterator[tuple[bytes, bool]]:
    for chunk in chunks:
        yield chunk, False
    yield b"", True


def _preview_lines(text: str, into: list[str]) -> None:
    for line in text.splitlines():
        if len(into) >= PREVIEW_LINES:
            return
        if not line.isascii():
            into.append(line[:PREVIEW_CHARS])


class _Utf8Check:
    """Decodes as UTF-8 with bad bytes kept as lone surrogates (which valid UTF-8 can never
    produce), so they are counted exactly, against the valid multi-byte characters."""

    def __init__(self) -> None:
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
        self.multibyte = 0
        self.errors = 0
        self.lines = 0
        self.bad_line: int | None = None
        self.preview: list[str] = []

    def feed(self, chunk: bytes, final: bool) -> None:
        text = self.decoder.decode(chunk, final=final)
        if not text.isascii():
            bad = _ESCAPED.findall(text)
            first = _ESCAPED.search(text) if bad and self.bad_line is None else None
            if first is not None:
                self.bad_line = self.lines + text[: first.start()].count("\n") + 1
            self.errors += len(bad)
            self.multibyte += sum(1 for c in text if ord(c) > 127) - len(bad)
            if len(self.preview) < PREVIEW_LINES:
                _preview_lines(_ESCAPED.sub("\ufffd", text), self.preview)
        self.lines += text.count("\n")


_ESCAPED = re.compile("[\udc80-\udcff]")


class _Reading:
    """One single-byte candidate decoding of the whole file, fed chunk by chunk."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        self.digest = hashlib.blake2b(digest_size=16)
        self.ok = True
        self.words = 0
        self.bad_words = 0
        self.preview: list[str] = []
        self.tail = ""  # the unfinished last line, so words and preview lines are not cut

    def feed(self, chunk: bytes, final: bool) -> None:
        if not self.ok:
            return
        try:
            text = self.decoder.decode(chunk, final=final)
        except UnicodeDecodeError:
            self.ok = False
            return
        if _CONTROLS.search(text):
            self.ok = False
            return
        self.digest.update(text.encode("utf-8"))
        text = self.tail + text
        cut = len(text) if final or len(text) > CHUNK else text.rfind("\n") + 1
        done, self.tail = text[:cut], text[cut:]
        if done and not done.isascii():
            self._score(done)

    def _score(self, text: str) -> None:
        _preview_lines(text, self.preview)
        if self.words >= MAX_EVIDENCE_WORDS:
            return
        for word in _WORD.findall(text):
            if word.isascii():
                continue
            self.words += 1
            if not plausible_word(word):
                self.bad_words += 1


def plausible_word(word: str) -> bool:
    """A word as people write it: all Cyrillic, or European Latin letters mostly ASCII."""
    cyrillic = sum(1 for c in word if _CYRILLIC.match(c))
    if cyrillic:
        return cyrillic == len(word)
    accented = 0
    for c in word:
        if c.isascii():
            continue
        if c not in _LATIN:
            return False
        accented += 1
    if len(word) <= 2:
        return True
    return accented < len(word) and accented * 3 <= len(word) * 2


# ---------------------------------------------------------------- detection


def detect(source: Source) -> str:
    """The Python codec to read the file with, or ``EncodingProblem`` (see the module doc).
    ``source()`` gives the whole file; it is read once for UTF-8 and, only when the file is
    not UTF-8, once more for the code pages, so a bad byte at the very end counts."""
    head = b""
    for chunk in source():
        head = chunk[:4]
        break
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) or head.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        raise EncodingProblem(
            "unsupported", "broken encoding: UTF-16 files are not supported; save as UTF-8"
        )
    has_bom = head.startswith(codecs.BOM_UTF8)
    utf8 = _Utf8Check()
    for chunk, final in _with_final(source()):
        utf8.feed(chunk, final)
    if not utf8.errors:
        return "utf-8-sig" if has_bom else "utf-8"
    if has_bom:
        raise EncodingProblem(
            "damaged", "broken encoding: the file says UTF-8 but is not", line=utf8.bad_line
        )
    if utf8.multibyte > 0 and utf8.multibyte >= utf8.errors:
        raise EncodingProblem(
            "damaged",
            "broken encoding: the file is UTF-8 but has bytes that are not",
            line=utf8.bad_line,
            candidates=(Candidate("utf-8", "UTF-8", tuple(utf8.preview)),),
        )
    readings = [_Reading(enc) for enc, _ in SINGLE_BYTE]
    for chunk, final in _with_final(source()):
        for r in readings:
            r.feed(chunk, final)
    return _choose(readings)


def _choose(readings: list[_Reading]) -> str:
    groups: dict[bytes, list[_Reading]] = {}
    for r in readings:
        if r.ok:
            groups.setdefault(r.digest.digest(), []).append(r)
    ranked = sorted((g[0] for g in groups.values()), key=lambda r: r.bad_words)
    if ranked:
        best = ranked[0]
        beaten = all(best.bad_words < r.bad_words for r in ranked[1:])
        evidence = best.words > 0 or len(ranked) == 1
        if beaten and evidence and best.bad_words * 4 <= best.words:
            return best.encoding
    shown = [r for r in ranked if r.bad_words * 2 <= r.words] or ranked
    if not shown:
        raise EncodingProblem(
            "unclear",
            "broken encoding: the file is neither UTF-8 nor a known Windows code page; "
            "save it as UTF-8",
        )
    raise EncodingProblem(
        "unclear",
        "the encoding cannot be told for sure: choose the encoding the file was saved in",
        candidates=tuple(Candidate(r.encoding, label(r.encoding), tuple(r.preview)) for r in shown),
    )


def check(source: Source, encoding: str) -> None:
    """Refuse the file unless it decodes under ``encoding`` with no control characters."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    single_byte = encoding not in ("utf-8", "utf-8-sig")
    lines = 0
    for data, final in _with_final(source()):
        try:
            text = decoder.decode(data, final=final)
        except UnicodeDecodeError as exc:
            done = data[: max(exc.start, 0)].count(b"\n")
            raise EncodingProblem(
                "undecodable",
                "broken encoding: the file has bytes that the chosen encoding does not have",
                line=lines + done + 1,
            ) from None
        bad = _CONTROLS.search(text) if single_byte else None
        if bad:
            raise EncodingProblem(
                "undecodable",
                "broken encoding: the file has bytes that the chosen encoding does not have",
                line=lines + text[: bad.start()].count("\n") + 1,
            )
        lines += text.count("\n")


def preview(source: Source, encoding: str) -> tuple[str, ...]:
    """The first lines with non-ASCII text as ``encoding`` reads them (bad bytes as U+FFFD)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    lines: list[str] = []
    for data, final in _with_final(source()):
        _preview_lines(decoder.decode(data, final=final), lines)
        if len(lines) >= PREVIEW_LINES:
            break
    return tuple(lines)


def detect_path(path: str | Path, encoding: str | None = None) -> str:
    """``detect`` over a file, or ``check`` it under the encoding a user chose."""
    source = chunks_of(path)
    if not encoding:
        return detect(source)
    chosen = normalize(encoding)
    if chosen == "utf-8":
        with Path(path).open("rb") as fh:
            if fh.read(3) == codecs.BOM_UTF8:
                chosen = "utf-8-sig"
    check(source, chosen)
    return chosen
