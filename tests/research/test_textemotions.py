"""Tagging real Estonian and English comments with the seed-003 vocabulary."""

import pytest

from teekond.research.textemotions import guess_language, tag


@pytest.mark.parametrize(
    ("text", "found", "negated"),
    [
        (
            "Olin väga pettunud, teenindaja oli ebaviisakas ja ma olin vihane.",
            ["sad", "annoyed", "angry"],
            [],
        ),
        ("Ei olnud üldse pettunud, kõik oli tore!", ["joyful"], ["sad"]),
        ("Pärast tunnist ootamist olin täiesti läbi põlenud.", ["exhausted"], []),
        ("Kuller oli sõbralik ja olen väga tänulik.", ["friendly", "grateful"], []),
        ("Pakk jõudis kohale, olen rahul.", ["calm"], []),
        ("Ma pole rahul.", [], ["calm"]),
        ("Tundsin end segaduses, vorm oli keeruline.", ["uneasy"], []),
        ("Pettusin teie teeninduses.", ["sad"], []),
    ],
)
def test_estonian_comments(text, found, negated):
    result = tag(text, "et")
    assert result.emotions == found
    assert result.negated == negated


@pytest.mark.parametrize(
    ("text", "found", "negated"),
    [
        ("I was not disappointed, the staff were friendly", ["friendly"], ["sad"]),
        ("I felt burnt out and frustrated", ["exhausted", "annoyed"], []),
        ("Didn't feel confident at all", [], ["confident"]),
        ("So happy and grateful!", ["joyful", "grateful"], []),
    ],
)
def test_english_comments(text, found, negated):
    result = tag(text, "en")
    assert result.emotions == found
    assert result.negated == negated


def test_valence_is_the_mean_of_the_tagged_groups():
    assert tag("Olin vihane ja kurb", "et").valence == pytest.approx(-2.5)
    assert tag("", "et").valence is None


def test_language_guess():
    assert guess_language("Väga hea teenindus") == "et"
    assert guess_language("The courier was late and the box was broken") == "en"
