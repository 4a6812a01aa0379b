"""Rebuild tests/data/pdf-words/: small plans whose PDF wraps words at a narrow column's edge.

Each plan is a Word file made here with python-docx and its PDF made by LibreOffice. The
Word file is the truth the PDF is read against (tests/test_pdf_words.py): a narrow funding
column where "каражаттардын" fills its line and "чегинде" wraps, words too long for their
column broken at its edge, in Kyrgyz and in Russian.

Usage: python tests/data/make_pdf_words.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from PIL import ImageFont

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT / "samples")]
from plan_docx import convert_to_pdf  # noqa: E402

OUT = HERE / "pdf-words"
FONT = "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"
SIZE = 10
MARGIN_CM = 0.19  # LibreOffice's cell padding, left and right, for a python-docx table

HEADERS = {
    "ky": ("№", "Милдеттер", "Иш-чаралар", "Ишке ашыруу мөөнөттөрү", "Күтүлүүчү натыйжалар",
           "Жооптуу аткаруучулар", "Каржылоо булактары"),
    "ru": ("№ п/п", "Задачи", "Мероприятия", "Сроки исполнения", "Ожидаемые результаты",
           "Ответственные исполнители", "Источники финансирования"),
}
GLOSSARY = {"ky": ("Колдонулган кыскартуулар:", "УКЖКААБ – Укук коргоо башкармалыгы",
                   "КБ – Кадрлар башкармалыгы"),
            "ru": ("Используемые сокращения:", "УКЖКААБ – Управление правовой защиты",
                   "КБ – Кадровое управление")}
SECTION = {"ky": "1-глава. Коррупциянын алдын алуу", "ru": "Глава 1. Предупреждение коррупции"}
TITLE = {"ky": "2025–2027-жылдарга коррупцияга каршы аракеттенүү боюнча иш-чаралар планы",
         "ru": "План мероприятий по противодействию коррупции на 2025–2027 годы"}


def text_width_cm(text: str) -> float:
    """Return the printed width of `text` in Liberation Serif at the plans' size, in cm."""
    points = ImageFont.truetype(FONT, SIZE * 20).getlength(text) / 20
    return points / 72 * 2.54


def _cell(cell, text: str) -> None:
    cell.text = ""
    run = cell.paragraphs[0].add_run(text)
    run.font.size = Pt(SIZE)
    run.font.name = "Liberation Serif"


def _borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "6")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def write_plan(path: Path, lang: str, widths_cm: tuple[float, ...], measures: list[tuple]) -> None:
    """Write a one-task plan whose measures are (measure, deadline, result, executors, funding)."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    doc.add_paragraph(TITLE[lang])
    table = doc.add_table(rows=0, cols=7)
    table.autofit = False
    _borders(table)
    rows = [HEADERS[lang], tuple(str(i) for i in range(1, 8))]
    for rows_cells in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, rows_cells):
            _cell(cell, text)
    heading = table.add_row().cells
    merged = heading[0].merge(heading[-1])
    _cell(merged, SECTION[lang])
    task = "Мамлекеттик кызматтын ачыктыгын камсыз кылуу" if lang == "ky" else \
        "Обеспечение открытости государственной службы"
    for n, (measure, deadline, result, executors, funding) in enumerate(measures, 1):
        cells = table.add_row().cells
        for cell, text in zip(cells, (f"{n}" if n == 1 else "", task if n == 1 else "",
                                      f"{n}. {measure}", deadline, result, executors, funding)):
            _cell(cell, text)
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)  # the grid, which LibreOffice follows
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for line in GLOSSARY[lang]:
        doc.add_paragraph(line)
    doc.save(path)


def _narrow(word: str, extra_letters: float) -> float:
    """Return a column width in cm whose text area holds `word` and `extra_letters` more."""
    letter = text_width_cm(word) / len(word)
    return text_width_cm(word) + 2 * MARGIN_CM + extra_letters * letter


def plans() -> dict[str, tuple]:
    """Return each test plan's language, column widths and measures, by file stem."""
    tight = _narrow("каражаттардын", 0.3)
    wide = (1.0, 4.0, 7.0, 2.6, 5.0, 3.0)
    ky_measures = [
        ("Ведомстволук актылардын долбоорлорун экспертизадан өткөрүү",
         "2025-2027-жылдар", "Актылар текшерилди", "УКЖКААБ", "каражаттардын чегинде"),
        ("Кызматкерлерди окутуу", "Жыл сайын", "Кызматкерлер окутулду", "КБ",
         "каражаттардын чегинде"),
        ("Маалыматтык системаны жаңылоо", "2026-жыл", "Система жаңыланды", "УКЖКААБ",
         "каражаттардын чегинде"),
    ]
    evidence = list(ky_measures) + [
        ("Отчетту жарыялоо", "Туруктуу", "Бюджеттик каражаттардын чегинде отчет жарыяланды",
         "КБ", "каражаттардын чегинде")]
    broken_ru = (1.0, 4.0, 6.5, 2.6, 5.0, 3.0, _narrow("республикан", 0.2))
    ru_measures = [
        ("Антикоррупционная экспертиза проектов актов", "2025-2027 годы",
         "Проведена экспертиза за счёт республиканского бюджета", "УКЖКААБ",
         "Средства республиканского бюджета"),
        ("Обучение сотрудников", "Ежегодно", "Сотрудники обучены", "КБ",
         "Средства республиканского бюджета"),
    ]
    return {
        "funding-tight-ky": ("ky", wide + (tight,), ky_measures),
        "funding-tight-ky-evidence": ("ky", wide + (tight,), evidence),
        "broken-word-ru": ("ru", broken_ru, ru_measures),
    }


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for stem, (lang, widths, measures) in plans().items():
        docx = OUT / f"{stem}.docx"
        write_plan(docx, lang, widths, measures)
        convert_to_pdf(docx, OUT / f"{stem}.pdf")
        print(f"{stem}: {docx.name}, {stem}.pdf")


if __name__ == "__main__":
    main()
