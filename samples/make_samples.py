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
import textwrap
from dataclasses import replace
from datetime import date
from pathlib import Path

import pdfplumber

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

from model.plan import (Deadline, Executors, Measure, Plan, PlanWarning, Section,  # noqa: E402
                        Task, plan_from_json, plan_to_json)
from plan_docx import (AUTO, COLUMN_WIDTHS_CM, GLOSSARY_HEADINGS, HEADERS,  # noqa: E402
                       UNNUMBERED, Row, _write_atomically, convert_to_pdf, default_heading,
                       plan_rows, write_plan_docx)

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


# --- the text export form (tab-separated cells, blank line = page break) ------------------------

LINES_PER_PAGE = 40      # table lines of 11 pt on an A4 landscape page with narrow margins
HEADER_LINES = 4         # the header row (two lines) and the column numbers, with borders
TITLE_LINES = 5
CHAR_MM = 2.0            # a Times 11 pt letter, on average


def _wrap(text: str, col: int) -> list[str]:
    width = max(8, int((COLUMN_WIDTHS_CM[col] - 0.25) * 10 / CHAR_MM))
    return textwrap.wrap(text, width) or [""]


def _cell(paragraphs: list[str]) -> str:
    paragraphs = [p for p in paragraphs if p]
    if len(paragraphs) > 1:
        return " ".join(f"<p>{p}</p>" for p in paragraphs)
    return paragraphs[0] if paragraphs else ""


def _row_paragraphs(row: Row) -> list[list[str]]:
    cells = [[text] for text in row.cells()]
    if row.numbering == AUTO:  # an export prints Word's numbers as text
        cells[2] = [f"{m.number}. {m.text}" for m in row.measures]
    else:
        cells[2] = list(row.measure_texts())
    return cells


def text_export(plan: Plan, rows: list[Row]) -> str:
    """Return `plan` in the text-export form of samples/plan-ky.txt, page breaks estimated."""
    out = ["", "", plan.title, "", "\t".join(HEADERS[plan.language]),
           "\t".join(str(n) for n in range(1, 8))]
    room = LINES_PER_PAGE - HEADER_LINES - TITLE_LINES
    for row in rows:
        if row.heading is not None:
            if room < 3:
                out.append("")
                room = LINES_PER_PAGE - HEADER_LINES
            out.append(row.heading + "\t" * 6)
            room -= 2
            continue
        # each cell as wrapped lines, remembering which paragraph each line belongs to
        cells = [[(i, line) for i, p in enumerate(paras) for line in _wrap(p, col)]
                 for col, paras in enumerate(_row_paragraphs(row))]
        height = max(len(c) for c in cells)
        while height > room:
            if room >= 2:  # the page break splits the row
                out.append(_export_line([c[:room] for c in cells]))
                cells = [c[room:] for c in cells]
                height = max(len(c) for c in cells)
            out.append("")
            room = LINES_PER_PAGE - HEADER_LINES
        out.append(_export_line(cells))
        room -= height + 1
    out += ["", plan.note, "", GLOSSARY_HEADINGS[plan.language], ""]
    for i, entry in enumerate(plan.glossary):
        out.append(f"{entry.code}\t– {entry.name}" + ("." if i == len(plan.glossary) - 1 else ""))
    return "\n".join(out)


def _export_line(cells: list[list[tuple[int, str]]]) -> str:
    texts = []
    for lines in cells:
        paragraphs: dict[int, list[str]] = {}
        for index, line in lines:
            paragraphs.setdefault(index, []).append(line)
        texts.append(_cell([" ".join(words) for words in paragraphs.values()]))
    return "\t".join(texts)


# --- checks on the PDF ------------------------------------------------------------------------

def _fold(text: str | None) -> str:
    return " ".join((text or "").split())


def check_pdf(pdf: Path, plan: Plan, rows: list[Row]) -> list[str]:
    """Return what is wrong with the PDF of `plan`: the promises of the form, checked on the pages."""
    problems = []
    headers = [_fold(h) for h in HEADERS[plan.language]]
    row_starts = []
    for row in rows:
        if row.heading is None:
            first = row.measures[0]
            row_starts.append(_fold(f"{first.number}. {first.text}" if row.numbering != UNNUMBERED
                                    else first.text)[:20])
    cells_text, split_rows, table_pages = [], 0, 0
    with pdfplumber.open(pdf) as doc:
        pages = len(doc.pages)
        for number, page in enumerate(doc.pages, 1):
            tables = page.extract_tables()
            if not tables:
                continue
            table_pages += 1
            table = tables[0]
            if [_fold(c) for c in table[0]] != headers:
                problems.append(f"page {number}: the table does not start with the header row")
            body = table[2:]
            for r in body:
                cells_text.extend(_fold(c) for c in r if c)
            if number > 1 and body and len(body[0]) == 7 and body[0][2]:
                start = _fold(body[0][2])
                if not any(start.startswith(s) for s in row_starts):
                    split_rows += 1
    if pages < 2 or table_pages < 2:
        problems.append(f"the table does not cross pages ({pages} pages)")
    if split_rows == 0:
        problems.append("no row is split by a page break")
    joined = " ".join(cells_text)
    for m in plan.measures():
        words = " ".join(m.text.split()[:3])
        if words not in joined:
            problems.append(f"measure {m.id}: '{words}' is not among the table cells pdfplumber sees")
    return problems


# --- building -------------------------------------------------------------------------------

def build(plan: Plan, docx: Path, *, heading=None, force: bool = False) -> None:
    """Write `docx` from `plan`, and its PDF beside it when the .docx changed."""
    pdf = docx.with_suffix(".pdf")
    before = docx.read_bytes() if docx.exists() else None
    write_plan_docx(plan, docx, section_heading=heading)
    if force or before != docx.read_bytes() or not pdf.exists():
        convert_to_pdf(docx, pdf)
    problems = check_pdf(pdf, plan, plan_rows(plan, heading))
    if problems:
        raise SystemExit(f"{pdf}: " + "; ".join(problems))


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
    build(ru, RU_JSON.parent / "plan-ru.docx", force=args.force)
    _write_text(RU_JSON.parent / "plan-ru.txt", text_export(ru, plan_rows(ru)) + "\n")

    if args.png:
        args.png.mkdir(parents=True, exist_ok=True)
        for pdf in (HERE / "plan-ky.pdf", HERE / "plan-ky-v2.pdf", RU_JSON.parent / "plan-ru.pdf"):
            subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(args.png / pdf.stem)],
                           check=True)
    print("samples rebuilt: plan-ky, plan-ky-v2, tests/data/plan-ru")


if __name__ == "__main__":
    main()
