"""Telling a CSV's encoding honestly (analytics.encoding, no Django)."""

import pytest

from teekond.analytics import encoding as enc
from teekond.analytics.encoding import EncodingProblem

ESTONIAN = "Samm;Kommentaar\nKättetoimetamine;Õnnelik ja rõõmus\n"


def detect(data: bytes, size: int = 1 << 20) -> str:
    return enc.detect(enc.chunks_in(data, size))


def test_valid_utf8_with_or_without_bom_is_utf8():
    assert detect(ESTONIAN.encode()) == "utf-8"
    assert detect(b"\xef\xbb\xbf" + ESTONIAN.encode()) == "utf-8-sig"
    assert detect(b"plain;ascii\n") == "utf-8"


def test_a_character_cut_by_a_chunk_boundary_is_still_utf8():
    assert detect(ESTONIAN.encode(), size=3) == "utf-8"


def test_one_bad_byte_in_a_utf8_file_is_refused_with_its_line():
    with pytest.raises(EncodingProblem) as exc:
        detect(ESTONIAN.encode() + b"rida;\xff\n")
    assert exc.value.code == "damaged" and exc.value.line == 3


def test_estonian_in_windows_1257_and_1252_is_read_on_clear_evidence():
    text = ESTONIAN + "x;šokolaad ja žürii\n"
    assert detect(text.encode("cp1257")) == "cp1257"
    assert detect(text.encode("cp1252")) == "cp1252"
    assert detect(ESTONIAN.encode("cp1257")) == "cp1257"  # the same text in 1252: one reading


def test_russian_in_windows_1251_is_cyrillic():
    assert detect("Шаг;Отзыв\nДоставка;Очень хорошо\n".encode("cp1251")) == "cp1251"


def test_too_little_evidence_names_the_candidates_with_previews():
    with pytest.raises(EncodingProblem) as exc:
        detect("a;b\nöö;1\n".encode("cp1257"))
    assert exc.value.code == "unclear"
    previews = {c.encoding: c.preview for c in exc.value.candidates}
    assert previews["cp1257"] == ("öö;1",) and previews["cp1251"] == ("цц;1",)


def test_utf16_and_unknown_names_are_refused():
    with pytest.raises(EncodingProblem):
        detect("a;b\n".encode("utf-16"))
    with pytest.raises(EncodingProblem):
        enc.normalize("ebcdic")
    assert enc.normalize("Windows-1257") == "cp1257"


def test_a_chosen_encoding_is_checked(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"a\n\x81\n")
    with pytest.raises(EncodingProblem) as exc:
        enc.detect_path(path, "cp1257")
    assert exc.value.line == 2
    path.write_bytes(b"\xef\xbb\xbfa\n")
    assert enc.detect_path(path, "utf-8") == "utf-8-sig"


@pytest.mark.parametrize(
    "word, plausible",
    [("Kättetoimetamine", True), ("öö", True), ("Kдttetoimetamine", False), ("Ļšč", False)],
)
def test_plausible_words(word, plausible):
    assert enc.plausible_word(word) is plausible


def test_event_log_csv_that_is_not_utf8_is_refused_not_renamed(tmp_path):
    from teekond.analytics import EventLogError, load_log

    path = tmp_path / "log.csv"
    path.write_bytes("case;tegevus;aeg\n1;Õnnelik;2026-03-01\n".encode("cp1257"))
    with pytest.raises(EventLogError, match="not valid UTF-8"):
        load_log(str(path))
    path.write_bytes("juhtum;tegevus;kuupäev\n1;x;2026-03-01\n".encode("cp1257"))
    with pytest.raises(EventLogError, match="not valid UTF-8") as exc:
        load_log(str(path))
    assert exc.value.line == 1
