"""The committed sample plans: what samples/make_samples.py builds, in the form promised."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DATA = ROOT / "tests" / "data"
sys.path[:0] = [str(SAMPLES), str(ROOT / "bench")]

import make_samples  # noqa: E402
from make_plan import make_plan  # noqa: E402
from plan_docx import HEADERS, plan_rows, write_plan_docx  # noqa: E402

from model.plan import Plan, plan_from_json, plan_to_json  # noqa: E402

KY = SAMPLES / "plan-ky.expected.json"
KY_V2 = SAMPLES / "plan-ky-v2.expected.json"
RU = DATA / "plan-ru.expected.json"
# each committed Word file, the records it is made of and its section heading rule
BUILT = [(SAMPLES / "plan-ky.docx", KY, make_samples.ky_heading),
         (SAMPLES / "plan-ky-v2.docx", KY_V2, make_samples.ky_heading),
         (DATA / "plan-ru.docx", RU, None)]


def load(path: Path) -> Plan:
    return plan_from_json(path.read_text(encoding="utf-8"))


def signature(path: Path) -> list:
    """Return the document's text and structure: paragraphs, and each cell's text and merges."""
    body = docx.Document(str(path)).element.body
    out = []
    for el in body.iterchildren():
        if el.tag == qn("w:p"):
            out.append(("p", "".join(t.text or "" for t in el.iter(qn("w:t")))))
        elif el.tag == qn("w:tbl"):
            for tr in el.iterchildren(qn("w:tr")):
                row = [tr.find(qn("w:trPr")) is not None]
                for tc in tr.iterchildren(qn("w:tc")):
                    span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
                    vmerge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
                    row.append((
                        [("".join(t.text for t in p.iter(qn("w:t"))),
                          p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None)
                         for p in tc.iterchildren(qn("w:p"))],
                        span.get(qn("w:val")) if span is not None else None,
                        None if vmerge is None else vmerge.get(qn("w:val"), "continue")))
                out.append(("tr", row))
    return out


def table_rows(path: Path):
    """Return the plan table's rows as lists of w:tc elements."""
    tbl = docx.Document(str(path)).element.body.find(qn("w:tbl"))
    return [list(tr.iterchildren(qn("w:tc"))) for tr in tbl.iterchildren(qn("w:tr"))]


def tc_text(tc) -> str:
    return "".join(t.text for t in tc.iter(qn("w:t")))


def tc_prop(tc, name: str):
    el = tc.find(f"{qn('w:tcPr')}/{qn(name)}")
    return None if el is None else el.get(qn("w:val"), "continue")


# --- the committed files are what the script builds ---------------------------------------------

@pytest.mark.parametrize("path,records,heading", BUILT, ids=lambda v: getattr(v, "name", ""))
def test_committed_docx_is_what_the_writer_builds(tmp_path, path, records, heading):
    rebuilt = tmp_path / path.name
    write_plan_docx(load(records), rebuilt, section_heading=heading)
    assert signature(rebuilt) == signature(path)


def test_rebuilding_a_docx_gives_the_same_bytes(tmp_path):
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    write_plan_docx(load(KY), first, section_heading=make_samples.ky_heading)
    write_plan_docx(load(KY), second, section_heading=make_samples.ky_heading)
    assert first.read_bytes() == second.read_bytes()


def test_version_2_records_and_changes_are_the_amendments_of_version_1():
    v2, changes = make_samples.amend(load(KY))
    assert KY_V2.read_text(encoding="utf-8") == plan_to_json(v2)
    committed = json.loads((SAMPLES / "plan-ky-v2.changes.json").read_text(encoding="utf-8"))
    assert committed == {"changes": changes}


def test_russian_text_export_is_the_pdf_paged_as_printed():
    plan = load(RU)
    rows = plan_rows(plan)
    reading = make_samples.read_pages(DATA / "plan-ru.pdf", rows)
    assert (DATA / "plan-ru.txt").read_text(encoding="utf-8") == make_samples.text_export(
        plan, rows, reading)


# --- version 2 holds exactly the amendments listed ---------------------------------------------

def test_version_2_amendments():
    v1, v2 = load(KY), load(KY_V2)
    ids1, ids2 = {m.id for m in v1.measures()}, {m.id for m in v2.measures()}
    assert len(ids2) == len(ids1)  # one measure added, one removed
    assert v1.measure("5.2.3") and not v2.measure("5.2.3")
    assert [t.id for t in v2.sections[5].tasks] == ["6.1", "6.2", "6.3", "6.4", "6.5", "6.6"]
    for n in range(2, 6):  # the old tasks 6.2-6.5, one place down, otherwise unchanged
        old, new = v1.measure(f"6.{n}.1"), v2.measure(f"6.{n + 1}.1")
        assert (old.text, old.deadline, old.executors) == (new.text, new.deadline, new.executors)
    assert v2.measure("4.1.1").deadline.text == "2025-жылдын II жарым жылдыгы"
    assert str(v2.measure("4.1.1").deadline.end) == "2025-12-31"
    assert v2.measure("7.1.1").executors.codes == ("УКЖКААБ", "ЖКБ", "ЭАКБ")
    assert v2.task_of("9.1.1").text != v1.task_of("9.1.1").text
    assert [w.where for w in v2.warnings] == [w.where for w in v1.warnings if w.where != "5.2.3"]
    changes = json.loads((SAMPLES / "plan-ky-v2.changes.json").read_text())["changes"]
    kinds = sorted((c["kind"], c["level"]) for c in changes)
    assert kinds.count(("moved", "task")) == kinds.count(("moved", "measure")) == 4
    assert {c["kind"] for c in changes} == {"added", "removed", "moved", "reworded", "changed"}


# --- the Word files have the structures of a clerk's plan --------------------------------------

@pytest.mark.parametrize("path,records,heading", BUILT, ids=lambda v: getattr(v, "name", ""))
def test_docx_form(path, records, heading):
    plan = load(records)
    document = docx.Document(str(path))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    rows = table_rows(path)
    header = rows[0]
    assert [tc_text(tc) for tc in header] == list(HEADERS[plan.language])
    trs = list(document.element.body.find(qn("w:tbl")).iterchildren(qn("w:tr")))
    assert trs[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert [tc_text(tc) for tc in rows[1]] == [str(n) for n in range(1, 8)]
    section_rows = [r for r in rows if len(r) == 1]
    assert len(section_rows) == len(plan.sections)
    assert all(tc_prop(r[0], "w:gridSpan") == "7" for r in section_rows)
    marks = {tc_prop(tc, "w:vMerge") for r in rows for tc in r}
    assert {"restart", "continue"} <= marks
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == plan.title
    assert plan.note in paragraphs
    assert paragraphs[-1].endswith(".") and "\t– " in paragraphs[-1]


def test_kyrgyz_docx_reproduces_the_real_document():
    rows = table_rows(SAMPLES / "plan-ky.docx")
    section_texts = [tc_text(r[0]) for r in rows if len(r) == 1]
    assert section_texts[11].startswith("12-глава. Стратегияны")
    assert section_texts[2].startswith("3. Социалдык")
    texts = [[tc_text(tc) for tc in r] for r in rows]
    # 3.1: the second measure has a row of its own, typed "2.", merged with the row above
    sub = next(i for i, t in enumerate(texts) if len(t) == 7 and t[2].startswith("2. Документ"))
    assert texts[sub - 1][2].startswith("1. Бийлик")
    assert [tc_prop(tc, "w:vMerge") for tc in rows[sub]] == [
        "continue", "continue", None, None, "continue", "continue", "continue"]
    assert texts[sub][3] == "2025–2027-жылдар"
    # 6.1: three measures in one cell, numbered by Word, so "1." is not in the text
    cell = next(r[2] for r in rows
                if len(r) == 7 and tc_text(r[2]).startswith("Министрликте электрондук"))
    paragraphs = list(cell.iterchildren(qn("w:p")))
    assert len(paragraphs) == 3
    num_ids = {p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))
               for p in paragraphs}
    assert len(num_ids) == 1
    numbering = docx.Document(str(SAMPLES / "plan-ky.docx")).part.numbering_part.element
    num = numbering.num_having_numId(int(num_ids.pop()))
    start = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
    assert start.get(qn("w:val")) == "1"  # each cell counts from its own first measure
    fmt = numbering.xpath(f'w:abstractNum[@w:abstractNumId="{num.abstractNumId.val}"]'
                          '/w:lvl/w:numFmt/@w:val')
    assert fmt == ["decimal"]
    # spellings kept as printed
    executors = [t[5] for t in texts if len(t) == 7]
    assert any("УКжКААБ" in e for e in executors) and any("ӨӨжАА" in e for e in executors)


# --- the PDFs ---------------------------------------------------------------------------------

def _squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("path,records,heading", BUILT, ids=lambda v: getattr(v, "name", ""))
def test_pdf_pages(path, records, heading):
    plan = load(records)
    pdf = path.with_suffix(".pdf")
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) > 1
        # cell by cell: the page's plain text interleaves the lines of neighbouring columns
        cells = [cell or "" for page in doc.pages
                 for table in page.extract_tables() for row in table for cell in row]
    text = _squeeze(" ".join(cells))
    for m in plan.measures():
        assert _squeeze(" ".join(m.text.split()[:3])) in text, m.id
    rows = plan_rows(plan, heading)
    assert make_samples.check_pdf(plan, rows, make_samples.read_pages(pdf, rows)) == []


# --- the synthetic plans of the benchmark ------------------------------------------------------

def test_synthetic_plan_has_the_size_and_form_asked():
    plan = make_plan(300)
    measures = list(plan.measures())
    assert len(measures) == 300
    assert make_plan(300) == plan  # the same size gives the same plan
    codes = {g.code for g in plan.glossary}
    assert all(m.executors.codes and set(m.executors.codes) <= codes for m in measures)
    assert all(1 <= len(t.measures) <= 3 for t in plan.tasks())
    assert all(m.id == f"{t.id}.{m.number}" for t in plan.tasks() for m in t.measures)
    assert len({m.deadline.text for m in measures}) >= 8
    assert max(s.number for s in make_plan(3000).sections) <= 99


def test_synthetic_plan_writes_a_docx_with_merged_and_numbered_cells(tmp_path):
    path = tmp_path / "plan.docx"
    write_plan_docx(make_plan(120), path)
    rows = table_rows(path)
    assert len(rows) > 60
    assert any(tc_prop(tc, "w:vMerge") == "continue" for r in rows for tc in r)
    assert any(p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None
               for r in rows for tc in r for p in tc.iterchildren(qn("w:p")))
