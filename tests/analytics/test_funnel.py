from __future__ import annotations

import pytest

from teekond.analytics import EventLogError, durations, funnel, load_log, sankey

JOURNEYS = """
case_id,activity,timestamp
1,browse,2024-01-01 10:00
1,cart,2024-01-01 10:05
1,pay,2024-01-01 10:10
2,browse,2024-01-01 11:00
2,pay,2024-01-01 11:01
2,cart,2024-01-01 11:02
3,cart,2024-01-01 12:00
3,browse,2024-01-01 12:01
3,browse,2024-01-01 12:02
3,cart,2024-01-01 12:03
4,browse,2024-01-01 13:00
"""


@pytest.fixture
def shop(write_csv):  # type: ignore[no-untyped-def]
    return load_log(write_csv(JOURNEYS))


def test_funnel_counts_cases_reaching_each_step_in_order(shop) -> None:  # type: ignore[no-untyped-def]
    result = funnel(shop, ["browse", "cart", "pay"])
    assert result["cases"] == 4
    steps = result["steps"]
    # browse: all 4; then a later cart: 1, 2 and 3 (3's second cart); then a later pay: only 1.
    assert [s["cases"] for s in steps] == [4, 3, 1]
    assert [s["dropped_after"] for s in steps] == [1, 2, 0]
    assert steps[1]["conversion"] == pytest.approx(0.75)
    assert steps[2]["share"] == pytest.approx(0.25)


def test_funnel_step_may_be_a_set_of_activities(shop) -> None:  # type: ignore[no-untyped-def]
    result = funnel(shop, [["browse", "cart"], "pay"])
    assert [s["cases"] for s in result["steps"]] == [4, 2]
    assert result["steps"][0]["name"] == "browse | cart"


def test_funnel_rejects_empty_steps(shop) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EventLogError):
        funnel(shop, [])
    with pytest.raises(EventLogError):
        funnel(shop, ["browse", []])


def test_durations_per_case(shop) -> None:  # type: ignore[no-untyped-def]
    stats = durations(shop)
    # case durations in seconds: 600, 120, 180, 0
    assert stats["cases"] == 4
    assert stats["mean_seconds"] == pytest.approx(225.0)
    assert stats["median_seconds"] == pytest.approx(150.0)
    assert stats["min_seconds"] == 0 and stats["max_seconds"] == 600
    assert stats["p90_seconds"] == pytest.approx(474.0)  # linear interpolation, like numpy


def test_sankey_unrolls_paths_by_position(shop) -> None:  # type: ignore[no-untyped-def]
    result = sankey(shop, top_n=2)
    assert result["cases_total"] == 4 and result["cases_shown"] == 2
    ids = {n["id"] for n in result["nodes"]}
    for link in result["links"]:
        assert link["source"] in ids and link["target"] in ids
        assert int(link["target"].split(":")[0]) == int(link["source"].split(":")[0]) + 1
    everything = sankey(shop, top_n=100)
    assert everything["cases_shown"] == 4
    first_hops = {
        link["target"]: link["value"]
        for link in everything["links"]
        if link["source"] == "0:browse"
    }
    assert first_hops == {"1:cart": 1, "1:pay": 1}
