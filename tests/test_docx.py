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
