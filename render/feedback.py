"""Problems back to the units: a marked copy of a unit's form, a letter, a reminder.

`marked_copy(source, problems)` gives a copy of a returned form with each problem cell marked
and a note (an Excel comment) at it saying what to fix; the original is only read.
`problems_letter` lists a unit's problems by measure; `reminder_letter` asks a unit that sent
nothing for its form. Their words are in the form's language (the plan's, Kyrgyz or Russian);
the problems' own sentences come as they were written, in that language too.
"""

from __future__ import annotations

import io
import warnings
from datetime import date
from pathlib import Path
from typing import Iterable, Sequence

from docx import Document
from docx.shared import Cm, Pt
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Border, PatternFill, Side

from model.forms import form_filename, unit_measures
from model.plan import Plan
from model.progress import LEAD, Problem
from model.text import cut

AUTHOR = "esep"
_MARK_FILL = PatternFill("solid", fgColor="FF9999")
_RED = Side(style="medium", color="C00000")
_MARK_BORDER = Border(left=_RED, right=_RED, top=_RED, bottom=_RED)

LABELS = {
    "ky": {
        "copy": "кемчиликтер", "letter": "кат", "reminder": "эскертме",
        "to": "{unit} — {name}",
        "subject": "{year}-жылы Иш-чаралар планынын аткарылышы жөнүндө маалымат",
        "intro": "{year}-жылдын формасын текшергенде төмөнкү кемчиликтер табылды. Аларды "
                 "тиркелген көчүрмөдө оңдоп (ар бир уячада кызыл түс жана эскертүү бар), "
                 "форманы {due} чейин кайра жөнөтүңүздөр.",
        "measure": "{measure} иш-чара", "whole": "Форма боюнча",
        "cell": "уяча", "what": "Эмне оңдоо керек",
        "remind": "{year}-жылдын Иш-чаралар планынын аткарылышы боюнча форма сиздерден "
                  "келген жок. Төмөнкү иш-чаралар боюнча форманы толтуруп, {due} чейин "
                  "жөнөтүңүздөр:",
        "col_id": "№", "col_measure": "Иш-чара", "col_deadline": "Аткаруу мөөнөтү",
        "col_role": "Ролу",
        "roles": {LEAD: "негизги аткаруучу", "co": "кошо аткаруучу"},
    },
    "ru": {
        "copy": "замечания", "letter": "письмо", "reminder": "напоминание",
        "to": "{unit} — {name}",
        "subject": "Информация об исполнении Плана мероприятий за {year} год",
        "intro": "При проверке формы за {year} год найдены замечания, перечисленные ниже. "
                 "Исправьте их в приложенной копии (каждая ячейка выделена красным, у неё "
                 "есть примечание) и отправьте форму снова до {due}.",
        "measure": "Мероприятие {measure}", "whole": "По форме в целом",
        "cell": "ячейка", "what": "Что исправить",
        "remind": "Форма об исполнении Плана мероприятий за {year} год от вас не поступила. "
                  "Заполните её по мероприятиям ниже и отправьте до {due}:",
        "col_id": "№", "col_measure": "Мероприятие", "col_deadline": "Срок исполнения",
        "col_role": "Роль",
        "roles": {LEAD: "основной исполнитель", "co": "соисполнитель"},
    },
}


def form_language(plan: Plan) -> str:
    """Return the language of `plan`'s forms: Russian for a Russian plan, else Kyrgyz."""
    return "ru" if plan.language == "ru" else "ky"


def feedback_names(unit_file: str, lang: str) -> tuple[str, str]:
    """Return the names of a unit's marked copy and letter, from its form's file name."""
    stem = Path(unit_file).stem
    suffix = Path(unit_file).suffix.lower() or ".xlsx"
    words = LABELS[lang]
    return f"{stem}-{words['copy']}{suffix}", f"{stem}-{words['letter']}.docx"


def reminder_name(year: int, unit: str, lang: str) -> str:
    """Return the file name of the reminder to `unit`, e.g. ``2025-КБ-эскертме.docx``."""
    return f"{Path(form_filename(unit, year)).stem}-{LABELS[lang]['reminder']}.docx"


def marked_copy(source: str | Path, problems: Iterable[Problem]) -> bytes:
    """Return a copy of the form at `source` with each problem's cell marked and noted.

    A cell with several problems gets one note listing them all. Problems without a cell
    are left to the letter.
    """
    source = Path(source)
    notes: dict[str, list[str]] = {}
    for problem in problems:
        if problem.cell:
            notes.setdefault(problem.cell, []).append(problem.message)
    # openpyxl warns of parts of Excel's own it does not keep (the file was read as safe before)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm")
    ws = _form_sheet(wb, problems)
    for ref, messages in notes.items():
        cell = ws[ref]
        cell.fill, cell.border = _MARK_FILL, _MARK_BORDER
        text = "\n".join(f"• {m}" for m in messages) if len(messages) > 1 else messages[0]
        comment = Comment(text, AUTHOR)
        comment.width, comment.height = 320, min(400, 60 + 18 * (len(text) // 40 + len(messages)))
        cell.comment = comment
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _form_sheet(wb, problems: Iterable[Problem]):
    named = {p.sheet for p in problems if p.sheet}
    return next((wb[s] for s in named if s in wb.sheetnames), wb.worksheets[0])


def problems_letter(plan: Plan, unit: str, year: int, problems: Sequence[Problem],
                    due: date) -> bytes:
    """Return the Word letter to `unit` listing its form's `problems` by measure."""
    words = LABELS[form_language(plan)]
    doc = _letter(plan, unit, year, words)
    doc.add_paragraph(words["intro"].format(year=year, due=f"{due:%d.%m.%Y}"))
    groups: dict[str, list[Problem]] = {}
    for problem in problems:
        groups.setdefault(problem.measure, []).append(problem)
    order = {m.id: i for i, m in enumerate(plan.measures())}
    for measure_id in sorted(groups, key=lambda m: (m != "", order.get(m, len(order)))):
        title = words["measure"].format(measure=measure_id) if measure_id else words["whole"]
        doc.add_paragraph(title, style="Heading 2")
        for problem in groups[measure_id]:
            where = f"{words['cell']} {problem.cell}: " if problem.cell else ""
            doc.add_paragraph(where + problem.message, style="List Bullet")
    return _finish(doc)


def reminder_letter(plan: Plan, unit: str, year: int, due: date) -> bytes:
    """Return the Word letter asking `unit`, which sent nothing, for its form on its measures."""
    words = LABELS[form_language(plan)]
    doc = _letter(plan, unit, year, words)
    doc.add_paragraph(words["remind"].format(year=year, due=f"{due:%d.%m.%Y}"))
    rows = unit_measures(plan, unit, year)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, key in zip(table.rows[0].cells, ("col_id", "col_measure", "col_deadline",
                                               "col_role")):
        cell.text = words[key]
        cell.paragraphs[0].runs[0].bold = True
    for form_row in rows:
        m = form_row.measure
        values = (m.id, cut(m.text, 300), m.deadline.text, words["roles"][form_row.role])
        for cell, value in zip(table.add_row().cells, values):
            cell.text = value
    table.autofit = False
    widths = (Cm(1.5), Cm(9.5), Cm(3.5), Cm(3))
    for column, width in zip(table.columns, widths):  # LibreOffice reads the grid, Word the cells
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
    return _finish(doc)


def _letter(plan: Plan, unit: str, year: int, words: dict) -> Document:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(12)
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)
    to = doc.add_paragraph(words["to"].format(unit=unit, name=plan.unit_name(unit)))
    to.runs[0].bold = True
    doc.add_paragraph(words["subject"].format(year=year)).runs[0].italic = True
    return doc


def _finish(doc: Document) -> bytes:
    doc.core_properties.author = AUTHOR
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
