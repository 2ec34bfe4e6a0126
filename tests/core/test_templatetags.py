from django.utils import translation

from teekond.core.templatetags.teekond import duration


def test_duration_filter_reads_like_a_person():
    translation.activate("en")
    assert duration(21859200) == "253 d"
    assert duration(90061) == "1 d 1 h"
    assert duration(3725) == "1 h 2 min"
    assert duration(59.6) == "1 min"
    assert duration(5) == "5 s"
    assert duration(None) == "—"


def test_duration_units_are_translated():
    with translation.override("et"):
        assert duration(90061) == "1 p 1 t"
