"""Static files: hashed names, gzip and Brotli copies and a long cache once collected."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, override_settings


@pytest.fixture
def collected(tmp_path, settings):
    source = tmp_path / "source"
    (source / "teekond").mkdir(parents=True)
    (source / "teekond" / "app.css").write_text("body { color: #123; }\n" * 200)
    (source / "teekond" / "charts.js").write_text("console.log('chart');\n" * 200)
    root = tmp_path / "root"
    with override_settings(
        STATIC_ROOT=root,
        STATICFILES_DIRS=[source],
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
    ):
        # Changing STATIC_ROOT gives a fresh storage (Django's setting_changed signal).
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def test_collected_files_have_hashed_names_and_compressed_copies(collected):
    url = static("teekond/charts.js")
    assert url != "/static/teekond/charts.js" and url.endswith(".js")
    name = url.removeprefix("/static/")
    assert (collected / name).exists()
    assert (collected / f"{name}.gz").exists()
    assert (collected / f"{name}.br").exists()


@pytest.mark.django_db
def test_a_hashed_file_is_cached_for_long_and_sent_compressed(collected):
    url = static("teekond/charts.js")
    answer = Client().get(url, headers={"Accept-Encoding": "gzip, br"})
    assert answer.status_code == 200
    assert answer["Content-Encoding"] == "br"
    assert "immutable" in answer["Cache-Control"]
    assert "max-age=315360000" in answer["Cache-Control"]


def test_without_collectstatic_the_plain_file_is_linked():
    assert static("teekond/app.css") == "/static/teekond/app.css"
