"""Import problems are shown in the reader's language."""

import re
from pathlib import Path

from django.utils import translation

from teekond.research import reasons

SRC = Path(reasons.__file__).parent


def test_every_fixed_reason_of_the_checks_has_a_translation():
    text = "".join(
        (SRC / name).read_text() for name in ("importing.py", "import_files.py", "import_jobs.py")
    )
    text += (SRC.parent / "analytics" / "encoding.py").read_text()
    literals = set(re.findall(r'BadValue\("([^"]+)"\)', text))
    literals |= set(re.findall(r'^\s+return "([^"]+)"$', text, re.M))
    literals |= set(re.findall(r'append\(\(column, "([^"]+)"\)\)', text))
    literals |= set(
        re.findall(r'(?:ImportProblem|EncodingProblem)\(\s*"\w+",\s*"([^"]+)"\s*[,)]', text)
    )
    literals |= {
        a + b
        for a, b in re.findall(r'(?:EncodingProblem)\(\s*"\w+",\s*"([^"]+)"\s*"([^"]+)"', text)
    }
    literals |= set(re.findall(r'"reason": "([^"]+)"', text))
    literals |= set(re.findall(r'problems\.append\(\("\w*", "([^"]+)"\)\)', text))
    literals |= set(re.findall(r'ImportProblem\(\s*"\w+",\s*"([^"]+)"', text))
    assert len(literals) > 15
    patterned = {t for t in literals if any(p.fullmatch(t) for p, _ in reasons.PATTERNS)}
    assert literals - patterned <= set(reasons.EXACT), literals - patterned - set(reasons.EXACT)


def test_reasons_with_numbers_and_lines_read_in_estonian():
    with translation.override("et"):
        assert (
            reasons.translate(
                "line 3: wrong number of fields: 6 (the header has 5); "
                "a quote opened on this line runs to line 4"
            )
            == "rida 3: vale väljade arv: 6 (päises on 5); sellel real avatud jutumärk ulatub reani 4"
        )
        for english in (
            "line 2: a field is longer than 131072 characters",
            "more than 1000000 data rows",
            "more than 200 columns",
            "a column name is longer than 200 characters",
            'two columns are named "NPS"',
            "the file is larger than 200 MB",
            "rows that do not fit the header: 3",
            "the XLSX file has more than 1000 parts",
            "a part of the XLSX file is packed more than 100 times, like a zip bomb",
            "line 7: the encoding cannot be told for sure: choose the encoding the file was saved in",
        ):
            assert reasons.translate(english) != english, english


def test_reasons_read_in_estonian():
    with translation.override("et"):
        assert (
            reasons.translate("score 12 is outside 0..10")
            == "hinne 12 on väljaspool vahemikku 0..10"
        )
        assert reasons.translate("missing value") == "väärtus puudub"
        assert reasons.translate("something new") == "something new"
    with translation.override("en"):
        assert reasons.translate("missing value") == "missing value"
