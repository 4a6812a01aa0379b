"""Word automatic numbering read as measure numbers."""

import docx

from ingest import read_plan
from ingest.docx import paragraph_text

from .conftest import SAMPLES


def test_sample_cells_with_automatic_numbering_give_numbered_measures():
    document = docx.Document(SAMPLES / "plan-ky.docx")
    numbered = document.element.body.xpath(".//w:tc//w:p[w:pPr/w:numPr]")
    assert numbered, "the sample must use Word numbering somewhere"
    texts = [paragraph_text(p) for p in numbered]
    plan = read_plan(SAMPLES / "plan-ky.docx")
    measures = {m.text: m.id for m in plan.measures()}
    for text in texts:
        assert not text.startswith("1.")
        assert text in measures
    assert measures[texts[0]].endswith(".1") and measures[texts[1]].endswith(".2")


def glossary_as_table(tmp_path):
    """Return the sample plan saved with its glossary laid out as a two-column table."""
    document = docx.Document(SAMPLES / "plan-ky.docx")
    body = document.element.body
    paragraphs = body.xpath("./w:p")
    heading = next(i for i, p in enumerate(paragraphs) if paragraph_text(p).startswith("Колдонулган"))
    entries = [paragraph_text(p) for p in paragraphs[heading + 1:] if paragraph_text(p).strip()]
    for p in paragraphs[heading + 1:]:
        body.remove(p)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for entry in entries:
        code, name = entry.split("\t", 1)
        cells = table.add_row().cells
        cells[0].text, cells[1].text = code, name
    path = tmp_path / "plan-glossary-table.docx"
    document.save(path)
    return path


def test_glossary_laid_out_as_a_table(tmp_path, expected_ky):
    plan = read_plan(glossary_as_table(tmp_path))
    assert [(g.code, g.name) for g in plan.glossary] == \
        [(g["code"], g["name"]) for g in expected_ky["glossary"]]
    assert len(list(plan.measures())) == 27


def test_glossary_laid_out_as_a_table_in_the_pdf(tmp_path, expected_ky):
    import pytest

    from ingest.office import convert, find_soffice
    if not find_soffice():
        pytest.skip("LibreOffice is not installed")
    source = glossary_as_table(tmp_path)
    source.with_suffix(".pdf").write_bytes(convert(source.read_bytes(), "docx", "pdf",
                                                   file=source.name))
    plan = read_plan(source.with_suffix(".pdf"))
    assert [(g.code, g.name) for g in plan.glossary] == \
        [(g["code"], g["name"]) for g in expected_ky["glossary"]]
    assert plan.note == expected_ky["note"]
