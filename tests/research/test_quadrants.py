from teekond.research import quadrants
from teekond.research.quadrants import Point


def customers():
    return [
        Point(1, "Alfa", 9, 50000, 60000, "Suurkliendid"),
        Point(2, "Beta", 9, 5000, 40000, "VKE"),
        Point(3, "Gamma", 3, 80000, 80000, "Suurkliendid"),
        Point(4, "Delta", 2, 1000, 1500, "VKE"),
        Point(5, "Eta", 8, 2000, 2500, "VKE"),
    ]


def test_default_thresholds_are_medians():
    # scores 9,9,3,2,8 → median 8; revenue → median 5000; potential → median 40000
    result = quadrants.classify(customers())
    assert result["thresholds"] == {"score": 8, "revenue": 5000, "potential": 40000}
    names = {q: [c["name"] for c in cs] for q, cs in result["quadrants"].items()}
    assert names == {
        "exemplary": ["Alfa", "Beta"],  # Beta: revenue 5000 ≥ median
        "growth": ["Eta"],
        "at_risk": ["Gamma"],
        "hanging": ["Delta"],
    }
    assert result["quadrants"]["growth"][0]["high_potential"] is False


def test_thresholds_can_be_set_and_growth_is_ranked_by_potential():
    result = quadrants.classify(customers(), score=7, revenue=20000, potential=30000)
    growth = result["quadrants"]["growth"]
    assert [c["name"] for c in growth] == ["Beta", "Eta"]
    assert [c["high_potential"] for c in growth] == [True, False]
    assert [c["name"] for c in result["quadrants"]["exemplary"]] == ["Alfa"]


def test_the_plot_is_a_vega_lite_layer_with_threshold_rules():
    result = quadrants.classify(customers())
    labels = {"exemplary": "Eeskujulik", "growth": "Kasv", "at_risk": "Ohus", "hanging": "Rippuv"}
    axis = dict.fromkeys(("score", "revenue", "potential", "name", "segment"), "x")
    spec = quadrants.plot_spec(result, labels, axis)
    points, vrule, hrule = spec["layer"]
    assert len(points["data"]["values"]) == 5
    assert {v["label"] for v in points["data"]["values"]} == set(labels.values())
    assert vrule["data"]["values"] == [{"x": 8}] and hrule["data"]["values"] == [{"y": 5000}]


def test_no_customers_gives_empty_lists():
    assert quadrants.classify([])["quadrants"]["exemplary"] == []
