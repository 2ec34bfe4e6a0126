"""Survey and CRM imports through the API: upload, preview, start, poll; customers."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from teekond.accounts import services as accounts
from teekond.accounts.models import Membership, Role
from teekond.research import services
from teekond.research.models import Customer, ImportJob, Response

pytestmark = pytest.mark.django_db(transaction=True)

SURVEY = (
    "Samm;Kuupäev;NPS;CSAT;Kommentaar;Klient\n"
    "Veebipood;2026-03-01;10;5;Väga mugav;K1\n"
    "Veebipood;2026-03-02;9;4;;K2\n"
    "Veebipood;2026-03-03;3;2;Aeglane leht;K3\n"
    "Maksmine;2026-03-03;7;4;;K3\n"
)


def bearer(user, language="en"):
    _, raw = accounts.create_token(user, "t")
    return {"Authorization": f"Bearer {raw}", "Accept-Language": language}


def upload(user, workspace, data: str | bytes, name="vastused.csv", kind="survey", journey=None):
    body = {"file": SimpleUploadedFile(name, data if isinstance(data, bytes) else data.encode())}
    body["kind"] = kind
    if journey is not None:
        body["journey_id"] = journey.pk
    return Client().post(f"/api/workspaces/{workspace.pk}/imports", body, headers=bearer(user))


def test_upload_preview_start_and_poll(bob, workspace, journey, steps):
    made = upload(bob, workspace, SURVEY, journey=journey)
    assert made.status_code == 201, made.json()
    job = made.json()
    assert job["status"] == "mapping" and job["mapping"]["step"] == "Samm"
    assert job["mapping"]["nps"] == "NPS" and job["mapping"]["customer"] == "Klient"
    assert [r["values"]["comment"] for r in job["preview"]["rows"]][:1] == ["Väga mugav"]
    assert not Response.objects.exists()  # nothing stored before the start

    started = Client().post(
        f"/api/imports/{job['id']}/start",
        {"version": job["version"]},
        content_type="application/json",
        headers=bearer(bob),
    )
    assert started.status_code == 202, started.json()
    done = Client().get(f"/api/imports/{job['id']}", headers=bearer(bob)).json()
    assert done["status"] == "done" and done["progress_percent"] == 100
    assert done["report"]["created"] == 4 and done["preview"] is None
    # The metrics match the file: Veebipood NPS 10, 9, 3 → 2 promoters, 1 detractor → +33.3.
    step = services.journey_metrics(journey)["steps"][0]
    assert step["metrics"]["nps"]["value"] == pytest.approx(100 / 3)
    assert Customer.objects.filter(workspace=workspace).count() == 3

    again = Client().post(
        f"/api/imports/{job['id']}/start",
        {"version": done["version"]},
        content_type="application/json",
        headers=bearer(bob),
    )
    assert again.status_code == 409  # an import runs once


def test_a_bad_file_is_reported_row_by_row_and_nothing_is_stored(alice, workspace, journey, steps):
    bad = SURVEY + 'Veebipood;2026-03-04;11;5;=HYPERLINK("x");K4\nPakiautomaat;eile;5;3;;K5\n'
    job = upload(alice, workspace, bad, journey=journey).json()
    Client().post(
        f"/api/imports/{job['id']}/start",
        {"version": job["version"], "mapping": job["mapping"]},
        content_type="application/json",
        headers=bearer(alice),
    )
    result = Client().get(f"/api/imports/{job['id']}", headers=bearer(alice, "et")).json()
    assert result["status"] == "failed"
    problems = {(p["row"], p["column"]): p["reason"] for p in result["report"]["problems"]}
    assert problems[(6, "NPS")] == "hinne 11 on väljaspool vahemikku 0..10"
    assert (6, "Kommentaar") in problems and (7, "Kuupäev") in problems
    assert result["report"]["bad_rows"] == 2
    assert not Response.objects.exists() and not Customer.objects.exists()


def test_unreadable_files_are_refused_at_upload(alice, workspace, journey):
    broken = "Samm;Kuupäev;NPS\nVeebipood;2026-03-01;10\n".encode("utf-16")
    response = upload(alice, workspace, broken, journey=journey)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid" and "UTF-16" in error["message"]
    assert upload(alice, workspace, "x", name="vastused.pdf", journey=journey).status_code == 422
    assert not ImportJob.objects.exists()


def test_who_may_import_and_see_customers(alice, bob, charlie, workspace, journey):
    viewer = accounts.create_user(
        username="vera", email="vera@example.com", password="x-9-long-pass"
    )
    Membership.objects.create(workspace=workspace, user=viewer, role=Role.VIEWER)
    crm = "Kliendi ID;Nimi;Segment;Käive;Potentsiaalne käive\nK1;Savi OÜ;Etsy;1 200,50;5000\n"
    assert upload(viewer, workspace, crm, kind="crm").status_code == 403
    assert upload(charlie, workspace, crm, kind="crm").status_code == 404
    job = upload(alice, workspace, crm, name="kliendid.csv", kind="crm").json()
    assert Client().get(f"/api/imports/{job['id']}", headers=bearer(charlie)).status_code == 404
    start = Client().post(
        f"/api/imports/{job['id']}/start",
        {"version": job["version"]},
        content_type="application/json",
        headers=bearer(viewer),
    )
    assert start.status_code == 403
    Client().post(
        f"/api/imports/{job['id']}/start",
        {"version": job["version"]},
        content_type="application/json",
        headers=bearer(alice),
    )
    listed = Client().get(f"/api/workspaces/{workspace.pk}/customers", headers=bearer(viewer))
    assert listed.json() == [
        {
            "id": Customer.objects.get().pk,
            "external_id": "K1",
            "name": "Savi OÜ",
            "segment": "Etsy",
            "revenue": 1200.5,
            "potential_revenue": 5000.0,
            "persona_id": None,
            "churned_on": None,
        }
    ]
    outsider = Client().get(f"/api/workspaces/{workspace.pk}/customers", headers=bearer(charlie))
    assert outsider.status_code == 404
