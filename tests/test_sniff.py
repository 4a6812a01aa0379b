"""Which format a plan file is, told by its bytes and checked against its name."""

import io
import zipfile

import pytest

from ingest.errors import DamagedFile, EncryptedFile, UnknownFormat
from ingest.sniff import sniff

from .conftest import SAMPLES


@pytest.mark.parametrize("name, kind", [("plan-ky.docx", "docx"), ("plan-ky.pdf", "pdf"),
                                        ("plan-ky.txt", "txt"), ("plan-ky.expected.json", "json")])
def test_samples(name, kind):
    assert sniff((SAMPLES / name).read_bytes(), name) == kind


def test_name_is_checked_case_blind():
    assert sniff((SAMPLES / "plan-ky.pdf").read_bytes(), "PLAN.PDF") == "pdf"


def zipped(*names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for n in names:
            z.writestr(n, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize("data, error, words", [
    (zipped("xl/workbook.xml"), UnknownFormat, "Excel workbook"),
    (zipped("ppt/presentation.xml"), UnknownFormat, "PowerPoint"),
    (zipped("content.xml"), UnknownFormat, "OpenDocument"),
    (zipped("readme.txt"), UnknownFormat, "zip archive"),
    (b"PK\x03\x04broken", DamagedFile, "damaged or incomplete"),
    (b"\xd0\xcf\x11\xe0rest", EncryptedFile, "old .doc"),
    (b"{\\rtf1 hello}", UnknownFormat, "RTF"),
    (b"", DamagedFile, "empty"),
])
def test_what_is_not_a_plan_file(data, error, words):
    with pytest.raises(error, match=words):
        sniff(data, "plan.docx")
