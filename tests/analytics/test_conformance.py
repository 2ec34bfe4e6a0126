from __future__ import annotations

import json
from pathlib import Path

import pytest

from teekond.analytics import EventLogError, Journey, conformance, load_journey, load_log

JOURNEY = {
    "name": "Online order",
    "steps": [
        {"name": "Browse", "activities": ["view product", "search"]},
        {"name": "Cart", "activities": ["add to cart"]},
        {"name": "Pay", "activities": ["pay"]},
    ],
}

LOG = """
case_id,activity,timestamp
ok,search,2024-01-01 10:00
ok,view product,2024-01-01 10:01
ok,add to cart,2024-01-01 10:02
ok,chat,2024-01-01 10:03
ok,pay,2024-01-01 10:04
skip,view product,2024-01-01 11:00
skip,pay,2024-01-01 11:01
early,search,2024-01-01 12:00
early,add to cart,2024-01-01 12:01
back,view product,2024-01-01 13:00
back,add to cart,2024-01-01 13:01
back,view product,2024-01-01 13:02
back,add to cart,2024-01-01 13:03
back,pay,2024-01-01 13:04
lost,chat,2024-01-01 14:00
lost,chat,2024-01-01 14:01
"""


@pytest.fixture
def result(write_csv):  # type: ignore[no-untyped-def]
    return conformance(load_log(write_csv(LOG)), Journey.from_dict(JOURNEY))


def test_share_of_conforming_cases(result) -> None:  # type: ignore[no-untyped-def]
    # only "ok": "skip" skips Cart, "early" stops, "back" goes back, "lost" never enters
    assert result["cases"] == 5
    assert result["conforming"] == 1
    assert result["conforming_share"] == pytest.approx(0.2)
    assert result["completed"] == 3  # ok, skip, back reach the last step
    assert result["not_started"] == 1


def test_skips_and_early_ends_per_step(result) -> None:  # type: ignore[no-untyped-def]
    steps = {s["name"]: s for s in result["steps"]}
    assert {n: s["visited"] for n, s in steps.items()} == {"Browse": 4, "Cart": 3, "Pay": 3}
    assert {n: s["skipped"] for n, s in steps.items()} == {"Browse": 0, "Cart": 1, "Pay": 0}
    assert result["ended_early"] == {"Cart": 1}


def test_unexpected_activities_are_counted(result) -> None:  # type: ignore[no-untyped-def]
    assert result["unexpected_activities"] == {"chat": 3}


def test_journey_file_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "journey.json"
    path.write_text(json.dumps(JOURNEY))
    journey = load_journey(path)
    assert [s.name for s in journey.steps] == ["Browse", "Cart", "Pay"]
    assert journey.step_of()["search"] == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "x", "steps": []}, "non-empty 'steps'"),
        ({"steps": [{"name": "A", "activities": []}]}, "non-empty 'activities'"),
        (
            {"steps": [{"name": "A", "activities": ["a"]}, {"name": "A", "activities": ["b"]}]},
            "used twice",
        ),
        (
            {"steps": [{"name": "A", "activities": ["a"]}, {"name": "B", "activities": ["a"]}]},
            "more than one step",
        ),
    ],
)
def test_bad_journeys_are_rejected(data: dict, message: str) -> None:
    with pytest.raises(EventLogError, match=message):
        Journey.from_dict(data)


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "j.json"
    path.write_text('{"name": "x",\n "steps": [\n}')
    with pytest.raises(EventLogError) as info:
        load_journey(path)
    assert info.value.line == 3
