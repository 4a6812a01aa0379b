"""The changes as a DOCX with tracked insertions and deletions, opened again and read back."""

from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from esep.cli import cli
from ingest.office import convert, find_soffice
from model.diff import diff_plans
from model.plan import Plan, plan_from_json
from render.diff_docx import changes_to_docx

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
WHEN = datetime(2026, 1, 15, 9, 30, tzinfo=timezone.utc)


def load(name: str) -> Plan:
    return plan_from_json((SAMPLES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def plans() -> tuple[Plan, Plan]:
    return load("plan-ky.expected.json"), load("plan-ky-v2.expected.json")


@pytest.fixture(scope="module")
def document(plans):
    v1, v2 = plans
    data = changes_to_docx(diff_plans(v1, v2), v1, v2, "plan-ky.docx", "plan-ky-v2.pdf", WHEN)
    return Document(io.BytesIO(data))


def row_of(document, old: str | None = None, new: str | None = None):
    """Return the table row whose № cell reads `old` with every change rejected, `new` accepted."""
    return next(r for r in document.tables[0].rows[1:]
                if (old is None or rejected(r.cells[0]._tc).strip() == old)
                and (new is None or accepted(r.cells[0]._tc).strip() == new))


def accepted(element) -> str:
    """Return the text of `element` with every tracked change accepted."""
    return "".join(t.text for t in element.iter(qn("w:t")))


def rejected(element) -> str:
    """Return the text of `element` with every tracked change rejected."""
    return "".join(t.text for t in element.iter(qn("w:t"), qn("w:delText"))
                   if t.getparent().getparent().tag != qn("w:ins"))


def test_marks_are_real_tracked_changes_by_esep(document):
    body = document.element.body
    marks = list(body.iter(qn("w:ins"), qn("w:del")))
    assert marks
    assert {(m.get(qn("w:author")), m.get(qn("w:date"))) for m in marks} == {
        ("esep", "2026-01-15T09:30:00Z")}
    ids = [m.get(qn("w:id")) for m in marks]
    assert len(ids) == len(set(ids))


def test_one_row_per_change_under_a_repeated_header(document, plans):
    table = document.tables[0]
    assert len(table.rows) == 1 + len(diff_plans(*plans))
    assert [c.text for c in table.rows[0].cells] == ["№", "Өзгөрүү", "Мазмуну"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_a_reworded_task_reads_old_when_rejected_and_new_when_accepted(document, plans):
    v1, v2 = plans
    content = row_of(document, "9.1", "9.1").cells[2]._tc
    assert accepted(content) == f"Тексти: {v2.task_of('9.1.1').text}"
    assert rejected(content) == f"Тексти: {v1.task_of('9.1.1').text}"
    deleted = [t.text for t in content.iter(qn("w:delText"))]
    assert deleted == ["өлчөөнүн улуттук"]


def test_removed_and_added_measures_are_wholly_marked(document, plans):
    v1, v2 = plans
    removed = row_of(document, "5.2.3", "").cells
    assert v1.measure("5.2.3").text in rejected(removed[2]._tc)
    added = row_of(document, "", "6.2.1").cells
    assert v2.measure("6.2.1").text in accepted(added[2]._tc)
    assert "Иш-чара: кошулду" == added[1].text


def test_a_renumbered_measure_shows_the_old_number_struck_and_the_new_inserted(document):
    cell = row_of(document, "6.2.1", "6.3.1").cells[0]._tc
    assert [t.text for t in cell.iter(qn("w:delText"))] == ["6.2.1"]
    assert [accepted(ins) for ins in cell.iter(qn("w:ins"))] == ["6.3.1"]


def test_identical_plans_say_so_without_a_table(plans):
    v1, _ = plans
    doc = Document(io.BytesIO(changes_to_docx((), v1, v1, "a.docx", "b.pdf", WHEN)))
    assert not doc.tables
    assert doc.paragraphs[-1].text == "Эки редакция бирдей: өзгөрүү жок."


def test_cli_writes_the_docx(tmp_path):
    out = tmp_path / "diff.docx"
    result = CliRunner().invoke(cli, ["diff", str(SAMPLES / "plan-ky.expected.json"),
                                      str(SAMPLES / "plan-ky-v2.expected.json"),
                                      "--docx", str(out), "--json"])
    assert result.exit_code == 0
    assert result.stdout.startswith('{\n  "changes": [')   # the JSON alone on stdout
    assert len(Document(str(out)).tables[0].rows) == 15


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_it(tmp_path, document):
    source = tmp_path / "diff.docx"
    document.save(str(source))
    (tmp_path / "diff.pdf").write_bytes(convert(source.read_bytes(), "docx", "pdf",
                                                file=source.name, timeout=120))
    from pypdf import PdfReader
    text = "".join(page.extract_text() for page in PdfReader(str(tmp_path / "diff.pdf")).pages)
    assert "Иш-чаралар планынын редакцияларын салыштыруу" in text
    assert "баалоонун ведомстволук" in text


@pytest.mark.parametrize("which", ["old", "new"])
def test_cli_never_writes_the_docx_over_a_plan(tmp_path, which):
    old, new = tmp_path / "plan-ky.docx", tmp_path / "plan-ky-v2.docx"
    old.write_bytes((SAMPLES / "plan-ky.docx").read_bytes())
    new.write_bytes((SAMPLES / "plan-ky-v2.docx").read_bytes())
    out = old if which == "old" else new
    result = CliRunner().invoke(cli, ["diff", str(old), str(new), "--docx", str(out)])
    assert result.exit_code == 1
    assert result.output == (f"Error: {out}: this is also an input file; "
                             "write the output under another name\n")
    assert old.read_bytes() == (SAMPLES / "plan-ky.docx").read_bytes()
    assert new.read_bytes() == (SAMPLES / "plan-ky-v2.docx").read_bytes()


def test_docx_output_needs_a_docx_name(tmp_path):
    from click.testing import CliRunner

    from esep.cli import cli
    samples = Path(__file__).resolve().parent.parent / "samples"
    out = tmp_path / "diff.pdf"
    result = CliRunner().invoke(cli, ["diff", str(samples / "plan-ky.txt"), str(samples / "plan-ky-v2.docx"),
                                      "--docx", str(out)])
    assert result.exit_code == 1
    assert "name ending in .docx" in result.output
    assert not out.exists()
