"""Opening an upload: `.gz` files and `.zip` archives (nested ones too, as in Garmin's export). No database.

An archive is untrusted, so opening it is bounded before any member is decompressed:
- at most MAX_MEMBERS entries in any zip's directory, and zips nested at most MAX_DEPTH deep;
- a member may be at most its kind's size (a watch file 10 MB, an activity list 5 MB, a nested zip
  MAX_NESTED_BYTES), counted as it is decompressed, so a size the directory lies about changes nothing;
- a member that decompresses to more than MAX_RATIO times its compressed size is a bomb: refused;
- everything decompressed from one upload adds up to at most MAX_TOTAL_BYTES, and the watch files kept
  to be read (compressed) to at most MAX_KEPT_BYTES.
Only watch files, activity lists and nested zips are read; photos and the rest are passed over unread.
Watch files are kept gzip-compressed (level 1) until they are read, so an export waits in little space.
"""

from __future__ import annotations

import gzip
import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field

from journal.importing.exports import MAX_LIST_BYTES
from journal.watch import MAX_FILE_BYTES

MAX_MEMBERS = 5000
MAX_DEPTH = 3
MAX_RATIO = 200
MAX_NESTED_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_KEPT_BYTES = 250 * 1024 * 1024  # the watch files waiting to be read, compressed, from one upload
MAX_ACTIVITIES = 3000
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
WATCH_EXTENSIONS = (".fit", ".gpx", ".tcx")


class ArchiveRefused(Exception):
    """The archive cannot be opened safely; the message is for the runner."""


class TooLarge(Exception):
    pass


@dataclass
class Opened:
    """What an upload held: watch files (name, gzip-compressed bytes), activity lists, what was refused."""

    watch_files: list[tuple[str, bytes]] = field(default_factory=list)
    lists: list[tuple[str, bytes]] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)
    passed_over: int = 0
    total: int = 0  # bytes decompressed so far
    kept: int = 0  # bytes of watch files kept (compressed) so far


def gunzip(data: bytes, limit: int) -> bytes:
    """The content of a gzip file, refused (TooLarge) past `limit` bytes or MAX_RATIO times its size."""
    limit = min(limit, max(len(data), 1) * MAX_RATIO)
    inflater = zlib.decompressobj(wbits=31)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise ArchiveRefused("it is not a readable .gz file") from exc
    if len(out) > limit or inflater.unconsumed_tail:
        raise TooLarge
    return out


def is_archive(name: str, data: bytes) -> bool:
    return data[:4] == ZIP_MAGIC or name.lower().endswith(".zip")


def stored(data: bytes) -> bytes:
    """A watch file as it waits to be read: gzip-compressed, unless it already is."""
    return data if data[:2] == GZIP_MAGIC else gzip.compress(data, compresslevel=1, mtime=0)


def member_kind(name: str) -> str | None:
    lower = name.lower()
    base = posixpath.basename(lower)
    if lower.endswith(".zip"):
        return "zip"
    if lower.removesuffix(".gz").endswith(WATCH_EXTENSIONS):
        return "watch"
    if base.endswith(".csv") and base.removesuffix(".csv").strip() in ("activities", "activities (1)"):
        return "list"
    return None


def open_upload(name: str, data: bytes) -> Opened:
    """Watch files and activity lists from one upload (a zip, a .gz, or a plain file)."""
    opened = Opened()
    if is_archive(name, data):
        _open_zip(name, data, opened, depth=1)
    elif member_kind(name) == "list" or name.lower().endswith(".csv"):
        opened.lists.append((name, data))
    else:
        opened.watch_files.append((name, stored(data)))
    return opened


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    if info.file_size > limit:
        raise TooLarge
    if info.compress_size and info.file_size > info.compress_size * MAX_RATIO:
        raise TooLarge
    with archive.open(info) as member:
        data = member.read(limit + 1)  # decompresses at most limit + 1 bytes, whatever the directory says
    if len(data) > limit or (info.compress_size and len(data) > info.compress_size * MAX_RATIO):
        raise TooLarge
    return data


def _open_zip(name: str, data: bytes, opened: Opened, depth: int) -> None:
    if depth > MAX_DEPTH:
        opened.refused.append((name, f"zips are nested more than {MAX_DEPTH} deep"))
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise ArchiveRefused("it is not a readable zip archive") from exc
    if len(members) > MAX_MEMBERS:
        raise ArchiveRefused(f"it holds more than {MAX_MEMBERS:,} files")
    with archive:
        for info in members:
            if info.is_dir():
                continue
            inner = info.filename[:200]
            kind = member_kind(inner)
            if kind is None:
                opened.passed_over += 1
                continue
            shown = inner if depth == 1 else f"{posixpath.basename(name)}/{inner}"
            if kind == "watch" and len(opened.watch_files) >= MAX_ACTIVITIES:
                opened.refused.append((shown, f"an upload may hold at most {MAX_ACTIVITIES:,} activities"))
                continue
            limit = {"zip": MAX_NESTED_BYTES, "list": MAX_LIST_BYTES}.get(kind, MAX_FILE_BYTES)
            try:
                content = _read_member(archive, info, min(limit, MAX_TOTAL_BYTES - opened.total))
            except TooLarge:
                opened.refused.append((shown, "it is too large, or compressed suspiciously well"))
                continue
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
                opened.refused.append((shown, "it could not be unpacked from the archive"))
                continue
            opened.total += len(content)
            if kind == "zip":
                try:
                    _open_zip(shown, content, opened, depth + 1)
                except ArchiveRefused as exc:
                    opened.refused.append((shown, str(exc)))
            elif kind == "list":
                opened.lists.append((shown, content))
            else:
                kept = stored(content)
                if opened.kept + len(kept) > MAX_KEPT_BYTES:
                    opened.refused.append((shown, "the upload holds more than we read at once: upload the rest apart"))
                    continue
                opened.kept += len(kept)
                opened.watch_files.append((inner if depth == 1 else shown, kept))
