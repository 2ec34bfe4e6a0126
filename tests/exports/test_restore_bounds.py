"""Hostile backups, built here as real files: each is refused with a clear error, costs little
memory, and changes nothing."""

import glob
import io
import json
import os
import struct
import tempfile
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from teekond.accounts.models import Workspace
from teekond.core.errors import Invalid
from teekond.exports import archive, backup, restore_jobs
from teekond.exports.models import RestoreJob, RestoreStatus

pytestmark = pytest.mark.django_db

HEAD = b'{"format": "teekond.workspace-backup", "version": 1, "workspace": {"id": 1}, "objects": []'
MiB = 1024 * 1024


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    with translation.override("en"):
        yield


def leftovers() -> set[str]:
    return set(glob.glob(os.path.join(tempfile.gettempdir(), "teekond-restore-*")))


def restore_fails(alice, workspace, data: bytes, expected: str) -> RestoreJob:
    """Run the file through the worker's restore; it must fail and leave nothing behind."""
    alice.language = "en"  # the outcome is stored in the language of who started it
    alice.save()
    before = (Workspace.objects.count(), leftovers())
    job = restore_jobs.start_restore(alice, workspace, SimpleUploadedFile("b.zip", data))
    job = restore_jobs.run_restore(job.pk)
    assert job.status == RestoreStatus.FAILED, job.error
    assert expected in job.error
    assert Workspace.objects.count() == before[0]
    assert not leftovers() - before[1]  # no unpacked folder of its own left behind
    assert not job.file
    return job


def zip_of(members) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_with_too_many_members_is_refused(alice, workspace):
    data = zip_of(
        [("workspace.json", HEAD + b"}")]
        + [(f"files/x/{i}", b"") for i in range(archive.MAX_MEMBERS + 1)]
    )
    with pytest.raises(Invalid, match="10000 files"):
        backup.read_backup(data)
    restore_fails(alice, workspace, data, "too large")


def test_a_huge_highly_compressible_member_is_refused_before_unpacking(alice, workspace):
    """300 MiB of JSON whitespace (valid JSON!) in a zip of a few hundred KB."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf,
        zf.open("workspace.json", "w") as member,
    ):
        member.write(HEAD)
        blank = b" " * MiB
        for _ in range(300):
            member.write(blank)
        member.write(b"}")
    data = buffer.getvalue()
    assert len(data) < 2 * MiB
    tracemalloc.start()
    try:
        with pytest.raises(Invalid, match="compressed suspiciously well"):
            backup.read_backup(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10 * MiB
    restore_fails(alice, workspace, data, "too large")


def test_many_members_each_under_the_ratio_floor_are_refused_overall(alice, workspace):
    """The 1.1 MB zip of the report: many members, each compressed 1000:1."""
    zeros = b"\0" * (archive.RATIO_FLOOR - 1)
    data = zip_of([("workspace.json", HEAD + b"}")] + [(f"files/z/{i}", zeros) for i in range(300)])
    assert len(data) < 2 * MiB
    with pytest.raises(Invalid, match="compressed suspiciously well"):
        backup.read_backup(data)


def test_a_member_whose_header_lies_about_its_size_is_refused(alice, workspace):
    """The header says 1,000 bytes; the data inflates to 20 MiB."""
    data = bytearray(zip_of([("workspace.json", HEAD + b" " * (20 * MiB) + b"}")]))
    local = data.index(b"PK\x03\x04")
    central = data.index(b"PK\x01\x02")
    data[local + 22 : local + 26] = struct.pack("<I", 1000)
    data[central + 24 : central + 28] = struct.pack("<I", 1000)
    with pytest.raises(Invalid, match="damaged"):
        backup.read_backup(bytes(data))
    restore_fails(alice, workspace, bytes(data), "damaged")


def test_a_deeply_nested_json_is_refused(alice, workspace):
    nested = HEAD[:-1] + b"[" * 200_000 + b"]" * 200_000 + b"}"
    data = zip_of([("workspace.json", nested)])
    with pytest.raises(Invalid, match="nested too deeply"):
        backup.read_backup(data)
    restore_fails(alice, workspace, data, "nested too deeply")


def test_a_json_of_millions_of_objects_is_refused_before_parsing(alice, workspace):
    huge = (
        b'{"format": "teekond.workspace-backup", "version": 1, "objects": ['
        + b"{}," * (archive.MAX_CONTAINERS)
        + b"{}]}"
    )
    tracemalloc.start()
    try:
        with pytest.raises(Invalid, match="too many objects"):
            backup.read_backup(huge)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 * len(huge)  # the text itself, never millions of parsed dicts
    restore_fails(alice, workspace, huge, "too many objects")


def test_a_json_backup_over_the_size_limit_is_refused(alice, workspace, monkeypatch):
    monkeypatch.setattr(archive, "MAX_JSON_BYTES", 1 * MiB)
    data = HEAD + b" " * (2 * MiB) + b"}"
    with pytest.raises(Invalid, match="too large"):
        backup.read_backup(data)


def test_an_upload_over_the_limit_is_refused_and_nothing_is_queued(alice, workspace, monkeypatch):
    monkeypatch.setattr(restore_jobs, "MAX_UPLOAD_BYTES", 1000)
    with pytest.raises(Invalid, match="200 MB"):
        restore_jobs.start_restore(
            alice, workspace, SimpleUploadedFile("b.json", HEAD + b" " * 2000 + b"}")
        )
    assert not RestoreJob.objects.exists()


def test_text_that_cannot_be_stored_is_refused_with_where_it_is(alice, charlie, workspace):
    from teekond.actions import services
    from teekond.actions.diagnostics import QUESTIONS

    services.record_assessment(alice, workspace, {q.key: 3 for q in QUESTIONS}, note="ok")
    document = json.loads(backup.write_backup(backup.build_backup(workspace)))
    note = next(o for o in document["objects"] if o["model"] == "actions.assessment")
    note["fields"]["note"] = "a\x00b"
    text = json.dumps(document).replace("\\u0000", "\\u0000\\ud800")
    before = Workspace.objects.count()
    with pytest.raises(Invalid) as info:
        backup.restore_backup(charlie, backup.read_backup(text.encode()))
    messages = [p["message"] for p in info.value.details]
    assert "contains a NUL character" in messages
    assert Workspace.objects.count() == before
    job = restore_fails(alice, workspace, text.encode(), "cannot be restored")
    assert any("NUL" in p["message"] for p in job.problems)
