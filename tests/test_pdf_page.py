"""Broken and odd PDFs, read by PDFium: repaired where it can, else one line naming the cause."""

import gc
import zlib

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from esep.cli import cli
from ingest import read_plan
from ingest.errors import NoPlanTable, UnmappedFont
from ingest.pdf_page import open_document, read_page

from .conftest import ROOT

PLAN = ROOT / "tests" / "data" / "plan-ru.pdf"


def minimal_pdf(content: bytes, *, compress: bool = False) -> bytes:
    """Return a one-page PDF whose page draws `content` (a content stream)."""
    data = zlib.compress(content) if compress else content
    flate = b" /Filter /FlateDecode" if compress else b""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d%s >>\nstream\n" % (len(data), flate) + data + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def one_line(path, cause):
    result = CliRunner().invoke(cli, ["ingest", str(path), "--table"])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {path.name}: "), result.output
    assert cause in lines[0] and "OCR first" not in lines[0]
    return lines[0]


def _measures(plan):
    return [(m.id, m.text, m.funding) for m in plan.measures()]


def test_a_wrong_cross_reference_offset_is_repaired_and_read(tmp_path):
    data = PLAN.read_bytes()
    at = data.rfind(b"startxref")
    path = tmp_path / "plan.pdf"
    path.write_bytes(data[:at] + b"startxref\n12345\n%%EOF\n")
    assert _measures(read_plan(path)) == _measures(read_plan(PLAN))


def test_a_garbled_cross_reference_table_is_damaged_not_a_scan(tmp_path):
    data = bytearray(PLAN.read_bytes())
    start, end = data.rfind(b"\nxref") + 5, data.rfind(b"startxref")
    for i in range(start, end):
        if 48 <= data[i] <= 57:
            data[i] = 48 + data[i] * 7 % 10
    path = tmp_path / "plan.pdf"
    path.write_bytes(bytes(data))
    one_line(path, "the PDF is damaged or incomplete")


def test_half_a_pdf_is_damaged(tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(PLAN.read_bytes()[:PLAN.stat().st_size // 2])
    one_line(path, "damaged or incomplete")


def test_fonts_without_a_unicode_map_are_refused_never_read(tmp_path):
    writer = PdfWriter(clone_from=PdfReader(PLAN))
    for page in writer.pages:
        for font in page["/Resources"]["/Font"].values():
            font.get_object().pop(NameObject("/ToUnicode"), None)
    path = tmp_path / "plan.pdf"
    writer.write(path)
    line = one_line(path, "the PDF's fonts do not say which letters they draw: export it again "
                          "from Word, or OCR it")
    assert "(cid:" not in line
    with pytest.raises(UnmappedFont):
        read_plan(path)


def test_pages_drawn_without_text_or_pictures_are_not_sent_to_ocr(tmp_path):
    path = tmp_path / "drawing.pdf"
    path.write_bytes(minimal_pdf(b"1 w 50 50 m 500 50 l S 50 50 m 50 700 l S"))
    one_line(path, "holds no text and no pictures of text")
    with pytest.raises(NoPlanTable):
        read_plan(path)


def test_text_without_a_ruled_table_is_no_plan_table(tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(minimal_pdf(b"BT /F1 12 Tf 72 720 Td (Dear colleagues) Tj ET", compress=True))
    one_line(path, "no plan table found")


def test_page_content_gives_letters_in_place_and_ruling_lines():
    document = open_document(str(ROOT / "samples" / "plan-ky.pdf"))
    page = read_page(document, 0)
    document.close()
    assert page.unmapped == 0 and page.images == 0
    assert {e.orientation for e in page.edges} == {"h", "v"}
    # "аракеттенүү": PDFium draws the DejaVu "үү" after the line; by position they come after "н"
    line = sorted((c for c in page.chars if abs(c.baseline - page.chars[0].baseline) < 1),
                  key=lambda c: c.x0)
    assert "аракеттенүү" in "".join(c.text for c in line)


def test_reading_the_pages_leaves_no_reference_cycles_behind():
    # each page's letters are many objects: with none left in cycles, memory is freed as
    # soon as a page is done, without waiting for the cycle collector
    gc.collect()
    gc.disable()
    try:
        document = open_document(str(ROOT / "samples" / "plan-ky.pdf"))
        pages = [read_page(document, index) for index in range(len(document))]
        document.close()
        assert sum(len(p.chars) for p in pages) > 10_000
        del pages
        assert gc.collect() == 0
    finally:
        gc.enable()
