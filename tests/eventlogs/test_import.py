"""Uploading an event log, its background import, and who may do what."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from teekond.eventlogs.models import EventLog, Status
from teekond.eventlogs.services import create_log

pytestmark = pytest.mark.django_db(transaction=True)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_uploading_a_xes_log_imports_it_with_the_pm4py_counts(alice, workspace, running_example):
    response = logged_in(alice).post(
        f"/w/{workspace.slug}/logs/", {"file": running_example, "name": "Nõuded"}
    )
    assert response.status_code == 302
    log = EventLog.objects.get()
    assert (log.status, log.cases, log.events) == (Status.DONE, 6, 42)
    assert log.summary["start_activities"] == {"register request": 6}
    assert log.summary["end_activities"] == {"pay compensation": 3, "reject request": 3}
    assert log.parquet_path.exists()
    client = logged_in(alice)
    client.cookies["teekond_language"] = "en"
    page = client.get(response.url).content.decode()
    assert 'data-testid="sankey"' in page and "register request" in page
    assert "The most common paths, covering 6 of 6 cases." in page


def test_a_csv_with_explicit_columns(alice, workspace):
    csv = (
        b"kliendi_id;tegevus;aeg\n"
        b"1;vaatas toodet;2026-01-01 10:00\n1;ostis;2026-01-01 10:05\n"
        b"2;vaatas toodet;2026-01-02 09:00\n"
    )
    upload = SimpleUploadedFile("veeb.csv", csv)
    log = create_log(
        alice,
        workspace,
        upload,
        mapping={"case_id": "kliendi_id", "activity": "tegevus", "timestamp": "aeg"},
    )
    log.refresh_from_db()
    assert log.status == Status.DONE, log.error
    assert (log.cases, log.events) == (2, 3)
    # Equal counts sort by the activity list.
    assert log.summary["variants"] == [
        {"activities": ["vaatas toodet"], "count": 1},
        {"activities": ["vaatas toodet", "ostis"], "count": 1},
    ]


def test_a_parquet_log_is_imported_and_kept_as_canonical_parquet(alice, workspace):
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    pq.write_table(
        pa.table(
            {
                "case_id": ["1", "2", "1"],
                "activity": ["vaatas toodet", "vaatas toodet", "ostis"],
                "timestamp": pa.array([0, 60, 300], pa.timestamp("s", tz="UTC")),
                "channel": ["web", "app", "web"],
            }
        ),
        buffer,
    )
    log = create_log(alice, workspace, SimpleUploadedFile("veeb.parquet", buffer.getvalue()))
    log.refresh_from_db()
    assert log.status == Status.DONE, log.error
    assert (log.cases, log.events) == (2, 3)
    assert log.summary["dfg"][0]["mean_seconds"] == 300.0
    kept = pq.read_table(log.parquet_path)
    assert kept.column_names == ["case_id", "activity", "timestamp", "order", "channel"]
    assert kept.column("activity").to_pylist() == ["vaatas toodet", "vaatas toodet", "ostis"]


def test_a_malformed_log_fails_with_the_row_and_keeps_nothing(alice, workspace):
    csv = b"case,activity,timestamp\n1,a,2026-01-01 10:00\n1,b,not a time\n"
    log = create_log(alice, workspace, SimpleUploadedFile("bad.csv", csv))
    log.refresh_from_db()
    assert log.status == Status.FAILED
    assert "row" in log.error.lower() or "line" in log.error.lower()
    assert "3" in log.error
    assert not log.parquet_path.exists()
    assert log.cases is None and log.summary == {}


def test_an_unknown_file_type_is_refused_before_anything_is_stored(alice, workspace):
    response = logged_in(alice).post(
        f"/w/{workspace.slug}/logs/", {"file": SimpleUploadedFile("log.txt", b"x")}
    )
    assert response.status_code == 200
    # alice reads Estonian (the default language of a new account).
    assert "Tundmatu failitüüp" in response.content.decode()
    assert not EventLog.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("bob", 302), ("charlie", 404)])
def test_editors_upload_and_outsiders_cannot(request, workspace, running_example, who, status):
    response = logged_in(request.getfixturevalue(who)).post(
        f"/w/{workspace.slug}/logs/", {"file": running_example}
    )
    assert response.status_code == status
    assert EventLog.objects.exists() is (status == 302)


def test_viewers_see_logs_but_cannot_upload(alice, bob, workspace, running_example):
    workspace.memberships.filter(user=bob).update(role="viewer")
    create_log(alice, workspace, SimpleUploadedFile("a.xes", running_example.read()))
    viewer = logged_in(bob)
    assert viewer.get(f"/w/{workspace.slug}/logs/").status_code == 200
    viewer.post(f"/w/{workspace.slug}/logs/", {"file": SimpleUploadedFile("b.xes", b"<log/>")})
    assert EventLog.objects.count() == 1
    log = EventLog.objects.get()
    assert viewer.post(f"/w/{workspace.slug}/logs/{log.pk}/delete/").status_code == 403
    assert logged_in(alice).post(f"/w/{workspace.slug}/logs/{log.pk}/delete/").status_code == 302
    assert not EventLog.objects.exists()


def test_outsiders_cannot_open_a_log(alice, charlie, workspace, running_example):
    log = create_log(alice, workspace, running_example)
    assert logged_in(charlie).get(f"/w/{workspace.slug}/logs/{log.pk}/").status_code == 404


def test_the_page_analyses_are_stored_with_the_log_and_match_the_stored_events(
    alice, workspace, running_example
):
    from teekond.eventlogs import services

    logged_in(alice).post(f"/w/{workspace.slug}/logs/", {"file": running_example, "name": "L"})
    log = EventLog.objects.get()
    stored = log.summary["page"]
    # Recomputed from the canonical Parquet copy on the Ibis engine: the same numbers.
    from teekond import analytics

    table = services._table(log)
    assert stored["sankey"] == analytics.sankey(table, top_n=12, engine="ibis")
    assert stored["durations"] == pytest.approx(analytics.durations(table, engine="ibis"))
    assert stored["durations"]["cases"] == 6
