"""The check every Office file from outside passes before a parser opens it: .docx and .xlsx alike.

A Word document or an Excel workbook is a zip of XML parts. Plans, report templates and the units'
forms come by e-mail from many hands, some of them hostile: a part that inflates to gigabytes, ten
thousand parts, encrypted parts, or XML with a DOCTYPE (the door to entity-expansion and
external-entity tricks, which Word and Excel never write). Each member is checked against one
limit by its declared size and again by the bytes it really inflates to (read in chunks, never
held whole), and each XML part's prolog is read for a DOCTYPE, before python-docx, openpyxl or
docxtpl sees the file.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Callable

from model.errors import EsepError
from model.i18n import _

from .zip_member import chunks

MAX_UNPACKED_BYTES = 200 * 1024 * 1024   # a 2,000-measure plan or form unpacks to a few MB
MAX_MEMBERS = 5000
PROLOG_BYTES = 64 * 1024                 # the XML declaration and prolog fit well inside this
_FIRST_LOOK = 1024                       # ... and nearly always inside this
_CHUNK = 1024 * 1024
_XML_PARTS = (".xml", ".rels", ".vml")
_MIB = 1024 * 1024


class UnsafePackage(EsepError):
    """The zip of a .docx or .xlsx cannot be opened safely; the message says why and what to do."""


Observer = Callable[[str, int], "Callable[[bytes], None] | object"]  # (part, size) -> feeder
# What an observer returns for a part its reader takes nothing from but what the zip check
# looks at: only the part's XML prolog is inflated. Its size stands as the zip declares it, and
# both zipfile and calamine's zip reader stop there (a part that inflates to more is damaged).
PROLOG_ONLY = object()


def check_package(source: str | Path | bytes, name: str, again: str,
                  observe: Observer | None = None) -> None:
    """Raise UnsafePackage when the zip at `source` (a path or the file's bytes) is not safe to open.

    `again` ends each refusal with what to do, e.g. "ask the unit to send it again".
    `observe(part, size)`, when given, returns a function that is given each inflated chunk of
    that part in order, so a reader can look at the bytes in this one pass over them — or
    PROLOG_ONLY for a part the reader needs nothing of.
    """
    opened = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        archive = zipfile.ZipFile(opened)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError,
            OSError) as exc:
        _refuse_damaged(exc, name, again)
    with archive:
        check_archive(archive, name, again, observe)


def check_archive(archive: zipfile.ZipFile, name: str, again: str,
                  observe: Observer | None = None, first: tuple[str, ...] = ()) -> None:
    """Raise UnsafePackage when the open zip `archive` is not safe: `check_package`'s checks.

    The parts named in `first` are inflated (and observed) before the others, in that order.
    """
    try:
        infos = archive.infolist()
        _check_directory(infos, name)
        early = {part: i for i, part in enumerate(first)}
        if early:
            infos = sorted(infos, key=lambda info: early.get(info.filename, len(early)))
        for info in infos:
            feed = observe(info.filename, info.file_size) if observe else None
            _check_member(archive, info, name, feed)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError,
            OSError) as exc:
        _refuse_damaged(exc, name, again)


def _refuse_damaged(exc: BaseException, name: str, again: str):
    if isinstance(exc, zipfile.BadZipFile):
        raise UnsafePackage(_("damaged: not a readable zip archive ({detail}; an interrupted "
                              "download?); {again}").format(detail=exc, again=again),
                            file=name) from None
    # NotImplementedError: zipfile meets a compression method it does not know
    raise UnsafePackage(_("damaged or unreadable archive ({detail}); {again}")
                        .format(detail=exc, again=again), file=name) from None


def _check_directory(infos: list[zipfile.ZipInfo], name: str) -> None:
    if len(infos) > MAX_MEMBERS:
        raise UnsafePackage(_("refused: the archive holds {n} parts, more than {limit}; an "
                              "Office file has a few dozen")
                            .format(n=len(infos), limit=MAX_MEMBERS), file=name)
    if any(i.flag_bits & 0x1 for i in infos):
        raise UnsafePackage(_("protected with a password (encrypted zip parts); save it again "
                              "without a password"), file=name)
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnsafePackage(_too_big(unpacked), file=name)


def _too_big(size: int | None = None) -> str:
    if size:
        return _("refused: it would unpack to {mb} MB, more than the {limit} MB limit (a plan or "
                 "a form unpacks to a few MB)").format(mb=size // _MIB,
                                                      limit=MAX_UNPACKED_BYTES // _MIB)
    return _("refused: it would unpack to more than the {limit} MB limit (a plan or a form "
             "unpacks to a few MB)").format(limit=MAX_UNPACKED_BYTES // _MIB)


def _check_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str,
                  feed: Callable[[bytes], None] | object | None) -> None:
    """Inflate one member in chunks: its real size within the limit, its XML prolog without DOCTYPE."""
    xml = info.filename.lower().endswith(_XML_PARTS)
    if feed is PROLOG_ONLY:
        pieces = chunks(archive, info, _FIRST_LOOK, PROLOG_BYTES - _FIRST_LOOK)
        start = next(pieces, b"")
        if xml and _prolog(start) != "root":
            check_prolog(start + next(pieces, b""), info.filename, name)
        pieces.close()
        return
    pieces = chunks(archive, info, PROLOG_BYTES, _CHUNK)
    start = next(pieces, b"")
    if xml:
        check_prolog(start, info.filename, name)
    total = len(start)
    if feed:
        feed(start)
    # no part gives more bytes than its zip entry declares, and one that holds more fails its
    # CRC (refused as damaged); counting keeps the limit whatever reads it
    for chunk in pieces:
        total += len(chunk)
        if total > MAX_UNPACKED_BYTES:
            raise UnsafePackage(_too_big(), file=name)
        if feed:
            feed(chunk)


def check_prolog(start: bytes, part: str, name: str) -> None:
    """Raise UnsafePackage when the XML part beginning with `start` declares a DOCTYPE or entities."""
    # most prologs end in the first bytes: the rest of the 64 KB is decoded only when one does not
    if len(start) > _FIRST_LOOK and _prolog(start[:_FIRST_LOOK]) == "root":
        return
    verdict = _prolog(start)
    if verdict == "doctype":
        raise UnsafePackage(_("refused: its part {part} declares a DOCTYPE or entities, "
                              "which Word and Excel never write (an XML attack?)")
                            .format(part=part), file=name)
    if verdict == "open" and len(start) >= PROLOG_BYTES:
        raise UnsafePackage(_("refused: its part {part} has an XML prolog longer than "
                              "{kb} KB").format(part=part, kb=PROLOG_BYTES // 1024), file=name)


def _prolog(start: bytes) -> str:
    """Return how the XML prolog in `start` ends: at the "root" element, at a "doctype" (or any
    other <! declaration), still "open", or at the "end" of `start` (for the whole part: nothing
    more, which the parser will report)."""
    declared = start.find(b"?>") if start.startswith(b"<?xml") else -1
    if declared > 0:  # nearly every part: the declaration, then the root element
        after = start[declared + 2:declared + 10].lstrip(b" \t\r\n")
        if len(after) >= 4 and after[:1] == b"<" and after[1:2] not in (b"!", b"?"):
            return "root"
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = start.decode("utf-16", errors="replace")
    else:
        text = start.decode("utf-8", errors="replace").lstrip("\ufeff")
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if text.startswith("<?", pos):
            end, close = text.find("?>", pos + 2), 2
        elif text.startswith("<!--", pos):
            end, close = text.find("-->", pos + 4), 3
        elif text.startswith("<!", pos):
            return "doctype"
        else:  # the root element, unless the look was cut before it could tell
            return "root" if len(text) - pos >= len("<!--") else "end"
        if end < 0:
            return "open"
        pos = end + close
