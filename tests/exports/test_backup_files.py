"""Zip backups carry the uploaded files; restored copies get files and tokens of their own."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from teekond.eventlogs.models import EventLog, Status
from teekond.eventlogs.services import create_log
from teekond.exports import backup
from teekond.journeys.models import Persona
from tests.eventlogs.conftest import DATA

pytestmark = pytest.mark.django_db(transaction=True)

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture(autouse=True)
def immediate_tasks(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def with_files(alice, workspace):
    persona = Persona.objects.create(workspace=workspace, name="Emma")
    persona.photo.save("emma.png", SimpleUploadedFile("emma.png", PNG))
    log = create_log(
        alice, workspace, SimpleUploadedFile("x.xes", (DATA / "running-example.xes").read_bytes())
    )
    log.refresh_from_db()
    assert log.status == Status.DONE
    return workspace


def test_a_zip_backup_restores_files_and_reimports_event_logs(charlie, with_files):
    data = backup.write_backup(backup.build_backup(with_files), as_zip=True)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert any(n.startswith("files/personas/") for n in names)
    assert any(n.startswith("files/eventlogs/") for n in names)
    restored, _ = backup.restore_backup(charlie, backup.read_backup(data), name="Copy")
    original = EventLog.objects.get(workspace=with_files)
    copy = EventLog.objects.get(workspace=restored)
    assert copy.token != original.token
    assert (
        copy.file.name != original.file.name
        and copy.file.read() == (DATA / "running-example.xes").read_bytes()
    )
    assert (copy.status, copy.cases) == (Status.DONE, 6)
    photo = Persona.objects.get(workspace=restored).photo
    assert photo.name != Persona.objects.get(workspace=with_files).photo.name
    assert photo.read() == PNG


def test_a_json_backup_restores_rows_and_says_which_files_are_missing(charlie, with_files):
    document = backup.read_backup(backup.write_backup(backup.build_backup(with_files)))
    restored, _ = backup.restore_backup(charlie, document, name="Copy")
    copy = EventLog.objects.get(workspace=restored)
    assert copy.status == Status.FAILED and "zip" in copy.error
    assert not copy.file
    assert not Persona.objects.get(workspace=restored).photo


def test_a_zip_with_an_unsafe_file_name_is_refused(with_files):
    data = backup.write_backup(backup.build_backup(with_files), as_zip=True)
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("files/../../etc/evil", b"x")
    with pytest.raises(backup.Invalid):
        backup.read_backup(buffer.getvalue())
