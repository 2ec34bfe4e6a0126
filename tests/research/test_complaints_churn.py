"""Complaints and churn (DOMAIN §6): stored, imported, measured with intervals, KPIs."""

from datetime import UTC, date, datetime
from itertools import islice

import pytest
from django.test import Client

from teekond.actions.models import BacklogItem
from teekond.actions.services import subject_fields
from teekond.research import importing, metrics, services
from teekond.research.models import Customer, Response

pytestmark = pytest.mark.django_db


def test_the_complaint_rate_and_its_interval():
    bucket = metrics.Bucket()
    for complaint in (True, False, False, True, False, False, False, False):
        bucket.add(csat=3, complaint=complaint)
    got = bucket.summary()["complaints"]
    # 2 of 8 → 25 %; Wilson 95 %: [7.15; 59.07]
    assert (got["count"], got["n"]) == (2, 8)
    assert got["value"] == pytest.approx(25)
    assert got["low"] == pytest.approx(7.15, abs=0.01)
    assert got["high"] == pytest.approx(59.07, abs=0.01)


def test_a_complaint_pushed_by_the_api_counts_even_without_a_score(api, bob, workspace, steps):
    batch = {
        "responses": [
            {"step_id": steps[0].pk, "idempotency_key": "c1", "complaint": True},
            {"step_id": steps[0].pk, "idempotency_key": "c2", "csat": 5},
        ]
    }
    assert api(bob).post(f"/api/workspaces/{workspace.pk}/responses", batch).status_code == 200
    assert list(
        Response.objects.order_by("idempotency_key").values_list("complaint", flat=True)
    ) == [
        True,
        False,
    ]
    metrics_ = services.journey_metrics(steps[0].journey)["overall"]["complaints"]
    assert (metrics_["count"], metrics_["value"]) == (1, 50)


def test_the_public_survey_cannot_flag_a_complaint(steps, signed):
    config = services.survey_for_step(steps[0])
    form = signed(config, {"key": "k1", "csat": "2", "complaint": "on"})
    Client().post(f"/s/{config.token}/", form)
    assert Response.objects.get().complaint is False


def test_a_survey_export_with_a_complaint_column(tmp_path, journey, steps):
    path = tmp_path / "vastused.csv"
    path.write_text(
        "Samm;Kuupäev;CSAT;Kaebus\n"
        "Veebipood;2026-03-01;1;jah\n"
        "Veebipood;2026-03-02;;JAH\n"  # a complaint with no score is still a row
        "Maksmine;2026-03-02;5;ei\n"
        "Maksmine;2026-03-03;4;võib-olla\n",
        encoding="utf-8",
    )
    table = importing.open_table(path)
    mapping = importing.suggest_mapping(table.headers, "survey")
    assert mapping["complaint"] == "Kaebus"
    report = importing.validate(table, mapping, "survey")
    assert [(p["row"], p["column"], p["reason"]) for p in report.problems] == [
        (5, "Kaebus", "not yes or no (use jah/ei or yes/no)")
    ]
    rows = [row for _line, row in islice(importing.clean_rows(table, mapping, "survey"), 3)]
    assert [r["complaint"] for r in rows] == [True, True, False]


def test_churn_from_a_crm_list_per_segment(alice, workspace, journey, steps, tmp_path):
    from teekond.research import import_jobs

    path = tmp_path / "kliendid.csv"
    path.write_text(
        "Kliendi ID;Nimi;Segment;Lahkus\n"
        "K1;Savi OÜ;Etsy;2026-02-01\n"
        "K2;Kivi OÜ;Etsy;\n"
        "K3;Puu OÜ;Etsy;\n"
        "K4;Raud AS;Suurkliendid;15.01.2026\n"
        "K5;Vask AS;Suurkliendid;\n",
        encoding="utf-8",
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    job = import_jobs.create_import(
        alice, workspace, SimpleUploadedFile("kliendid.csv", path.read_bytes()), "crm"
    )
    assert job.mapping["churned_on"] == "Lahkus"
    job = import_jobs.start_import(alice, job, job.mapping, job.version)
    import_jobs.run_import(job.pk)
    assert Customer.objects.get(external_id="K4").churned_on == date(2026, 1, 15)
    churn = services.churn_rates(workspace)
    assert (churn["overall"]["count"], churn["overall"]["n"]) == (2, 5)
    assert churn["overall"]["value"] == pytest.approx(40)
    assert churn["segments"]["Etsy"]["value"] == pytest.approx(100 / 3)
    assert churn["segments"]["Suurkliendid"]["value"] == pytest.approx(50)
    # on one journey: only the customers who answered there
    Response.objects.create(
        workspace=workspace,
        journey=journey,
        step=steps[0],
        customer=Customer.objects.get(external_id="K1"),
        csat=1,
        idempotency_key="r1",
        answered_at=datetime(2026, 1, 10, tzinfo=UTC),
    )
    on_journey = services.churn_rates(workspace, journey)["overall"]
    assert (on_journey["count"], on_journey["n"]) == (1, 1)
    # KPIs of the backlog
    churn_item = BacklogItem.objects.create(
        workspace=workspace, title="Hoia kliente", metric_key="churn"
    )
    assert services.backlog_metric(churn_item) == pytest.approx(40)
    Response.objects.filter(pk=Response.objects.get().pk).update(complaint=True)
    complaint_item = BacklogItem.objects.create(
        workspace=workspace,
        title="Vähem kaebusi",
        metric_key="complaints",
        journey=journey,
        **subject_fields(journey),
    )
    assert services.backlog_metric(complaint_item) == pytest.approx(100)


def test_the_measure_page_shows_complaints_and_churn(alice, workspace, journey, steps):
    Customer.objects.create(
        workspace=workspace, external_id="K1", name="A", segment="Etsy", churned_on=date(2026, 1, 1)
    )
    Customer.objects.create(workspace=workspace, external_id="K2", name="B", segment="Etsy")
    Response.objects.create(
        workspace=workspace,
        journey=journey,
        step=steps[0],
        customer=Customer.objects.get(external_id="K1"),
        csat=1,
        complaint=True,
        idempotency_key="r1",
        answered_at=datetime(2026, 1, 10, tzinfo=UTC),
    )
    client = Client()
    client.force_login(alice)
    client.cookies["teekond_language"] = "en"
    home = client.get(f"/w/{workspace.slug}/measure/").content.decode()
    assert "Churn: 1 of 2 CRM customers have left" in home
    assert 'data-testid="measure-segments"' in home
    page = client.get(f"/w/{workspace.slug}/measure/journeys/{journey.pk}/").content.decode()
    assert "complaints % (1)" in page
