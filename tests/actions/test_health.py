"""The map health check on plain facts: every mistake of seed 003 is caught, with a fix."""

from datetime import date

from teekond.actions.health import ActionFacts, MapFacts, StageFacts, StepFacts, health_check


def good_map() -> MapFacts:
    return MapFacts(
        name="Kooli valik",
        stages=[
            StageFacts(
                "Teadlikkus",
                has_owner=True,
                steps=[
                    StepFacts(
                        "Sõbra soovitus",
                        channel="word_of_mouth",
                        direct=False,
                        department="Turundus",
                        evidence=["interview"],
                    ),
                    StepFacts(
                        "Koduleht",
                        channel="website",
                        direct=True,
                        department="IT",
                        texts=["Õppemaksu hind on peidus"],
                        evidence=["analytics"],
                    ),
                ],
            ),
            StageFacts(
                "Otsus",
                has_owner=True,
                steps=[StepFacts("Vestlus", department="Kantselei", evidence=["assumption"])],
            ),
        ],
        actions=[ActionFacts(impact=5, effort=1, status="planned")],
        cadence_days=91,
        last_review=date(2026, 10, 1),
        today=date(2026, 11, 1),
    )


def by_key(result):
    return {c.key: c for c in result["checks"]}


def test_a_good_map_scores_100():
    result = health_check(good_map())
    assert result["score"] == 100
    assert all(c.passed for c in result["checks"])


def test_every_mistake_is_caught_with_a_fix():
    facts = good_map()
    for stage in facts.stages:
        stage.has_owner = False
        for step in stage.steps:
            step.direct, step.channel, step.department = True, "website", "Müük"
            step.texts, step.evidence = [], ["assumption"]
            step.name = "Samm"
    facts.actions = [ActionFacts(impact=5, effort=4, status="idea")]
    facts.last_review = date(2025, 1, 1)
    result = health_check(facts)
    assert result["score"] == 0
    failed = by_key(result)
    assert set(failed) == {
        "channels",
        "price_product",
        "research",
        "owners",
        "quick_wins",
        "reviewed",
        "departments",
    }
    assert all(c.fix for c in result["checks"])
    assert "56 %" in failed["reviewed"].fix


def test_no_cadence_fails_review_and_partial_score():
    facts = good_map()
    facts.cadence_days = None
    result = health_check(facts)
    assert not by_key(result)["reviewed"].passed
    assert result["score"] == 86


def test_price_and_product_are_whole_words_not_any_offer():
    from teekond.actions.health import PRICE_PRODUCT

    about_price = [
        "The price is hidden",
        "Õppemaksu hind on peidus",
        "Hinnakiri on vana",
        "Kuumaks tuleb üllatusena",
        "Compare product features",
        "Tooted on laos",
    ]
    not_about_price = [
        "We offered her a coffee",
        "A special offer on the website",
        "Hinnang teenusele",
        "Maksimaalne ooteaeg",
        "Pakkumine tuleb e-postiga",
        "Productivity of the team",
    ]
    assert [t for t in about_price if not PRICE_PRODUCT.search(t)] == []
    assert [t for t in not_about_price if PRICE_PRODUCT.search(t)] == []
