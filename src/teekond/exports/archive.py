"""Reading a backup file within bounds, so a zip bomb or a huge JSON costs nothing.

A zip is checked in three steps, each before the next costs anything: its central
directory (the number of members and the directory's size, read from the end record before
``zipfile`` loads it), the members' declared sizes and compression ratios, and then, while
streaming each member in chunks, the bytes that really come out (never ``read()`` of a whole
member). Only ``workspace.json`` is held in memory, up to ``MAX_JSON_BYTES``, and its number
of objects and arrays is bounded before it is parsed; the uploaded files a zip carries are
streamed into a temporary folder, and only those the document refers to.
"""

from __future__ import annotations

import io
import os
import posixpath
import shutil
import struct
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _

from teekond.core.errors import Invalid

MiB = 1024 * 1024
MAX_JSON_BYTES = 128 * MiB  # workspace.json (or a JSON backup), decompressed
MAX_FILE_BYTES = 2 * 1024 * MiB  # one uploaded file in a zip backup
MAX_TOTAL_BYTES = 4 * 1024 * MiB  # everything a zip backup unpacks to
MAX_MEMBERS = 10_000  # members of a zip backup
MAX_RATIO = 100  # decompressed / compressed bytes of a member above RATIO_FLOOR
RATIO_FLOOR = 1 * MiB  # members smaller than this are not held to the ratio
MAX_CONTAINERS = 2_000_000  # JSON objects and arrays in one document
MAX_DIRECTORY_BYTES = 8 * MiB  # the zip's central directory
CHUNK = 1 * MiB


def too_large(what: str) -> Invalid:
    return Invalid(_("The backup is too large: %s.") % what)


def read_capped(stream: BinaryIO, limit: int, what: str) -> bytes:
    """Read ``stream`` to its end, refusing it once more than ``limit`` bytes came out."""
    buffer = io.BytesIO()
    while chunk := stream.read(CHUNK):
        if buffer.tell() + len(chunk) > limit:
            raise too_large(what)
        buffer.write(chunk)
    return buffer.getvalue()


def count_containers(data: bytes) -> int:
    """An upper bound of the objects and arrays a JSON text parses to (brackets in strings
    count too), so a document of millions of ``{}`` is refused before it is parsed."""
    return data.count(b"{") + data.count(b"[")


def is_zip(head: bytes) -> bool:
    return head[:4] == b"PK\x03\x04"


def _check_directory(fp: BinaryIO, size: int) -> None:
    """Refuse a zip whose central directory is too large, reading only its end record."""
    tail_size = min(size, 22 + 65535)
    fp.seek(size - tail_size)
    tail = fp.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        raise Invalid(_("The file is not a valid zip file."))
    entries, directory_size = struct.unpack("<HI", tail[at + 10 : at + 16])
    if entries == 0xFFFF or directory_size == 0xFFFFFFFF:  # ZIP64: never needed within bounds
        raise too_large(_("too many files"))
    if entries > MAX_MEMBERS:
        raise too_large(_("more than %d files") % MAX_MEMBERS)
    if directory_size > MAX_DIRECTORY_BYTES:
        raise too_large(_("too many files"))
    fp.seek(0)


def _check_ratio(info: zipfile.ZipInfo, produced: int) -> None:
    if produced > RATIO_FLOOR and produced > MAX_RATIO * max(info.compress_size, 1):
        raise too_large(_("%s is compressed suspiciously well") % info.filename)


def _stream_member(archive, info, out: BinaryIO | None, limit: int, what: str) -> int:
    """Copy one member to ``out`` (or only count it) within ``limit`` and the ratio."""
    produced = 0
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            produced += len(chunk)
            if produced > limit:
                raise too_large(what)
            _check_ratio(info, produced)
            if out is not None:
                out.write(chunk)
    return produced


def safe_name(stored: str) -> bool:
    return (
        bool(stored)
        and stored == posixpath.normpath(stored)
        and not stored.startswith(("/", ".."))
        and "\\" not in stored
        and "\x00" not in stored
    )


class Unpacked:
    """What a backup file holds: the JSON text and a folder of the files it carried."""

    def __init__(self, text: bytes, files: dict[str, Path], folder: str | None):
        self.text, self.files, self._folder = text, files, folder

    def close(self) -> None:
        if self._folder:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def __del__(self):  # a parsed backup dropped without close() still leaves nothing behind
        self.close()


def _open_source(source) -> tuple[BinaryIO, int, bool]:
    if isinstance(source, bytes | bytearray):
        return io.BytesIO(source), len(source), True
    if isinstance(source, str | os.PathLike):
        fp = open(source, "rb")  # noqa: SIM115  (closed by the caller)
        return fp, os.fstat(fp.fileno()).st_size, True
    source.seek(0, os.SEEK_END)
    size = source.tell()
    source.seek(0)
    return source, size, False


def unpack(source, json_member: str, files_prefix: str, wanted) -> Unpacked:
    """Read a backup (bytes, a path or a binary file) within the bounds.

    ``wanted(text)`` returns the stored names the parsed document refers to; only those
    files are unpacked."""
    fp, size, owned = _open_source(source)
    try:
        head = fp.read(4)
        fp.seek(0)
        if not is_zip(head):
            return Unpacked(
                read_capped(fp, MAX_JSON_BYTES, _("the JSON is over the limit")), {}, None
            )
        _check_directory(fp, size)
        try:
            archive = zipfile.ZipFile(fp)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
            raise Invalid(_("The file is not a valid zip file.")) from None
        with archive:
            return _unpack_zip(archive, size, json_member, files_prefix, wanted)
    finally:
        if owned:
            fp.close()


def _unpack_zip(archive, size: int, json_member: str, files_prefix: str, wanted) -> Unpacked:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise too_large(_("more than %d files") % MAX_MEMBERS)
    names = [m.filename for m in members]
    if len(set(names)) != len(names):
        raise Invalid(_("The zip file holds the same name twice."))
    declared = 0
    by_name = {}
    for info in members:
        stored = info.filename[len(files_prefix) :]
        if info.filename.startswith(files_prefix) and not info.is_dir() and not safe_name(stored):
            raise Invalid(_("The zip file holds an unsafe file name: %s") % info.filename)
        if info.flag_bits & 0x1:
            raise Invalid(_("The zip file is encrypted."))
        declared += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise too_large(_("%s is compressed suspiciously well") % info.filename)
        by_name[info.filename] = info
    if declared > MAX_TOTAL_BYTES:
        raise too_large(_("it unpacks to more than %d MB") % (MAX_TOTAL_BYTES // MiB))
    if declared > MAX_RATIO * size + RATIO_FLOOR:
        raise too_large(_("it is compressed suspiciously well"))
    info = by_name.get(json_member)
    if info is None:
        raise Invalid(_("The zip file does not hold a %(name)s.") % {"name": json_member})
    if info.file_size > MAX_JSON_BYTES:
        raise too_large(json_member)
    folder = None
    try:
        buffer = io.BytesIO()
        total = _stream_member(archive, info, buffer, MAX_JSON_BYTES, json_member)
        text = buffer.getvalue()
        files: dict[str, Path] = {}
        for stored in sorted(set(wanted(text))):
            member = by_name.get(files_prefix + stored)
            if member is None or not safe_name(stored):
                continue
            if folder is None:
                folder = tempfile.mkdtemp(prefix="teekond-restore-")
            target = Path(folder) / f"{len(files)}.bin"
            with open(target, "wb") as out:
                total += _stream_member(archive, member, out, MAX_FILE_BYTES, member.filename)
            if total > MAX_TOTAL_BYTES:
                raise too_large(_("it unpacks to more than %d MB") % (MAX_TOTAL_BYTES // MiB))
            files[stored] = target
    except BaseException as exc:
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
        if isinstance(
            exc, zipfile.BadZipFile | EOFError | OSError | NotImplementedError | zlib.error
        ):
            raise Invalid(_("The zip file is damaged: %s") % exc) from None
        raise
    return Unpacked(text, files, folder)
