from teekond.core import emotions


def test_vocabulary_has_the_seed_groups_in_both_languages():
    assert len(emotions.POSITIVE) == 11
    assert len(emotions.NEGATIVE) == 13
    assert {e.key for e in emotions.POSITIVE} >= {
        "friendly",
        "calm",
        "grateful",
        "joyful",
        "blissful",
    }
    assert {e.key for e in emotions.NEGATIVE} >= {
        "vulnerable",
        "afraid",
        "tense",
        "annoyed",
        "angry",
    }
    for e in emotions.VOCABULARY:
        assert e.en and e.et and e.en_synonyms and e.et_synonyms
        assert -3 <= e.valence <= 3 and e.valence != 0


def test_valence_sign_follows_the_seed_grouping():
    assert all(e.positive for e in emotions.POSITIVE)
    assert not any(e.positive for e in emotions.NEGATIVE)


def test_names_and_words_by_language():
    calm = emotions.get("calm")
    assert calm.name("et") == "rahulik" and calm.name("en") == "calm"
    assert "usaldav" in calm.words("et")
    assert ("angry", "vihane") in [(k, v) for k, v in emotions.choices("et")]
