import numpy as np
import pytest

from teekond.research import drivers


def test_uncorrelated_steps_get_their_squared_correlation():
    # Two orthogonal ±1 predictors: relative weights equal r² and add up to R².
    # y = 2·x1 + 1·x2 exactly: r1 = 2/√5, r2 = 1/√5 → weights 80 % and 20 %, R² = 1.
    x1 = np.array([1, -1, 1, -1] * 5, dtype=float)
    x2 = np.array([1, 1, -1, -1] * 5, dtype=float)
    raw, beta, r2 = drivers.relative_weights(np.column_stack([x1, x2]), 2 * x1 + x2)
    assert r2 == pytest.approx(1)
    assert raw == pytest.approx([0.8, 0.2])
    assert beta == pytest.approx([2 / 5**0.5, 1 / 5**0.5])


def test_it_ranks_steps_and_signs_them():
    rng = np.random.default_rng(7)
    respondents = []
    for _ in range(300):
        a, b, c = rng.integers(1, 6, size=3)
        y = 2.0 * a + 0.4 * b - 1.0 * c + rng.normal(0, 1)
        respondents.append(({"pay": a, "ship": b, "faq": c}, float(np.clip(y, 0, 10))))
    result = drivers.key_drivers(respondents, {"pay": "Payment", "ship": "Shipping"})
    keys = [d.key for d in result.drivers]
    assert keys == ["pay", "faq", "ship"]
    assert [d.direction for d in result.drivers] == [1, -1, 1]
    assert sum(d.weight for d in result.drivers) == pytest.approx(100)
    assert result.drivers[0].label == "Payment" and result.drivers[1].label == "faq"
    et = drivers.reading(result, "et")
    en = drivers.reading(result, "en")
    assert "„Payment“" in et[1] and "soovitab" in et[1]
    assert "opposite direction" in en[2]


def test_it_needs_respondents_who_rated_several_steps():
    one_step = [({"pay": 5}, 10)] * 50
    result = drivers.key_drivers(one_step)
    assert result.drivers == [] and result.reason
    assert "ten respondents" in drivers.reading(result, "en")[0]


def test_missing_scores_are_filled_and_rare_steps_left_out():
    rng = np.random.default_rng(1)
    rows = []
    for i in range(100):
        a, b = rng.integers(1, 6, size=2)
        scores = {"a": a, "b": b}
        if i % 3 == 0:
            del scores["b"]
            scores["c"] = 3  # rated by a third: below coverage
            scores["d"] = a
        rows.append((scores, float(2 * a + b)))
    result = drivers.key_drivers(rows)
    assert {d.key for d in result.drivers} == {"a", "b"}
