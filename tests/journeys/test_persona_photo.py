"""Persona photos: uploaded under MEDIA_ROOT after checking size and real image type;
served only to members; initials when there is none."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from teekond.accounts import services as accounts
from teekond.journeys import personas
from teekond.journeys.models import Persona


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def png(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return buffer.getvalue()


def client_for(user):
    _, raw = accounts.create_token(user, "photo")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def upload(user, persona, content: bytes, name="me.png", content_type="image/png"):
    return client_for(user).post(
        f"/api/personas/{persona.pk}/photo",
        {"photo": SimpleUploadedFile(name, content, content_type=content_type)},
    )


@pytest.mark.parametrize(
    ("role", "status"), [("owner", 200), ("editor", 200), ("viewer", 403), ("outsider", 404)]
)
def test_upload_photo(users, persona, media, role, status):
    response = upload(users[role], persona, png())
    assert response.status_code == status
    persona.refresh_from_db()
    if status != 200:
        assert not persona.photo
        return
    assert persona.photo.name.startswith(f"personas/{persona.workspace_id}/")
    assert persona.photo.name.endswith(".png")
    assert (media / persona.photo.name).exists()
    assert response.json()["avatar"]["photo_url"] == f"/api/personas/{persona.pk}/photo"


def test_it_rejects_files_that_are_not_images(alice, persona):
    response = upload(alice, persona, b"<script>alert(1)</script>", name="x.png")
    assert response.status_code == 422
    persona.refresh_from_db()
    assert not persona.photo


def test_it_rejects_large_files(alice, persona, monkeypatch):
    monkeypatch.setattr(personas, "PHOTO_MAX_BYTES", 100)
    response = upload(alice, persona, png((64, 64)))
    assert response.status_code == 422
    assert "large" in response.json()["error"]["message"]


def test_the_stored_name_ignores_the_uploaded_one(alice, persona):
    upload(alice, persona, png(), name="../../evil.html", content_type="text/html")
    persona.refresh_from_db()
    assert persona.photo.name.endswith(".png")
    assert ".." not in persona.photo.name


@pytest.mark.parametrize(("role", "status"), [("owner", 200), ("viewer", 200), ("outsider", 404)])
def test_photo_is_served_to_members_only(users, alice, persona, role, status):
    upload(alice, persona, png())
    response = client_for(users[role]).get(f"/api/personas/{persona.pk}/photo")
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "image/png"
        assert b"".join(response.streaming_content) == (
            Persona.objects.get(pk=persona.pk).photo.read()
        )


def test_removing_the_photo_brings_back_initials(alice, persona, media):
    upload(alice, persona, png())
    persona.refresh_from_db()
    path = media / persona.photo.name
    response = client_for(alice).delete(f"/api/personas/{persona.pk}/photo")
    assert response.status_code == 200
    assert response.json()["avatar"] == {
        "initials": "K",
        "colour": response.json()["avatar"]["colour"],
        "photo_url": None,
    }
    assert not path.exists()
    assert client_for(alice).get(f"/api/personas/{persona.pk}/photo").status_code == 404
