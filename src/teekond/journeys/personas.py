"""Personas and their photos."""

from __future__ import annotations

import secrets

from django.db.models import F
from django.utils.translation import gettext as _

from teekond.core.errors import Invalid
from teekond.journeys import serialize
from teekond.journeys.edits import clean, is_user, versioned_update
from teekond.journeys.models import (
    Persona,
)

# ---------------------------------------------------------------------------- personas


def create_persona(workspace, user, data: dict) -> Persona:
    unknown = set(data) - set(serialize.PERSONA_FIELDS)
    if unknown:
        raise Invalid(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    persona = Persona(workspace=workspace, created_by=user if is_user(user) else None)
    for name, value in data.items():
        setattr(
            persona, name, "" if value is None and name in serialize.PERSONA_TEXT_FIELDS else value
        )
    clean(persona, exclude=["workspace", "photo", "created_by"])
    persona.save()
    return persona


def update_persona(persona: Persona, changes: dict, version: int | None) -> Persona:
    return versioned_update(
        persona, changes, version, serialize.PERSONA_FIELDS, serialize.persona_dict
    )


def delete_persona(persona: Persona) -> None:
    if persona.photo:
        persona.photo.delete(save=False)
    persona.delete()


PHOTO_MAX_BYTES = 2 * 1024 * 1024
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
PHOTO_MAX_PIXELS = 40_000_000


def set_persona_photo(persona: Persona, upload) -> Persona:
    """Store an uploaded photo after checking its size and that it really is an image in an
    allowed format (the content is inspected; the file name and declared type are not
    trusted)."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > PHOTO_MAX_BYTES:
        raise Invalid(
            _("The photo is too large: at most %(mb)s MB.") % {"mb": PHOTO_MAX_BYTES // 2**20}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            if image.width * image.height > PHOTO_MAX_PIXELS:
                raise Invalid(_("The photo has too many pixels."))
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise Invalid(_("The file is not an image Teekond can show.")) from None
    if image_format not in PHOTO_FORMATS:
        raise Invalid(_("Upload a JPEG, PNG, WebP or GIF image."))
    upload.seek(0)
    old = persona.photo.name if persona.photo else ""
    name = f"{secrets.token_hex(12)}.{PHOTO_FORMATS[image_format]}"
    persona.photo.save(name, upload, save=False)
    Persona.objects.filter(pk=persona.pk).update(photo=persona.photo.name, version=F("version") + 1)
    persona.version += 1
    if old and old != persona.photo.name:
        persona.photo.storage.delete(old)
    return persona


def clear_persona_photo(persona: Persona) -> Persona:
    if persona.photo:
        persona.photo.delete(save=False)
        Persona.objects.filter(pk=persona.pk).update(photo="", version=F("version") + 1)
        persona.version += 1
    return persona


def photo_content_type(persona: Persona) -> str:
    ext = persona.photo.name.rsplit(".", 1)[-1].lower()
    return {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp", "gif": "image/gif"}.get(
        ext, "application/octet-stream"
    )
