"""Rebuild the sample plans (`make samples`): the Word files, their PDFs and the second version.

From the records in samples/plan-ky.expected.json it writes plan-ky.docx and plan-ky.pdf; from
those records amended as the ministry would amend them, plan-ky-v2.* and the list of the
amendments (plan-ky-v2.changes.json, what `esep diff` must find); from the Russian records in
tests/data/plan-ru.expected.json, plan-ru.docx, .pdf and .txt. Each PDF is checked: the table
crosses pages, the header repeats, a row is split by a page break, pdfplumber sees the cells.

Usage: python samples/make_samples.py [--force] [--png DIR]
A PDF is converted again only when its .docx changed (or with --force), so a rebuild with
nothing new leaves every file as it was. --png DIR renders the pages for a look.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pdfplumber

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

from model.plan import (Deadline, Executors, Measure, Plan, PlanWarning, Section,  # noqa: E402
                        Task, plan_from_json, plan_to_json)
from plan_docx import (AUTO, GLOSSARY_HEADINGS, HEADERS, Row,  # noqa: E402
                       _write_atomically, convert_to_pdf, default_heading, plan_rows,
                       write_plan_docx)

KY_JSON = HERE / "plan-ky.expected.json"
RU_JSON = ROOT / "tests" / "data" / "plan-ru.expected.json"


def ky_heading(section: Section) -> str:
    """Return the Kyrgyz plan's section row: its last section is headed "12-глава." as printed."""
    if section.number == 12:
        return f"{section.number}-глава. {section.title}"
    return default_heading(section)


# --- version 2: the amendments ------------------------------------------------------------------

NEW_TASK_TEXT = ("Жарандарды кабыл алууда жана мамлекеттик кызмат көрсөтүүдө электрондук "
                 "кезек системасын киргизүү")
NEW_MEASURE = Measure(
    id="6.2.1", number=1,
    text=("Министрликтин аймактык бөлүмдөрүндө жарандарды кабыл алуунун электрондук кезек "
          "жана алдын ала онлайн жазылуу системасын киргизүү, кайрылууларды электрондук "
          "санариптик кол тамга (ЭСК) аркылуу кабыл алууну камсыздоо"),
    deadline=Deadline("2026-жылдын I жарым жылдыгы", date(2026, 1, 1), date(2026, 6, 30)),
    expected_result=("Электрондук кезек системасы ишке киргизилди, кызмат адамдарынын "
                     "жарандар менен түз байланышындагы коррупциялык тобокелдиктер азайтылды"),
    executors=Executors("ККББ ДКЖАКБ ведомстволук жана аймактык бөлүмдөр", ("ККББ", "ДКЖАКБ"),
                        ("ведомстволук жана аймактык бөлүмдөр",)),
    funding="Белгиленген бюджеттик каражаттардын чегинде")
REMOVED_MEASURE = "5.2.3"
EXTENDED = ("4.1.1", Deadline("2025-жылдын II жарым жылдыгы", date(2025, 7, 1), date(2025, 12, 31)))
EXECUTOR_ADDED = ("7.1.1", "ЭАКБ")
REWORDED_TASK = ("9.1", "өлчөөнүн улуттук системасын", "баалоонун ведомстволук системасын")


def _renumbered(task: Task, section: int, number: int) -> Task:
    tid = f"{section}.{number}"
    return replace(task, id=tid, number=number, measures=tuple(
        replace(m, id=f"{tid}.{m.number}") for m in task.measures))


def _amend_section(section: Section) -> Section:
    tasks = list(section.tasks)
    if section.number == 6:
        new = Task(id="6.2", number=2, text=NEW_TASK_TEXT, measures=(NEW_MEASURE,))
        tasks = [tasks[0], new] + [_renumbered(t, 6, t.number + 1) for t in tasks[1:]]
    amended = []
    for task in tasks:
        measures = []
        for m in task.measures:
            if m.id == REMOVED_MEASURE:
                continue
            if m.id == EXTENDED[0]:
                m = replace(m, deadline=EXTENDED[1])
            if m.id == EXECUTOR_ADDED[0]:
                code, ex = EXECUTOR_ADDED[1], m.executors
                words = ex.text.split()  # the new body goes after the codes, before the free text
                printed = " ".join(words[:len(ex.codes)] + [code] + words[len(ex.codes):])
                m = replace(m, executors=Executors(printed, ex.codes + (code,), ex.others))
            measures.append(m)
        if task.id == REWORDED_TASK[0]:
            assert REWORDED_TASK[1] in task.text
            task = replace(task, text=task.text.replace(REWORDED_TASK[1], REWORDED_TASK[2]))
        amended.append(replace(task, measures=tuple(measures)))
    return replace(section, tasks=tuple(amended))


def _value_warnings(m: Measure) -> list[PlanWarning]:
    """Return the warnings the ingest gives a measure for what its cells lack (contract rules)."""
    found = []
    if not m.executors.codes:
        found.append(PlanWarning(m.id, "no responsible executor"))
    if not m.funding:
        found.append(PlanWarning(m.id, "funding is empty"))
    return found


def amend(v1: Plan) -> tuple[Plan, list[dict]]:
    """Return version 2 of the Kyrgyz plan and the amendments, as `esep diff --json` lists them."""
    sections = tuple(_amend_section(s) for s in v1.sections)
    moved = {f"6.{n}": f"6.{n + 1}" for n in range(2, len(v1.sections[5].tasks) + 1)}
    old_to_new = {}  # measure ids of the measures that live on
    for m in v1.measures():
        if m.id == REMOVED_MEASURE:
            continue
        task = m.id.rsplit(".", 1)[0]
        old_to_new[m.id] = f"{moved.get(task, task)}.{m.number}"
    warnings = [replace(w, where=old_to_new[w.where]) for w in v1.warnings if w.where in old_to_new]
    warnings += _value_warnings(NEW_MEASURE)
    v2 = replace(v1, sections=sections, warnings=tuple(warnings), source=None)

    def change(kind, level, old, new, fields=()):
        return {"kind": kind, "level": level, "old_id": old, "new_id": new, "fields": list(fields),
                "certain": True}

    changes = [change("changed", "measure", EXTENDED[0], EXTENDED[0], ["deadline"]),
               change("removed", "measure", REMOVED_MEASURE, None),
               change("added", "task", None, "6.2"),
               change("added", "measure", None, NEW_MEASURE.id)]
    for old, new in moved.items():
        changes.append(change("moved", "task", old, new))
        for m in v1.task_of(f"{old}.1").measures:
            changes.append(change("moved", "measure", m.id, old_to_new[m.id]))
    changes += [change("changed", "measure", EXECUTOR_ADDED[0], EXECUTOR_ADDED[0], ["executors"]),
                change("reworded", "task", REWORDED_TASK[0], REWORDED_TASK[0], ["text"])]
    return v2, changes


# --- the PDF's pages: which row each table row is, and where page breaks split rows -------------

def _fold(text: str | None) -> str:
    return " ".join((text or "").split())


def _row_paragraphs(row: Row) -> list[list[str]]:
    """Return each cell's paragraphs as printed: Word's numbers show as text on the page."""
    cells = [[text] for text in row.cells()]
    if row.numbering == AUTO:
        cells[2] = [f"{m.number}. {m.text}" for m in row.measures]
    else:
        cells[2] = list(row.measure_texts())
    return cells


@dataclass
class PageReading:
    """The plan table as pdfplumber sees it, page by page."""

    pages: int = 0
    headers: list[list[str]] = field(default_factory=list)       # first row of each page's table
    cells: list[str] = field(default_factory=list)                # every body cell's text
    # for each layout row: the page it starts on and the cell texts of its later pieces
    pieces: list[tuple[int, list[list[str]]]] = field(default_factory=list)


def read_pages(pdf: Path, rows: list[Row]) -> PageReading:
    """Return how the layout `rows` lie on the pages of `pdf`.

    A page's first body row continues the row above when it is no section row and its
    measures cell is empty or begins no row of the layout.
    """
    starts = [None if r.heading is not None else _fold(_row_paragraphs(r)[2][0])[:20]
              for r in rows]
    reading, current = PageReading(), -1
    with pdfplumber.open(pdf) as doc:
        reading.pages = len(doc.pages)
        for number, page in enumerate(doc.pages, 1):
            tables = page.extract_tables()
            if not tables:
                continue
            table = tables[0]
            reading.headers.append([_fold(c) for c in table[0]])
            for i, cells in enumerate(table[2:]):
                texts = [_fold(c) for c in cells]
                reading.cells.extend(t for t in texts if t)
                section = all(c is None for c in cells[1:])
                if i == 0 and current >= 0 and not section and not any(
                        s and texts[2].startswith(s) for s in starts[current + 1:current + 2]):
                    reading.pieces[current][1].append(texts)
                    continue
                current += 1
                reading.pieces.append((number, []))
    return reading


def _split(paragraphs: list[str], tails: list[str]) -> list[list[str]]:
    """Return `paragraphs` cut into pieces whose later ones hold `tails` (text on later pages).

    The cut is found by counting letters from the end, so the line breaks of the page, which
    fold to spaces, do not matter.
    """
    pieces, paras = [], list(paragraphs)
    for tail in reversed(tails):
        need, piece = len("".join(tail.split())), []
        while need > 0 and paras:
            last = paras.pop()
            letters = len("".join(last.split()))
            if letters <= need:
                piece.insert(0, last)
                need -= letters
                continue
            words, kept = last.split(" "), 0  # cut inside this paragraph, at a space
            while words and kept < need:
                kept += len("".join(words.pop().split()))
            paras.append(" ".join(words))
            piece.insert(0, " ".join(last.split(" ")[len(words):]))
            need = 0
        pieces.insert(0, piece)
    return [paras] + pieces


def _cell(paragraphs: list[str]) -> str:
    paragraphs = [p for p in paragraphs if p]
    if len(paragraphs) > 1:
        return " ".join(f"<p>{p}</p>" for p in paragraphs)
    return paragraphs[0] if paragraphs else ""


def text_export(plan: Plan, rows: list[Row], reading: PageReading) -> str:
    """Return `plan` in the text-export form of samples/plan-ky.txt, paged as its PDF.

    Cells are separated by tabs, a cell of several paragraphs is written as "<p>…</p>" pieces,
    and a blank line stands for a page break, also inside a row that the break splits.
    """
    out = ["", "", plan.title, "", "\t".join(HEADERS[plan.language]),
           "\t".join(str(n) for n in range(1, 8))]
    page = 1
    for row, (starts_on, later) in zip(rows, reading.pieces):
        if starts_on != page:
            out.append("")
            page = starts_on
        if row.heading is not None:
            out.append(row.heading + "\t" * 6)
            continue
        cells = [_split(paras, [piece[col] for piece in later])
                 for col, paras in enumerate(_row_paragraphs(row))]
        for k in range(len(later) + 1):
            if k:
                out.append("")
                page += 1
            out.append("\t".join(_cell(cell[k]) for cell in cells))
    out += ["", plan.note, "", GLOSSARY_HEADINGS[plan.language], ""]
    for i, entry in enumerate(plan.glossary):
        out.append(f"{entry.code}\t– {entry.name}" + ("." if i == len(plan.glossary) - 1 else ""))
    return "\n".join(out) + "\n"


def check_pdf(plan: Plan, rows: list[Row], reading: PageReading) -> list[str]:
    """Return what is wrong with the PDF of `plan`: the form's promises, checked on its pages."""
    problems = []
    headers = [_fold(h) for h in HEADERS[plan.language]]
    for number, header in enumerate(reading.headers, 1):
        if header != headers:
            problems.append(f"table page {number}: the table does not start with the header row")
    if reading.pages < 2 or len(reading.headers) < 2:
        problems.append(f"the table does not cross pages ({reading.pages} pages)")
    if len(reading.pieces) != len(rows):
        problems.append(f"pdfplumber sees {len(reading.pieces)} rows, {len(rows)} were written")
    if not any(later for _, later in reading.pieces):
        problems.append("no row is split by a page break")
    joined = " ".join(reading.cells)
    for m in plan.measures():
        words = " ".join(m.text.split()[:3])
        if words not in joined:
            problems.append(f"measure {m.id}: '{words}' is not in the cells pdfplumber sees")
    return problems


# --- building -------------------------------------------------------------------------------

def build(plan: Plan, docx: Path, *, heading=None,
          force: bool = False) -> tuple[list[Row], PageReading]:
    """Write `docx` from `plan`, and its PDF beside it when the .docx changed; check the PDF."""
    pdf = docx.with_suffix(".pdf")
    before = docx.read_bytes() if docx.exists() else None
    write_plan_docx(plan, docx, section_heading=heading)
    if force or before != docx.read_bytes() or not pdf.exists():
        convert_to_pdf(docx, pdf)
    rows = plan_rows(plan, heading)
    reading = read_pages(pdf, rows)
    problems = check_pdf(plan, rows, reading)
    if problems:
        raise SystemExit(f"{pdf}: " + "; ".join(problems))
    return rows, reading


def _write_text(path: Path, text: str) -> None:
    _write_atomically(path, text.encode("utf-8"))


def main(argv: list[str] | None = None) -> None:
    """Rebuild every sample; exit non-zero naming the file when a check fails."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="convert every PDF again")
    parser.add_argument("--png", type=Path, help="render the PDF pages to PNG in this folder")
    args = parser.parse_args(argv)

    v1 = plan_from_json(KY_JSON.read_text(encoding="utf-8"))
    build(v1, HERE / "plan-ky.docx", heading=ky_heading, force=args.force)

    v2, changes = amend(v1)
    _write_text(HERE / "plan-ky-v2.expected.json", plan_to_json(v2))
    _write_text(HERE / "plan-ky-v2.changes.json",
                json.dumps({"changes": changes}, ensure_ascii=False, indent=2) + "\n")
    build(v2, HERE / "plan-ky-v2.docx", heading=ky_heading, force=args.force)

    ru = plan_from_json(RU_JSON.read_text(encoding="utf-8"))
    rows, reading = build(ru, RU_JSON.parent / "plan-ru.docx", force=args.force)
    _write_text(RU_JSON.parent / "plan-ru.txt", text_export(ru, rows, reading))

    if args.png:
        args.png.mkdir(parents=True, exist_ok=True)
        for pdf in (HERE / "plan-ky.pdf", HERE / "plan-ky-v2.pdf", RU_JSON.parent / "plan-ru.pdf"):
            subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(args.png / pdf.stem)],
                           check=True)
    print("samples rebuilt: plan-ky, plan-ky-v2, tests/data/plan-ru")


if __name__ == "__main__":
    main()
