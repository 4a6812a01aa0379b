"""Which format a plan file is, told by its bytes and checked against its name."""

import io
import zipfile

import pytest

from ingest.errors import DamagedFile, EncryptedFile, UnknownFormat
from ingest.sniff import sniff

from .conftest import DATA, SAMPLES


@pytest.mark.parametrize("name, kind", [("plan-ky.docx", "docx"), ("plan-ky.pdf", "pdf"),
                                        ("plan-ky.txt", "txt"), ("plan-ky.expected.json", "json")])
def test_samples(name, kind):
    assert sniff((SAMPLES / name).read_bytes(), name) == kind


@pytest.mark.parametrize("name, kind", [("plan-ky.doc", "doc"), ("plan-ky.odt", "odt"),
                                        ("plan-ky.rtf", "rtf"), ("plan-ky.html", "html"),
                                        ("plan-ru.html", "html")])
def test_other_formats(name, kind):
    assert sniff((DATA / name).read_bytes(), name) == kind


def test_a_web_page_under_htm_and_a_word_file_under_another_name():
    assert sniff(b"<html><body><table></table></body></html>", "plan.htm") == "html"
    with pytest.raises(UnknownFormat, match=r"the name says a Word document \(.docx\) but the file "
                                            r"is a Word 97-2003 document \(.doc\)"):
        sniff((DATA / "plan-ky.doc").read_bytes(), "plan.docx")


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
    (b"\xd0\xcf\x11\xe0" + "EncryptedPackage".encode("utf-16-le"), EncryptedFile, "password"),
    (b"\xd0\xcf\x11\xe0" + "Workbook".encode("utf-16-le"), UnknownFormat, "Excel workbook"),
    (b"{\\rtf1 hello}", UnknownFormat, "RTF"),
    (b"", DamagedFile, "empty"),
])
def test_what_is_not_a_plan_file(data, error, words):
    with pytest.raises(error, match=words):
        sniff(data, "plan.docx")
