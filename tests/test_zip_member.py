"""A zip member read straight from the archive's file gives what zipfile gives, and fails where it does."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.zip_member import chunks

from .conftest import SAMPLES

ROOT = Path(__file__).resolve().parent.parent
OFFICE_FILES = sorted(p for folder in (SAMPLES, ROOT / "tests" / "data")
                      for p in folder.rglob("*")
                      if p.suffix in (".xlsx", ".docx") and zipfile.is_zipfile(p))


def _read(archive: zipfile.ZipFile, name: str, first: int = 64 * 1024,
          size: int = 1024 * 1024) -> bytes:
    return b"".join(chunks(archive, archive.getinfo(name), first, size))


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as out:
        for name, data in members.items():
            out.writestr(name, data)
    return zipfile.ZipFile(io.BytesIO(buffer.getvalue()))


def test_every_part_of_every_sample_reads_as_zipfile_reads_it():
    assert len(OFFICE_FILES) > 10
    for path in OFFICE_FILES:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                expected = archive.read(info)
                assert _read(archive, info.filename) == expected, (path, info.filename)
                assert _read(archive, info.filename, 7, 1000) == expected, (path, info.filename)


def test_the_first_chunk_and_the_rest_are_as_big_as_asked():
    data = bytes(range(256)) * 100
    archive = _zip({"a.xml": data})
    pieces = list(chunks(archive, archive.getinfo("a.xml"), 10, 4000))
    assert [len(p) for p in pieces] == [10] + [4000] * 6 + [25600 - 10 - 24000]
    assert b"".join(pieces) == data


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=20_000), first=st.integers(1, 5000), size=st.integers(1, 5000),
       method=st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2]))
def test_any_content_reads_back_whole_in_any_chunks(data, first, size, method):
    archive = _zip({"part.bin": data, "next.bin": b"after"}, method)
    assert _read(archive, "part.bin", first, size) == data
    assert _read(archive, "next.bin", first, size) == b"after"


def _patched(archive: zipfile.ZipFile, change) -> zipfile.ZipFile:
    raw = bytearray(archive.fp.getvalue())
    change(raw)
    return zipfile.ZipFile(io.BytesIO(bytes(raw)))


def test_a_part_that_holds_more_than_it_declares_fails_its_crc_whatever_the_chunks():
    archive = _zip({"a.xml": b"<a>" + b"x" * 5000 + b"</a>"})

    def declare_less(raw: bytearray) -> None:
        struct.pack_into("<I", raw, raw.find(b"PK\x01\x02") + 24, 40)  # the central entry
    lying = _patched(archive, declare_less)
    for first in (10, 40, 4096):
        with pytest.raises(zipfile.BadZipFile, match="CRC-32"):
            _read(lying, "a.xml", first, 1000)
        with pytest.raises(zipfile.BadZipFile, match="CRC-32"):  # zipfile says the same
            lying.open("a.xml").read(first)


def test_a_local_header_of_another_name_is_refused():
    archive = _zip({"a.xml": b"<a/>"})
    renamed = _patched(archive, lambda raw: raw.__setitem__(30, ord("b")))  # its local name
    with pytest.raises(zipfile.BadZipFile, match="another name"):
        _read(renamed, "a.xml")


def test_a_part_said_to_run_past_the_end_of_the_file_ends_in_an_error():
    data = bytes(range(256)) * 400
    archive = _zip({"a.bin": data}, zipfile.ZIP_STORED)

    def declare_more(raw: bytearray) -> None:  # sizes in the directory past the file's end
        at = raw.find(b"PK\x01\x02")
        struct.pack_into("<II", raw, at + 20, 10**7, 10**7)
    longer = _patched(archive, declare_more)
    with pytest.raises(EOFError):
        _read(longer, "a.bin")
    with pytest.raises(EOFError):  # as zipfile
        longer.read("a.bin")
