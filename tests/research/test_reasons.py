"""Import problems are shown in the reader's language."""

import re
from pathlib import Path

from django.utils import translation

from teekond.research import reasons

SRC = Path(reasons.__file__).parent


def test_every_fixed_reason_of_the_checks_has_a_translation():
    text = (SRC / "importing.py").read_text() + (SRC / "import_jobs.py").read_text()
    literals = set(re.findall(r'BadValue\("([^"]+)"\)', text))
    literals |= set(re.findall(r'"reason": "([^"]+)"', text))
    literals |= set(re.findall(r'problems\.append\(\("\w*", "([^"]+)"\)\)', text))
    literals |= set(re.findall(r'ImportProblem\(\s*"\w+",\s*"([^"]+)"', text))
    assert len(literals) > 15
    assert literals <= set(reasons.EXACT), literals - set(reasons.EXACT)


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
