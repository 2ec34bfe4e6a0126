"""A failed import names the file the person uploaded and one place in it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from teekond.eventlogs import imports, services

pytestmark = pytest.mark.django_db(transaction=True)

BAD_TIME = b"case_id,activity,timestamp\n1,A,2026-01-01 10:00\n2,B,not a time\n"
RAGGED = b"case_id,activity,timestamp\n1,A,2026-01-01 10:00\n2,B\n"


@pytest.mark.parametrize("content", [BAD_TIME, RAGGED], ids=["bad time", "ragged"])
def test_the_error_names_the_uploaded_file_and_one_place(alice, workspace, content):
    log = services.create_log(alice, workspace, SimpleUploadedFile("tellimused märts.csv", content))
    log.refresh_from_db()
    assert log.status == "failed"
    with translation.override("en"):
        text = imports.error_text(log)
    assert log.token not in text and "/media/" not in text and "eventlogs/" not in text
    assert "tellimused märts.csv" in text
    assert not ("line" in text and "row" in text), text
    client = Client()
    client.force_login(alice)
    page = client.get(f"/w/{workspace.slug}/logs/{log.pk}/", headers={"Accept-Language": "en"})
    body = page.content.decode()
    assert log.token not in body
    assert "tellimused märts.csv" in body
