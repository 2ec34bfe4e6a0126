"""Hostile and careless uploads, through the page and the API: a clear error in the reader's
language, with the line where that is known; no import, no answer and no file kept."""

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from teekond.accounts import services as accounts
from teekond.research.models import ImportJob, ImportStatus, Response
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "Samm;Kuupäev;NPS;CSAT;Kommentaar;Klient\n"
ROW = "Veebipood;2026-03-01;9;5;Hea;K1\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def files_in(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def page_upload(user, workspace, journey, name, data: bytes, language="en", **extra):
    user.language = language
    user.save()
    c = Client()
    c.login(username=user.username, password=PASSWORD)
    form = {"kind": "survey", "journey": journey.pk, "file": SimpleUploadedFile(name, data)}
    return c, c.post(f"/w/{workspace.slug}/measure/imports/", {**form, **extra})


def api_upload(user, workspace, journey, name, data: bytes, **extra):
    _, raw = accounts.create_token(user, "t")
    body = {"file": SimpleUploadedFile(name, data), "kind": "survey", "journey_id": journey.pk}
    return Client().post(
        f"/api/workspaces/{workspace.pk}/imports",
        {**body, **extra},
        headers={"Authorization": f"Bearer {raw}", "Accept-Language": "en"},
    )


def hostile_xlsx(part: str, content: bytes) -> bytes:
    wb = openpyxl.Workbook()
    wb.active.append(["Samm", "Kuupäev", "NPS"])
    wb.active.append(["Veebipood", "2026-03-01", 9])
    buf, out = io.BytesIO(), io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, content if info.filename == part else src.read(info))
        if part not in src.namelist():  # openpyxl writes inline strings: add the part
            dst.writestr(part, content)
    return out.getvalue()


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<si><t>&lol9;</t></si></sst>"
)


def test_a_field_over_128_kb_is_refused_at_upload_with_its_line(alice, workspace, journey, media):
    data = (HEADER + ROW + "Veebipood;2026-03-02;9;5;" + "x" * 200_000 + ";K2\n").encode()
    response = api_upload(alice, workspace, journey, "a.csv", data)
    assert response.status_code == 422
    error = response.json()["error"]
    assert "line 3: a field is longer than 131072 characters" in error["message"]
    assert error["details"][0]["row"] == 3
    assert not ImportJob.objects.exists() and files_in(media) == []


@pytest.mark.parametrize(
    "part, content",
    [
        ("xl/sharedStrings.xml", LAUGHS),
        ("xl/worksheets/sheet1.xml", b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://x/">'),
    ],
    ids=["billion-laughs", "dtd"],
)
def test_an_xlsx_with_a_dtd_is_refused_and_leaves_no_file(
    alice, workspace, journey, media, part, content
):
    _c, page = page_upload(
        alice, workspace, journey, "a.xlsx", hostile_xlsx(part, content), language="et"
    )
    assert page.status_code == 422
    assert "XLSX-fail deklareerib DTD" in page.content.decode()
    assert not ImportJob.objects.exists() and files_in(media) == []


def test_a_zip_bomb_of_shared_strings_is_refused(alice, workspace, journey, media):
    strings = b'<sst xmlns="x"><si><t>' + b"a" * 60_000_000 + b"</t></si></sst>"
    response = api_upload(
        alice, workspace, journey, "a.xlsx", hostile_xlsx("xl/sharedStrings.xml", strings)
    )
    assert response.status_code == 422 and "zip bomb" in response.json()["error"]["message"]
    assert files_in(media) == []


def test_an_unbalanced_quote_is_refused_with_the_line_not_merged(alice, workspace, journey):
    data = HEADER + 'Veebipood;2026-03-01;9;5;"Hea;K1\n' + ROW + "Maksmine;2026-03-02;7\n"
    c, page = page_upload(alice, workspace, journey, "a.csv", data.encode())
    assert page.status_code == 422
    text = page.content.decode()
    assert "line 2: a quote opened on this line is never closed" in text
    assert not ImportJob.objects.exists()


def test_rows_of_the_wrong_field_count_are_listed_by_line(alice, workspace, journey):
    data = (HEADER + ROW + "Maksmine;2026-03-02;7\n" + ROW).encode()
    response = api_upload(alice, workspace, journey, "a.csv", data)
    assert response.status_code == 422
    details = response.json()["error"]["details"]
    assert details == [
        {"row": 3, "column": "", "reason": "wrong number of fields: 3 (the header has 6)"}
    ]


def test_utf8_with_one_bad_byte_is_refused_not_stored_garbled(alice, workspace, journey):
    data = (HEADER + "Veebipood;2026-03-01;9;5;Väga hea;K1\n").encode() + b"x;\xe4;1;1;;K\n"
    response = api_upload(alice, workspace, journey, "a.csv", data)
    assert response.status_code == 422
    error = response.json()["error"]
    assert "line 3: broken encoding: the file is UTF-8" in error["message"]
    assert not ImportJob.objects.exists() and not Response.objects.exists()


def test_an_unclear_encoding_names_candidates_and_the_chosen_one_imports(
    alice, workspace, journey, steps
):
    text = "Samm;Date;NPS;Kommentaar\nVeebipood;2026-03-01;9;да\n"
    data = text.encode("cp1251")
    refused = api_upload(alice, workspace, journey, "a.csv", data)
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert "encoding=cp1251" in error["message"] and "encoding=cp1257" in error["message"]
    candidates = {c["encoding"]: c for c in error["details"][0]["candidates"]}
    assert candidates["cp1251"]["preview"] == ["Veebipood;2026-03-01;9;да"]
    assert candidates["cp1257"]["preview"] == ["Veebipood;2026-03-01;9;äą"]
    assert not ImportJob.objects.exists()

    made = api_upload(alice, workspace, journey, "a.csv", data, encoding="windows-1251")
    assert made.status_code == 201, made.json()
    assert made.json()["preview"]["encoding"] == "cp1251"
    job = ImportJob.objects.get()
    from teekond.research import import_jobs

    import_jobs.start_import(alice, job, job.mapping, job.version)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.report
    assert Response.objects.get().comment == "да"


def test_the_import_page_shows_the_candidates_with_a_preview(alice, workspace, journey):
    data = "Samm;NPS;Kommentaar\nVeebipood;9;да\n".encode("cp1251")
    _c, page = page_upload(alice, workspace, journey, "a.csv", data, language="et")
    assert page.status_code == 422
    text = page.content.decode()
    assert "kodeeringut ei saa kindlalt määrata" in text
    assert 'data-testid="encoding-candidates"' in text and "Veebipood;9;да" in text
    assert "Windows-1251 (Cyrillic)" in text and 'name="encoding"' in text


def test_a_cp1257_file_is_stored_as_utf8_and_reads_the_same(alice, workspace, journey, steps):
    data = (HEADER + "Veebipood;2026-03-01;9;5;Õnnelik, šokolaad;K1\n").encode("cp1257")
    made = api_upload(alice, workspace, journey, "a.csv", data)
    assert made.status_code == 201 and made.json()["preview"]["encoding"] == "cp1257"
    job = ImportJob.objects.get()
    assert "Õnnelik, šokolaad" in Path(job.file.path).read_text(encoding="utf-8")
    from teekond.research import import_jobs

    import_jobs.start_import(alice, job, job.mapping, job.version)
    assert Response.objects.get().comment == "Õnnelik, šokolaad"


def test_the_import_page_lists_the_bad_lines_in_estonian(alice, workspace, journey):
    data = (HEADER + ROW + "Maksmine;2026-03-02;7\n").encode()
    _c, page = page_upload(alice, workspace, journey, "a.csv", data, language="et")
    assert page.status_code == 422
    text = page.content.decode()
    assert 'data-testid="import-error-lines"' in text
    assert "<td>3</td>" in text and "vale väljade arv: 3 (päises on 6)" in text
    assert not ImportJob.objects.exists()
