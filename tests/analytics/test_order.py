from __future__ import annotations

from teekond.analytics import load_log, summary


def test_timestamp_ties_keep_file_order(write_csv) -> None:  # type: ignore[no-untyped-def]
    # Same second for b, a, c in case 1; reversed file order in case 2.
    path = write_csv(
        """
        case_id,activity,timestamp
        1,start,2024-01-01 09:00:00
        2,start,2024-01-01 09:00:00
        1,b,2024-01-01 10:00:00
        1,a,2024-01-01 10:00:00
        2,c,2024-01-01 10:00:00
        1,c,2024-01-01 10:00:00
        2,a,2024-01-01 10:00:00
        2,b,2024-01-01 10:00:00
        """
    )
    result = summary(load_log(path))
    assert {tuple(v["activities"]) for v in result["variants"]} == {
        ("start", "b", "a", "c"),
        ("start", "c", "a", "b"),
    }


def test_events_are_ordered_by_time_not_by_file(write_csv) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(
        """
        case_id,activity,timestamp
        1,pay,2024-01-03T00:00:00+00:00
        1,browse,2024-01-01T00:00:00+00:00
        1,cart,2024-01-02T01:00:00+01:00
        """
    )
    result = summary(load_log(path))
    assert result["variants"] == [{"activities": ["browse", "cart", "pay"], "count": 1}]
    assert result["start_activities"] == {"browse": 1} and result["end_activities"] == {"pay": 1}
    assert [(e["source"], e["target"], e["mean_seconds"]) for e in result["dfg"]] == [
        ("browse", "cart", 86400.0),
        ("cart", "pay", 86400.0),
    ]
