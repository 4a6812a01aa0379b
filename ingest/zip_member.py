"""A zip member's bytes inflated in chunks, read straight from the archive's file.

`zipfile.ZipFile.open` makes a file object per member (a shared-file wrapper, a lock, a reader
with its own buffer): on a form of a dozen small parts that costs more than inflating them. The
zip check (`ingest.package`) reads each member once, from start to end or only its first bytes,
so it reads them here, with zipfile's own rules: the local header's name must be the directory's,
no more bytes than the directory declares are given, and a member read to its end must match its
CRC-32 (a part that holds more than it declares fails there, as it does in zipfile and in calamine).
Any compression but deflate, or none, is left to zipfile.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from typing import BinaryIO, Iterator

from model.i18n import _

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader
_SIGNATURE = b"PK\x03\x04"
_UTF8_NAME = 0x800
_READ = 64 * 1024  # compressed bytes read at a time


def chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, first: int,
           size: int) -> Iterator[bytes]:
    """Yield the inflated bytes of the member `info` of the open `archive` in order: at most
    `first` bytes, then at most `size` a chunk; raise zipfile.BadZipFile (or EOFError) where
    zipfile would.

    The CRC is checked when the last byte is inflated, before the chunk holding it is given.
    """
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        with archive.open(info) as member:
            chunk = member.read(first)
            while chunk:
                yield chunk
                chunk = member.read(size)
        return
    fh = archive.fp
    fh.seek(info.header_offset)
    head = fh.read(_LOCAL_HEADER.size)
    if len(head) != _LOCAL_HEADER.size or head[:4] != _SIGNATURE:
        raise zipfile.BadZipFile(_("its part {part} is not where the archive's directory puts it")
                                 .format(part=info.filename))
    fields = _LOCAL_HEADER.unpack(head)
    name_length, extra_length = fields[-2], fields[-1]
    raw_name = fh.read(name_length)
    fh.seek(extra_length, 1)
    encoding = "utf-8" if fields[3] & _UTF8_NAME else "cp437"
    if raw_name.decode(encoding, errors="replace") != info.orig_filename:
        raise zipfile.BadZipFile(_("its part {part} has another name in the archive's directory")
                                 .format(part=info.filename))
    yield from _inflate(fh, info, first, size)


def _inflate(fh: BinaryIO, info: zipfile.ZipInfo, first: int, size: int) -> Iterator[bytes]:
    packed_left, left = info.compress_size, info.file_size
    want = first
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    crc = 0
    pending = b""
    while left > 0:
        if not pending:
            if packed_left <= 0:
                raise EOFError(_cut_short(info))
            pending = fh.read(min(packed_left, max(want, _READ)))
            if not pending:
                raise EOFError(_cut_short(info))
            packed_left -= len(pending)
        if inflater is None:
            take = min(want, left)
            chunk, pending = pending[:take], pending[take:]
        else:
            chunk = inflater.decompress(pending, min(want, left))
            pending = inflater.unconsumed_tail
            if not chunk:
                if inflater.eof:  # the stream ends before the size declared
                    break
                continue  # the input so far gave nothing yet: read on
        left -= len(chunk)
        crc = zlib.crc32(chunk, crc)
        if left == 0 and crc != info.CRC:  # checked before the last chunk is given, as zipfile
            break                          # does when a read reaches the end
        want = size
        yield chunk
    if left > 0 or crc != info.CRC:
        raise zipfile.BadZipFile(_("its part {part} does not match its checksum (CRC-32): it holds "
                                   "other bytes than were written").format(part=info.filename))


def _cut_short(info: zipfile.ZipInfo) -> str:
    return _("its part {part} ends before its declared size").format(part=info.filename)
