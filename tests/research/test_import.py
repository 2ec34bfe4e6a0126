"""Imports in the web app: upload, mapping with preview, background check and import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from teekond.research import import_jobs, metrics, services
from teekond.research.models import Customer, ImportJob, ImportStatus, Response
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "Samm;Kuupäev;NPS;CSAT;Kommentaar;Klient\n"


def client_for(user):
    c = Client()
    c.login(username=user.username, password=PASSWORD)
    return c


def upload(client, workspace, name, data: bytes, kind="survey", journey=None):
    return client.post(
        f"/w/{workspace.slug}/measure/imports/",
        {
            "kind": kind,
            "journey": journey.pk if journey else "",
            "file": SimpleUploadedFile(name, data),
        },
    )


def start(client, workspace, job, mapping=None):
    job.refresh_from_db()
    form = {"start": "1", "version": job.version}
    for field, column in (mapping or job.mapping).items():
        form[f"map_{field}"] = column
    return client.post(f"/w/{workspace.slug}/measure/imports/{job.pk}/", form)


def test_upload_suggests_a_mapping_and_shows_a_preview(alice, workspace, journey):
    c = client_for(alice)
    data = (HEADER + "Veebipood;31.03.2026;9;5;Väga tore;K1\n").encode()
    page = upload(c, workspace, "vastused.csv", data, journey=journey)
    job = ImportJob.objects.get()
    assert page.status_code == 302 and job.status == ImportStatus.MAPPING
    assert job.mapping["step"] == "Samm" and job.mapping["customer"] == "Klient"
    detail = c.get(f"/w/{workspace.slug}/measure/imports/{job.pk}/")
    assert "Väga tore" in detail.content.decode()
    assert not Response.objects.exists()


def test_the_preview_reports_row_problems_in_the_readers_language(alice, workspace, journey):
    c = client_for(alice)
    data = (HEADER + "Veebipood;31.03.2026;11;5;=SUM(A1);K1\n").encode()
    upload(c, workspace, "vastused.csv", data, journey=journey)
    job = ImportJob.objects.get()
    url = f"/w/{workspace.slug}/measure/imports/{job.pk}/"
    c.cookies["teekond_language"] = "en"
    english = c.get(url).content.decode()
    assert "NPS: score 11 is outside 0..10" in english
    c.cookies["teekond_language"] = "et"
    estonian = c.get(url).content.decode()
    assert "NPS: hinne 11 on väljaspool vahemikku 0..10" in estonian
    assert "score 11 is outside" not in estonian and "spreadsheet formula" not in estonian
    assert not Response.objects.exists()


def test_a_good_file_is_imported_with_customers_and_emotions(alice, workspace, journey, steps):
    c = client_for(alice)
    data = (
        HEADER
        + "Veebipood;2026-03-01;10;5;Kuller oli sõbralik, olen tänulik;K1\n"
        + "pakiautomaat;2026-03-02 10:15;3;1;Olin vihane;K2\n"
    ).encode()
    upload(c, workspace, "vastused.csv", data, journey=journey)
    job = ImportJob.objects.get()
    page = start(c, workspace, job)
    assert page.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.report["created"] == 2
    rows = {r.step_id: r for r in Response.objects.all()}
    assert rows[steps[0].pk].emotions == ["friendly", "grateful"]
    assert rows[steps[2].pk].customer.external_id == "K2"
    assert Customer.objects.count() == 2
    # importing the same file again adds nothing (row keys are per job, but ids stay unique)
    assert Response.objects.filter(source="import").count() == 2


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("bad.csv", (HEADER + "Veebipood;2026-03-01;12;5;ok;K1\n").encode(), "score 12"),
        (
            "bad.csv",
            (HEADER + "Veebipood;2026-03-01;9;5;=cmd|' /C calc'!A0;K1\n").encode(),
            "formula",
        ),
        ("bad.csv", (HEADER + "Tundmatu;2026-03-01;9;5;ok;K1\n").encode(), "no such step"),
        ("bad.csv", (HEADER + "Veebipood;eile;9;5;ok;K1\n").encode(), "not a date"),
    ],
)
def test_bad_rows_reject_the_whole_file_with_a_report(
    alice, workspace, journey, name, data, expected
):
    alice.language = "en"  # the reasons are checked in English; test_reasons has Estonian
    alice.save()
    c = client_for(alice)
    good = b"Veebipood;2026-03-01;9;5;ok;K9\n"
    upload(
        c, workspace, name, HEADER.encode() + good + data[len(HEADER.encode()) :], journey=journey
    )
    job = ImportJob.objects.get()
    start(c, workspace, job)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.report["problems"][0]["row"] == 3
    assert expected in job.report["problems"][0]["reason"]
    page = c.get(f"/w/{workspace.slug}/measure/imports/{job.pk}/").content.decode()
    assert 'data-testid="import-report"' in page and expected in page
    assert not Response.objects.exists() and not Customer.objects.exists()


def test_missing_columns_are_rejected_with_a_report(alice, workspace, journey):
    c = client_for(alice)
    upload(c, workspace, "a.csv", b"NPS;Comment\n9;ok\n", journey=journey)
    job = ImportJob.objects.get()
    start(c, workspace, job)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert {p["field"] for p in job.report["problems"]} == {"step", "answered_at"}
    assert not Response.objects.exists()


def test_broken_encoding_is_refused_at_upload_and_nothing_is_kept(alice, workspace, journey):
    alice.language = "et"
    alice.save()
    c = client_for(alice)
    page = upload(
        c,
        workspace,
        "a.csv",
        HEADER.encode() + b"Veebipood;2026-03-01;9;5;\x81\x98;K\n",
        journey=journey,
    )
    assert page.status_code == 422
    assert "vigane kodeering" in page.content.decode()  # the reason in the reader's language
    assert not ImportJob.objects.exists() and not Response.objects.exists()


def test_crm_import_creates_and_updates_customers(alice, workspace):
    Customer.objects.create(workspace=workspace, external_id="K1", name="Vana nimi")
    c = client_for(alice)
    data = "Kliendi ID;Nimi;Segment;Käive;Potentsiaalne käive\nK1;Alfa OÜ;VKE;1200,50;5000\nK2;Beta AS;Suurkliendid;90000;100000\n"
    upload(c, workspace, "crm.csv", data.encode(), kind="crm")
    job = ImportJob.objects.get()
    start(c, workspace, job)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.report
    assert (job.report["created"], job.report["updated"]) == (1, 1)
    alfa = Customer.objects.get(external_id="K1")
    assert (alfa.name, alfa.segment, str(alfa.revenue)) == ("Alfa OÜ", "VKE", "1200.50")


def test_viewers_and_outsiders_cannot_import(bob, charlie, workspace, journey):
    from teekond.accounts.models import Membership, Role

    Membership.objects.filter(user=bob).update(role=Role.VIEWER)
    data = (HEADER + "Veebipood;2026-03-01;9;5;ok;K1\n").encode()
    assert upload(client_for(bob), workspace, "a.csv", data, journey=journey).status_code == 403
    assert upload(client_for(charlie), workspace, "a.csv", data, journey=journey).status_code == 404
    assert not ImportJob.objects.exists()


def test_a_100k_row_survey_file_imports_with_progress_and_matching_metrics(
    alice, workspace, journey, steps, tmp_path
):
    names = [s.name for s in steps]
    lines = [HEADER]
    nps_scores, csat_scores = [], []
    for i in range(100_000):
        nps, csat = (i * 7) % 11, 1 + (i * 3) % 5
        nps_scores.append(nps)
        csat_scores.append(csat)
        lines.append(f"{names[i % 3]};2026-0{1 + i % 6}-{1 + i % 28:02d};{nps};{csat};;\n")
    data = "".join(lines).encode()
    c = client_for(alice)
    upload(c, workspace, "suur.csv", data, journey=journey)
    job = ImportJob.objects.get()
    seen = []
    original = import_jobs._Progress.__call__

    def spy(self, done, force=False):
        seen.append(done)
        return original(self, done, force)

    import_jobs._Progress.__call__ = spy
    try:
        start(c, workspace, job)
    finally:
        import_jobs._Progress.__call__ = original
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.report
    assert job.report["created"] == 100_000 and job.progress_percent == 100
    assert seen == sorted(seen) and len(seen) > 10  # progress moved forward in steps
    expected_nps, expected_csat = metrics.nps(nps_scores), metrics.csat(csat_scores)
    got = services.journey_metrics(journey)["overall"]
    assert got["nps"]["value"] == pytest.approx(expected_nps.value)
    assert got["nps"]["low"] == pytest.approx(expected_nps.low)
    assert got["csat"]["value"] == pytest.approx(expected_csat.value)
    assert got["responses"] == 100_000
    poll = c.get(f"/w/{workspace.slug}/measure/imports/{job.pk}/", HTTP_HX_REQUEST="true")
    assert poll.headers.get("HX-Refresh") == "true"


def test_editors_remove_an_import_but_its_answers_stay(alice, bob, charlie, workspace, journey):
    c = client_for(alice)
    upload(
        c,
        workspace,
        "a.csv",
        (HEADER + "Veebipood;2026-03-01;9;5;ok;K1\n").encode(),
        journey=journey,
    )
    job = ImportJob.objects.get()
    start(c, workspace, job)
    path = f"/w/{workspace.slug}/measure/imports/{job.pk}/delete/"
    assert client_for(charlie).post(path).status_code == 404
    assert client_for(bob).post(path).status_code == 302
    assert not ImportJob.objects.exists() and Response.objects.count() == 1
