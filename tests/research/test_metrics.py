"""Metrics on hand-checked numbers (the arithmetic is in the comments)."""

from datetime import date

import pytest

from teekond.research import metrics


def test_nps_and_its_interval_on_hand_checked_scores():
    # promoters 10,10,9,10,9 = 5; passives 8,7 = 2; detractors 6,5,3 = 3; n = 10
    # NPS = 100·(5 − 3)/10 = 20
    # p = .5, d = .3: var = (.8 − .2²)/10 = .076; 1.96·√.076·100 = 1.96·.27568·100 = 54.03
    r = metrics.nps([10, 10, 9, 8, 7, 6, 5, 3, 10, 9, None])
    assert (r.n, r.promoters, r.passives, r.detractors) == (10, 5, 2, 3)
    assert r.value == pytest.approx(20)
    assert r.low == pytest.approx(20 - 54.03, abs=0.01)
    assert r.high == pytest.approx(20 + 54.03, abs=0.01)


def test_nps_interval_is_clipped_to_the_scale():
    # all promoters but two: p = .8, d = 0 → NPS 80; var = (.8 − .64)/10 = .016,
    # half = 1.96·.1265·100 = 24.8 → 104.8, clipped to 100
    r = metrics.nps([10] * 8 + [8, 8])
    assert r.value == pytest.approx(80)
    assert r.high == 100
    assert r.low == pytest.approx(80 - 24.79, abs=0.01)


def test_nps_rejects_scores_off_the_scale():
    with pytest.raises(ValueError):
        metrics.nps([11])


def test_csat_top_two_box_with_a_wilson_interval():
    # 5,4,4,5,4 are 4-5 → 5 of 8 = 62.5 %
    # Wilson: z² = 3.8415; denom = 1 + 3.8415/8 = 1.48019
    # centre = (.625 + 3.8415/16)/1.48019 = .86509/1.48019 = .58445
    # half = 1.96·√(.625·.375/8 + 3.8415/256)/1.48019 = 1.96·√.044303/1.48019 = .27872
    r = metrics.csat([5, 4, 4, 3, 2, 5, 1, 4])
    assert r.n == 8
    assert r.value == pytest.approx(62.5)
    assert r.low == pytest.approx(30.57, abs=0.01)
    assert r.high == pytest.approx(86.32, abs=0.01)


def test_ces_mean_with_a_t_interval():
    # mean 5.6; squared deviations 1.96 + .16 + .36 + .16 + 2.56 = 5.2; s² = 5.2/4 = 1.3
    # se = √1.3/√5 = .509902; t(.975, 4) = 2.776 → half = 1.41549
    r = metrics.ces([7, 6, 5, 6, 4])
    assert r.value == pytest.approx(5.6)
    assert r.low == pytest.approx(4.1845, abs=0.0001)
    assert r.high == pytest.approx(7.0155, abs=0.0001)


def test_three_es_means_and_a_single_answer_has_no_interval():
    r = metrics.three_es([5, 3], [4], [])
    assert r["effect"].value == 4 and r["effect"].n == 2
    assert (r["ease"].value, r["ease"].low) == (4, None)
    assert r["emotion"].value is None


def test_balance_is_good_minus_bad():
    # csat 5, 4 good; 2, 1 bad; 3 neutral; nps-only 10 good, 3 bad; (None, None) skipped
    # good 3, bad 3 of 7 → 0; with one more good: 4 − 3 of 8 = 12.5
    pairs = [(5, None), (4, 0), (2, 10), (1, None), (3, None), (None, 10), (None, 3)]
    assert metrics.balance([*pairs, (None, None)]).value == pytest.approx(0)
    assert metrics.balance([*pairs, (5, None)]).value == pytest.approx(12.5)


def test_t_quantiles_for_large_samples_approach_the_normal_one():
    assert metrics.t975(30) == 2.042
    assert metrics.t975(60) == pytest.approx(2.000, abs=0.001)
    assert metrics.t975(120) == pytest.approx(1.980, abs=0.001)


def test_trend_groups_by_week_month_and_quarter():
    rows = [
        (date(2026, 1, 5), {"nps": 10}),  # Monday, week 2
        (date(2026, 1, 11), {"nps": 0}),  # Sunday, same week
        (date(2026, 2, 1), {"nps": 9, "csat": 5}),
        (date(2026, 4, 1), {"csat": 1}),
    ]
    months = metrics.trend(rows, "month")
    assert [m["period"] for m in months] == ["2026-01", "2026-02", "2026-04"]
    assert months[0]["nps"]["value"] == 0  # one promoter, one detractor
    assert months[1]["csat"]["value"] == 100
    quarters = metrics.trend(rows, "quarter")
    assert [(q["period"], q["responses"]) for q in quarters] == [("2026-Q1", 3), ("2026-Q2", 1)]
    weeks = metrics.trend(rows, "week")
    assert weeks[0]["period"] == "2026-W02" and weeks[0]["responses"] == 2


def test_a_real_nps_drop_is_significant_and_noise_is_not():
    # before: 50 promoters, 30 passives, 20 detractors → NPS 30, var = (.7 − .09)/100 = .0061
    # after: 30, 30, 40 → NPS −10, var = (.7 − .01)/100 = .0069
    # z = −.40/√.013 = −.40/.11402 = −3.508 → p = .00023
    before, after = metrics.Bucket(), metrics.Bucket()
    for score, count in ((10, 50), (8, 30), (3, 20)):
        for _ in range(count):
            before.add(nps=score)
    for score, count in ((10, 30), (8, 30), (3, 40)):
        for _ in range(count):
            after.add(nps=score)
    change = metrics.nps_change(before.nps_estimate(), after.nps_estimate())
    assert change.difference == pytest.approx(-40)
    assert change.z == pytest.approx(-3.508, abs=0.001)
    assert change.p_value == pytest.approx(0.000226, abs=0.00001)
    assert change.significant_drop
    assert [c.metric for c in metrics.drop(before, after)] == ["nps"]
    # a 2-point wobble on the same sizes is not a drop
    assert metrics.drop(before, before) == []


def test_a_csat_drop_uses_the_two_proportion_test():
    # 80/100 → 60/100: pooled .7, se = √(.7·.3·.02) = .064807, z = −.2/.064807 = −3.086
    change = metrics.proportion_change("csat", 80, 100, 60, 100)
    assert change.z == pytest.approx(-3.086, abs=0.001)
    assert change.significant_drop
    assert not metrics.proportion_change("csat", 80, 100, 78, 100).significant_drop


def test_small_periods_are_not_tested():
    before, after = metrics.Bucket(), metrics.Bucket()
    for _ in range(5):
        before.add(nps=10, csat=5)
        after.add(nps=0, csat=1)
    assert metrics.drop(before, after) == []
    assert metrics.drop(before, after, min_n=5) != []
