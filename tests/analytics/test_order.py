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


def test_long_cases_stay_linear(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # 3 cases x 20,000 events: a running-list window would build ~600M list items here.
    import pyarrow as pa
    import pyarrow.parquet as pq

    n = 20_000
    cases = [c for c in ("a", "b", "c") for _ in range(n)]
    acts = [("x", "y")[i % 2] for _ in range(3) for i in range(n)]
    stamps = pa.array([i * 1_000_000 for _ in range(3) for i in range(n)], pa.timestamp("us"))
    path = tmp_path / "long.parquet"
    pq.write_table(pa.table({"case_id": cases, "activity": acts, "timestamp": stamps}), path)
    result = summary(load_log(path))
    assert result["variants"] == [{"activities": ["x", "y"] * (n // 2), "count": 3}]
    assert {(e["source"], e["target"]): e["count"] for e in result["dfg"]} == {
        ("x", "y"): 3 * n // 2,
        ("y", "x"): 3 * (n // 2 - 1),
    }


def test_coded_and_uncoded_variants_agree(roadtraffic_xes, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from teekond.analytics import discovery, variants

    log = load_log(roadtraffic_xes)
    coded = summary(log, engine="ibis")["variants"]  # the Ibis path encodes activities as integers
    assert coded == variants(log)  # variants() alone collects (position, activity) pairs
    monkeypatch.setattr(discovery, "MAX_CODED_ACTIVITIES", 1)  # too many activities: no codes
    assert summary(log, engine="ibis")["variants"] == coded
