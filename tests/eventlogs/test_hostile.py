"""Hostile and broken uploads end "failed" with a reason, and leave nothing stored."""

import gzip
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django.utils.formats import number_format

from teekond.eventlogs import imports
from teekond.eventlogs.models import EventLog, Status
from teekond.eventlogs.services import create_log
from tests.analytics.test_limits import HEAD, _event, _trace, name_bomb

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def page(user, url, language="en"):
    client = Client()
    client.force_login(user)
    client.cookies["teekond_language"] = language
    return client.get(url).content.decode()


def assert_failed_and_nothing_stored(log, media):
    log.refresh_from_db()
    assert log.status == Status.FAILED
    assert (log.summary, log.cases, log.events, log.file.name) == ({}, None, None, "")
    assert log.finished_at is not None
    assert files_under(media) == []


def test_a_small_gzip_holding_a_64_mib_activity_name_fails_and_stores_nothing(
    alice, workspace, tmp_path, media
):
    bomb = name_bomb(tmp_path / "bomb.xes.gz")
    upload = SimpleUploadedFile("bomb.xes.gz", bomb.read_bytes())
    log = create_log(alice, workspace, upload)
    assert_failed_and_nothing_stored(log, media)
    assert log.error_detail["code"] == "markup_too_long"
    assert str(media) not in log.error  # the server's paths are not shown
    url = f"/w/{workspace.slug}/logs/{log.pk}/"
    assert "The file holds a value or text longer than 1.0" in page(alice, url)
    estonian = page(alice, url, "et")
    assert "Fail sisaldab väärtust või teksti, mis on pikem kui 1,0" in estonian
    assert len(estonian) < 50_000


def test_a_long_activity_name_fails_with_its_line_in_the_readers_language(alice, workspace, media):
    body = HEAD + _trace(b"c1", _event(b"x" * 1500)) + b"</log>"
    log = create_log(alice, workspace, SimpleUploadedFile("long.xes", body))
    assert_failed_and_nothing_stored(log, media)
    url = f"/w/{workspace.slug}/logs/{log.pk}/"
    assert (
        "long.xes, line 3: An activity name is 1,500 characters long; the limit is 1,000."
        in page(alice, url)
    )
    with translation.override("et"):
        length, limit = (number_format(n, force_grouping=True) for n in (1500, 1000))
    assert f"rida 3: Tegevuse nimi on {length} märki pikk; piir on {limit}." in page(
        alice, url, "et"
    )


def test_too_many_distinct_activities_fail_the_import(alice, workspace, media, settings):
    settings.TEEKOND_EVENTLOG_LIMITS = {"max_activities": 10}
    events = [_event(f"a{i}".encode()) for i in range(11)]
    body = HEAD + _trace(b"c1", *events) + b"</log>"
    log = create_log(alice, workspace, SimpleUploadedFile("many.xes", body))
    assert_failed_and_nothing_stored(log, media)
    assert log.error_detail == {
        "code": "too_many_activities",
        "params": {"limit": 10},
        "file": "many.xes",
        "reason": "the log has more than 10 distinct activities",
    }


def test_a_27_byte_corrupt_xes_gz_ends_failed_not_running(alice, workspace, media):
    good = gzip.compress(HEAD + _trace(b"c1", _event(b"a")) + b"</log>")
    corrupt = good[:10] + b"\xff" * 17
    assert len(corrupt) == 27
    log = create_log(alice, workspace, SimpleUploadedFile("corrupt.xes.gz", corrupt))
    assert_failed_and_nothing_stored(log, media)
    assert "corrupt" in log.error


def test_an_unexpected_error_in_the_task_fails_the_log_and_removes_its_files(
    alice, workspace, media, monkeypatch, running_example
):
    def broken(summary):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "bounded_summary", broken)
    log = create_log(alice, workspace, running_example)
    assert_failed_and_nothing_stored(log, media)
    assert "unexpected error" in page(alice, f"/w/{workspace.slug}/logs/{log.pk}/")
    assert "ootamatu vea" in page(alice, f"/w/{workspace.slug}/logs/{log.pk}/", "et")


def test_a_good_log_still_imports_within_the_limits(alice, workspace, running_example):
    log = create_log(alice, workspace, running_example)
    log.refresh_from_db()
    assert (log.status, log.cases, log.error_detail) == (Status.DONE, 6, {})
    assert log.summary["activities_total"] == 8
    assert EventLog.objects.get().file
